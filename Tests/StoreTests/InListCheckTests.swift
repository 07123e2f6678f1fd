import CtDNAModel
import Foundation
import GRDB
@testable import Store
import Testing

/// v4 rewrites `x IN (three or more literals)` checks as OR chains (SQLite builds a
/// temporary b-tree per checked row for an IN list) without changing what they refuse.
@Suite struct InListCheckTests {
    @Test func listsOfThreeOrMoreBecomeComparisons() {
        #expect(InListChecks.rewrite("status TEXT CHECK (status IN ('a','b','c'))")
                == "status TEXT CHECK ((status = 'a' OR status = 'b' OR status = 'c'))")
        // Two values are compared in place by SQLite already: left alone.
        #expect(InListChecks.rewrite("x INTEGER CHECK (x IN (0, 1))") == "x INTEGER CHECK (x IN (0, 1))")
        // Quotes, brackets and semicolons inside literals are copied, not parsed.
        #expect(InListChecks.rewrite("CHECK (kind IN ('del(17p)', 't(4;14)', 'it''s'))")
                == "CHECK ((kind = 'del(17p)' OR kind = 't(4;14)' OR kind = 'it''s'))")
        // Not a list of literals, or inside a string: unchanged.
        #expect(InListChecks.rewrite("CHECK (x IN (SELECT a FROM t))") == "CHECK (x IN (SELECT a FROM t))")
        #expect(InListChecks.rewrite("DEFAULT 'y IN (1,2,3)'") == "DEFAULT 'y IN (1,2,3)'")
        #expect(InListChecks.rewrite("CHECK (n in (1, 2, -3))") == "CHECK ((n = 1 OR n = 2 OR n = -3))")
    }

    @Test func noInsertBuildsATemporaryTable() throws {
        let store = try freshStore()
        let queue = try DatabaseQueue(path: store.path)
        try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            #expect(tables.count == 11)
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                let sql = "EXPLAIN INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES (\(columns.map { _ in "NULL" }.joined(separator: ",")))"
                let ops = try Row.fetchAll(db, sql: sql).map { $0["opcode"] as String }
                #expect(!ops.contains("OpenEphemeral"), "\(table)")
            }
        }
    }

    @Test func migrationKeepsRowsIdsAndRefusals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        // A store as v3 left it, with a patient, a file, a document and a call.
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v3-child-indexes")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO patient (id, mrn, issuer, sex) VALUES (7, 'P-7', 'H', 'female');
                INSERT INTO source_file (id, sha256, path, format, byte_count, ingested_at)
                  VALUES (3, '\(String(repeating: "b", count: 64))', 'a.xml', 'ctdna-result-1', 10, '2026-11-25T10:00:00Z');
                INSERT INTO document (id, patient_id, source_file_id, kind, report_id, version, status)
                  VALUES (5, 7, 3, 'result', 'R-7', 1, 'final');
                INSERT INTO variant_call (id, document_id, variant_key, gene, status, origin, equivocal, subclonal, white_cell_depth)
                  VALUES (11, 5, 'KRAS p.G12D', 'KRAS', 'not-detected', 'somatic', 0, 0, 900);
                """)
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: store.path)
        let (origin, mrn, indexes, violations) = try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT origin FROM variant_call WHERE id = 11 AND document_id = 5 AND white_cell_depth = 900"),
             try String.fetchOne(db, sql: "SELECT mrn FROM patient JOIN document ON document.patient_id = patient.id WHERE document.id = 5"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'document_by_patient'"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(origin == "somatic")
        #expect(mrn == "P-7")
        #expect(indexes == 1)
        #expect(violations == 0)
        for sql in ["UPDATE variant_call SET origin = 'tumour'", "UPDATE document SET status = 'draft'",
                    "UPDATE patient SET sex = 'x'", "UPDATE source_file SET format = 'csv'",
                    "DELETE FROM patient"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
        }
    }
}
