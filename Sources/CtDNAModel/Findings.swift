/// Copy-number and structural findings that matter in myeloma risk staging.
public enum StructuralKind: String, Sendable, Codable, CaseIterable {
    case del17p = "del(17p)"
    case gain1q = "gain(1q)"
    case t4_14 = "t(4;14)"
    case t14_16 = "t(14;16)"
    case t14_20 = "t(14;20)"
    case t11_14 = "t(11;14)"
    case mycRearrangement = "MYC-rearrangement"
    /// Any other copy-number change (amplification, loss) of a named gene.
    case copyNumber = "copy-number"
    /// Any other rearrangement or fusion.
    case rearrangement
    case loh = "LOH"
}

public struct StructuralFinding: Sendable, Hashable {
    public var kind: StructuralKind
    public var gene: String?
    public var otherGene: String?
    public var detail: String?
    public var detected: Bool
    public var copyNumber: Double?
    public var equivocal: Bool

    public init(kind: StructuralKind, gene: String? = nil, otherGene: String? = nil, detail: String? = nil,
                detected: Bool = true, copyNumber: Double? = nil, equivocal: Bool = false) {
        self.kind = kind
        self.gene = gene
        self.otherGene = otherGene
        self.detail = detail
        self.detected = detected
        self.copyNumber = copyNumber
        self.equivocal = equivocal
    }

    /// A stable label for tables and de-duplication.
    public var label: String {
        switch kind {
        case .copyNumber, .rearrangement, .loh:
            let genes = [gene, otherGene].compactMap { $0 }.joined(separator: "-")
            return genes.isEmpty ? kind.rawValue : "\(genes) \(detail ?? kind.rawValue)"
        default:
            return kind.rawValue
        }
    }
}

/// A genome-wide marker a report may carry (FoundationOne MSI, TMB).
public struct Biomarker: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
