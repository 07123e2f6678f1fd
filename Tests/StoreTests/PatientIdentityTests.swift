import CtDNAModel
import Foundation
import Store
import Testing

/// Issue 15, item 2: never a silent split, never a silent merge. `alice` is P-1 under
/// issuer H: Doe, Alice, female, born 1960-01-02.
@Suite struct PatientIdentityTests {
    func with(mrn: String, issuer: String?, birth: String? = "1960-01-02", name: PersonName? = alice.name) -> Patient {
        Patient(identifier: PatientIdentifier(mrn: mrn, issuer: issuer), name: name, sex: .female,
                birthDate: birth.flatMap { CalendarDate(iso: $0) })
    }

    func conflict(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let StoreError.conflict(reason) { return reason } catch { return "\(error)" }
    }

    @Test func sameMRNUnderAnotherIssuerIsRefusedNamingBothIdentities() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        let reason = conflict {
            _ = try store.store(report(id: "R-2", patient: with(mrn: "P-1", issuer: "https://h.example/mrn"),
                                       collected: "2024-06-01T09:00:00Z"), from: source("b", sha: "b"), at: now)
        }
        #expect(reason?.contains("P-1 (https://h.example/mrn)") == true)
        #expect(reason?.contains("stored patient P-1 (H)") == true)
        #expect(reason?.contains("ctdna patients alias") == true)
        #expect(try store.patients().count == 1)
    }

    @Test func anAliasedIssuerJoinsTheStoredPatient() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        try store.declareIssuerAlias("H", "https://h.example/mrn", by: "lab lead", at: now)
        let outcome = try store.store(report(id: "R-2", patient: with(mrn: "P-1", issuer: "https://h.example/mrn"),
                                             collected: "2024-06-01T09:00:00Z"), from: source("b", sha: "b"), at: now)
        #expect(outcome == .ingested)
        #expect(try store.patients().count == 1)
        #expect(try store.timeline(mrn: "P-1", issuer: "H")?.draws.count == 2)
        // Asked for under the alias, the patient is found too.
        #expect(try store.timeline(mrn: "P-1", issuer: "https://h.example/mrn")?.draws.count == 2)
        let aliases = try store.issuerAliases()
        #expect(aliases == [IssuerAlias(issuer: "https://h.example/mrn", canonical: "H", declaredBy: "lab lead",
                                        declaredAt: now.text)])
    }

    @Test func aliasGroupsJoinUnderTheFirstNamedIssuersRoot() throws {
        let store = try freshStore()
        try store.declareIssuerAlias("A", "B", by: "x", at: now)   // B -> A
        try store.declareIssuerAlias("C", "D", by: "x", at: now)   // D -> C
        try store.declareIssuerAlias("B", "D", by: "x", at: now)   // root(B) = A absorbs root(D) = C
        let map = Dictionary(uniqueKeysWithValues: try store.issuerAliases().map { ($0.issuer, $0.canonical) })
        #expect(map == ["B": "A", "C": "A", "D": "A"])
        // Declaring it again changes nothing.
        try store.declareIssuerAlias("D", "A", by: "x", at: now)
        #expect(try store.issuerAliases().count == 3)
    }

    @Test func anotherBirthDateUnderAnotherIssuerIsAnotherPerson() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        _ = try store.store(report(id: "R-2", patient: with(mrn: "P-1", issuer: "K", birth: "1980-01-01")),
                            from: source("b", sha: "b"), at: now)
        #expect(try store.patients().count == 2)
    }

    @Test func sameNameBirthDateAndSexUnderAnotherMRNIsRefused() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        // "doe", " ALICE " match after case and space folding.
        let twin = with(mrn: "P-9", issuer: "H", name: PersonName(family: "DOE", given: [" alice "]))
        let reason = conflict {
            _ = try store.store(report(id: "R-2", patient: twin), from: source("b", sha: "b"), at: now)
        }
        #expect(reason?.contains("P-9 (H) has the name, birth date and sex of the stored patient P-1 (H)") == true)
        #expect(reason?.contains("Doe") == false && reason?.contains("Alice") == false)
        // Declared two people, the file makes a second patient.
        try store.declareDistinct(PatientIdentifier(mrn: "P-9", issuer: "H"), PatientIdentifier(mrn: "P-1", issuer: "H"),
                                  by: "lab lead", at: now)
        _ = try store.store(report(id: "R-2", patient: twin), from: source("b", sha: "b"), at: now)
        #expect(try store.patients().count == 2)
        // Stored in sorted order, whatever order it was declared in.
        #expect(try store.distinctPatients().map(\.first) == [PatientIdentifier(mrn: "P-1", issuer: "H")])
    }

    @Test func aPartialNameIsNoEvidenceOfOnePerson() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        // Family name only, or another given name: not the same name.
        _ = try store.store(report(id: "R-2", patient: with(mrn: "P-8", issuer: "H", name: PersonName(family: "Doe"))),
                            from: source("b", sha: "b"), at: now)
        _ = try store.store(report(id: "R-3", patient: with(mrn: "P-7", issuer: "H", name: PersonName(family: "Doe", given: ["Alicia"]))),
                            from: source("c", sha: "c"), at: now)
        #expect(try store.patients().count == 3)
    }

    @Test func declaredDistinctSameMRNUnderTwoIssuersIsTwoPatients() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1"), from: source("a", sha: "a"), at: now)
        try store.declareDistinct(PatientIdentifier(mrn: "P-1", issuer: "H"), PatientIdentifier(mrn: "P-1", issuer: "K"),
                                  by: "lab lead", at: now)
        _ = try store.store(report(id: "R-2", patient: with(mrn: "P-1", issuer: "K")), from: source("b", sha: "b"), at: now)
        #expect(try store.patients().count == 2)
    }
}
