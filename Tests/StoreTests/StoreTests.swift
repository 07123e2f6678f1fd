import CtDNAModel
import Foundation
import Store
import Testing

/// A fresh store file in its own temporary folder.
func freshStore() throws -> SQLiteStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
}

let now = Timestamp(iso: "2026-11-25T10:00:00Z")!
let alice = Patient(identifier: PatientIdentifier(mrn: "P-1", issuer: "H"), name: PersonName(family: "Doe", given: ["Alice"]),
                    sex: .female, birthDate: CalendarDate(iso: "1960-01-02"))

func report(id: String = "R-1", version: Int = 1, patient: Patient = alice, collected: String = "2024-05-06T09:00:00Z",
            accession: String? = nil, vaf: Double = 0.025, status: ReportStatus = .final) -> ParsedDocument {
    .result(ResultReport(
        identity: ReportIdentity(id: id, version: version), status: status, patient: patient,
        specimen: Specimen(accession: accession ?? "S-\(id)", collected: Timestamp(iso: collected)!),
        assay: Assay(name: "Panel", panelGenes: ["KRAS", "TP53"], limitOfDetection: AlleleFraction(fraction: 0.001)),
        variants: [
            VariantCall(gene: "KRAS", codingChange: "c.35G>A", proteinChange: "p.G12D", altReads: Int(vaf * 2000),
                        depth: 2000, alleleFraction: AlleleFraction(fraction: vaf), status: .detected),
            VariantCall(gene: "TP53", proteinChange: "p.R248Q", depth: 1800, status: .notDetected),
        ],
        findings: [StructuralFinding(kind: .del17p)]))
}

func source(_ name: String, sha: Character = "a") -> SourceFile {
    SourceFile(path: "in/\(name).xml", sha256: String(repeating: sha, count: 64), format: .ctdnaResult, byteCount: 100)
}

@Suite struct StoreTests {
    @Test func storedReportComesBackWhole() throws {
        let store = try freshStore()
        #expect(try store.store(report(), from: source("a"), at: now) == .ingested)
        let t = try #require(try store.timeline(mrn: "P-1", issuer: nil))
        #expect(t.patient == alice)
        #expect(t.draws.count == 1)
        let r = t.draws[0].report
        guard case .result(let original) = report() else { return }
        #expect(r.variants == original.variants)
        #expect(r.findings == original.findings)
        #expect(r.specimen == original.specimen)
        #expect(r.assay == original.assay)
        #expect(t.draws[0].provenance.source == source("a"))
        #expect(t.draws[0].provenance.ingestedAt.text == now.text)
    }

