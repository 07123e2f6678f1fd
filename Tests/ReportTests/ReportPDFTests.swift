import CtDNAModel
import Foundation
import Report
import Testing
import Tracking

@Suite struct ReportPDFTests {
    @Test(arguments: ["en", "zh-Hans"])
    func pdfIsValidAndEmbedsItsFonts(_ language: String) throws {
        let path = try render(Cohort.standard, language: language)
        #expect(try tool("qpdf", ["--check", path]).status == 0)
        let fonts = try tool("pdffonts", [path]).output.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        // Columns: name type encoding emb sub uni: every font embedded and subset.
        for line in fonts {
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(cols.count >= 6 && cols[cols.count - 5] == "yes" && cols[cols.count - 4] == "yes", "\(line)")
        }
        if language == "zh-Hans" { #expect(fonts.contains { $0.contains("NotoSansCJK") }) }
        let info = try tool("pdfinfo", [path]).output
        #expect(info.contains("Creator:         ctDNA Monitor test"))
        #expect(info.contains("Author:"))
        // The report date is the one given (`fixedReportDate`, 2025-06-02, a Monday: 1 June
        // 2025 was a Sunday), not the last draw's issue date nor today.
        #expect(info.contains("CreationDate:    Mon Jun  2 00:00:00 2025 UTC"), "\(info)")
        #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"))
    }

    @Test func englishTextCarriesIdentifiersVariantsAndResponse() throws {
        let text = try tool("pdftotext", ["-layout", try render(Cohort.standard), "-"]).output
        for expected in ["Quill, Ada", "RPT-0001", "1955-05-05", "NRAS p.Q61K", "TP53 p.R248Q", "BRAF p.V600E", "DNMT3A p.R882H",
                         "ctDNA category", "Sample LoD95", "ctDNA ↓≥90", "ctDNA rise",
                         "Dara-VRd", "Teclistamab", "del(17p)", "myeloma-ctdna v3.0", "Interpretation",
                         "Methods", "Limitations", "Authorisation", "page 1 / ", "ctDNA not detected is not IMWG"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        // No borrowed vocabulary: IMWG's minimal response / progressive disease, CML's major molecular response.
        for borrowed in ["Molecular progression", "Major molecular response", "Molecular response"] {
            #expect(!text.contains(borrowed), "borrowed term: \(borrowed)")
        }
    }

    @Test func chineseTextCarriesIdentifiersVariantsAndResponse() throws {
        let text = try tool("pdftotext", [try render(Cohort.standard, language: "zh-Hans"), "-"]).output
        for expected in ["循环肿瘤DNA监测报告", "RPT-0001", "NRAS p.Q61K", "BRAF p.V600E", "ctDNA分类", "新克隆", "样本LoD95", "结果解读", "方法", "局限性", "第 1 /"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        for borrowed in ["分子学进展", "主要分子学缓解"] { #expect(!text.contains(borrowed), "borrowed term: \(borrowed)") }
    }

    @Test func sameDataGivesTheSameFile() throws {
        let a = try Data(contentsOf: URL(fileURLWithPath: try render(Cohort.standard)))
        let b = try Data(contentsOf: URL(fileURLWithPath: try render(Cohort.standard)))
        #expect(a == b)
    }

    /// A worker reuses text layouts from its earlier reports: the file must be the one a
    /// fresh render gives, byte for byte, in both languages.
    @Test(arguments: ["en", "zh-Hans"])
    func layoutsReusedAcrossReportsChangeNothing(_ language: String) throws {
        let writer = ReportWriter(templates: try ReportTemplates(folder: Repo.templates, language: language),
                                  rules: .defaults, toolVersion: "test", reportDate: fixedReportDate)
        var other = Cohort.standard
        other.draws.removeLast()
        other.therapyLines.removeFirst()
        let dir = try Repo.temporaryFolder()
        let cache = TextLayoutCache()
        try writer.write(Tracker.assess(other), to: dir, name: "other.pdf", cache: cache)
        try writer.write(Tracker.assess(Cohort.standard), to: dir, name: "shared.pdf", cache: cache)
        try writer.write(Tracker.assess(other), to: dir, name: "other-again.pdf", cache: cache)
        let shared = try Data(contentsOf: URL(fileURLWithPath: dir + "/shared.pdf"))
        let fresh = try Data(contentsOf: URL(fileURLWithPath: try render(Cohort.standard, language: language)))
        #expect(shared == fresh)
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/other.pdf"))
        let again = try Data(contentsOf: URL(fileURLWithPath: dir + "/other-again.pdf"))
        #expect(first == again)
        #expect(first != shared)
    }

    @Test func outlineHasASectionPerHeading() throws {
        let path = try render(Cohort.standard)
        // qpdf's JSON lists the outline titles.
        let json = try tool("qpdf", ["--json", "--json-key=outlines", path]).output
        for title in ["Summary", "Trend of variant allele fraction", "Tumour variants by draw", "Interpretation", "Methods"] {
            #expect(json.contains("\"title\": \"\(title)\""), "no bookmark \(title)")
        }
    }

    @Test func reportIsWrittenWholeOrNotAtAll() throws {
        let dir = try Repo.temporaryFolder()
        let writer = ReportWriter(templates: try ReportTemplates(folder: Repo.templates, language: "en"), rules: .defaults,
                                  toolVersion: "t", reportDate: fixedReportDate)
        try writer.write(Tracker.assess(Cohort.standard), to: dir, name: "a.pdf")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.pdf"])  // no temporary left
        #expect(throws: RenderError.self) {
            try writer.write(Tracker.assess(Cohort.standard), to: dir + "/no/such/folder", name: "b.pdf")
        }
    }

    @Test func fileNamesCannotLeaveTheOutputFolder() {
        #expect(ReportWriter.fileName(mrn: "MM-1001", language: "en") == "ctdna-report-MM-1001-en.pdf")
        #expect(ReportWriter.fileName(mrn: "../../x", language: "en") == "ctdna-report-_._.._x-en.pdf")
        #expect(ReportWriter.fileName(mrn: "a/b\\c d", language: "zh-Hans") == "ctdna-report-a_b_c_d-zh-Hans.pdf")
        #expect(!ReportWriter.fileName(mrn: "/etc/passwd", language: "en").contains("/"))
    }
}
