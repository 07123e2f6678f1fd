import CtDNAModel
import Foundation
import Presentation
import Report
import Testing
import Tracking

/// Issue 14: output files that cannot collide or lie, and text that reaches the reader as written.
@Suite struct OutputFileTests {
    // MARK: names

    @Test func fileNamesAreOnePerPatient() {
        let ids = [
            PatientIdentifier(mrn: "a/b"), PatientIdentifier(mrn: "a_b"), PatientIdentifier(mrn: "a:b"),
            PatientIdentifier(mrn: "MM-１２３"), PatientIdentifier(mrn: "MM-123"), PatientIdentifier(mrn: "MM-４５６"),
            PatientIdentifier(mrn: "\u{00C9}VE-1"), PatientIdentifier(mrn: "E\u{0301}VE-1"),
            PatientIdentifier(mrn: "MM-7", issuer: "H1"), PatientIdentifier(mrn: "MM-7", issuer: "H2"), PatientIdentifier(mrn: "MM-7"),
            PatientIdentifier(mrn: "H1\u{0}MM-7"), PatientIdentifier(mrn: "..", issuer: "H1"), PatientIdentifier(mrn: "/etc/passwd"),
        ]
        let names = ids.map { ReportWriter.fileName(for: $0, language: "en") }
        #expect(Set(names).count == ids.count, "\(names)")
        // Precomposed and decomposed É are equal as Swift strings, yet different MRNs in the store.
        #expect(names[6] != names[7])
        for name in names {
            #expect(!name.contains("/") && !name.hasPrefix("."), "\(name)")
            #expect(name.wholeMatch(of: /ctdna-report-[A-Za-z0-9._-]{1,40}-[0-9a-f]{16}-en\.pdf/) != nil, "\(name)")
        }
        #expect(names[0].hasPrefix("ctdna-report-a_b-"))
        #expect(ReportWriter.slug(String(repeating: "x", count: 100)).count == 40)
        #expect(ReportWriter.slug("..x") == "_.x")
        #expect(ReportWriter.slug("") == "_")
        // Stable across runs and languages (the hash is of issuer + NUL + MRN only).
        #expect(ReportWriter.fileName(for: ids[8], language: "zh-Hans")
                == names[8].replacingOccurrences(of: "-en.pdf", with: "-zh-Hans.pdf"))
        #expect(ReportWriter.identityHash(PatientIdentifier(mrn: "")) == "af63bd4c8601b7df")  // FNV-1a 64 of one NUL byte
    }

    // MARK: CSV

    @Test func csvTextCellsCannotBeFormulas() {
        for s in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVExport.neutralised(s) == "'" + s)
        }
        for s in ["MM-1004", "KRAS", "p.G12D", "c.-14G>A", "", "'quoted"] { #expect(CSVExport.neutralised(s) == s) }
        #expect(CSVExport.field(CSVExport.neutralised("=HYPERLINK(\"http://x\",\"y\")")) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
    }

    @Test func csvRowsNeutraliseTextButNotNumbers() throws {
        let patient = Patient(identifier: PatientIdentifier(mrn: "=HYPERLINK(\"http://evil\",\"x\")", issuer: "@SUM(1)"))
        let start = CalendarDate(iso: "2024-01-08")!
        var timeline = Cohort.standard
        timeline.patient = patient
        timeline.draws = (0..<3).map { i in
            Cohort.draw(i, date: start.adding(days: i * 70), calls: [Cohort.call("-GENE", "+p.X1Y", [0.12, 0.05, 0.01][i])],
                        patient: patient)
        }
        let csv = CSVExport.rows(Tracker.assess(timeline))
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            #expect(line.hasPrefix("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'@SUM(1),2024-"), "\(line)")
            #expect(line.contains(",'-GENE ?,'-GENE,'+p.X1Y,"), "\(line)")
        }
        let vafColumn = try #require(CSVExport.header.firstIndex(of: "vaf"))
        // A simple split is enough after the quoted first cell: no other cell has a comma.
        let rest = try #require(lines[0].range(of: "\")\",")).upperBound
        let cells = lines[0][rest...].split(separator: ",", omittingEmptySubsequences: false)
        #expect(cells[vafColumn - 1] == "0.12")
        #expect(CSVExport.numericColumns.isSubset(of: Set(CSVExport.header)))
    }

    // MARK: files

    @Test func reportsAreWrittenPrivateUnlessAModeIsGiven() throws {
        let dir = try Repo.temporaryFolder()
        let writer = try Self.writer()
        let path = try writer.write(Tracker.assess(Cohort.standard), to: dir, name: "a.pdf")
        #expect(try Self.mode(path) == 0o600)
        let shared = try writer.write(Tracker.assess(Cohort.standard), to: dir, name: "b.pdf", mode: 0o640)
        #expect(try Self.mode(shared) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.pdf", "b.pdf"])
        #expect(try tool("qpdf", ["--check", path]).status == 0)
        #expect(OutputFile.parseMode("640") == 0o640)
        #expect(OutputFile.parseMode("0600") == 0o600)
        for bad in ["", "8", "1777", "4755", "rw", "-1"] { #expect(OutputFile.parseMode(bad) == nil, "\(bad)") }
    }

    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let dir = try Repo.temporaryFolder()
        // The final name is a non-empty folder: everything is written, the rename fails.
        try FileManager.default.createDirectory(atPath: dir + "/r.pdf/x", withIntermediateDirectories: true)
        #expect(throws: RenderError.self) {
            try Self.writer().write(Tracker.assess(Cohort.standard), to: dir, name: "r.pdf")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["r.pdf"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/r.pdf") == ["x"])
    }

    @Test func anUncreatableFolderFailsBeforeWriting() throws {
        let dir = try Repo.temporaryFolder()
        // The output "folder" is a regular file (root ignores permissions, not file types).
        _ = FileManager.default.createFile(atPath: dir + "/plain", contents: Data("x".utf8))
        #expect(throws: RenderError.self) {
            try Self.writer().write(Tracker.assess(Cohort.standard), to: dir + "/plain", name: "r.pdf")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["plain"])
        #expect(throws: OutputFileError.self) {
            _ = try OutputFile(directory: dir + "/plain", name: "x.csv", temporaryPrefix: ".t-")
        }
    }

    @Test func outputFileAppearsWholeOrNotAtAll() throws {
        let dir = try Repo.temporaryFolder()
        let file = try OutputFile(directory: dir, name: "x.csv", temporaryPrefix: ".ctdna-export-")
        #expect((file.temporaryPath as NSString).lastPathComponent.wholeMatch(of: /\.ctdna-export-[A-Za-z0-9]{6}\.tmp/) != nil)
        #expect(file.write("a,b\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [(file.temporaryPath as NSString).lastPathComponent])
        #expect(try Self.mode(file.temporaryPath) == 0o600)
        #expect(try file.commit() == dir + "/x.csv")
        #expect(try String(contentsOfFile: dir + "/x.csv", encoding: .utf8) == "a,b\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["x.csv"])

        let abandoned = try OutputFile(directory: dir, name: "y.csv", temporaryPrefix: ".ctdna-export-")
        abandoned.write("partial")
        abandoned.discard()
        let empty = try OutputFile(directory: dir, name: "z.csv", temporaryPrefix: ".ctdna-export-")
        #expect(throws: OutputFileError.self) { _ = try empty.commit() }  // nothing written: refused
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["x.csv"])
    }

    @Test func staleTemporariesAreRemovedFreshOnesKept() throws {
        let dir = try Repo.temporaryFolder()
        for name in [".ctdna-report-old123.tmp", ".ctdna-report-new456.tmp", ".ctdna-report-old789.pdf", "other-old.tmp"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data("%PDF".utf8))
        }
        let old = Date().addingTimeInterval(-20 * 60)
        for name in [".ctdna-report-old123.tmp", ".ctdna-report-old789.pdf", "other-old.tmp"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir + "/" + name)
        }
        #expect(ReportWriter.removeStaleTemporaries(in: dir) == [".ctdna-report-old123.tmp"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
                == [".ctdna-report-new456.tmp", ".ctdna-report-old789.pdf", "other-old.tmp"])
    }

    // MARK: text

    @Test(arguments: ["en", "zh-Hans"])
    func markupCharactersReachThePDFOnceEscaped(_ language: String) throws {
        let patient = Patient(identifier: PatientIdentifier(mrn: "A&B<1>", issuer: "T"), name: PersonName(family: "O'Brien", given: ["Ann"]),
                              sex: .female, birthDate: CalendarDate(iso: "1955-05-05"))
        let start = CalendarDate(iso: "2024-01-08")!
        let vafs: [(Double?, Double?, Double?)] = [(0.12, 0.05, nil), (0.03, 0.012, nil), (0.004, nil, nil),
                                                   (0.009, 0.002, 0.003), (0.04, 0.015, 0.02)]
        var timeline = Cohort.standard
        timeline.patient = patient
        timeline.draws = vafs.enumerated().map { i, v in
            Cohort.draw(i, date: start.adding(days: i * 70), calls: [
                Cohort.call("NRAS", "p.Q61K", v.0), Cohort.call("TP53", "p.R248Q", v.1),
                // A new clone known only by its coding change: its key is `KRAS c.35G>A`.
                VariantCall(gene: "KRAS", codingChange: "c.35G>A", altReads: v.2.map { Int($0 * 3000) } ?? 0, depth: 3000,
                            alleleFraction: v.2.flatMap { AlleleFraction(fraction: $0) }, status: v.2 == nil ? .notDetected : .detected),
                // An indeterminate-origin variant known only by `c.2645G>A`: named in the interpretation.
                VariantCall(gene: "DNMT3A", codingChange: "c.2645G>A", altReads: 90, depth: 3000,
                            alleleFraction: AlleleFraction(fraction: 0.03), status: .detected),
            ], patient: patient)
        }
        let path = try render(timeline, language: language)
        let text = try tool("pdftotext", [path, "-"]).output
        for entity in ["&amp;", "&lt;", "&gt;", "&#39;", "&quot;"] { #expect(!text.contains(entity), "\(entity) in the PDF") }
        #expect(text.contains("A&B<1>"))
        #expect(text.contains("c.35G>A"))
        #expect(text.contains("O'Brien"))
        // The footer; the interpretation (the indeterminate-origin list).
        #expect(text.contains(language == "en" ? "MRN A&B<1>" : "病历号 A&B<1>"))
        #expect(text.contains(language == "en" ? "DNMT3A c.2645G>A: origin" : "DNMT3A c.2645G>A："))
    }

    /// Alerts and reasons as the PDF (Pango markup) and the terminal (plain) get them:
    /// values escaped once for markup, not at all for the terminal (before: `&amp;gt;`, `&gt;`, `&#39;`).
    @Test(arguments: ["en", "zh-Hans"])
    func alertsAndReasonsAreEscapedOnce(_ language: String) throws {
        let wording = try Wording(folder: Repo.templates + "/" + language, language: language, paragraphs: false)
        let markup = Phrases(wording: wording, escape: { s in
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        })
        let plain = Phrases(wording: wording)
        for detail in [AlertDetail.newClone(variant: "KRAS c.35G>A", highRisk: false), .possibleGermline(variant: "KRAS c.35G>A")] {
            let alert = Alert(detail, collected: nil)
            let forPDF = try markup.alert(alert), forTerminal = try plain.alert(alert)
            #expect(forPDF.contains("KRAS c.35G&gt;A") && !forPDF.contains("&amp;"), "\(forPDF)")
            #expect(forTerminal.contains("KRAS c.35G>A") && !forTerminal.contains("&"), "\(forTerminal)")
        }
        let reason = try plain.response(DrawResponse(category: .notEvaluable, reason: .undetectableBaseline))
        #expect(!reason.contains("&"), "\(reason)")
        if language == "en" { #expect(reason.contains("line's baseline")) }
    }

    static func writer() throws -> ReportWriter {
        ReportWriter(templates: try ReportTemplates(folder: Repo.templates, language: "en"), rules: .defaults, toolVersion: "t")
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
