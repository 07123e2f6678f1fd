import CtDNAModel
import Foundation
import GRDB
@testable import Store
import Testing

/// v8-vcf-format: a store as v6 left it accepts 'vcf-sample-sheet' sources afterwards and
/// keeps every row (ids included) and every reference to them.
@Suite struct VCFFormatMigrationTests {
    func v6Store() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-v6-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v6-application-id")
        try old.write { db in
            // v6 refuses the new format.
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES ('\(String(repeating: "d", count: 64))', 'x', 'vcf-sample-sheet', 1, 'now')")
            }
            try db.execute(sql: """
                INSERT INTO patient (id, mrn, issuer, sex) VALUES (7, 'P-7', 'H', 'female');
                INSERT INTO source_file (id, sha256, path, format, byte_count, ingested_at)
                  VALUES (3, '\(String(repeating: "b", count: 64))', 'a.xml', 'ctdna-result-1', 10, '2026-11-25T10:00:00Z');
                INSERT INTO document (id, patient_id, source_file_id, kind, report_id, version, status)
                  VALUES (5, 7, 3, 'result', 'R-7', 1, 'final');
                INSERT INTO draw (document_id, accession, collected, collected_epoch, collected_date, collected_estimated,
                  assay_name, qc_status, lists_detected_only)
                  VALUES (5, 'S-7', '2024-05-06T09:00:00Z', 1714986000, '2024-05-06', 0, 'Panel', 'pass', 0);
                """)
        }
        try old.close()
        return path
    }

    @Test func v6StoreMigratesAndTakesVCFSources() throws {
        let path = try v6Store()
        let store = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: store.path)
        defer { try? queue.close() }
        try queue.write { db in
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            #expect(applied.contains("v8-vcf-format"))
            #expect(try String.fetchOne(db, sql: "SELECT path FROM source_file WHERE id = 3") == "a.xml")
            #expect(try Int64.fetchOne(db, sql: "SELECT source_file_id FROM document WHERE id = 5") == 3)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            try db.execute(sql: "INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES ('\(String(repeating: "e", count: 64))', 'x', 'vcf-sample-sheet', 1, 'now')")
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES ('\(String(repeating: "f", count: 64))', 'y', 'vcf', 1, 'now')")
            }
            // The UNIQUE content hash survives the rebuild.
            #expect(throws: (any Error).self) {
                try db.execute(sql: "INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES ('\(String(repeating: "b", count: 64))', 'z', 'ctdna-result-1', 1, 'now')")
            }
        }
        #expect(try store.integrityProblems().isEmpty)
    }

    /// v1's format list is frozen text: a store created before VCF support ran exactly it.
    @Test func v1FormatListIsFrozen() {
        #expect(StoreMigrations.formats == "'ctdna-result-1','ctdna-clinical-1','fhir-r4-xml','fhir-r4-json','foundationone-xml'")
        #expect(SourceFormat.allCases.count == 6)
    }
}
