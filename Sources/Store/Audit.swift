import CtDNAModel

/// What `ctdna verify` checks in a store.
public struct StoreAudit: Sendable {
    public struct Document: Sendable {
        public var sourcePath: String
        public var sha256: String
        public var kind: String
        public var reportID: String
        public var version: Int
        public var variantCalls: Int
        public var hasDraw: Bool
        /// The source format; a VCF sample-sheet row's "path" describes the row, not a file.
        public var format: String = ""
    }

    public var problems: [String]
    public var documents: [Document]
    public var patients: Int
    public var files: Int
    public var variantCalls: Int
}

extension CtDNAStore {
    /// Integrity, foreign keys, and provenance: every value reaches a source file with a
    /// SHA-256, every result document has its draw, no orphan rows.
    public func audit() throws(StoreError) -> StoreAudit {
        var problems = try integrityProblems()
        // The registry and the audit trail are append-only by their triggers.
        for name in try missingAppendOnlyTriggers() {
            problems.append("append-only trigger \(name) is missing: the registry or the audit trail can be rewritten")
        }
        return try reading { db in
            let orphanChecks: [(String, String)] = [
                ("document without a source file", "SELECT COUNT(*) FROM document d LEFT JOIN source_file s ON s.id = d.source_file_id WHERE s.id IS NULL"),
                ("result document without its draw", "SELECT COUNT(*) FROM document d LEFT JOIN draw r ON r.document_id = d.id WHERE d.kind = 'result' AND r.document_id IS NULL"),
                ("clinical document with a draw", "SELECT COUNT(*) FROM document d JOIN draw r ON r.document_id = d.id WHERE d.kind = 'clinical'"),
                ("variant call without a document", "SELECT COUNT(*) FROM variant_call v LEFT JOIN document d ON d.id = v.document_id WHERE d.id IS NULL"),
                ("source file without a document", "SELECT COUNT(*) FROM source_file s LEFT JOIN document d ON d.source_file_id = s.id WHERE d.id IS NULL"),
                ("report with two current versions", "SELECT COUNT(*) FROM (SELECT kind, report_id FROM document WHERE superseded_by IS NULL GROUP BY kind, report_id HAVING COUNT(*) > 1) AS twice"),
                ("patient without a document", "SELECT COUNT(*) FROM patient p LEFT JOIN document d ON d.patient_id = p.id WHERE d.id IS NULL"),
            ]
            for (what, sql) in orphanChecks {
                let n = try db.scalar(sql, as: Int.self) ?? 0
                if n > 0 { problems.append("\(n) \(what)") }
            }
            let releaseOrphans = try db.scalar("""
                SELECT COUNT(*) FROM report_release r LEFT JOIN patient p ON p.id = r.patient_id WHERE p.id IS NULL
                """, as: Int.self) ?? 0
            if releaseOrphans > 0 { problems.append("\(releaseOrphans) released report without its patient") }
            let rows = try db.rows("""
                SELECT s.path, s.sha256, s.format, d.kind, d.report_id, d.version,
                       (SELECT COUNT(*) FROM variant_call v WHERE v.document_id = d.id) AS calls,
                       EXISTS (SELECT 1 FROM draw r WHERE r.document_id = d.id) AS has_draw
                FROM document d JOIN source_file s ON s.id = d.source_file_id ORDER BY d.id
                """)
            let documents = try rows.map {
                StoreAudit.Document(sourcePath: try $0.value("path"), sha256: try $0.value("sha256"), kind: try $0.value("kind"),
                                    reportID: try $0.value("report_id"), version: try $0.value("version"),
                                    variantCalls: try $0.value("calls"), hasDraw: try $0.value("has_draw"),
                                    format: try $0.value("format"))
            }
            let notHex = Set(documents.map(\.sha256).filter { hash in
                hash.utf8.count != 64 || !hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
            }).count
            if notHex > 0 { problems.append("\(notHex) source file hash that is not SHA-256 hex") }
            return StoreAudit(problems: problems, documents: documents,
                              patients: try db.scalar("SELECT COUNT(*) FROM patient", as: Int.self) ?? 0,
                              files: try db.scalar("SELECT COUNT(*) FROM source_file", as: Int.self) ?? 0,
                              variantCalls: try db.scalar("SELECT COUNT(*) FROM variant_call", as: Int.self) ?? 0)
        }
    }
}

extension CtDNAStore {
    /// The variant calls stored for one result document (the file with this SHA-256, this
    /// report id and version), in the order the file gave them, decoded as the queries
    /// decode them: what `verify --sources` compares, value by value, with the file read
    /// again.
    public func storedVariantCalls(sha256: String, reportID: String, version: Int) throws(StoreError) -> [VariantCall] {
        try reading { db in
            let rows = try db.rows("""
                SELECT v.* FROM variant_call v JOIN document d ON d.id = v.document_id
                JOIN source_file s ON s.id = d.source_file_id
                WHERE s.sha256 = ? AND d.kind = 'result' AND d.report_id = ? AND d.version = ?
                ORDER BY v.id
                """, [sha256, reportID, version])
            return try rows.map(TimelineQuery.variant)
        }
    }
}

extension CtDNAStore {
    /// The result report stored from the file with this SHA-256 (this report id and
    /// version), decoded as the queries decode it; nil when there is none.
    public func storedResultReport(sha256: String, reportID: String, version: Int) throws(StoreError) -> ResultReport? {
        try reading { db in
            guard let row = try db.row("""
                SELECT d.id, d.patient_id, d.report_id, d.version, d.status, d.issued, dr.*, s.path, s.sha256, s.format,
                       s.byte_count, s.ingested_at
                FROM document d JOIN draw dr ON dr.document_id = d.id
                JOIN source_file s ON s.id = d.source_file_id
                WHERE s.sha256 = ? AND d.kind = 'result' AND d.report_id = ? AND d.version = ?
                """, [sha256, reportID, version]) else { return nil }
            let documentID: Int64 = try row.value("id")
            let patientID: Int64 = try row.value("patient_id")
            guard let patientRow = try db.row("SELECT * FROM patient WHERE id = ?", [patientID]) else {
                return nil
            }
            func children(_ table: String) throws -> [SQLRow] {
                try db.rows("SELECT * FROM \(table) WHERE document_id = ? ORDER BY id", [documentID])
            }
            return try TimelineQuery(db: db, patientID: patientID, patient: try Patient(row: patientRow))
                .report(row, calls: try children("variant_call"), findings: try children("structural_finding"),
                        biomarkers: try children("biomarker"))
        }
    }
}
