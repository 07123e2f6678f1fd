import Foundation
import Testing

/// Issue 14, output files and text out, through the built binary: one report file per
/// patient, exit codes, permissions, nothing left by a failed write, CSV injection, and
/// markup characters shown once in the PDF.
@Suite struct OutputTests {
    /// A result file: SampleData's MM-1004 draw 1 with another patient, report id and
    /// accession (`index` keeps them apart), the DNMT3A variant known only by `c.35G>A`.
    static func resultFile(mrn: String, issuer: String = "NBH", index: Int, in folder: URL) throws -> URL {
        let template = try String(contentsOf: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1004/draw-01.xml"),
                                  encoding: .utf8)
        func xml(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var text = template
        for (old, new) in [("<mrn issuer=\"NBH\">MM-1004</mrn>", "<mrn issuer=\"\(xml(issuer))\">\(xml(mrn))</mrn>"),
                           ("reportId=\"NBH-1004-01\"", "reportId=\"OUT-\(index)-01\""),
                           ("accession=\"S1004-01\"", "accession=\"OUT-S\(index)\""),
                           // Each patient its own birth date: one name, birth date and sex
                           // under two MRNs is refused as one person split (issue 15).
                           ("<birthDate>1949-06-30</birthDate>", "<birthDate>1949-06-\(10 + index)</birthDate>"),
                           ("<cHGVS>c.2645G&gt;A</cHGVS>\n      <pHGVS>p.Arg882His</pHGVS>", "<cHGVS>c.35G&gt;A</cHGVS>")] {
            #expect(text.contains(old), "the sample file changed: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let url = folder.appendingPathComponent("result-\(index).xml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A store holding one draw for each (MRN, issuer).
    static func store(_ patients: [(String, String)]) throws -> (store: String, folder: URL) {
        let folder = try CLI.temporaryFolder()
        let inbox = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for (i, p) in patients.enumerated() { _ = try resultFile(mrn: p.0, issuer: p.1, index: i, in: inbox) }
        let store = folder.appendingPathComponent("store.sqlite").path
        let r = try CLI.run(["ingest", "-q", "--store", store, inbox.path])
        #expect(r.status == 0, "\(r.stderr)")
        return (store, folder)
    }

    static func pdfText(_ path: String) throws -> String {
        try CLI.execute(URL(fileURLWithPath: "/usr/bin/pdftotext"), [path, "-"], in: CLI.repo).stdout
    }

    static func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func reportAllWritesOneFilePerPatient() throws {
        let (store, folder) = try Self.store([("a/b", "NBH"), ("a_b", "NBH"), ("a:b", "NBH")])
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "--all", "--store", store, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count == 3, "\(files)")
        #expect(files.allSatisfy { $0.hasPrefix("ctdna-report-a_b-") && $0.hasSuffix("-en.pdf") })
        #expect(r.stdout.split(separator: "\n").filter { $0.hasSuffix(".pdf") }.count == 3)
        var shown: Set<String> = []
        for f in files {
            let path = out + "/" + f
            #expect(try Self.mode(path) == 0o600)
            let text = try Self.pdfText(path)
            for mrn in ["a/b", "a_b", "a:b"] where text.contains("MRN \(mrn) ") { shown.insert(mrn) }
        }
        #expect(shown == ["a/b", "a_b", "a:b"])   // each file holds its own patient
        // Again with --mode: the same three names, now 0644.
        let again = try CLI.run(["report", "--all", "--store", store, "--out", out, "--mode", "644", "-q"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == files)
        for f in files { #expect(try Self.mode(out + "/" + f) == 0o644) }
        #expect(try CLI.run(["report", "--all", "--store", store, "--out", out, "--mode", "99"]).status == 64)
    }

    @Test func oneMRNUnderTwoIssuers() throws {
        let (store, folder) = try Self.store([("MM-7", "H1"), ("MM-7", "H2")])
        let out = folder.appendingPathComponent("pdf").path
        let ambiguous = try CLI.run(["report", "MM-7", "--store", store, "--out", out])
        #expect(ambiguous.status == 64, "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("--issuer"))
        #expect(try CLI.run(["report", "MM-7", "--issuer", "H1", "--store", store, "--out", out]).status == 0)
        #expect(try CLI.run(["report", "MM-7", "--issuer", "H2", "--store", store, "--out", out]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 2)
        #expect(try CLI.run(["report", "MM-7", "--issuer", "H3", "--store", store, "--out", out]).status == 66)
    }

    @Test func theNameDoesNotDependOnHowThePatientWasChosen() throws {
        let (store, folder) = try Self.store([("MM-8", "H1"), ("MM-9", "H1")])
        let out = folder.appendingPathComponent("pdf").path
        #expect(try CLI.run(["report", "MM-8", "--store", store, "--out", out]).status == 0)
        let first = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(try CLI.run(["report", "MM-8", "--issuer", "H1", "--store", store, "--out", out]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == first)
        #expect(try CLI.run(["report", "--all", "--store", store, "--out", out]).status == 0)
        let all = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(all.count == 2 && all.contains(first[0]), "\(all)")
    }

    @Test func markupCharactersShowAsWritten() throws {
        let (store, folder) = try Self.store([("A&B<1>", "NBH")])
        let out = folder.appendingPathComponent("pdf").path
        let r = try CLI.run(["report", "A&B<1>", "--store", store, "--out", out, "--lang", "en", "--lang", "zh-Hans"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count == 2)
        for f in files {
            let text = try Self.pdfText(out + "/" + f)
            for entity in ["&amp;", "&lt;", "&gt;", "&#39;", "&quot;"] { #expect(!text.contains(entity), "\(entity) in \(f)") }
            #expect(text.contains(f.hasSuffix("-en.pdf") ? "MRN A&B<1>" : "病历号 A&B<1>"), "\(f)")
            #expect(text.contains("c.35G>A"), "\(f)")
        }
    }

    @Test func aFailedWriteLeavesNothingAndExits74() throws {
        let (store, folder) = try Self.store([("MM-9", "NBH")])
        let out = folder.appendingPathComponent("pdf")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A temporary file a killed run left 20 minutes ago, and a fresh one (another run's).
        let stale = out.appendingPathComponent(".ctdna-report-Ab12Cd.tmp").path
        let fresh = out.appendingPathComponent(".ctdna-report-Ef34Gh.tmp").path
        for p in [stale, fresh] { _ = FileManager.default.createFile(atPath: p, contents: Data("%PDF-1.7".utf8)) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-1200)], ofItemAtPath: stale)
        // A file-size limit makes write(2) fail part-way through the PDF (EFBIG), as a full
        // disk would (ENOSPC); SIGXFSZ is ignored so the write returns the error. 68 blocks of 512
        // bytes (dash) = 34 KiB: above SQLite's 32 KiB -shm file, below any report (~50 KiB and up).
        let limited = try CLI.execute(URL(fileURLWithPath: "/bin/sh"),
                                      ["-c", "trap '' XFSZ; ulimit -f 68; exec \"$0\" \"$@\"", CLI.binary.path,
                                       "report", "MM-9", "--store", store, "--out", out.path],
                                      in: folder)
        #expect(limited.status == 74, "\(limited.stdout) \(limited.stderr)")
        #expect(limited.stderr.contains("cannot write"), "\(limited.stderr)")
        #expect(!limited.stdout.contains(".pdf"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [".ctdna-report-Ef34Gh.tmp"])
        // Without the limit the same report is written.
        let ok = try CLI.run(["report", "MM-9", "--store", store, "--out", out.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }.count == 1)
    }

    @Test func exportIsPrivateWholeAndInert() throws {
        let (store, folder) = try Self.store([("=HYPERLINK(\"http://x\",\"y\")", "@H"), ("MM-1", "NBH")])
        let csv = folder.appendingPathComponent("cohort.csv").path
        let r = try CLI.run(["export", "--store", store, "--out", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.mode(csv) == 0o600)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst()
        #expect(rows.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@H,") })
        #expect(!rows.contains { $0.hasPrefix("=") || $0.hasPrefix("\"=") })
        #expect(rows.contains { $0.hasPrefix("MM-1,NBH,") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".ctdna-export-") }.isEmpty)
        #expect(try CLI.run(["export", "--store", store, "--out", csv, "--mode", "640"]).status == 0)
        #expect(try Self.mode(csv) == 0o640)
        // The final name is a non-empty folder: the CSV is written, the rename fails: 74, no temporary left.
        let occupied = folder.appendingPathComponent("occupied.csv")
        try FileManager.default.createDirectory(at: occupied.appendingPathComponent("x"), withIntermediateDirectories: true)
        let refused = try CLI.run(["export", "--store", store, "--out", occupied.path])
        #expect(refused.status == 74, "\(refused.stderr)")
        #expect(refused.stderr.contains("cannot rename"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".ctdna-export-") }.isEmpty)
        // A folder that is a regular file: 73, nothing written.
        let bad = try CLI.run(["export", "--store", store, "--out", csv + "/x.csv"])
        #expect(bad.status == 73, "\(bad.stderr)")
        #expect(try CLI.run(["export", "--store", store, "--mode", "600"]).status == 64)   // --mode needs --out
    }
}
