import CtDNAModel
import Foundation
import GRDB
import Store
import Testing

/// A batch is one transaction with a savepoint per document: a refused document leaves
/// no row behind and the others are stored.
@Suite struct BatchStoreTests {
    /// 2,000 reads cannot hold 2,001 alternate reads: the model lets it through, the
    /// schema's CHECK refuses it.
    func impossibleDepth(id: String) throws -> ParsedDocument {
        guard case .result(var r) = report(id: id, collected: "2024-07-01T09:00:00Z") else { throw CocoaError(.featureUnsupported) }
        r.variants[0].altReads = 2_001
        return .result(r)
    }

    @Test func refusedDocumentLeavesNoTraceAndTheOthersAreStored() throws {
        let store = try freshStore()
        let results = try store.store(batch: [
            StoreItem(document: report(id: "R-1"), source: source("one", sha: "a")),
            StoreItem(document: try impossibleDepth(id: "R-2"), source: source("two", sha: "b")),
            StoreItem(document: report(id: "R-1", version: 1), source: source("dup", sha: "c")),
            StoreItem(document: report(id: "R-3", collected: "2024-08-01T09:00:00Z"), source: source("three", sha: "d")),
        ], at: now)
        #expect(results.count == 4)
        #expect(try results[0].get() == .ingested)
        guard case .failure(.conflict(let reason)) = results[1] else {
            Issue.record("expected the store to refuse R-2: \(results[1])")
            return
        }
        #expect(reason.contains("CHECK constraint failed"))
        // Same report id and version, other content: refused by the writer's own rule.
        guard case .failure(.conflict) = results[2] else {
            Issue.record("expected a conflict for the duplicate version: \(results[2])")
            return
        }
        #expect(try results[3].get() == .ingested)

        let queue = try DatabaseQueue(path: store.path)
        let (documents, files, calls) = try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT report_id FROM document ORDER BY report_id"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_file") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM variant_call") ?? -1)
        }
        #expect(documents == ["R-1", "R-3"])
        #expect(files == 2)       // no source_file row for the refused ones
        #expect(calls == 4)       // 2 calls × 2 stored reports
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func sameFileTwiceInABatchIsStoredOnce() throws {
        let store = try freshStore()
        let results = try store.store(batch: [
            StoreItem(document: report(id: "R-1"), source: source("one", sha: "a")),
            StoreItem(document: report(id: "R-1"), source: source("copy", sha: "a")),
        ], at: now)
        #expect(try results.map { try $0.get() } == [.ingested, .unchanged])
    }
}
