/// A line of therapy (VRd, ASCT, CAR-T, ...).
public struct TherapyLine: Sendable, Hashable {
    public var regimen: String
    public var drugs: [String]
    public var start: CalendarDate
    public var end: CalendarDate?
    public var intent: String?

    public init(regimen: String, drugs: [String] = [], start: CalendarDate, end: CalendarDate? = nil,
                intent: String? = nil) {
        self.regimen = regimen
        self.drugs = drugs
        self.start = start
        self.end = end
        self.intent = intent
    }
}

/// Serum and urine markers followed alongside ctDNA.
public enum LabMarker: String, Sendable, Codable, CaseIterable {
    /// Serum M-protein (monoclonal protein, SPEP), g/dL.
    case mProtein = "m-protein"
    /// Serum free kappa light chain, mg/L.
    case kappaFLC = "kappa-flc"
    /// Serum free lambda light chain, mg/L.
    case lambdaFLC = "lambda-flc"
    /// Urine M-protein, mg per 24 h.
    case urineMProtein = "urine-m-protein"
    /// Serum immunofixation: 0 negative, 1 positive.
    case serumImmunofixation = "serum-immunofixation"
    /// Urine immunofixation: 0 negative, 1 positive.
    case urineImmunofixation = "urine-immunofixation"
    /// Serum β2-microglobulin, mg/L.
    case beta2Microglobulin = "beta2-microglobulin"
    /// Serum creatinine, mg/dL.
    case creatinine
    /// Circulating plasma cells, % of white cells (plasma-cell leukaemia at ≥ 5 %).
    case circulatingPlasmaCells = "circulating-plasma-cell-percent"

    public var unit: String {
        switch self {
        case .mProtein: "g/dL"
        case .kappaFLC, .lambdaFLC, .beta2Microglobulin: "mg/L"
        case .urineMProtein: "mg/24 h"
        case .serumImmunofixation, .urineImmunofixation: "0/1"
        case .creatinine: "mg/dL"
        case .circulatingPlasmaCells: "%"
        }
    }
}

/// The myeloma's light chain (for the involved free light chain, dFLC).
public enum LightChain: String, Sendable, Codable, CaseIterable {
    case kappa, lambda
}

/// How marrow MRD was measured.
public enum MRDMethod: String, Sendable, Codable, CaseIterable {
    /// Next-generation flow (EuroFlow).
    case ngf = "NGF"
    /// Next-generation sequencing of the clonotype (e.g. clonoSEQ).
    case ngs = "NGS"
}

/// A cytogenetic aberration from marrow FISH (or another test) with what IMS/IMWG 2025 needs.
public enum CytogeneticKind: String, Sendable, Codable, CaseIterable {
    case del17p = "del(17p)"
    case del1p32 = "del(1p32)"
    /// 1q gain: three copies.
    case gain1q = "gain(1q)"
    /// 1q amplification: four or more copies.
    case amp1q = "amp(1q)"
    case t4_14 = "t(4;14)"
    case t14_16 = "t(14;16)"
    case t14_20 = "t(14;20)"
    case t11_14 = "t(11;14)"
}

public enum Allelic: String, Sendable, Codable, CaseIterable {
    case monoallelic, biallelic
}

public struct CytogeneticResult: Sendable, Hashable {
    public var kind: CytogeneticKind
    public var detected: Bool
    /// Fraction of (plasma) cells carrying it, 0–1.
    public var clonalFraction: Double?
    public var allelic: Allelic?

    public init(kind: CytogeneticKind, detected: Bool = true, clonalFraction: Double? = nil, allelic: Allelic? = nil) {
        self.kind = kind
        self.detected = detected
        self.clonalFraction = clonalFraction
        self.allelic = allelic
    }
}

/// A tumour biopsy's variants (marrow aspirate or an extramedullary lesion), as origin evidence.
public enum BiopsySource: String, Sendable, Codable, CaseIterable {
    case marrow
    case extramedullary
}

public struct BiopsyResult: Sendable, Hashable {
    public var performed: CalendarDate
    public var source: BiopsySource
    /// Variant keys (`GENE p.X`) found in the biopsy.
    public var variants: [String]

    public init(performed: CalendarDate, source: BiopsySource, variants: [String]) {
        self.performed = performed
        self.source = source
        self.variants = variants
    }
}

public struct LabValue: Sendable, Hashable {
    public var marker: LabMarker
    public var value: Double
    public var measured: CalendarDate

    public init(marker: LabMarker, value: Double, measured: CalendarDate) {
        self.marker = marker
        self.value = value
        self.measured = measured
    }
}

