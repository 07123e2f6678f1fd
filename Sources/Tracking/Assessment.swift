import CtDNAModel

/// ctDNA response per draw within a therapy line (Templates/rules/response-rules.yaml).
/// Deliberately not IMWG's words (MR, SD, PD) nor CML's (major molecular response).
public enum ResponseCategory: String, Sendable, Codable, CaseIterable {
    case baseline
    case decrease50 = "decrease-50"
    case decrease90 = "decrease-90"
    case notDetected = "not-detected"
    case stable
    case riseUnconfirmed = "rise-unconfirmed"
    case rise
    case notEvaluable = "not-evaluable"

    /// Depth of response, for "best": not detected is deepest; 0 for categories that are
    /// not a response.
    public var depth: Int {
        switch self {
        case .notDetected: 4
        case .decrease90: 3
        case .decrease50: 2
        case .stable: 1
        case .baseline, .riseUnconfirmed, .rise, .notEvaluable: 0
        }
    }
}

/// Why a draw (or a segment) is not evaluable.
public enum NotEvaluableReason: String, Sendable, Codable, CaseIterable {
    case undetectableBaseline = "undetectable-baseline"
    case insufficientSensitivity = "insufficient-sensitivity"
    case notAllTrackedTested = "not-all-tracked-tested"
    case qcFailed = "qc-failed"
    case differentAssay = "different-assay"
    case noBaseline = "no-baseline"
}

/// How a line's baseline was chosen.
public enum BaselineFlag: String, Sendable, Codable, CaseIterable {
    /// No evaluable draw in the window before the line: its first draw stands in.
    case onTreatmentReference = "on-treatment reference"
}

/// One draw's ctDNA response.
public struct DrawResponse: Sendable, Hashable {
    public var category: ResponseCategory
    public var reason: NotEvaluableReason?
    /// Level / baseline level − 1 (−0.83 is an 83 % fall); nil when not detected or no baseline.
    public var changeFromBaseline: Double?
    /// Level / the segment's lowest detected level before this draw.
    public var foldFromNadir: Double?

    public init(category: ResponseCategory, reason: NotEvaluableReason? = nil, changeFromBaseline: Double? = nil,
                foldFromNadir: Double? = nil) {
        self.category = category
        self.reason = reason
        self.changeFromBaseline = changeFromBaseline
        self.foldFromNadir = foldFromNadir
    }
}

/// A therapy line as a response segment.
public struct LineAssessment: Sendable, Hashable {
    /// 1-based, in start order; 0 for a patient with no therapy lines (one segment).
    public var index: Int
    public var regimen: String?
    public var start: CalendarDate
    public var end: CalendarDate?
    public var baselineDate: CalendarDate?
    public var baselineFlag: BaselineFlag?
    /// The baseline's report id (a draw may be the baseline of the next line too).
    public var baselineReportID: String?
    public var nadirDate: CalendarDate?
    /// Keys of the tumour variants detected at the baseline: the fixed set response uses.
    public var trackedVariants: [String]
    public var current: ResponseCategory?
    public var best: ResponseCategory?
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

/// Half-life while falling and doubling time while rising (days), from one line's
/// detected points; each only when the slope's 95 % interval excludes 0.
public struct Kinetics: Sendable, Hashable {
    public var line: Int?
    public var points: Int
    /// ln(VAF) per day, with its 95 % interval.
    public var slopePerDay: Double?
    public var slopeLow: Double?
    public var slopeHigh: Double?
    public var halfLifeDays: Double?
    public var doublingTimeDays: Double?

    public static let none = Kinetics(line: nil, points: 0, slopePerDay: nil, slopeLow: nil, slopeHigh: nil,
                                      halfLifeDays: nil, doublingTimeDays: nil)
}

/// One variant across the draws, with its origin.
public struct VariantAssessment: Sendable, Hashable {
    public var series: VariantSeries
    public var points: [PointAssessment]
    /// Origin on all the evidence stored (a line's tracked set uses the evidence up to its baseline).
    public var origin: OriginCall
    /// Detected after a line's baseline, outside its tracked set, significant on its own reads.
    public var emergent: Bool
    /// A TP53 mutation of tumour origin (an IMS/IMWG 2025 high-risk criterion).
    public var highRisk: Bool
    public var firstDetected: CalendarDate?
    public var kinetics: Kinetics

    public var clinicalSignificance: ClinicalSignificance? { series.clinicalSignificance }
    /// Benign or likely benign: listed, never tracked, flagged or counted.
    public var isBenign: Bool { series.clinicalSignificance?.isBenign ?? false }
    /// A tumour variant can be tracked, alerted on and counted.
    public var isTumour: Bool { origin.state == .tumour && !isBenign }
    public var chip: Bool { origin.state == .clonalHaematopoiesis }
    public var germline: Bool { origin.state == .germline || origin.state == .possibleGermline }
}

public struct DrawAssessment: Sendable, Hashable {
    public var draw: Draw
    /// The therapy line (segment) the draw belongs to; nil before the first line.
    public var line: Int?
    public var detection: SampleDetection
    public var response: DrawResponse
}

public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case newClone = "new-clone"
    case rise
    case riseUnconfirmed = "rise-unconfirmed"
    case discordanceCtdnaRise = "discordance-ctdna-rise"
    case discordanceSerologicalProgression = "discordance-serological-progression"
    case extramedullaryDisease = "extramedullary-disease"
    case cnsInvolvement = "cns-involvement"
    case ctdnaNegativeEMD = "ctdna-negative-emd"
    case plasmaCellLeukaemia = "plasma-cell-leukaemia"
    case possibleGermline = "possible-germline"
    case preanalyticDelay = "preanalytic-delay"
    case highCfdna = "high-cfdna"
    case qcQualified = "qc-qualified"
    case qcFailed = "qc-failed"
    case estimatedDate = "estimated-date"
}

