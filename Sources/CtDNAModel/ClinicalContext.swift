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

    public var unit: String {
        switch self {
        case .mProtein: "g/dL"
        case .kappaFLC, .lambdaFLC: "mg/L"
        }
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
    public var mrdSensitivity: Double?

    public init(performed: CalendarDate, plasmaCellPercent: Double? = nil, mrd: MRDResult? = nil,
                mrdSensitivity: Double? = nil) {
        self.performed = performed
        self.plasmaCellPercent = plasmaCellPercent
        self.mrd = mrd
        self.mrdSensitivity = mrdSensitivity
    }
}

/// Where myeloma was seen outside the marrow.
public enum ExtramedullarySite: String, Sendable, Codable, CaseIterable {
    case skinSoftTissue = "skin-soft-tissue"
    case pleura
    case liver
    case lymphNode = "lymph-node"
    case cns = "CNS"
    case paraskeletal
    case other
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
    public var extramedullarySites: [ExtramedullarySite]
    public var summary: String?

    public init(modality: ImagingModality, performed: CalendarDate,
                extramedullarySites: [ExtramedullarySite] = [], summary: String? = nil) {
        self.modality = modality
        self.performed = performed
        self.extramedullarySites = extramedullarySites
        self.summary = summary
    }
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

    public init(identity: ReportIdentity, patient: Patient, therapyLines: [TherapyLine] = [],
                labValues: [LabValue] = [], marrow: [MarrowAssessment] = [], imaging: [ImagingStudy] = []) {
        self.identity = identity
        self.patient = patient
        self.therapyLines = therapyLines
        self.labValues = labValues
        self.marrow = marrow
        self.imaging = imaging
    }
}
