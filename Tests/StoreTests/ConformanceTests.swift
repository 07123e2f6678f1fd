import CtDNAModel
import Foundation
@testable import Store
import Testing

/// The backends a conformance case runs on: SQLite always, PostgreSQL when
/// `CTDNA_TEST_POSTGRES_URL` names a server database to make scratch databases from
/// (`make test` starts a throw-away cluster and sets it: scripts/pg-test-cluster.sh).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    var testDescription: String { rawValue }

    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["CTDNA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil {
            print("note: CTDNA_TEST_POSTGRES_URL is not set: the store conformance suite runs on SQLite only (make test sets it)")
        }
        return url
    }()

    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql] }

    /// A new, empty store of this backend: a file in a new folder, or a new database.
    func freshStore() throws -> any CtDNAStore {
        switch self {
        case .sqlite: return try freshSQLite()
        case .postgresql: return try PostgresStore(try Self.scratchDatabase())
        }
    }

    /// Another connection to the same store (another writer process would open one).
    func reopen(_ store: any CtDNAStore) throws -> any CtDNAStore {
        switch store {
        case let sqlite as SQLiteStore: return try SQLiteStore(path: sqlite.path)
        case let postgres as PostgresStore: return try PostgresStore(try Self.location(postgres.location))
        default: throw StoreError.database("unknown backend")
        }
    }

    static func location(_ url: String, user: String? = nil) throws -> StoreLocation.Postgres {
        guard case .postgres(var location) = try StoreLocation.parse(url) else { throw StoreError.database("not a PostgreSQL URL: \(url)") }
        if let user { location.user = user }
        return location
    }

    /// A database of its own for one test, made through the base URL's database.
    static func scratchDatabase() throws -> StoreLocation.Postgres {
        guard let base = postgresURL else { throw StoreError.database("no CTDNA_TEST_POSTGRES_URL") }
        let name = "ctdna_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try admin { try $0.script("CREATE DATABASE \(name)") }
        var location = try location(base)
        location.database = name
        return location
    }

    /// Runs `body` as the cluster's superuser, connected to the base database.
    static func admin(_ body: (PostgresSession) throws -> Void) throws {
        guard let base = postgresURL else { throw StoreError.database("no CTDNA_TEST_POSTGRES_URL") }
        let store = try PostgresStore(try location(base))
        try store.withSession(body)
    }
}

func freshSQLite() throws -> SQLiteStore { try freshStore() }

