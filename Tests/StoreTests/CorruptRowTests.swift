import CtDNAModel
import Foundation
import GRDB
import Store
import Testing

/// A store edited behind the schema's back (a value of the wrong type, a NULL the schema
/// once forbade) is a store error for the query that meets it, never a crash, and the
/// error quotes no stored value.
@Suite struct CorruptRowTests {
    /// Runs `sql` through a separate connection that does not check CHECK constraints.
    func corrupt(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    func expectUnreadable(_ column: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a store error for column \(column)", sourceLocation: sourceLocation)
        } catch {
            #expect(error as? StoreError == .database("a stored row cannot be read: column \(column) holds a value of the wrong type, or none where one is required"),
                    sourceLocation: sourceLocation)
            #expect(!"\(error)".contains("Doe") && !"\(error)".contains("Alice"), sourceLocation: sourceLocation)
        }
    }

    @Test func textInAnIntegerColumn() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        try corrupt(store.path, "UPDATE document SET version = 'two'")
        expectUnreadable("version") { _ = try store.audit() }  // what `ctdna verify` runs
        expectUnreadable("version") { _ = try store.timeline(mrn: "P-1", issuer: nil) }
    }

    @Test func textInAVariantCall() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        try corrupt(store.path, "UPDATE variant_call SET depth = 'deep' WHERE gene = 'TP53'")
        expectUnreadable("depth") { _ = try store.timeline(mrn: "P-1", issuer: nil) }
        #expect(try store.patients().map(\.drawCount) == [1])  // what does not read the row still works
    }

    @Test func nullWhereTheSchemaOnceForbadeIt() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        let queue = try DatabaseQueue(path: store.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA writable_schema = ON;
                UPDATE sqlite_master SET sql = replace(sql, 'path TEXT NOT NULL', 'path TEXT') WHERE name = 'source_file';
                PRAGMA writable_schema = OFF;
                """)
        }
        try queue.close()
        try corrupt(store.path, "UPDATE source_file SET path = NULL")
        expectUnreadable("path") { _ = try store.audit() }
        expectUnreadable("path") { _ = try store.timeline(mrn: "P-1", issuer: nil) }
    }

    @Test func unreadablePatientRowWhileIngesting() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        try corrupt(store.path, "UPDATE patient SET issuer = x'00ff'")
        // The writer reads the stored patient to match the next file: a store failure, not a refusal.
        expectUnreadable("issuer") { _ = try store.store(report(id: "R-2", collected: "2024-06-01T09:00:00Z"), from: source("b", sha: "b"), at: now) }
        expectUnreadable("issuer") { _ = try store.patients() }
    }
}
