import CtDNAModel

/// The fixed vocabulary of molecular response per draw (Templates/rules/response-rules.yaml).
public enum MolecularResponse: String, Sendable, Codable, CaseIterable {
    case baseline
    case clearance
    case majorMolecularResponse = "major-molecular-response"
    case molecularResponse = "molecular-response"
    case stable
    case molecularProgression = "molecular-progression"
    case notEvaluable = "not-evaluable"

    /// Depth of response, for "best response": clearance is deepest.
    var depth: Int {
        switch self {
        case .clearance: 4
        case .majorMolecularResponse: 3
        case .molecularResponse: 2
        case .stable: 1
        case .baseline, .molecularProgression, .notEvaluable: 0
        }
    }
}

/// Where a point's limit of detection came from.
public enum LimitSource: String, Sendable, Codable {
    /// The assay's reported LoD.
    case assay
    /// A binomial detection limit from the read depth (no LoD reported).
    case depth
}

/// One variant at one draw, with its uncertainty.
public struct PointAssessment: Sendable, Hashable {
    public var point: SeriesPoint
    /// 95% Wilson interval of the VAF.
    public var ciLow: Double?
    public var ciHigh: Double?
    /// True when alt reads were missing and the interval used round(VAF × depth).
    public var ciFromVAF: Bool
    public var lod: Double?
    public var lodSource: LimitSource?
    /// Detected, but below the limit of detection.
    public var belowLoD: Bool
    /// Mutant haploid genome equivalents per mL of plasma.
    public var hgePerMl: Double?
}

/// Half-life while falling and doubling time while rising (days).
public struct Kinetics: Sendable, Hashable {
    public var halfLifeDays: Double?
    public var halfLifePoints: Int
    public var doublingTimeDays: Double?
    public var doublingPoints: Int

    public static let none = Kinetics(halfLifeDays: nil, halfLifePoints: 0, doublingTimeDays: nil, doublingPoints: 0)
}

/// One variant across the draws, classified.
public struct VariantAssessment: Sendable, Hashable {
    public var series: VariantSeries
    public var points: [PointAssessment]
    public var chip: Bool
    public var germline: Bool
    /// Why it was called CHIP or germline, in words.
    public var classReason: String?
    public var emergent: Bool
    public var highRisk: Bool
    public var firstDetected: CalendarDate?
    public var kinetics: Kinetics

    /// A tumour variant counts in burden and response.
    public var isTumour: Bool { !chip && !germline }
}

/// Tumour burden at one draw.
public struct Burden: Sendable, Hashable {
    /// Mean VAF over the tracked tumour variants the draw tested (not detected counts 0).
    public var meanVaf: Double?
    public var maxVaf: Double?
    public var tumourFraction: Double?
    public var hgePerMl: Double?
    public var changeFromBaselinePct: Double?
    public var changeFromBaselineLog10: Double?
    public var changeFromNadirPct: Double?
    public var changeFromNadirLog10: Double?
    /// The draw's limit of detection (assay LoD, else from the median depth).
    public var lod: Double?
}

public struct DrawAssessment: Sendable, Hashable {
    public var draw: Draw
    public var burden: Burden
    public var response: MolecularResponse
    /// Why this category, in words (for the report and the JSON).
    public var reason: String
    /// For progression: what signalled it.
    public var signal: ProgressionSignal?
}

/// What made a draw molecular progression.
public enum ProgressionSignal: Sendable, Hashable {
    case newVariants([String])
    case redetection
    case foldFromNadir(Double)
}

public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case newHighRiskClone = "new-high-risk-clone"
    case newClone = "new-clone"
    case molecularProgression = "molecular-progression"
    case unconfirmedProgression = "unconfirmed-progression"
    case discordance
    case qcQualified = "qc-qualified"
    case qcFailed = "qc-failed"
    case extramedullary
    case estimatedDate = "estimated-date"
}

public struct Alert: Sendable, Hashable {
    public var kind: AlertKind
    public var message: String
    public var collected: CalendarDate?
    /// What the alert is about (a variant key, imaging modality), for localised wording.
    public var subject: String?
    /// The fold over nadir, for progression and discordance.
    public var fold: Double?
    /// Progression by re-detection after clearance.
    public var redetected: Bool

    public init(kind: AlertKind, message: String, collected: CalendarDate?, subject: String? = nil,
                fold: Double? = nil, redetected: Bool = false) {
        self.kind = kind
        self.message = message
        self.collected = collected
        self.subject = subject
        self.fold = fold
        self.redetected = redetected
    }
}

public struct OverallResponse: Sendable, Hashable {
    public var current: MolecularResponse?
    public var best: MolecularResponse?
    public var baselineDate: CalendarDate?
    public var nadirDate: CalendarDate?
}

/// A serum or marrow value paired with the nearest draw.
public struct MarkerPair: Sendable, Hashable {
    public var marker: String
    public var measured: CalendarDate
    public var value: Double
    public var drawCollected: CalendarDate
    public var burden: Double?
}

public struct Correlation: Sendable, Hashable {
    public var marker: String
    public var pairs: Int
    public var spearmanRho: Double
}

public struct HighRiskMarker: Sendable, Hashable {
    public var marker: String
    public var firstSeen: CalendarDate
    public var source: String
}

public struct ExtramedullaryFinding: Sendable, Hashable {
    public var date: CalendarDate
    public var modality: ImagingModality
    public var sites: [ExtramedullarySite]
}

public struct ClinicalPicture: Sendable, Hashable {
    public var therapyLines: [TherapyLine]
    /// Every serum value, marrow assessment and imaging study, as stored.
    public var labValues: [LabValue]
    public var marrow: [MarrowAssessment]
    public var imaging: [ImagingStudy]
    public var pairs: [MarkerPair]
    public var correlations: [Correlation]
    public var highRiskMarkers: [HighRiskMarker]
    public var extramedullary: [ExtramedullaryFinding]
}

/// Everything the tracker says about one patient: what `trend --json` and the report show.
public struct PatientAssessment: Sendable, Hashable {
    public var patient: Patient
    public var rulesName: String
    public var rulesVersion: String
    public var draws: [DrawAssessment]
    public var variants: [VariantAssessment]
    public var response: OverallResponse
    public var alerts: [Alert]
    public var clinical: ClinicalPicture
    public var amendments: [AmendmentRecord]
}