/// What an alert says, with the values its wording needs.
public enum AlertDetail: Sendable, Hashable {
    /// A variant outside the line's tracked set, significant on its own reads.
    case newClone(variant: String, highRisk: Bool)
    /// A rise in line `line`: `fold` × the nadir, or after a not-detected draw (`fold` nil).
    case rise(line: Int, fold: Double?)
    case riseUnconfirmed(line: Int, fold: Double?)
    /// A confirmed ctDNA rise while the nearest IMWG assessment is not PD (`imwg`, nil: none).
    case discordanceCtdnaRise(imwg: IMWGCategory?)
    /// IMWG PD while the nearest draw's ctDNA is stable or not detected: an untracked clone?
    case discordanceSerologicalProgression(ctdna: ResponseCategory)
    /// Active extraosseous lesions at `sites`.
    case extramedullaryDisease(modality: ImagingModality, sites: [ExtramedullarySite])
    case cnsInvolvement(modality: ImagingModality)
    /// Imaging shows active EMD while the nearest draw's call is not detected.
    case ctdnaNegativeEMD(drawDate: CalendarDate)
    case plasmaCellLeukaemia(percent: Double)
    case possibleGermline(variant: String)
    case preanalyticDelay(hours: Double)
    case highCfdna(ngPerMl: Double)
    case qcQualified
    case qcFailed
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
        case .newClone: .newClone
        case .rise: .rise
        case .riseUnconfirmed: .riseUnconfirmed
        case .discordanceCtdnaRise: .discordanceCtdnaRise
        case .discordanceSerologicalProgression: .discordanceSerologicalProgression
        case .extramedullaryDisease: .extramedullaryDisease
        case .cnsInvolvement: .cnsInvolvement
        case .ctdnaNegativeEMD: .ctdnaNegativeEMD
        case .plasmaCellLeukaemia: .plasmaCellLeukaemia
        case .possibleGermline: .possibleGermline
        case .preanalyticDelay: .preanalyticDelay
        case .highCfdna: .highCfdna
        case .qcQualified: .qcQualified
        case .qcFailed: .qcFailed
        case .estimatedDate: .estimatedDate
        }
    }
}

/// The latest segment's response.
public struct OverallResponse: Sendable, Hashable {
    public var current: ResponseCategory?
    public var best: ResponseCategory?
    /// The latest segment's line index (0: no therapy lines).
    public var line: Int?
}

/// A serum or marrow value paired with the nearest draw.
public struct MarkerPair: Sendable, Hashable {
    public var marker: String
    public var measured: CalendarDate
    public var value: Double
    public var drawCollected: CalendarDate
    /// The ctDNA level at the draw (nil when not detected).
    public var level: Double?
}

public struct Correlation: Sendable, Hashable {
    public var marker: String
    public var pairs: Int
    public var spearmanRho: Double
}

/// Facts worth a note beside the numbers.
public enum ClinicalNote: String, Sendable, Codable, CaseIterable {
    /// Daratumumab or isatuximab can show on electrophoresis and immunofixation as a small
    /// IgG-κ band: a small M-spike under anti-CD38 therapy may be the drug.
    case antiCD38Interference = "anti-cd38-interference"
    /// Marrow MRD was measured: ctDNA not detected is not MRD negativity.
    case ctdnaIsNotMRD = "ctdna-not-detected-is-not-mrd"
}

/// Marrow MRD as reported, with whether its sensitivity reaches 10⁻⁵ (IMWG MRD: Kumar 2016).
public struct MarrowMRD: Sendable, Hashable {
    public var date: CalendarDate
    public var result: MRDResult?
    public var method: MRDMethod?
    public var sensitivity: Double?
    public var reaches1e5: Bool?
}

public struct ClinicalPicture: Sendable, Hashable {
    public var therapyLines: [TherapyLine]
    /// Every serum value, marrow assessment and imaging study, as stored.
    public var labValues: [LabValue]
    public var marrow: [MarrowAssessment]
    public var pairs: [MarkerPair]
    public var correlations: [Correlation]
    public var risk: RiskAssessment
    /// Tumour variants associated with extramedullary disease, and potentially actionable ones (kept apart from risk).
    public var emdAssociated: [String]
    public var actionable: [String]
    public var imaging: [ImagingAssessment]
    public var imwg: [IMWGAssessment]
    /// Days from the first ctDNA rise to the first IMWG or imaging progression after it.
    public var leadTimeDays: Int?
    public var mrd: [MarrowMRD]
    /// First date circulating plasma cells were ≥ 5 % (plasma-cell leukaemia, IMWG 2021:
    /// Fernández de Larrea et al. 2021, Blood Cancer J 11:192), not extramedullary disease.
    public var plasmaCellLeukaemia: CalendarDate?
    public var notes: [ClinicalNote]
}

/// Everything the tracker says about one patient: what `trend --json` and the report show.
public struct PatientAssessment: Sendable, Hashable {
    public var patient: Patient
    public var rulesName: String
    public var rulesVersion: String
    public var lines: [LineAssessment]
    public var draws: [DrawAssessment]
    public var variants: [VariantAssessment]
    public var response: OverallResponse
    public var alerts: [Alert]
    public var clinical: ClinicalPicture
    public var amendments: [AmendmentRecord]
}