func count(_ table: String, in store: any CtDNAStore) throws -> Int {
    try store.reading { try $0.scalar("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? -1 }
}

/// One store conformance suite, every case on every available backend: what the commands
/// rely on from a store, whichever database holds it.
@Suite struct StoreConformanceTests {
    @Test(arguments: Backend.available)
    func storedReportComesBackWhole(_ backend: Backend) throws {
        let store = try backend.freshStore()
        #expect(try store.store(report(), from: source("a"), at: now) == .ingested)
        let t = try #require(try store.timeline(mrn: "P-1", issuer: nil))
        guard case .result(let original) = report() else { return }
        #expect(t.patient == alice)
        #expect(t.draws.map(\.report.variants) == [original.variants])
        #expect(t.draws.map(\.report.specimen) == [original.specimen])
        #expect(t.draws.map(\.report.assay) == [original.assay])
        #expect(t.draws.map(\.report.findings) == [original.findings])
        #expect(t.draws.first?.provenance.source == source("a"))
        #expect(try store.audit().problems == [])
    }

    @Test(arguments: Backend.available)
    func sameBytesAgainAreStoredOnce(_ backend: Backend) throws {
        let store = try backend.freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        #expect(try store.store(report(), from: source("a-copy"), at: now) == .unchanged)
        // The same file twice in one chunk: stored once, the second unchanged.
        let results = try store.store(batch: [StoreItem(document: report(id: "R-2"), source: source("b", sha: "b")),
                                              StoreItem(document: report(id: "R-2"), source: source("b2", sha: "b"))], at: now)
        #expect(results.map { try? $0.get() } == [.ingested, .unchanged])
        #expect(try count("source_file", in: store) == 2)
        #expect(try count("document", in: store) == 2)
    }

    @Test(arguments: Backend.available)
    func laterVersionSupersedesAndOlderIsRefused(_ backend: Backend) throws {
        let store = try backend.freshStore()
        _ = try store.store(report(vaf: 0.025), from: source("v1", sha: "a"), at: now)
        #expect(try store.store(report(version: 2, vaf: 0.031, status: .amended), from: source("v2", sha: "b"), at: now)
                == .superseded(previous: 1))
        let t = try #require(try store.timeline(mrn: "P-1", issuer: "H"))
        #expect(t.draws.map(\.report.identity.version) == [2])
        #expect(t.amendments.map(\.replacedBy) == [2])
        #expect(throws: StoreError.conflict("report R-1 v1 is already stored with different content; send a higher version to amend it")) {
            try store.store(report(version: 1, vaf: 0.02), from: source("v1b", sha: "c"), at: now)
        }
        let other = try backend.freshStore()
        _ = try other.store(report(version: 2), from: source("v2", sha: "b"), at: now)
        #expect(throws: StoreError.conflict("report R-1 v1 is older than the stored version 2")) {
            try other.store(report(version: 1), from: source("v1", sha: "a"), at: now)
        }
    }

    @Test(arguments: Backend.available)
    func wrongPatientFileIsRefusedAndLeavesNothing(_ backend: Backend) throws {
        let store = try backend.freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        var other = alice
        other.birthDate = CalendarDate(iso: "1970-03-04")
        #expect(throws: StoreError.self) {
            try store.store(report(id: "R-9", patient: other), from: source("x", sha: "9"), at: now)
        }
        #expect(try count("source_file", in: store) == 1)
        #expect(try count("document", in: store) == 1)
        #expect(try count("patient", in: store) == 1)
    }

    /// A document the schema's CHECKs refuse (more alternate reads than depth) rolls back to
    /// its savepoint: none of its rows, and the chunk's other files are stored.
    @Test(arguments: Backend.available)
    func refusedDocumentLeavesNoTraceAndTheOthersAreStored(_ backend: Backend) throws {
        let store = try backend.freshStore()
        guard case .result(var bad) = report(id: "R-BAD") else { return }
        bad.variants[0].altReads = 5000
        let results = try store.store(batch: [
            StoreItem(document: report(id: "R-1"), source: source("1", sha: "1")),
            StoreItem(document: .result(bad), source: source("bad", sha: "2")),
            StoreItem(document: report(id: "R-3", collected: "2024-06-06T09:00:00Z"), source: source("3", sha: "3")),
        ], at: now)
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        if case .failure(let error) = results[1] { #expect("\(error)".hasPrefix("the store refused a value")) }
        #expect(try count("source_file", in: store) == 2)
        #expect(try count("document", in: store) == 2)
        #expect(try count("variant_call", in: store) == 4)
        #expect(try store.audit().problems == [])
    }

    /// A failure in the middle of a chunk (the process dies, the connection drops): the
    /// chunk's transaction is rolled back whole, and the same chunk stores on a re-run.
    @Test(arguments: Backend.available)
    func crashInAChunkStoresNoneOfIt(_ backend: Backend) throws {
        struct Crash: Error {}
        let store = try backend.freshStore()
        let chunk = (1...5).map { i in
            StoreItem(document: report(id: "R-\(i)", collected: "2024-0\(i)-06T09:00:00Z"),
                      source: source("\(i)", sha: Character("\(i)")))
        }
        #expect(throws: StoreError.self) {
            try store.writing { db in
                _ = try storeEach(Array(chunk.prefix(3)), in: db, at: now) { _ in nil }
                throw Crash()
            }
        }
        #expect(try count("source_file", in: store) == 0)
        #expect(try count("patient", in: store) == 0)
        let results = try store.store(batch: chunk, at: now)
        #expect(results.compactMap { try? $0.get() } == Array(repeating: .ingested, count: 5))
        #expect(try store.audit().problems == [])
    }

    /// Four writers, each with its own connection, store overlapping chunks at once: every
    /// file is stored exactly once, none is lost, no writer fails.
    @Test(arguments: Backend.available)
    func fourConcurrentWritersStoreEachFileOnce(_ backend: Backend) throws {
        let store = try backend.freshStore()
        let patients = (1...6).map { i in
            Patient(identifier: PatientIdentifier(mrn: "C-\(i)", issuer: i % 2 == 0 ? "A" : "B"),
                    name: PersonName(family: "Writer\(i)", given: ["Test"]), sex: .female, birthDate: CalendarDate(iso: "1961-01-0\(i)"))
        }
        // 24 files: 6 patients × 4 draws; writer w stores files w…w+15 (mod 24), in chunks of 4.
        let files = (0..<24).map { n in
            StoreItem(document: report(id: "C-R\(n)", patient: patients[n % 6], collected: "2024-0\(1 + n / 6)-0\(1 + n % 6)T09:00:00Z"),
                      source: SourceFile(path: "in/c\(n).xml", sha256: String(format: "%064x", n + 1), format: .ctdnaResult, byteCount: 100))
        }
        let stores = try (0..<4).map { _ in try backend.reopen(store) }
        let failures = LockedBox<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            let mine = (0..<16).map { files[(w * 6 + $0) % 24] }
            for start in stride(from: 0, to: mine.count, by: 4) {
                do {
                    for result in try stores[w].store(batch: Array(mine[start..<start + 4]), at: now) {
                        if case .failure(let e) = result { failures.mutate { $0.append("\(e)") } }
                    }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.value == [])
        #expect(try count("source_file", in: store) == 24)
        #expect(try count("document", in: store) == 24)
        #expect(try count("patient", in: store) == 6)
        #expect(try store.audit().problems == [])
    }

    /// Sign-out: one version per patient and number; a second signer of the same version
    /// is refused, and the registry and audit trail are append-only.
    @Test(arguments: Backend.available)
    func signOutRecordsOneVersionOnce(_ backend: Backend) throws {
        let store = try backend.freshStore()
        _ = try store.store(report(), from: source("a"), at: now)
        let release = ReportRelease(patient: alice.identifier, version: 1, language: "en", kind: .release, supersedesVersion: nil,
                                    reason: nil, authorisedBy: "Dr A", role: nil, comment: nil, authorisedAt: now.text,
                                    rulesName: "rules", rulesVersion: "1", dataHash: String(repeating: "d", count: 64),
                                    pdfSHA256: String(repeating: "e", count: 64), pdfPath: "r.pdf")
        let event = AuditEvent(at: now.text, kind: .sign, osUser: "lab", by: "Dr A", subject: alice.identifier.description,
                               detail: "version=1")
        // The files the PDF was made from must still be the current ones when it is recorded.
        let (_, sources) = try #require(try store.snapshot(mrn: "P-1", issuer: "H"))
        #expect(sources == [String(repeating: "a", count: 64)])
        #expect(throws: StoreError.self) {
            try store.recordRelease([release], event: event, sources: [String(repeating: "f", count: 64)])
        }
        #expect(try store.releases(mrn: "P-1", issuer: "H").isEmpty)
        try store.recordRelease([release], event: event, sources: sources)
        #expect(throws: StoreError.self) { try store.recordRelease([release], event: event) }
        #expect(try store.releases(mrn: "P-1", issuer: "H").map(\.version) == [1])
        #expect(try store.auditEvents().map(\.kind) == [.sign])
        #expect(throws: StoreError.self) {
            try store.writing { try $0.execute("UPDATE audit_event SET detail = 'x'") }
        }
        #expect(throws: StoreError.self) {
            try store.writing { try $0.execute("DELETE FROM report_release") }
        }
        #expect(try store.missingAppendOnlyTriggers() == [])
    }

    /// `ctdna store copy`: every row, id and hash, both ways; the copy reads back the same.
    @Test(arguments: Backend.available)
    func copyCarriesEveryRow(_ backend: Backend) throws {
        let origin = try Backend.sqlite.freshStore()
        _ = try origin.store(report(), from: source("a"), at: now)
        _ = try origin.store(report(version: 2, vaf: 0.03, status: .amended), from: source("b", sha: "b"), at: now)
        try origin.appendAudit(AuditEvent(at: now.text, kind: .ingest, osUser: "lab", by: nil, subject: "P-1 (H)", detail: "x"))
        let target = try backend.freshStore()
        let counts = try StoreCopy.copy(from: origin, to: target)
        #expect(counts.first { $0.table == "document" }?.rows == 2)
        #expect(try target.timeline(mrn: "P-1", issuer: "H") == origin.timeline(mrn: "P-1", issuer: "H"))
        #expect(try target.auditEvents().map(\.detail) == ["x"])
        #expect(try target.audit().problems == [])
        // Not into a store that has rows.
        #expect(throws: StoreError.self) { try StoreCopy.copy(from: origin, to: target) }
        // The identity counters moved past the copied ids: a new file stores.
        #expect(try target.store(report(id: "R-NEW"), from: source("n", sha: "f"), at: now) == .ingested)
    }
}

