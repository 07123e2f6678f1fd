import Foundation
import Testing

/// Issue 16, item 6: the same stored data and the same --report-date give byte-identical
/// PDFs in any store (the stores here are filled at different times, in another order).
@Suite struct ReportReproducibilityTests {
    @Test func sameDataAndDateGiveTheSameBytesInTwoStores() throws {
        let sample = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002").path
        let other = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1001").path
        let a = try CLI.temporaryStore(), b = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "-q", "--store", a, sample]).status == 0)
        Thread.sleep(forTimeInterval: 1.1)   // another ingest time
        #expect(try CLI.run(["ingest", "-q", "--store", b, other, sample]).status == 0)
        var files: [Data] = []
        for store in [a, b] {
            let out = try CLI.temporaryFolder().path
            let r = try CLI.run(["report", "MM-1002", "--store", store, "--out", out, "--report-date", "2025-03-01",
                                 "--lang", "en", "--lang", "zh-Hans", "-q"])
            #expect(r.status == 0, "\(r.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(names.count == 2)
            for name in names { files.append(try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) }
        }
        #expect(files[0] == files[2])
        #expect(files[1] == files[3])
        // And the date is printed as given.
        let bad = try CLI.run(["report", "MM-1002", "--store", a, "--report-date", "2025-13-01"])
        #expect(bad.status == 64)
    }
}
