import CtDNAModel

/// The registry of released reports and the audit trail (issue 17), both append-only in
/// the schema (`v9-releases-audit`).
extension CtDNAStore {
    /// Appends one event to the audit trail.
    public func appendAudit(_ e: AuditEvent) throws(StoreError) {
        try appendAudit([e])
    }

    /// Appends events to the audit trail in one transaction (an ingest's files).
    public func appendAudit(_ events: [AuditEvent]) throws(StoreError) {
        guard !events.isEmpty else { return }
        try writing { db in
            for e in events {
                try db.execute("""
                    INSERT INTO audit_event (at, event, os_user, by_name, subject, detail) VALUES (?, ?, ?, ?, ?, ?)
                    """, [e.at, e.kind.rawValue, e.osUser, e.by, e.subject, e.detail])
            }
        }
    }

    /// The audit trail, oldest first; from `since` (a day, UTC) when given.
    public func auditEvents(since: CalendarDate? = nil) throws(StoreError) -> [AuditEvent] {
        try reading { db in
            try db.rows("SELECT * FROM audit_event WHERE at >= ? ORDER BY id", [since?.description ?? ""]).map { row in
                AuditEvent(id: try row.value("id"), at: try row.value("at"),
                           kind: AuditEvent.Kind(rawValue: try row.value("event")) ?? .ingest, osUser: try row.value("os_user"),
                           by: try row.value("by_name"), subject: try row.value("subject"), detail: try row.value("detail"))
            }
        }
    }

    /// The SHA-256 hashes of the source files behind the patient's current documents
    /// (results not superseded nor retracted, and clinical context), sorted: what a
    /// report is made from.
    public func currentSourceHashes(mrn: String, issuer: String?) throws(StoreError) -> [String]? {
        try reading { db in
            guard let (id, _) = try StoreQueries.patientRow(db, mrn: mrn, issuer: issuer) else { return nil }
            return try StoreQueries.sourceHashes(db, patientID: id)
        }
    }

    /// Every released version, of one patient or of all, in order of patient and version.
    public func releases(mrn: String? = nil, issuer: String? = nil) throws(StoreError) -> [ReportRelease] {
        try reading { db in
            var filter = ""
            var arguments: SQLArguments = []
            if let mrn {
                guard let (id, _) = try StoreQueries.patientRow(db, mrn: mrn, issuer: issuer) else { return [] }
                filter = "WHERE r.patient_id = ?"
                arguments = [id]
            }
            return try db.rows("""
                SELECT r.*, p.mrn, p.issuer FROM report_release r JOIN patient p ON p.id = r.patient_id \(filter)
                ORDER BY p.mrn, p.issuer, r.version, r.language
                """, arguments).map(Self.release)
        }
    }

    static func release(_ row: SQLRow) throws -> ReportRelease {
        ReportRelease(patient: PatientIdentifier(mrn: try row.value("mrn"), issuer: try row.value("issuer")),
                      version: try row.value("version"), language: try row.value("language"),
                      kind: ReportRelease.Kind(rawValue: try row.value("kind")) ?? .release,
                      supersedesVersion: try row.value("supersedes_version"), reason: try row.value("reason"),
                      authorisedBy: try row.value("authorised_by"), role: try row.value("role"), comment: try row.value("comment"),
                      authorisedAt: try row.value("authorised_at"), rulesName: try row.value("rules_name"),
                      rulesVersion: try row.value("rules_version"), dataHash: try row.value("data_hash"),
                      pdfSHA256: try row.value("pdf_sha256"), pdfPath: try row.value("pdf_path"))
    }

    /// Records the releases of one version (one row per language) and the audit event, in
    /// one transaction. Refused when the version is already released (two signers at once),
    /// or when `sources` (the files the released PDF was made from) are no longer the
    /// patient's current files (a draw arrived while it was being signed).
    public func recordRelease(_ releases: [ReportRelease], event: AuditEvent, sources: [String]? = nil) throws(StoreError) {
        guard let first = releases.first else { return }
        try writing { db in
            // Two signers of one patient at once: the second waits, then finds the version taken.
            try db.lockPatient(first.patient.mrn)
            guard let (id, _) = try StoreQueries.patientRow(db, mrn: first.patient.mrn, issuer: first.patient.issuer) else {
                throw StoreError.conflict("no patient \(first.patient) in the store")
            }
            if let sources, try StoreQueries.sourceHashes(db, patientID: id) != sources {
                throw StoreError.conflict("\(first.patient): the data changed while the report was being signed (a file was stored): nothing was released; run `ctdna report` again, review it, then sign")
            }
            let latest = try db.scalar("SELECT MAX(version) FROM report_release WHERE patient_id = ?", [id], as: Int.self) ?? 0
            guard first.version == latest + 1 else {
                throw StoreError.conflict("version \(first.version) of \(first.patient)'s report cannot be released: version \(latest) is the latest")
            }
            for r in releases {
                try db.execute("""
                    INSERT INTO report_release (patient_id, version, language, kind, supersedes_version, reason, authorised_by,
                        role, comment, authorised_at, rules_name, rules_version, data_hash, pdf_sha256, pdf_path)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [id, r.version, r.language, r.kind.rawValue, r.supersedesVersion, r.reason, r.authorisedBy,
                                     r.role, r.comment, r.authorisedAt, r.rulesName, r.rulesVersion, r.dataHash, r.pdfSHA256,
                                     r.pdfPath])
            }
            try db.execute("""
                INSERT INTO audit_event (at, event, os_user, by_name, subject, detail) VALUES (?, ?, ?, ?, ?, ?)
                """, [event.at, event.kind.rawValue, event.osUser, event.by, event.subject, event.detail])
        }
    }

    /// The data hash of the patient's latest draft (`ctdna report`), from the audit trail.
    public func latestDraftHash(_ patient: PatientIdentifier) throws(StoreError) -> String? {
        try reading { db in
            try db.scalar("""
                SELECT detail FROM audit_event WHERE event = 'draft' AND subject = ? ORDER BY id DESC LIMIT 1
                """, [patient.description], as: String.self).flatMap { detail in
                detail.split(separator: " ").first { $0.hasPrefix("data=") }.map { String($0.dropFirst(5)) }
            }
        }
    }

    /// The reject id of an earlier rejection of these bytes (their SHA-256), if any.
    public func earlierRejection(sha256: String) throws(StoreError) -> String? {
        try reading { db in
            try db.scalar("""
                SELECT detail FROM audit_event WHERE event = 'reject' AND detail LIKE ? ORDER BY id LIMIT 1
                """, ["sha256=\(sha256) %"], as: String.self).flatMap { detail in
                detail.split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) }
            }
        }
    }
}