/// Marrow minimal residual disease result (NGS or flow).
public enum MRDResult: String, Sendable, Codable, CaseIterable {
    case negative, positive
    case notDone = "not-done"
}

/// A bone-marrow aspirate or biopsy.
public struct MarrowAssessment: Sendable, Hashable {
    public var performed: CalendarDate
    public var plasmaCellPercent: Double?
    public var mrd: MRDResult?
    /// The MRD test's sensitivity as a fraction (1e-5 is one cell in 100,000).
    public var mrdSensitivity: Double?
    public var mrdMethod: MRDMethod?
    /// FISH (or other) cytogenetic results of this aspirate.
    public var cytogenetics: [CytogeneticResult]

    public init(performed: CalendarDate, plasmaCellPercent: Double? = nil, mrd: MRDResult? = nil,
                mrdSensitivity: Double? = nil, mrdMethod: MRDMethod? = nil, cytogenetics: [CytogeneticResult] = []) {
        self.performed = performed
        self.plasmaCellPercent = plasmaCellPercent
        self.mrd = mrd
        self.mrdSensitivity = mrdSensitivity
        self.mrdMethod = mrdMethod
        self.cytogenetics = cytogenetics
    }
}

/// Where myeloma was seen outside the marrow (an imaging lesion's site). `skin-soft-tissue`
/// is the version-1 lumped value, still read; new files name skin and soft tissue apart.
public enum ExtramedullarySite: String, Sendable, Codable, CaseIterable {
    case skin
    case softTissue = "soft-tissue"
    case skinSoftTissue = "skin-soft-tissue"
    case pleura
    case liver
    case lymphNode = "lymph-node"
    case kidney
    case breast
    case pericardium
    case spleen
    case lung
    case gastrointestinal
    case pancreas
    case testis
    case cns = "CNS"
    case paraskeletal
    case other

    /// The class a site implies when the file does not give one: CNS → cns, paraskeletal
    /// (bone-related, arising from bone) → paraskeletal, anything else extraosseous.
    public var defaultClass: LesionClass {
        switch self {
        case .cns: .cns
        case .paraskeletal: .paraskeletal
        default: .extramedullary
        }
    }
}

/// Lesion classes (Bladé et al. 2022, Blood Cancer J 12:45): only extraosseous,
/// haematogenous soft-tissue or organ lesions are extramedullary disease in the strict sense;
/// paraskeletal lesions grow from bone; CNS involvement is its own class.
public enum LesionClass: String, Sendable, Codable, CaseIterable {
    case extramedullary
    case paraskeletal
    case cns
}

/// One lesion seen at an imaging study.
public struct Lesion: Sendable, Hashable {
    public var site: ExtramedullarySite
    public var lesionClass: LesionClass

    public init(site: ExtramedullarySite, lesionClass: LesionClass? = nil) {
        self.site = site
        self.lesionClass = lesionClass ?? site.defaultClass
    }
}

public enum ImagingModality: String, Sendable, Codable, CaseIterable {
    case petCT = "PET-CT"
    case mri = "MRI"
    case ct = "CT"
    case wbldct = "WBLDCT"
}

public struct ImagingStudy: Sendable, Hashable {
    public var modality: ImagingModality
    public var performed: CalendarDate
    public var lesions: [Lesion]
    public var summary: String?

    public init(modality: ImagingModality, performed: CalendarDate, lesions: [Lesion] = [], summary: String? = nil) {
        self.modality = modality
        self.performed = performed
        self.lesions = lesions
        self.summary = summary
    }

    /// Sites of the lesions (any class).
    public var extramedullarySites: [ExtramedullarySite] { lesions.map(\.site) }
}

/// The clinical picture a clinic sends for a patient: therapy, serum markers,
/// marrow and imaging. One document per file; a later version replaces an earlier one.
public struct ClinicalContext: Sendable, Hashable {
    public var identity: ReportIdentity
    public var patient: Patient
    public var therapyLines: [TherapyLine]
    public var labValues: [LabValue]
    public var marrow: [MarrowAssessment]
    public var imaging: [ImagingStudy]
    public var biopsies: [BiopsyResult]
    /// The myeloma's involved light chain (for dFLC), when known.
    public var lightChain: LightChain?

    public init(identity: ReportIdentity, patient: Patient, therapyLines: [TherapyLine] = [],
                labValues: [LabValue] = [], marrow: [MarrowAssessment] = [], imaging: [ImagingStudy] = [],
                biopsies: [BiopsyResult] = [], lightChain: LightChain? = nil) {
        self.identity = identity
        self.patient = patient
        self.therapyLines = therapyLines
        self.labValues = labValues
        self.marrow = marrow
        self.imaging = imaging
        self.biopsies = biopsies
        self.lightChain = lightChain
    }
}
