import CtDNAModel
import Foundation
import GRDB
@testable import Store
import Testing

/// Queries name no index: after an ingest, `optimize()` gives the planner the statistics
/// it needs to look a patient's documents up by patient.
@Suite struct OptimizeTests {
    @Test func afterOptimizeAPatientsDocumentsAreFoundByPatient() throws {
        let store = try freshStore()
        var items: [StoreItem] = []
        for p in 0..<40 {
            var patient = alice
            patient.identifier = PatientIdentifier(mrn: "P-\(p)", issuer: "H")
            patient.birthDate = CalendarDate(iso: "\(1940 + p)-01-02")  // 40 people, not one under 40 MRNs
            for k in 0..<3 {
                items.append(StoreItem(document: report(id: "R-\(p)-\(k)", patient: patient, collected: "2024-0\(k + 1)-06T09:00:00Z"),
                                       source: SourceFile(path: "in/\(p)-\(k).xml", sha256: String(format: "%064x", items.count),
                                                          format: .ctdnaResult, byteCount: 100)))
            }
        }
        #expect(try store.store(batch: items, at: now).allSatisfy { (try? $0.get()) == .ingested })
        try store.optimize()

        let queue = try DatabaseQueue(path: store.path)
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'document'") ?? 0 > 0)
            for sql in [TimelineQuery.drawsSQL, TimelineQuery.amendmentsSQL] {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1]).map { $0["detail"] as String }
                #expect(plan.contains { $0.hasPrefix("SEARCH d USING INDEX document_by_patient ") }, "\(plan)")
            }
        }
        #expect(try store.timeline(mrn: "P-7", issuer: nil)?.draws.count == 3)
    }
}
