import CtDNAModel
import Foundation
import GRDB
import Store
import Testing

/// The schema itself refuses what no reader should let through, whatever writes to it.
@Suite struct SchemaInvariantTests {
    /// Runs raw SQL against the store file through a separate connection; the SQLite result code.
    func exec(_ path: String, _ sql: String) throws -> ResultCode {
        let queue = try DatabaseQueue(path: path)  // GRDB turns foreign keys on by default
        do {
            try queue.write { try $0.execute(sql: sql) }
            return .SQLITE_OK
        } catch let error as DatabaseError {
            return error.resultCode
        }
    }

    @Test(arguments: [
        "UPDATE variant_call SET vaf = 1.5 WHERE status = 'detected'",
        "UPDATE variant_call SET vaf = -0.1 WHERE status = 'detected'",
        "UPDATE variant_call SET depth = 10, alt_reads = 11 WHERE status = 'detected'",
        "UPDATE variant_call SET vaf = NULL WHERE status = 'detected'",
        "UPDATE variant_call SET vaf = 0.1 WHERE status = 'not-detected'",
        "UPDATE variant_call SET status = 'maybe'",
        "UPDATE patient SET sex = 'x'",
        "UPDATE patient SET birth_date = '02/01/1960'",
        "UPDATE document SET version = 0",
        "UPDATE draw SET tumour_fraction = 2",
        "UPDATE draw SET received_epoch = collected_epoch - 1",
        "INSERT INTO variant_call (document_id, variant_key, gene, status, origin, equivocal, subclonal) VALUES (999, 'K', 'K', 'not-detected', 'unknown', 0, 0)",
        "UPDATE source_file SET sha256 = 'short'",
    ])
    func constraintRefuses(_ sql: String) throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        #expect(try exec(store.path, sql) == .SQLITE_CONSTRAINT)
    }
}
