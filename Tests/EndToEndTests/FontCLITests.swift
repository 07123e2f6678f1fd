import Foundation
import Testing

/// Issue 16, items 3 and 4, through the binary: SampleData's MM-1002 in Chinese is at most
/// twice the English PDF; a Thai name prints; a character no font has is a warning, exit 0.
@Suite struct FontCLITests {
    /// A store holding SampleData's MM-1002, its name (family, given) replaced when asked.
    static func store(family: String? = nil, given: String? = nil) throws -> (store: String, folder: URL) {
        let folder = try CLI.temporaryFolder()
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let source = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".xml") {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if let family { text = text.replacingOccurrences(of: "<family>Okafor</family>", with: "<family>\(family)</family>") }
            if let given { text = text.replacingOccurrences(of: "<given>Daniel</given>", with: "<given>\(given)</given>") }
            try text.write(to: inbox.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let store = folder.appendingPathComponent("store.sqlite").path
        let r = try CLI.run(["ingest", "-q", "--store", store, inbox.path])
        #expect(r.status == 0, "\(r.stderr)")
        return (store, folder)
    }

    static func pdfs(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }.sorted()
            .map { folder + "/" + $0 }
    }

    static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    @Test func chineseMM1002IsAtMostTwiceTheEnglishSize() throws {
        let (store, folder) = try Self.store()
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "MM-1002", "--store", store, "--lang", "en", "--lang", "zh-Hans", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("compact CJK font"), "run `make fonts`: \(r.stderr)")
        let files = try Self.pdfs(out)
        let en = try #require(files.first { $0.hasSuffix("-en.pdf") }), zh = try #require(files.first { $0.hasSuffix("-zh-Hans.pdf") })
        let (enSize, zhSize) = (try Self.size(en), try Self.size(zh))
        #expect(zhSize <= 2 * enSize, "zh-Hans \(zhSize) bytes, en \(enSize) bytes")
    }

    @Test func aThaiNamePrintsInBothLanguages() throws {
        let (store, folder) = try Self.store(family: "ใจดี", given: "สมชาย")
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "MM-1002", "--store", store, "--lang", "en", "--lang", "zh-Hans", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        for pdf in try Self.pdfs(out) {
            let text = try OutputTests.pdfText(pdf)
            #expect(text.contains("ใจดี") && text.contains("สมชาย"), "\(pdf)")
        }
    }

    /// U+0378 is unassigned: no font has it. The report is written, stderr names the code
    /// point and the MRN (not the patient's name), and the exit status is 0, never 74.
    @Test func aCharacterNoFontHasWarnsAndExitsZero() throws {
        let (store, folder) = try Self.store(family: "Okafor\u{0378}")
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "MM-1002", "--store", store, "--lang", "en", "--lang", "zh-Hans", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.pdfs(out).count == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(r.stderr)")
        for line in lines {
            #expect(line.hasPrefix("ctdna: report MM-1002") && line.contains("U+0378") && line.contains("drawn as a box"), "\(line)")
            #expect(!line.contains("Okafor") && !line.contains("Daniel"), "\(line)")
        }
    }

    /// Without the compact font (CTDNA_FONTS names an empty folder): one warning, the
    /// system's Noto Sans CJK SC draws the Chinese, the report is written, exit 0.
    @Test func withoutTheCompactFontAWarningAndTheReport() throws {
        let (store, folder) = try Self.store()
        let empty = folder.appendingPathComponent("no-fonts")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "MM-1002", "--store", store, "--lang", "zh-Hans", "--out", out], env: ["CTDNA_FONTS": empty.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("ctdna: warning: the compact CJK font") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(try Self.pdfs(out).count == 1)
    }
}
