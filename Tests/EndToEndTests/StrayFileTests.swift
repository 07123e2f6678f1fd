import Foundation
import Testing

/// Issue 17, item 5: a file found in a folder that is no result of any format we read is
/// skipped and counted, not rejected; named on the command line it is rejected.
@Suite struct StrayFileTests {
    @Test func strayFilesInAFolderAreSkippedAndCounted() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002/draw-01.xml"),
                                         to: inbox.appendingPathComponent("draw-01.xml"))
        try Data("{\"truth\": 1}".utf8).write(to: inbox.appendingPathComponent("truth.json"))
        try Data("<other/>".utf8).write(to: inbox.appendingPathComponent("other.xml"))
        let store = folder.appendingPathComponent("s.sqlite").path
        let r = try CLI.run(["ingest", "--store", store, inbox.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ingested 1, unchanged 0, superseded 0, rejected 0, skipped 2 (not results) (3 files)"))
        #expect(r.stderr.isEmpty)
        // Named, the same file is rejected: the user asked for it.
        let named = try CLI.run(["ingest", "--store", store, inbox.appendingPathComponent("truth.json").path])
        #expect(named.status == 65)
        #expect(named.stderr.contains("truth.json:1: error: unsupported format"))
        // A bad result in a folder is still rejected.
        try Data("<ctdna".utf8).write(to: inbox.appendingPathComponent("truncated.xml"))
        let bad = try CLI.run(["ingest", "--store", store, inbox.path])
        #expect(bad.status == 65)
        #expect(bad.stdout.contains("rejected 1, skipped 2"))
    }
}

/// Issue 17, item 5: a rejected file is recorded by its SHA-256; the same bytes rejected
/// again say so, and the reject folder keeps one copy.
@Suite struct RejectedEarlierTests {
    @Test func theSameBytesRejectedAgainAreNamedAsSuch() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("truth.json")
        try Data("{\"truth\": 1}".utf8).write(to: file)
        let store = folder.appendingPathComponent("s.sqlite").path
        let rejects = folder.appendingPathComponent("rejected").path
        let first = try CLI.run(["ingest", "--store", store, "--reject-dir", rejects, file.path])
        #expect(first.status == 65)
        #expect(!first.stderr.contains("rejected earlier"))
        let second = try CLI.run(["ingest", "--store", store, "--reject-dir", rejects, file.path])
        #expect(second.status == 65)
        // The reject id is the first 12 hex digits of the file's SHA-256 and its name.
        let names = try FileManager.default.contentsOfDirectory(atPath: rejects).sorted()
        #expect(names.count == 2)
        let id = try #require(names.first)
        #expect(id.hasSuffix("-truth.json") && id.count == 12 + 1 + "truth.json".count)
        #expect(second.stderr.contains("(rejected earlier: see \(id))"), "\(second.stderr)")
    }
}

/// Issue 17, item 5: `report --all` writes its list in a stable order (the patients'
/// order, whatever worker finished first) and ends with a summary.
@Suite struct ReportAllOrderTests {
    @Test func pathsComeInPatientOrderThenASummary() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "-q", "--store", store, CLI.repo.appendingPathComponent("SampleData").path]).status == 0)
        let out = try CLI.temporaryFolder().path
        let r = try CLI.run(["report", "--all", "--store", store, "--out", out, "--jobs", "4", "--lang", "en", "--lang", "zh-Hans"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let paths = lines.filter { $0.hasSuffix(".pdf") }
        #expect(paths.count == 10)
        let mrns = paths.map { ($0 as NSString).lastPathComponent.split(separator: "-").dropFirst(2).prefix(2).joined(separator: "-") }
        #expect(mrns == mrns.sorted())
        #expect(lines.last?.hasPrefix("wrote 10 report(s) for 5 patient(s) with rules") == true)
    }
}

/// Issue 17, item 6: `--json` for ingest and validate (one object a line, one per file,
/// ingest ending with a summary object) and for verify.
@Suite struct CommandJSONTests {
    func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func ingestValidateAndVerifyWriteJSON() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002/draw-01.xml"),
                                         to: inbox.appendingPathComponent("a.xml"))
        try Data("{\"truth\": 1}".utf8).write(to: inbox.appendingPathComponent("truth.json"))
        try Data("<ctdna".utf8).write(to: inbox.appendingPathComponent("broken.xml"))
        let store = folder.appendingPathComponent("s.sqlite").path

        let validate = try objects(try CLI.run(["validate", "--json", inbox.path]).stdout)
        #expect(validate.count == 3)
        #expect(validate.map { $0["ok"] as? Bool } == [true, false, true])   // a.xml, broken.xml, truth.json (sorted)
        #expect(validate[1]["error"] as? String != nil)
        #expect(validate[2]["skipped"] as? Bool == true)

        let ingest = try CLI.run(["ingest", "--json", "--store", store, inbox.path])
        #expect(ingest.status == 65)
        let lines = try objects(ingest.stdout)
        #expect(lines.count == 4)
        #expect(Set(lines.prefix(3).compactMap { $0["outcome"] as? String }) == ["ingested", "rejected", "skipped"])
        let summary = try #require(lines.last?["summary"] as? [String: Any])
        #expect(summary["ingested"] as? Int == 1 && summary["rejected"] as? Int == 1 && summary["skipped"] as? Int == 1)

        let verify = try CLI.run(["verify", "--json", "--sources", "--store", store])
        #expect(verify.status == 0)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        #expect(v["ok"] as? Bool == true && v["files"] as? Int == 1 && v["sourcesMissing"] as? Int == 0)
    }
}

/// Issue 17, item 6: `-` reads the file list from standard input, one path a line.
@Suite struct StandardInputListTests {
    @Test func dashReadsPathsFromStandardInput() throws {
        let draw = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002/draw-01.xml").path
        let folder = try CLI.temporaryFolder()
        let r = try CLI.execute(URL(fileURLWithPath: "/bin/sh"),
                                ["-c", "printf '%s\\n\\n' \"$1\" | \"$2\" validate -", "sh", draw, CLI.binary.path], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("draw-01.xml: ok: ctdna-result-1"))
        let store = folder.appendingPathComponent("s.sqlite").path
        let i = try CLI.execute(URL(fileURLWithPath: "/bin/sh"),
                                ["-c", "printf '%s\\n' \"$1\" | \"$2\" ingest --store \"$3\" -", "sh", draw, CLI.binary.path, store],
                                in: folder)
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("ingested 1"))
    }
}
