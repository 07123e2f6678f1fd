/// One blood draw as the lab received it.
public struct Specimen: Sendable, Hashable {
    public var accession: String
    public var collected: Timestamp
    /// True when the file gave no collection time and the received time stands in for it.
    public var collectedIsEstimated: Bool
    public var received: Timestamp?
    public var tubeType: String?
    public var plasmaVolumeMl: Double?
    public var cfDNANanogramsPerMl: Double?
    /// Hours from collection to plasma separation.
    public var processingHours: Double?

    public init(accession: String, collected: Timestamp, collectedIsEstimated: Bool = false,
                received: Timestamp? = nil, tubeType: String? = nil, plasmaVolumeMl: Double? = nil,
                cfDNANanogramsPerMl: Double? = nil, processingHours: Double? = nil) {
        self.accession = accession
        self.collected = collected
        self.collectedIsEstimated = collectedIsEstimated
        self.received = received
        self.tubeType = tubeType
        self.plasmaVolumeMl = plasmaVolumeMl
        self.cfDNANanogramsPerMl = cfDNANanogramsPerMl
        self.processingHours = processingHours
    }
}

/// The test that produced a report.
public struct Assay: Sendable, Hashable {
    public var name: String
    public var version: String?
    /// HGNC symbols the panel covers. Empty means the lab did not say.
    public var panelGenes: [String]
    /// The assay's reported limit of detection, as a VAF.
    public var limitOfDetection: AlleleFraction?
    /// The assay's per-base background error rate (errors per read at a tracked site), as a
    /// fraction; the sample-level detection test's εᵢ.
    public var backgroundErrorRate: AlleleFraction?

    public init(name: String, version: String? = nil, panelGenes: [String] = [],
                limitOfDetection: AlleleFraction? = nil, backgroundErrorRate: AlleleFraction? = nil) {
        self.name = name
        self.version = version
        self.panelGenes = panelGenes
        self.limitOfDetection = limitOfDetection
        self.backgroundErrorRate = backgroundErrorRate
    }

    /// `NAME VERSION`: how assays are compared and shown.
    public var label: String { [name, version].compactMap { $0 }.joined(separator: " ") }

    public func covers(gene: String) -> Bool { panelGenes.contains(gene) }
}

/// A report's quality-control verdict (FoundationOne: Pass / Qualified / Fail).
public enum QualityStatus: String, Sendable, Codable, CaseIterable {
    case pass, qualified, fail
}
