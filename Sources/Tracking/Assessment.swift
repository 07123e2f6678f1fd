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
    /// Why it was called CHIP or germline (worded by Presentation).
    public var classReason: ClassReason?
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
    /// Why this category (worded by Presentation, from Templates/<lang>/strings.yaml).
    public var reason: ResponseReason
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

/// Why a draw has its molecular-response category.
public enum ResponseReason: Sendable, Hashable {
    case qcFailed
    case nothingTrackedTested
    case beforeBaseline
    case baseline
    case progression(ProgressionSignal)
    case everyTrackedNotDetected
    case noBurdenAtBaseline
    /// The burden's change from baseline as a fraction (−0.83 is an 83 % fall).
    case changeFromBaseline(Double)
}

/// Why a variant was set apart from the tumour.
public enum ClassReason: Sendable, Hashable {
    case reportedGermline
    case germlineHeterozygous
    case germlineHomozygous
    case reportedClonalHaematopoiesis
    /// Present in matched white cells at this VAF, intervals overlapping the plasma VAF.
    case whiteCells(vaf: Double)
    /// A CH gene whose VAF stayed within `variantFold` while the tumour moved
    /// `tumourFold` (infinity: to clearance).
    case flatInChGene(gene: String, variantFold: Double, tumourFold: Double)
}

/// What an alert says, with the values its wording needs.
public enum AlertDetail: Sendable, Hashable {
    case newClone(variant: String, highRisk: Bool)
    case molecularProgression(ProgressionSignal)
    case unconfirmedProgression
    /// Burden `fold` × its nadir while the M-protein went from `mProteinAtNadir` to `mProteinNow` g/dL.
    case discordance(fold: Double, mProteinAtNadir: Double, mProteinNow: Double)
    case qcQualified
    case qcFailed
    case extramedullary(modality: ImagingModality, sites: [ExtramedullarySite])
    case estimatedDate
}

public struct Alert: Sendable, Hashable {
    public var detail: AlertDetail
    public var collected: CalendarDate?

    public init(_ detail: AlertDetail, collected: CalendarDate?) {
        self.detail = detail
        self.collected = collected
    }

    public var kind: AlertKind {
        switch detail {
        case .newClone(_, let highRisk): highRisk ? .newHighRiskClone : .newClone
        case .molecularProgression: .molecularProgression
        case .unconfirmedProgression: .unconfirmedProgression
        case .discordance: .discordance
        case .qcQualified: .qcQualified
        case .qcFailed: .qcFailed
        case .extramedullary: .extramedullary
        case .estimatedDate: .estimatedDate
        }
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
