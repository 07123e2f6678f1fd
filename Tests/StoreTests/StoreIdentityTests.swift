import Foundation
import GRDB
@testable import Store
import Testing

/// Issue 14, item 7: a store is marked as ours and another program's database refused.
@Suite struct StoreIdentityTests {
    func temporaryPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("s.sqlite").path
    }

    @Test func foreignDatabaseRefusedBeforeAnyWrite() throws {
        let path = try temporaryPath()
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try other.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for access in [SQLiteStore.Access.readWrite, .readOnly] {
            #expect(throws: StoreError.notAStore(path: path)) { try SQLiteStore(path: path, access: access) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func otherApplicationIDRefused() throws {
        let path = try temporaryPath()
        let other = try DatabaseQueue(path: path)
        try other.write { try $0.execute(sql: "PRAGMA application_id = 42; CREATE TABLE grdb_migrations (identifier TEXT)") }
        try other.close()
        #expect(throws: StoreError.notAStore(path: path)) { try SQLiteStore(path: path) }
    }

    @Test func ownStoreReopensAndIsMarked() throws {
        let path = try temporaryPath()
        _ = try SQLiteStore(path: path)
        let store = try SQLiteStore(path: path, access: .readOnly)
        let id = try store.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
        #expect(id == StoreMigrations.applicationID)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func checkExpressionsAreParsedFromTheSchema() {
        let sql = "CREATE TABLE t (a TEXT CHECK (a IN ('x(', 'y')), b INT CHECK(b > 0), \"check\" INT, CHECK ((a = 'x(') = (b IS NULL)))"
        #expect(SQLiteStore.checkExpressions(in: sql) == ["a IN ('x(', 'y')", "b > 0", "(a = 'x(') = (b IS NULL)"])
    }
}

/// Issue 14, item 7: a store on a read-only location is opened `immutable` and readable.
@Suite struct ReadOnlyStoreTests {
    @Test func decision() {
        #expect(!SQLiteStore.mustOpenImmutable(fileWritable: true, folderWritable: true))
        #expect(SQLiteStore.mustOpenImmutable(fileWritable: false, folderWritable: true))
        #expect(SQLiteStore.mustOpenImmutable(fileWritable: true, folderWritable: false))
        #expect(!SQLiteStore.isReadOnlyLocation("/no/such/store.sqlite"))
        #expect(SQLiteStore.immutableURI("/a b/x?y#z%.sqlite") == "file:/a%20b/x%3Fy%23z%25.sqlite?immutable=1")
    }

    @Test func immutableOpenReadsAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("s.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try store.write { db in
                try db.execute(sql: "INSERT INTO patient (mrn, issuer, sex) VALUES ('RO-1', '', 'female')")
            }
            try store.optimize()  // the checkpoint at the end of an ingest
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let store = try SQLiteStore(path: path, access: .immutable)
        #expect(try store.patients().map(\.patient.identifier.mrn) == ["RO-1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
        #expect(throws: StoreError.self) { try store.write { try $0.execute(sql: "DELETE FROM patient") } }
    }
}
