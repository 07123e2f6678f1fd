/// The file a value came from.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var sha256: String
    public var format: SourceFormat
    public var byteCount: Int

    public init(path: String, sha256: String, format: SourceFormat, byteCount: Int) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.byteCount = byteCount
    }
}

/// Where a stored document came from and when it went in.
public struct Provenance: Sendable, Hashable {
    public var source: SourceFile
    public var ingestedAt: Timestamp

    public init(source: SourceFile, ingestedAt: Timestamp) {
        self.source = source
        self.ingestedAt = ingestedAt
    }
}

/// What storing one document did.
public enum IngestOutcome: Sendable, Hashable {
    /// New content, stored.
    case ingested
    /// The same file content was already stored: nothing changed.
    case unchanged
    /// Stored as a later version that replaces version `previous` of the same report.
    case superseded(previous: Int)
}

/// One current, non-retracted result report with its provenance: one blood draw.
public struct Draw: Sendable, Hashable {
    public var report: ResultReport
    public var provenance: Provenance

    public init(report: ResultReport, provenance: Provenance) {
        self.report = report
        self.provenance = provenance
    }
}

/// A stored version that a later one replaced or that was retracted.
public struct AmendmentRecord: Sendable, Hashable {
    public var identity: ReportIdentity
    public var status: ReportStatus
    public var replacedBy: Int?
    public var ingestedAt: Timestamp
    public var sourcePath: String
    /// The lab's issue date of this version (what a report shows: the ingest time differs
    /// from store to store).
    public var issued: Timestamp?

    public init(identity: ReportIdentity, status: ReportStatus, replacedBy: Int?, ingestedAt: Timestamp,
                sourcePath: String, issued: Timestamp? = nil) {
        self.identity = identity
        self.status = status
        self.replacedBy = replacedBy
        self.ingestedAt = ingestedAt
        self.sourcePath = sourcePath
        self.issued = issued
    }
}

/// Everything stored for one patient, in collection order: what Tracking works on.
public struct PatientTimeline: Sendable, Hashable {
    public var patient: Patient
    public var draws: [Draw]
    public var therapyLines: [TherapyLine]
    public var labValues: [LabValue]
    public var marrow: [MarrowAssessment]
    public var imaging: [ImagingStudy]
    public var biopsies: [BiopsyResult]
    public var lightChain: LightChain?
    public var amendments: [AmendmentRecord]

    public init(patient: Patient, draws: [Draw], therapyLines: [TherapyLine] = [], labValues: [LabValue] = [],
                marrow: [MarrowAssessment] = [], imaging: [ImagingStudy] = [], biopsies: [BiopsyResult] = [],
                lightChain: LightChain? = nil, amendments: [AmendmentRecord] = []) {
        self.patient = patient
        self.draws = draws
        self.therapyLines = therapyLines
        self.labValues = labValues
        self.marrow = marrow
        self.imaging = imaging
        self.biopsies = biopsies
        self.lightChain = lightChain
        self.amendments = amendments
    }
}

/// A line of `ctdna patients`.
public struct PatientSummary: Sendable, Hashable {
    public var patient: Patient
    public var drawCount: Int
    public var firstDraw: CalendarDate?
    public var lastDraw: CalendarDate?

    public init(patient: Patient, drawCount: Int, firstDraw: CalendarDate?, lastDraw: CalendarDate?) {
        self.patient = patient
        self.drawCount = drawCount
        self.firstDraw = firstDraw
        self.lastDraw = lastDraw
    }
}