    @Test func sameContentAgainChangesNothing() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        #expect(try store.store(report(), from: source("a-copy"), at: now) == .unchanged)
        #expect(try store.patients().map(\.drawCount) == [1])
    }

    @Test func laterVersionSupersedesAndHistoryIsKept() throws {
        let store = try freshStore()
        _ = try store.store(report(vaf: 0.025), from: source("v1", sha: "a"), at: now)
        let outcome = try store.store(report(version: 2, vaf: 0.031, status: .amended), from: source("v2", sha: "b"), at: now)
        #expect(outcome == .superseded(previous: 1))
        let t = try #require(try store.timeline(mrn: "P-1", issuer: "H"))
        #expect(t.draws.count == 1)
        #expect(t.draws[0].report.identity.version == 2)
        #expect(t.draws[0].report.variants[0].alleleFraction?.fraction == 0.031)
        #expect(t.amendments.map(\.identity) == [ReportIdentity(id: "R-1", version: 1)])
        #expect(t.amendments.first?.replacedBy == 2)
    }

    @Test func olderOrDuplicateVersionIsRefused() throws {
        let store = try freshStore()
        _ = try store.store(report(version: 2), from: source("v2", sha: "a"), at: now)
        #expect(throws: StoreError.conflict("report R-1 v1 is older than the stored version 2")) {
            try store.store(report(version: 1), from: source("v1", sha: "b"), at: now)
        }
        #expect(throws: StoreError.self) {
            try store.store(report(version: 2, vaf: 0.5), from: source("v2b", sha: "c"), at: now)
        }
        #expect(try store.timeline(mrn: "P-1", issuer: nil)?.draws.first?.report.identity.version == 2)
    }

    @Test func retractedReportLeavesTheTimeline() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("v1", sha: "a"), at: now)
        _ = try store.store(report(version: 2, status: .enteredInError), from: source("v2", sha: "b"), at: now)
        let t = try #require(try store.timeline(mrn: "P-1", issuer: nil))
        #expect(t.draws.isEmpty)
        #expect(t.amendments.map(\.status) == [.final, .enteredInError])
    }

    @Test func wrongPatientFileIsRefused() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a", sha: "a"), at: now)
        var other = alice
        other.birthDate = CalendarDate(iso: "1971-07-07")
        #expect(throws: StoreError.conflict("possible wrong-patient file: the stored patient with this MRN has another birth date")) {
            try store.store(report(id: "R-2", patient: other), from: source("b", sha: "b"), at: now)
        }
        other = alice
        other.sex = .male
        #expect(throws: StoreError.self) {
            try store.store(report(id: "R-3", patient: other), from: source("c", sha: "c"), at: now)
        }
        #expect(try store.patients().map(\.drawCount) == [1])
    }

    @Test func sameSpecimenWithAnotherCollectionTimeIsRefused() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1", accession: "S-9"), from: source("a", sha: "a"), at: now)
        #expect(throws: StoreError.self) {
            try store.store(report(id: "R-2", collected: "2024-06-01T09:00:00Z", accession: "S-9"),
                            from: source("b", sha: "b"), at: now)
        }
    }

    @Test func unknownMRNGivesNil() throws {
        let store = try freshStore()
        #expect(try store.timeline(mrn: "nobody", issuer: nil) == nil)
    }

    @Test func storeFileIsPrivateAndSound() throws {
        let store = try freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try store.integrityProblems().isEmpty)
    }
}

@Suite struct PatientMatchingTests {
    func named(_ mrn: String, issuer: String?) -> Patient {
        var p = alice
        p.identifier = PatientIdentifier(mrn: mrn, issuer: issuer)
        return p
    }

    @Test func fileWithoutIssuerJoinsTheOnePatientWithThatMRN() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1", patient: named("M", issuer: "H")), from: source("a", sha: "a"), at: now)
        _ = try store.store(report(id: "R-2", patient: named("M", issuer: nil), collected: "2024-06-01T09:00:00Z"),
                            from: source("b", sha: "b"), at: now)
        #expect(try store.patients().count == 1)
        #expect(try store.timeline(mrn: "M", issuer: "H")?.draws.count == 2)
    }

    @Test func issuerJoinsAPatientStoredWithoutOne() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1", patient: named("M", issuer: nil)), from: source("a", sha: "a"), at: now)
        _ = try store.store(report(id: "R-2", patient: named("M", issuer: "H"), collected: "2024-06-01T09:00:00Z"),
                            from: source("b", sha: "b"), at: now)
        #expect(try store.patients().map(\.patient.identifier) == [PatientIdentifier(mrn: "M", issuer: "H")])
    }

    @Test func sameMRNUnderTwoIssuersIsTwoPatients() throws {
        let store = try freshStore()
        _ = try store.store(report(id: "R-1", patient: named("M", issuer: "H")), from: source("a", sha: "a"), at: now)
        var other = named("M", issuer: "K")
        other.birthDate = CalendarDate(iso: "1980-01-01")
        _ = try store.store(report(id: "R-2", patient: other), from: source("b", sha: "b"), at: now)
        #expect(try store.patients().count == 2)
        #expect(throws: StoreError.ambiguousPatient(mrn: "M", issuers: ["H", "K"])) {
            _ = try store.timeline(mrn: "M", issuer: nil)
        }
        // A file with the MRN alone cannot tell which patient it belongs to.
        #expect(throws: StoreError.self) {
            try store.store(report(id: "R-3", patient: named("M", issuer: nil)), from: source("c", sha: "c"), at: now)
        }
    }
}
