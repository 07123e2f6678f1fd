/// The file formats ctDNA Monitor reads.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case ctdnaResult = "ctdna-result-1"
    case ctdnaClinical = "ctdna-clinical-1"
    case fhirXML = "fhir-r4-xml"
    case fhirJSON = "fhir-r4-json"
    case foundationOne = "foundationone-xml"
    /// A VCF (plain or bgzipped) read for one sample, with the patient and draw from a
    /// sample sheet row (docs/vcf.md).
    case vcfSampleSheet = "vcf-sample-sheet"
}

/// Where a report is in its life. Later versions of a report supersede earlier ones;
/// `cancelled` and `entered-in-error` retract it (FHIR DiagnosticReport.status).
public enum ReportStatus: String, Sendable, Codable, CaseIterable {
    case preliminary, final, amended, corrected, appended, cancelled
    case enteredInError = "entered-in-error"

    public var retracts: Bool { self == .cancelled || self == .enteredInError }
}

/// A report's identity: the lab's report id and its version. A higher version of the
/// same id supersedes a lower one.
public struct ReportIdentity: Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }

    public var description: String { "\(id) v\(version)" }
}

/// One blood draw's result, as read from one file.
public struct ResultReport: Sendable, Hashable {
    public var identity: ReportIdentity
    public var status: ReportStatus
    public var issued: Timestamp?
    public var laboratory: String?
    public var orderingClinician: String?
    public var patient: Patient
    public var specimen: Specimen
    public var assay: Assay
    public var variants: [VariantCall]
    public var findings: [StructuralFinding]
    public var biomarkers: [Biomarker]
    /// The lab's estimate of the tumour-derived fraction of cfDNA.
    public var tumourFraction: AlleleFraction?
    public var quality: QualityStatus
    /// True when the format lists detected alterations only: a tracked variant in a
    /// covered gene that the report does not list was not detected at this draw.
    public var listsDetectedOnly: Bool

    public init(identity: ReportIdentity, status: ReportStatus = .final, issued: Timestamp? = nil,
                laboratory: String? = nil, orderingClinician: String? = nil, patient: Patient,
                specimen: Specimen, assay: Assay, variants: [VariantCall] = [],
                findings: [StructuralFinding] = [], biomarkers: [Biomarker] = [],
                tumourFraction: AlleleFraction? = nil, quality: QualityStatus = .pass,
                listsDetectedOnly: Bool = false) {
        self.identity = identity
        self.status = status
        self.issued = issued
        self.laboratory = laboratory
        self.orderingClinician = orderingClinician
        self.patient = patient
        self.specimen = specimen
        self.assay = assay
        self.variants = variants
        self.findings = findings
        self.biomarkers = biomarkers
        self.tumourFraction = tumourFraction
        self.quality = quality
        self.listsDetectedOnly = listsDetectedOnly
    }
}

/// What one input file holds once read.
public enum ParsedDocument: Sendable, Hashable {
    case result(ResultReport)
    case clinical(ClinicalContext)

    public var patient: Patient {
        switch self {
        case .result(let r): r.patient
        case .clinical(let c): c.patient
        }
    }

    public var identity: ReportIdentity {
        switch self {
        case .result(let r): r.identity
        case .clinical(let c): c.identity
        }
    }
}
