import Foundation
import Testing

/// The throw-away PostgreSQL cluster `make test` starts (scripts/pg-test-cluster.sh), named
/// by `CTDNA_TEST_POSTGRES_URL` (`postgresql://USER@/DB?host=SOCKETDIR`). Without it the
/// PostgreSQL end-to-end tests are skipped, with a note.
enum PG {
    static let url: String? = {
        let url = ProcessInfo.processInfo.environment["CTDNA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil { print("note: CTDNA_TEST_POSTGRES_URL is not set: the PostgreSQL end-to-end tests are skipped (make test sets it)") }
        return url
    }()

    static var available: Bool { url != nil }

    /// The socket folder and superuser of the cluster.
    static var socketDir: String { url.flatMap { $0.components(separatedBy: "host=").last } ?? "" }
    static var superuser: String {
        guard let url, let start = url.range(of: "://"), let at = url.range(of: "@") else { return "postgres" }
        return String(url[start.upperBound..<at.lowerBound])
    }

    static func storeURL(_ database: String, user: String? = nil) -> String {
        "postgresql://\(user ?? superuser)@/\(database)?host=\(socketDir)"
    }

    /// Runs SQL with psql as the superuser; its output, one value per line.
    @discardableResult
    static func psql(_ sql: String, database: String = "postgres") throws -> String {
        let r = try CLI.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                ["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-U", superuser, "-d", database, "-c", sql],
                                in: CLI.repo)
        #expect(r.status == 0, "psql: \(sql): \(r.stderr)")
        return r.stdout
    }

