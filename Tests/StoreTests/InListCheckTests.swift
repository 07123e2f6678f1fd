import CtDNAModel
import Foundation
import GRDB
@testable import Store
import Testing

/// v4 writes `x IN (three or more literals)` checks out as OR chains (SQLite builds a
/// temporary b-tree per checked row for an IN list) without changing what they refuse.
@Suite struct InListCheckTests {
    @Test func noInsertBuildsATemporaryTable() throws {
        let store = try freshStore()
        let queue = try DatabaseQueue(path: store.path)
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            #expect(tables.count == 19)  // 15, issuer_alias and distinct_patients (v7), report_release and audit_event (v9)
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                let sql = "EXPLAIN INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES (\(columns.map { _ in "NULL" }.joined(separator: ",")))"
                let ops = try Row.fetchAll(db, sql: sql).map { $0["opcode"] as String }
                #expect(!ops.contains("OpenEphemeral"), "\(table)")
            }
        }
    }

    /// A store as v3 left it: a row in every table with a listed check, under fixed ids.
    func v3Store() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v3-child-indexes")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO patient (id, mrn, issuer, sex) VALUES (7, 'P-7', 'H', 'female');
                INSERT INTO source_file (id, sha256, path, format, byte_count, ingested_at)
                  VALUES (3, '\(String(repeating: "b", count: 64))', 'a.xml', 'ctdna-result-1', 10, '2026-11-25T10:00:00Z');
                INSERT INTO document (id, patient_id, source_file_id, kind, report_id, version, status)
                  VALUES (5, 7, 3, 'result', 'R-7', 1, 'final');
                INSERT INTO draw (document_id, accession, collected, collected_epoch, collected_date, collected_estimated,
                  assay_name, qc_status, lists_detected_only)
                  VALUES (5, 'S-7', '2024-05-06T09:00:00Z', 1714986000, '2024-05-06', 0, 'Panel', 'pass', 0);
                INSERT INTO variant_call (id, document_id, variant_key, gene, status, origin, equivocal, subclonal, white_cell_depth)
                  VALUES (11, 5, 'KRAS p.G12D', 'KRAS', 'not-detected', 'somatic', 0, 0, 900);
                INSERT INTO structural_finding (id, document_id, kind, detected, equivocal) VALUES (13, 5, 'LOH', 1, 0);
                INSERT INTO lab_value (id, document_id, marker, value, measured) VALUES (17, 5, 'm-protein', 1.5, '2024-05-06');
                INSERT INTO marrow_assessment (id, document_id, performed, mrd) VALUES (19, 5, '2024-05-06', 'negative');
                INSERT INTO imaging_study (id, document_id, modality, performed) VALUES (23, 5, 'MRI', '2024-05-06');
                """)
        }
        try old.close()
        return path
    }

    /// Every listed value of every rewritten check, a few near misses, and a NULL.
    static let updates: [(sql: String, refused: Bool)] = {
        func column(_ table: String, _ column: String, _ allowed: [String], _ refused: [String]) -> [(String, Bool)] {
            allowed.map { ("UPDATE \(table) SET \(column) = \($0)", false) } + refused.map { ("UPDATE \(table) SET \(column) = \($0)", true) }
        }
        return column("patient", "sex", ["'female'", "'male'", "'other'", "'unknown'"], ["'x'", "'Female'", "1", "NULL"])
            + column("source_file", "format", ["'ctdna-result-1'", "'ctdna-clinical-1'", "'fhir-r4-xml'", "'fhir-r4-json'", "'foundationone-xml'"], ["'csv'", "''"])
            + column("document", "kind", ["'result'", "'clinical'"], ["'other'"])
            + column("document", "status", ["'preliminary'", "'final'", "'amended'", "'corrected'", "'appended'", "'cancelled'", "'entered-in-error'"], ["'draft'", "'FINAL'"])
            + column("draw", "qc_status", ["'pass'", "'qualified'", "'fail'"], ["'x'"])
            + column("variant_call", "status", ["'not-detected'", "'not-covered'", "'failed-qc'"], ["'maybe'", "'detected'"])
            + column("variant_call", "origin", ["'somatic'", "'germline'", "'clonal-haematopoiesis'", "'unknown'"], ["'tumour'"])
            + column("structural_finding", "kind", ["'del(17p)'", "'gain(1q)'", "'t(4;14)'", "'t(14;16)'", "'t(14;20)'", "'t(11;14)'",
                                                    "'MYC-rearrangement'", "'copy-number'", "'rearrangement'", "'LOH'"], ["'t(4;14'", "'loh'"])
            + column("lab_value", "marker", ["'m-protein'", "'kappa-flc'", "'lambda-flc'"], ["'x'"])
            + column("marrow_assessment", "mrd", ["'negative'", "'positive'", "'not-done'", "NULL"], ["'x'"])
            + column("imaging_study", "modality", ["'PET-CT'", "'MRI'", "'CT'", "'WBLDCT'"], ["'X-ray'"])
            + [("DELETE FROM patient", true)]
    }()

    /// Which updates the store refuses, each tried and rolled back.
    func refusals(_ path: String) throws -> [Bool] {
        let queue = try DatabaseQueue(path: path)  // foreign keys on
        defer { try? queue.close() }
        return try queue.write { db in
            try Self.updates.map { update in
                var refused = false
                try db.inSavepoint {
                    do { try db.execute(sql: update.sql) } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                        refused = true
                    }
                    return .rollback
                }
                return refused
            }
        }
    }

    func schema(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").map {
                "\($0["type"] as String) \($0["name"] as String) \($0["tbl_name"] as String) \($0["sql"] as String? ?? "")"
            }
        }
    }

    @Test func migrationKeepsRowsIdsIndexesAndRefusals() throws {
        let path = try v3Store()
        let before = try refusals(path)
        #expect(before == Self.updates.map(\.refused))
        let store = try SQLiteStore(path: path)
        #expect(try refusals(store.path) == before)
        let queue = try DatabaseQueue(path: store.path)
        let (origin, mrn, indexes, violations) = try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT origin FROM variant_call WHERE id = 11 AND document_id = 5 AND white_cell_depth = 900"),
             try String.fetchOne(db, sql: "SELECT mrn FROM patient JOIN document ON document.patient_id = patient.id WHERE document.id = 5"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(origin == "somatic")
        #expect(mrn == "P-7")
        #expect(violations == 0)
        #expect(indexes.filter { !$0.hasPrefix("sqlite_autoindex") } == [
            "biomarker_by_document", "biopsy_by_document", "document_by_patient", "document_by_report", "draw_by_accession",
            "imaging_lesion_by_study", "imaging_study_by_document", "lab_value_by_document", "marrow_assessment_by_document",
            "patient_by_birth", "report_release_by_patient", "structural_finding_by_document", "therapy_line_by_document",
        ])
        try queue.close()
        // A migrated store and a new one have one schema, whatever the store's history.
        #expect(try schema(store.path) == schema(try freshStore().path))
    }
}
