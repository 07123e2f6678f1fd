import Foundation
import Testing

/// Issue 14, item 7: the store is only ever ours and always whole, and `verify` re-checks
/// the schema's CHECK constraints that SQLite does not apply on read.
@Suite struct StoreIntegrityTests {
    static let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")

    func sql(_ path: String, _ statements: String) throws -> String {
        let r = try CLI.execute(Self.sqlite3, [path, statements], in: URL(fileURLWithPath: "/"))
        #expect(r.status == 0, "sqlite3: \(r.stderr)")
        return r.stdout
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let path = try CLI.temporaryFolder().appendingPathComponent("other.db").path
        _ = try sql(path, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tablesBefore = try sql(path, "SELECT name FROM sqlite_master ORDER BY name;")
        for args in [["patients", "--store", path], ["ingest", "--store", path, "SampleData/ctdna-xml/MM-1004"],
                     ["verify", "--store", path]] {
            let r = try CLI.run(args)
            #expect(r.status == 66, "\(args[0]): \(r.stderr)")
            #expect(r.stderr.contains("ctdna: \(path) is not a ctdna store"), "\(args[0]): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try sql(path, "SELECT name FROM sqlite_master ORDER BY name;") == tablesBefore)
        #expect(try sql(path, "PRAGMA journal_mode;").trimmingCharacters(in: .whitespacesAndNewlines) == "delete")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func aStoreIsMarkedAsOurs() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml/MM-1004"]).status == 0)
        #expect(try sql(store, "PRAGMA application_id;").trimmingCharacters(in: .whitespacesAndNewlines) == "\(0x6374_4D6E)")
        // An empty file is a new store, not another program's database.
        let empty = try CLI.temporaryStore()
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try CLI.run(["ingest", "--store", empty, "SampleData/ctdna-xml/MM-1004"]).status == 0)
    }

    @Test func theStoreFileAloneHoldsEverythingAfterIngest() throws {
        let store = try CLI.temporaryStore()
        let ingest = try CLI.run(["ingest", "--store", store, "SampleData"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let all = try CLI.run(["patients", "--store", store])
        #expect(all.status == 0)
        let copy = try CLI.temporaryFolder().appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: store, toPath: copy)
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))
        let fromCopy = try CLI.run(["patients", "--store", copy])
        #expect(fromCopy.status == 0, "\(fromCopy.stderr)")
        #expect(fromCopy.stdout == all.stdout)
        #expect(all.stdout.split(separator: "\n").count > 2)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func verifyFindsRowsThatBreakCheckConstraints() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml/MM-1004"]).status == 0)
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
        let variant = try sql(store, "SELECT id FROM variant_call WHERE status = 'detected' ORDER BY id LIMIT 1;")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let patient = try sql(store, "SELECT id FROM patient ORDER BY id LIMIT 1;").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!variant.isEmpty && !patient.isEmpty)
        _ = try sql(store, """
            PRAGMA ignore_check_constraints = ON;
            UPDATE variant_call SET vaf = 5.0 WHERE id = \(variant);
            UPDATE patient SET mrn = '' WHERE id = \(patient);
            """)
        let r = try CLI.run(["verify", "--store", store])
        #expect(r.status == 65)
        #expect(r.stderr.contains("variant_call row \(variant): CHECK (vaf IS NULL OR (vaf >= 0 AND vaf <= 1)) does not hold"), "\(r.stderr)")
        #expect(r.stderr.contains("patient row \(patient): CHECK (length(mrn) BETWEEN 1 AND 64) does not hold"), "\(r.stderr)")
        #expect(r.stderr.contains("patient row \(patient): the MRN is empty"), "\(r.stderr)")
    }
}

/// `verify --sources` compares every stored variant call with the file read again.
@Suite struct VerifySourcesTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func aChangedStoredValueIsFound() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "--store", store, "SampleData"]).status == 0)
        let clean = try CLI.run(["verify", "--sources", "--store", store])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains(", missing 0") && !clean.stdout.contains("sources checked 0,"), "\(clean.stdout)")
        let out = try CLI.execute(StoreIntegrityTests.sqlite3, [store, """
            UPDATE variant_call SET depth = depth + 1 WHERE id = (SELECT min(id) FROM variant_call WHERE depth IS NOT NULL);
            UPDATE variant_call SET protein_change = 'p.X1Y' WHERE id = (SELECT max(id) FROM variant_call);
            UPDATE draw SET tumour_fraction = 0.5 WHERE document_id = (SELECT min(document_id) FROM draw);
            """], in: URL(fileURLWithPath: "/"))
        #expect(out.status == 0, "\(out.stderr)")
        let r = try CLI.run(["verify", "--sources", "--store", store])
        #expect(r.status == 65)
        #expect(r.stderr.contains("stored depth differs from the file"), "\(r.stderr)")
        #expect(r.stderr.contains("stored proteinChange differs from the file"), "\(r.stderr)")
        #expect(r.stderr.contains("stored tumourFraction differs from the file"), "\(r.stderr)")
        // Without --sources the values are not compared (only the schema's checks).
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }
}