/// What only the PostgreSQL backend has: its schema's version check and its own view of
/// the append-only triggers.
@Suite(.enabled(if: Backend.postgresURL != nil)) struct PostgresStoreTests {
    /// A binary older than the schema (a migration it does not know) reads but never writes.
    @Test func olderBinaryThanTheSchemaRefusesToWrite() throws {
        let location = try Backend.scratchDatabase()
        let store = try PostgresStore(location)
        _ = try store.store(report(), from: source("a"), at: now)
        try store.withSession { try $0.execute("INSERT INTO schema_migrations (identifier, applied_at) VALUES ('pg-v99-from-a-newer-ctdna', 'x')", [SQLValue]()) }
        let older = try PostgresStore(location)
        #expect(try older.patients().count == 1)
        #expect {
            try older.store(report(id: "R-2"), from: source("b", sha: "b"), at: now)
        } throws: { "\($0)".contains("newer than this ctdna") }
        #expect(try count("document", in: older) == 1)
    }

    /// `verify` names an append-only trigger a superuser dropped.
    @Test func aDroppedAppendOnlyTriggerIsFound() throws {
        let store = try PostgresStore(try Backend.scratchDatabase())
        #expect(try store.missingAppendOnlyTriggers() == [])
        try store.withSession { try $0.script("DROP TRIGGER audit_event_append_only_update ON audit_event") }
        #expect(try store.missingAppendOnlyTriggers() == ["audit_event_append_only_update"])
        #expect(try store.audit().problems.contains { $0.contains("audit_event_append_only_update") })
    }

    /// Several statements' worth of SQL never reaches the server as one: `?` inside a
    /// string literal stays a question mark.
    @Test func aQuestionMarkInALiteralIsNotAParameter() throws {
        let store = try PostgresStore(try Backend.scratchDatabase())
        #expect(try store.reading { try $0.scalar("SELECT '?' || ?", ["x"], as: String.self) } == "?x")
    }
}

/// A value shared by the writers of a test.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout T) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
