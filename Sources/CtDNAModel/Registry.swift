/// One released (authorised) version of a patient's report in one language: what was
/// issued, by whom, when, from which data and rules, and the PDF's content hash.
public struct ReportRelease: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case release, amendment }

    public var patient: PatientIdentifier
    public var version: Int
    public var language: String
    public var kind: Kind
    /// The version this one replaces (nil for version 1).
    public var supersedesVersion: Int?
    /// Why an amendment was issued.
    public var reason: String?
    public var authorisedBy: String
    public var role: String?
    public var comment: String?
    /// UTC, ISO 8601 (`2026-11-25T10:00:00Z`).
    public var authorisedAt: String
    public var rulesName: String
    public var rulesVersion: String
    /// SHA-256 over the current source files' hashes and the rules: the data it was made from.
    public var dataHash: String
    public var pdfSHA256: String
    public var pdfPath: String

    public init(patient: PatientIdentifier, version: Int, language: String, kind: Kind, supersedesVersion: Int?,
                reason: String?, authorisedBy: String, role: String?, comment: String?, authorisedAt: String,
                rulesName: String, rulesVersion: String, dataHash: String, pdfSHA256: String, pdfPath: String) {
        self.patient = patient
        self.version = version
        self.language = language
        self.kind = kind
        self.supersedesVersion = supersedesVersion
        self.reason = reason
        self.authorisedBy = authorisedBy
        self.role = role
        self.comment = comment
        self.authorisedAt = authorisedAt
        self.rulesName = rulesName
        self.rulesVersion = rulesVersion
        self.dataHash = dataHash
        self.pdfSHA256 = pdfSHA256
        self.pdfPath = pdfPath
    }
}

/// One event of the audit trail: what happened, when (UTC), who (the operating-system
/// user and the name given with `--by`), to what (a patient or a file), and details.
public struct AuditEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ingest, supersede, reject, alias, distinct, draft, sign, amend, export
    }

    public var id: Int64
    public var at: String
    public var kind: Kind
    public var osUser: String
    public var by: String?
    public var subject: String?
    public var detail: String?

    public init(id: Int64 = 0, at: String, kind: Kind, osUser: String, by: String? = nil, subject: String? = nil,
                detail: String? = nil) {
        self.id = id
        self.at = at
        self.kind = kind
        self.osUser = osUser
        self.by = by
        self.subject = subject
        self.detail = detail
    }
}