    /// A new, empty database; its name.
    static func scratchDatabase() throws -> String {
        let name = "ctdna_e2e_" + UUID().uuidString.prefix(8).lowercased()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    static func mrns(_ store: String) throws -> [String] {
        let r = try CLI.run(["patients", "--json", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return list.compactMap { ($0["patient"] as? [String: Any])?["mrn"] as? String }.sorted()
    }

    /// `trend --json` of every patient, by MRN; `ingestedAt` dropped when asked (two
    /// ingests of the same files differ only there).
    static func trends(_ store: String, dropIngestTimes: Bool) throws -> [String: String] {
        var out: [String: String] = [:]
        for mrn in try mrns(store) {
            let r = try CLI.run(["trend", mrn, "--json", "--store", store])
            #expect(r.status == 0, "\(mrn): \(r.stderr)")
            out[mrn] = dropIngestTimes
                ? r.stdout.split(separator: "\n").filter { !$0.contains("\"ingestedAt\"") }.joined(separator: "\n")
                : r.stdout
        }
        return out
    }
}

@Suite(.serialized, .enabled(if: PG.available)) struct PostgresCLITests {
    static let sample = CLI.repo.appendingPathComponent("SampleData").path

    /// Every SampleData patient's `trend --json` is the same whichever backend holds the
    /// data: after an ingest into each (but the ingest times), and byte for byte after
    /// `ctdna store copy` SQLite → PostgreSQL → SQLite.
    @Test func trendJSONIsTheSameOnBothBackends() throws {
        let sqlite = try CLI.temporaryStore()
        let postgres = PG.storeURL(try PG.scratchDatabase())
        for store in [sqlite, postgres] {
            let r = try CLI.run(["ingest", "--store", store, Self.sample])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("ingested 37, unchanged 0, superseded 1, rejected 0 (38 files)"))
        }
        let fromSQLite = try PG.trends(sqlite, dropIngestTimes: true)
        #expect(fromSQLite.count == 5)
        #expect(try PG.trends(postgres, dropIngestTimes: true) == fromSQLite)

        let copied = PG.storeURL(try PG.scratchDatabase())
        let copy = try CLI.run(["store", "copy", sqlite, copied])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("verify \(copied): ok"))
        let exact = try PG.trends(sqlite, dropIngestTimes: false)
        #expect(try PG.trends(copied, dropIngestTimes: false) == exact)
        let back = try CLI.temporaryStore()
        let copyBack = try CLI.run(["store", "copy", copied, back])
        #expect(copyBack.status == 0, "\(copyBack.stderr)")
        #expect(try PG.trends(back, dropIngestTimes: false) == exact)
        // A copy never merges: the target has rows now.
        let again = try CLI.run(["store", "copy", sqlite, copied])
        #expect(again.status == 74 && again.stderr.contains("is not empty"), "\(again.stderr)")
        // The sign-out works on PostgreSQL: draft, sign, registry.
        let folder = try CLI.temporaryFolder()
        #expect(try CLI.run(["report", "MM-1002", "--store", copied], in: folder).status == 0)
        let sign = try CLI.run(["sign", "MM-1002", "--by", "Dr Test", "--store", copied], in: folder)
        #expect(sign.status == 0, "\(sign.stderr)")
        let reports = try CLI.run(["reports", "--store", copied], in: folder)
        #expect(reports.stdout.contains("MM-1002 (NBH)  1"), "\(reports.stdout)")
    }

    /// A password in the URL shows in `ps`: refused (usage), and never echoed.
    @Test(arguments: ["postgresql://lab:s3cret@/db?host=/tmp", "postgres://lab@db.example/db?password=s3cret"])
    func passwordInTheURLIsRefused(_ url: String) throws {
        let r = try CLI.run(["patients", "--store", url])
        #expect(r.status == 64)
        #expect(r.stderr.contains("PGPASSWORD"), "\(r.stderr)")
        #expect(!r.stderr.contains("s3cret"))
    }

    /// Query commands never create a store: a database without our schema is refused and
    /// left without tables; a database that does not exist is named.
    @Test func queryCommandsNeverCreateTheSchema() throws {
        let name = try PG.scratchDatabase()
        for args in [["patients"], ["trend", "MM-1001"], ["verify"], ["reports"]] {
            let r = try CLI.run(args + ["--store", PG.storeURL(name)])
            #expect(r.status == 66 && r.stderr.contains("holds no ctdna store"), "\(args): \(r.stderr)")
        }
        #expect(try PG.psql("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'", database: name)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let missing = try CLI.run(["patients", "--store", PG.storeURL("ctdna_no_such_database")])
        #expect(missing.status == 66 && missing.stderr.contains("no such database"), "\(missing.stderr)")
    }

    /// Two laboratories, two writers each, overlapping folders, at once into one database:
    /// every file stored once, none lost, no error; each lab's role sees its own patients only.
    @Test func twoLabsTwoWritersEachStoreEveryFileOnce() throws {
        let database = try PG.scratchDatabase()
        let owner = PG.storeURL(database)
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let (labA, labB) = ("lab_a_\(suffix)", "lab_b_\(suffix)")
        try PG.psql("CREATE ROLE \(labA) LOGIN; CREATE ROLE \(labB) LOGIN")
        // The owner creates the store, then lets each lab in: lab A the NBH patients of
        // SampleData, lab B a synthetic cohort whose files name no issuer.
        let xml = Self.sample + "/ctdna-xml"
        #expect(try CLI.run(["ingest", "--store", owner, xml + "/MM-1001/clinical.xml"]).status == 0)
        #expect(try CLI.run(["store", "grant", labA, "--issuer", "NBH", "--store", owner]).status == 0)
        #expect(try CLI.run(["store", "grant", labB, "--issuer", "", "--store", owner]).status == 0)
        let cohort = try FaultTests.cohort(patients: 8, draws: 4, seed: 18)
        let synthetic = try FileManager.default.contentsOfDirectory(atPath: cohort).sorted().map { cohort + "/" + $0 }
        let writers: [(role: String, folders: [String])] = [
            (labA, ["MM-1001", "MM-1002", "MM-1003"].map { xml + "/" + $0 }),
            (labA, ["MM-1002", "MM-1003", "MM-1004"].map { xml + "/" + $0 }),
            (labB, Array(synthetic[0..<5])),
            (labB, Array(synthetic[3..<8])),
        ]
        let commands = writers.map { ["ingest", "-q", "--store", PG.storeURL(database, user: $0.role)] + $0.folders }
        for (status, stderr) in try FaultTests.runConcurrently(commands) {
            #expect(status == 0 && stderr.isEmpty, "\(stderr)")
        }
        let c = try FaultTests.counts(owner)
        #expect(c.ok, "\(c.output)")
        #expect(c.files == 31 + 8 * 5, "\(c.output)")   // ctdna-xml: 31 files; cohort: 8 × (4 draws + clinical)
        #expect(try PG.mrns(PG.storeURL(database, user: labA)) == ["MM-1001", "MM-1002", "MM-1003", "MM-1004"])
        let seenByB = try PG.mrns(PG.storeURL(database, user: labB))
        #expect(seenByB.count == 8 && seenByB.allSatisfy { $0.hasPrefix("SYN") }, "\(seenByB)")
        // The database role that ingested each document is recorded.
        let roles = try PG.psql("SELECT DISTINCT ingested_by FROM document ORDER BY 1", database: database)
        #expect(roles.split(separator: "\n").map(String.init) == [labA, labB, PG.superuser].sorted())
    }

    /// SIGKILL of a writer in the middle of its chunks: the store verifies, and a re-run
    /// stores the rest.
    @Test func killedWriterLeavesASoundStoreAndARerunCompletes() throws {
        let cohort = try FaultTests.cohort(patients: 60, draws: 6, seed: 11)
        let total = 60 * 7
        let calibration = PG.storeURL(try PG.scratchDatabase())
        let started = Date()
        #expect(try CLI.run(["ingest", "-q", "--store", calibration, cohort]).status == 0)
        let batch = Date().timeIntervalSince(started)
        let store = PG.storeURL(try PG.scratchDatabase())
        var stored: [Int] = []
        for fraction in [0.3, 0.6] {
            let p = try FaultTests.start(["ingest", "-q", "--store", store, cohort])
            usleep(UInt32(max(0.01, batch * fraction) * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let c = try FaultTests.counts(store)
            #expect(c.ok, "after a kill at \(fraction): \(c.output)")
            stored.append(c.files)
        }
        #expect(stored.contains { $0 < total }, "the kills came too late: \(stored)")
        let finish = try CLI.run(["ingest", "-q", "--store", store, cohort])
        #expect(finish.status == 0, "\(finish.stderr)")
        let c = try FaultTests.counts(store)
        #expect(c.ok && c.files == total, "\(c.output)")
    }
}
