import CtDNAModel

/// Writes one document inside the caller's transaction, enforcing the rules that
/// span files: idempotence by content hash, one patient per MRN, versions only move
/// forward, one specimen one collection time.
struct DocumentWriter {
    let db: any SQLSession
    let now: Timestamp

    func store(_ document: ParsedDocument, from source: SourceFile) throws -> IngestOutcome {
        // Idempotence by the unique content hash: bytes already stored (by this writer, an
        // earlier run, or another writer that committed first) insert nothing: unchanged.
        guard let sourceID = try db.insert("""
            INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING
            """, [source.sha256, source.path, source.format.rawValue,
                    source.byteCount, now.text]) else { return .unchanged }
        let patientID = try patientRow(for: document.patient)
        let kind: String
        if case .result = document { kind = "result" } else { kind = "clinical" }
        let identity = document.identity
        let previous = try priorVersion(kind: kind, identity: identity, patientID: patientID)
        if case .result(let report) = document {
            try checkSpecimen(report, patientID: patientID)
        }
        let status: ReportStatus
        let issued: Timestamp?
        switch document {
        case .result(let r): (status, issued) = (r.status, r.issued)
        case .clinical: (status, issued) = (.final, nil)
        }
        let documentID = try db.insertRow("""
            INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status, issued)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [patientID, sourceID, kind, identity.id,
                    identity.version, status.rawValue, issued?.text])
        if previous != nil {
            try db.execute("""
                UPDATE document SET superseded_by = ? WHERE kind = ? AND report_id = ? AND id <> ? AND superseded_by IS NULL
                """, [documentID, kind, identity.id, documentID])
        }
        switch document {
        case .result(let r): try ReportRows(db: db, documentID: documentID).insert(r)
        case .clinical(let c): try ClinicalRows(db: db, documentID: documentID).insert(c)
        }
        return previous.map { .superseded(previous: $0) } ?? .ingested
    }

    /// Finds the patient by MRN + issuer or creates them. A file without an issuer
    /// matches the one stored patient with that MRN; a file with an issuer matches that
    /// issuer, or a stored patient with the MRN and no issuer (which then gains it).
    /// A stored patient whose sex or birth date disagrees with the file, or whose name
    /// differs while the birth date matches, means the file may belong to someone else.
    private func patientRow(for patient: Patient) throws -> Int64 {
        let issuer = patient.identifier.issuer ?? ""
        let candidates = try db.rows("SELECT id, issuer, sex, birth_date, family_name, given_names FROM patient WHERE mrn = ?",
                                          [patient.identifier.mrn])
        let match: SQLRow?
        if issuer.isEmpty {
            if candidates.count > 1 {
                throw StoreError.conflict("the file gives no MRN issuer and the MRN is held by patients of several issuers")
            }
            match = candidates.first
        } else {
            // The issuer itself, else one the lab declared the same (`ctdna patients alias`).
            let canonical = try PatientIdentity.canonical(issuer, db)
            match = try candidates.first { try $0.value("issuer") as String == issuer }
                ?? candidates.first { row in
                    let stored: String = try row.value("issuer")
                    return try !stored.isEmpty && PatientIdentity.canonical(stored, db) == canonical
                }
                ?? candidates.first { (try $0.value("issuer") as String).isEmpty }
        }
        if let row = match {
            let id: Int64 = try row.value("id")
            if (try row.value("issuer") as String).isEmpty, !issuer.isEmpty {
                try db.execute("UPDATE patient SET issuer = ? WHERE id = ?", [issuer, id])
            }
            return try reconcile(patient, with: row, id: id)
        }
        try PatientIdentity(db: db).checkNewPatient(patient, issuer: issuer, sameMRN: candidates)
        return try insertPatient(patient, issuer: issuer)
    }

    private func reconcile(_ patient: Patient, with row: SQLRow, id: Int64) throws -> Int64 {
        let storedSex = Sex(rawValue: try row.value("sex")) ?? .unknown
        let storedBirth = (try row.value("birth_date") as String?).flatMap { CalendarDate(iso: $0) }
        if let storedBirth, let birth = patient.birthDate, storedBirth != birth {
            throw StoreError.conflict("possible wrong-patient file: the stored patient with this MRN has another birth date")
        }
        if storedSex != .unknown, patient.sex != .unknown, storedSex != patient.sex {
            throw StoreError.conflict("possible wrong-patient file: the stored patient with this MRN has another sex")
        }
        // Same MRN, same birth date, another name (compared case- and space-insensitively
        // after NFC): two people merged under one MRN. The message names the MRN (a
        // validated identifier), never either name.
        let storedFamily: String? = try row.value("family_name")
        let storedGiven: String? = try row.value("given_names")
        if let storedBirth, patient.birthDate == storedBirth, let name = patient.name {
            let stored = PersonName(family: storedFamily, given: storedGiven.map { [$0] } ?? [])
            if stored.differs(from: name) {
                throw StoreError.conflict("possible wrong-patient file: the stored patient with MRN \(patient.identifier.mrn) has the same birth date but another name")
            }
        }
        // Fill in what the stored record lacked (only when it lacked something the file has).
        let lacks = (storedSex == .unknown && patient.sex != .unknown) || (storedBirth == nil && patient.birthDate != nil)
            || (storedFamily == nil && patient.name?.family != nil)
        if lacks {
            try db.execute("""
                UPDATE patient SET
                  sex = CASE WHEN sex = 'unknown' THEN ? ELSE sex END,
                  birth_date = COALESCE(birth_date, ?),
                  family_name = COALESCE(family_name, ?),
                  given_names = COALESCE(given_names, ?)
                WHERE id = ?
                """, [patient.sex.rawValue, patient.birthDate?.description, patient.name?.family,
                                         patient.name.flatMap { $0.given.isEmpty ? nil : $0.given.joined(separator: " ") }, id])
        }
        return id
    }

    private func insertPatient(_ patient: Patient, issuer: String) throws -> Int64 {
        try db.insertRow("""
            INSERT INTO patient (mrn, issuer, family_name, given_names, sex, birth_date) VALUES (?, ?, ?, ?, ?, ?)
            """, [patient.identifier.mrn, issuer, patient.name?.family,
                             patient.name.flatMap { $0.given.isEmpty ? nil : $0.given.joined(separator: " ") },
                             patient.sex.rawValue, patient.birthDate?.description])
    }

    /// The version this document replaces, if any; throws when it is not newer.
    private func priorVersion(kind: String, identity: ReportIdentity, patientID: Int64) throws -> Int? {
        let rows = try db.rows("SELECT version, patient_id FROM document WHERE kind = ? AND report_id = ?",
                                    [kind, identity.id])
        guard !rows.isEmpty else { return nil }
        if try rows.contains(where: { try $0.value("patient_id") as Int64 != patientID }) {
            throw StoreError.conflict("report \(identity.id) is stored for another patient")
        }
        let versions: [Int] = try rows.map { try $0.value("version") }
        let newest = versions.max() ?? 0
        if versions.contains(identity.version) {
            throw StoreError.conflict("report \(identity) is already stored with different content; send a higher version to amend it")
        }
        if identity.version < newest {
            throw StoreError.conflict("report \(identity) is older than the stored version \(newest)")
        }
        return newest
    }

    /// The same specimen accession cannot come back with another collection time.
    private func checkSpecimen(_ report: ResultReport, patientID: Int64) throws {
        let rows = try db.rows("""
            SELECT d.report_id, dr.collected_epoch FROM draw dr JOIN document d ON d.id = dr.document_id
            WHERE dr.accession = ? AND d.patient_id = ? AND d.report_id <> ?
            """, [report.specimen.accession, patientID, report.identity.id])
        for row in rows where abs(try row.value("collected_epoch") as Double - report.specimen.collected.epochSeconds) > 0.5 {
            throw StoreError.conflict("specimen \(report.specimen.accession) is stored with another collection time (report \(try row.value("report_id") as String))")
        }
    }
}
