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
