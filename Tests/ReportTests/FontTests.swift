import CtDNAModel
import Foundation
import Report
import Testing
import Tracking

/// Issue 16, items 3 and 4: any name prints (fallback fonts), a character no font has is
/// drawn as a visible box with a warning (never a failed report), and Chinese PDFs are
/// compact (the desubroutinised Noto Sans CJK SC that `make fonts` builds).
@Suite struct FontTests {
    static func timeline(family: String, given: String) -> PatientTimeline {
        var t = Cohort.standard
        t.patient = Patient(identifier: Cohort.patient.identifier, name: PersonName(family: family, given: [given]),
                            sex: .male, birthDate: Cohort.patient.birthDate)
        return t
    }

    static func write(_ timeline: PatientTimeline, language: String = "en") throws -> ReportWriter.Written {
        let writer = ReportWriter(templates: try ReportTemplates(folder: Repo.templates, language: language), rules: .defaults,
                                  toolVersion: "test")
        return try writer.writeReport(Tracker.assess(timeline), to: try Repo.temporaryFolder(), name: "r.pdf")
    }

    static func pageOneText(_ path: String) throws -> String {
        try tool("pdftotext", ["-f", "1", "-l", "1", path, "-"]).output
    }

    @Test(arguments: [("ใจดี", "สมชาย"), ("العلي", "محمد")], ["en", "zh-Hans"])
    func thaiAndArabicNamesPrint(_ name: (family: String, given: String), _ language: String) throws {
        let written = try Self.write(Self.timeline(family: name.family, given: name.given), language: language)
        #expect(written.missingCharacters.isEmpty, "\(written.missingCharacters)")
        #expect(try tool("qpdf", ["--check", written.path]).status == 0)
        // pdftotext puts spaces between Arabic letters it finds apart and marks right-to-left
        // runs (U+202B … U+202C): compare without them.
        let text = String(String.UnicodeScalarView(try Self.pageOneText(written.path).unicodeScalars.filter {
            !$0.properties.isWhitespace && !(0x202A...0x202E).contains($0.value)
        }))
        #expect(text.contains(name.family) && text.contains(name.given), "\(text.prefix(600))")
    }

    /// U+0378 is unassigned and U+10FFFD is private use: no installed font has either.
    @Test(arguments: ["\u{0378}", "\u{10FFFD}"])
    func aCharacterNoFontHasIsABoxAndAWarning(_ character: String) throws {
        let written = try Self.write(Self.timeline(family: "Quill\(character)", given: "Ada"))
        let code = character.unicodeScalars.first!.value
        #expect(written.missingCharacters == [MissingCharacter(codePoint: code)])
        #expect(FileManager.default.fileExists(atPath: written.path))
        #expect(try tool("qpdf", ["--check", written.path]).status == 0)
        #expect(try Self.pageOneText(written.path).contains("Ada"))
        #expect(MissingCharacter(codePoint: 0x378).description == "U+0378")
        #expect(MissingCharacter(codePoint: 0x10FFFD).description == "U+10FFFD")
    }

    @Test func theFallbackChainComesFromTheLayout() throws {
        let layout = try String(contentsOfFile: Repo.templates + "/layout.yaml", encoding: .utf8)
        #expect(layout.contains("Noto Sans Thai") && layout.contains("Noto Sans Arabic"))
    }

    /// Needs `make fonts` (run by `make test`): the Chinese report is then at most twice
    /// the English one (it was 10–17 times with the system's subroutinised font).
    @Test func chineseIsAtMostTwiceTheEnglishSize() throws {
        #expect(ReportFonts.shared.compactCJK, "the compact CJK font was not found: run `make fonts` (\(ReportFonts.shared.warning ?? ""))")
        let en = try Self.write(Cohort.standard, language: "en")
        let zh = try Self.write(Cohort.standard, language: "zh-Hans")
        let enSize = try FileManager.default.attributesOfItem(atPath: en.path)[.size] as! Int
        let zhSize = try FileManager.default.attributesOfItem(atPath: zh.path)[.size] as! Int
        #expect(zhSize <= 2 * enSize, "zh-Hans \(zhSize) bytes, en \(enSize) bytes")
        #expect(zh.missingCharacters.isEmpty && en.missingCharacters.isEmpty)
        let fonts = try tool("pdffonts", [zh.path]).output
        #expect(fonts.contains("ctdnaNotoSansCJKsc"), "\(fonts)")
    }
}
