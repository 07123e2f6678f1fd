import CtDNAModel
import Foundation
import Store
import Testing

/// Issue 14: one MRN and one birth date with two different names is two people merged,
/// refused like the birth-date and sex guards; the message names the MRN, not the names.
@Suite struct NameGuardTests {
    func alice(family: String?, given: [String]) -> Patient {
        Patient(identifier: PatientIdentifier(mrn: "P-1", issuer: "H"),
                name: family == nil && given.isEmpty ? nil : PersonName(family: family, given: given),
                sex: .female, birthDate: CalendarDate(iso: "1960-01-02"))
    }

    @Test func anotherNameWithTheSameBirthDateIsRefused() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        let message = "possible wrong-patient file: the stored patient with MRN P-1 has the same birth date but another name"
        #expect(throws: StoreError.conflict(message)) {
            try store.store(report(id: "R-2", patient: alice(family: "Roe", given: ["Alice"]),
                                   collected: "2024-06-06T09:00:00Z"), from: source("b", sha: "b"), at: now)
        }
        #expect(throws: StoreError.conflict(message)) {
            try store.store(report(id: "R-3", patient: alice(family: "Doe", given: ["Alicia"]),
                                   collected: "2024-07-06T09:00:00Z"), from: source("c", sha: "c"), at: now)
        }
        #expect(try store.patients().map(\.drawCount) == [1])
    }

    @Test func caseSpacingAndNormalisationAreNotDifferences() throws {
        let store = try freshStore()
        let stored = alice(family: "Dupr\u{E9} van Berg", given: ["Alice", "Marie"])
        _ = try store.store(report(id: "R-1", patient: stored), from: source("a", sha: "a"), at: now)
        // Decomposed é, other case, other spacing: the same person.
        let same = alice(family: "DUPRE\u{301} VANBERG", given: ["alice  marie"])
        #expect(try store.store(report(id: "R-2", patient: same, collected: "2024-06-06T09:00:00Z"),
                                from: source("b", sha: "b"), at: now) == .ingested)
        // A file without a name, or with the family name only, is no evidence of another person.
        #expect(try store.store(report(id: "R-3", patient: alice(family: nil, given: []), collected: "2024-07-06T09:00:00Z"),
                                from: source("c", sha: "c"), at: now) == .ingested)
        #expect(try store.store(report(id: "R-4", patient: alice(family: "Dupré van Berg", given: []), collected: "2024-08-06T09:00:00Z"),
                                from: source("d", sha: "d"), at: now) == .ingested)
        #expect(try store.patients().map(\.drawCount) == [4])
    }
}
