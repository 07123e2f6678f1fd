import Foundation
import Testing

/// Issue 17, items 1–3, through the built binary: draft → sign → a new draw makes the
/// release outdated → a stale draft cannot be signed → sign version 2 → amend; the
/// registry and the audit trail list exactly that; both are append-only.
@Suite struct SignOutTests {
    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func draftSignNewDrawSignAgainAmend() throws {
        let folder = try CLI.temporaryFolder()
        let store = folder.appendingPathComponent("lab.sqlite").path
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let sample = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002")
        for name in ["clinical.xml"] + (1...6).map({ "draw-0\($0).xml" }) {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
        }
        // One bad file and one stray file in the folder: the bad one is rejected (65), the
        // stray one skipped and counted; validate says the same before anything is stored.
        try Data("<ctdna".utf8).write(to: inbox.appendingPathComponent("broken.xml"))
        try Data("{\"truth\": 1}".utf8).write(to: inbox.appendingPathComponent("truth.json"))
        let validated = try CLI.run(["validate", "-q", inbox.path])
        #expect(validated.status == 65)
        #expect(validated.stderr.contains("broken.xml") && !validated.stderr.contains("truth.json"))
        let first = try CLI.run(["ingest", "--store", store, inbox.path])
        #expect(first.status == 65)
        #expect(first.stdout.contains("ingested 7, unchanged 0, superseded 0, rejected 1, skipped 1 (not results)"))

        // No draft yet: signing is refused.
        let early = try CLI.run(["sign", "MM-1002", "--by", "Dr A. Lead", "--store", store])
        #expect(early.status == 65)
        #expect(early.stderr.contains("no draft was made"))
        // The draft is marked DRAFT on every page.
        let drafts = folder.appendingPathComponent("drafts").path
        #expect(try CLI.run(["report", "MM-1002", "--store", store, "--out", drafts, "-q"]).status == 0)
        let draft = drafts + "/" + (try FileManager.default.contentsOfDirectory(atPath: drafts).first ?? "")
        let draftText = try CLI.execute(URL(fileURLWithPath: "/usr/bin/pdftotext"), [draft, "-"], in: folder).stdout
        let pages = draftText.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(!pages.isEmpty && pages.allSatisfy { $0.contains("DRAFT, not authorised") })

        let v1 = try CLI.run(["sign", "MM-1002", "--by", "Dr A. Lead", "--role", "clinical scientist", "--store", store])
        #expect(v1.status == 0, "\(v1.stderr)")
        #expect(v1.stdout.contains("version 1"))
        // Signing the same data again issues nothing.
        #expect(try CLI.run(["sign", "MM-1002", "--by", "Dr A. Lead", "--store", store]).status == 65)

        // A new draw: the release is outdated, and the old draft cannot be signed.
        try FileManager.default.copyItem(at: sample.appendingPathComponent("draw-07.xml"), to: inbox.appendingPathComponent("draw-07.xml"))
        let second = try CLI.run(["ingest", "--store", store, inbox.path])
        #expect(second.status == 65)
        #expect(second.stderr.contains("(rejected earlier: see "))
        var registry = try Self.json(try CLI.run(["reports", "MM-1002", "--json", "--store", store]).stdout)
        #expect(registry.map { $0["status"] as? String } == ["outdated"])
        let stale = try CLI.run(["sign", "MM-1002", "--by", "Dr A. Lead", "--store", store])
        #expect(stale.status == 65)
        #expect(stale.stderr.contains("the draft is older than the data"))
        #expect(try CLI.run(["report", "MM-1002", "--store", store, "--out", drafts, "-q"]).status == 0)
        #expect(try CLI.run(["sign", "MM-1002", "--by", "Dr B. Second", "--store", store]).status == 0)
        let amend = try CLI.run(["amend", "MM-1002", "--reason", "Interpretation corrected", "--by", "Dr A. Lead", "--store", store])
        #expect(amend.status == 0, "\(amend.stderr)")

        registry = try Self.json(try CLI.run(["reports", "--json", "--store", store]).stdout)
        #expect(registry.map { $0["version"] as? Int } == [1, 2, 3])
        #expect(registry.map { $0["status"] as? String } == ["superseded", "superseded", "current"])
        #expect(registry.map { $0["kind"] as? String } == ["release", "release", "amendment"])
        #expect(registry.map { $0["authorisedBy"] as? String } == ["Dr A. Lead", "Dr B. Second", "Dr A. Lead"])
        #expect(registry[2]["supersedes"] as? Int == 2)
        #expect(registry[2]["reason"] as? String == "Interpretation corrected")
        // Each released PDF is kept under its SHA-256, beside the store.
        for r in registry {
            let path = try #require(r["path"] as? String)
            #expect(path.hasPrefix(store + ".reports/"))
            #expect((path as NSString).lastPathComponent == "\(r["pdfSHA256"] as? String ?? "").pdf")
            #expect(FileManager.default.fileExists(atPath: path))
        }
        // The amended PDF prints the reason and who signed.
        let amended = try CLI.execute(URL(fileURLWithPath: "/usr/bin/pdftotext"), [registry[2]["path"] as? String ?? "", "-"],
                                      in: folder).stdout
        #expect(amended.contains("Interpretation corrected"))
        #expect(amended.contains("Authorised by Dr A. Lead"))
        #expect(!amended.contains("DRAFT"))

        let audit = try Self.json(try CLI.run(["audit", "--json", "--store", store]).stdout)
        let trail = audit.map { $0["event"] as? String ?? "" }.filter { ["draft", "sign", "amend"].contains($0) }
        #expect(trail == ["draft", "sign", "draft", "sign", "amend"])
        #expect(audit.allSatisfy { !($0["osUser"] as? String ?? "").isEmpty })
        // Ingest events: the clinical file and six draws, then the seventh draw (the six
        // unchanged files are not events); each names the file by its absolute path.
        let ingests = audit.filter { $0["event"] as? String == "ingest" }
        #expect(ingests.count == 8)
        #expect(audit.filter { $0["event"] as? String == "reject" }.count == 2)
        #expect(audit.count == 8 + 2 + 5)   // and nothing else: no event for unchanged or skipped files
        #expect(ingests.allSatisfy { ($0["subject"] as? String ?? "").hasPrefix("/") })

        // The trail and the registry are append-only, and verify checks it.
        let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
        if FileManager.default.fileExists(atPath: sqlite.path) {
            let delete = try CLI.execute(sqlite, [store, "DELETE FROM audit_event"], in: folder)
            #expect(delete.status != 0)
            #expect(delete.stderr.contains("append-only"))
            let update = try CLI.execute(sqlite, [store, "UPDATE report_release SET authorised_by = 'x'"], in: folder)
            #expect(update.status != 0)
        } else {
            print("SignOutTests: no sqlite3; the append-only triggers are checked through verify only")
        }
        #expect(try CLI.run(["verify", "--store", store]).status == 0)

        // Sources are stored by absolute path: verify --sources finds them from any folder,
        // and a source file that is gone is a problem (exit 65), not a silent "ok".
        let elsewhere = try CLI.temporaryFolder()
        let sound = try CLI.run(["verify", "--sources", "--store", store], in: elsewhere)
        #expect(sound.status == 0, "\(sound.stderr)")
        #expect(sound.stdout.contains("missing 0"))
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("draw-03.xml"))
        let gone = try CLI.run(["verify", "--sources", "--store", store], in: elsewhere)
        #expect(gone.status == 65)
        #expect(gone.stderr.contains("draw-03.xml: the source file is missing"))
    }

    /// Issue 17, item 4: `sign --fhir` writes the release as a FHIR R4 Bundle that our own
    /// reader reads back as the latest draw and that the fhir.resources R4B models accept.
    @Test func signWritesAFHIRBundle() throws {
        let folder = try CLI.temporaryFolder()
        let store = folder.appendingPathComponent("lab.sqlite").path
        let sample = CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002")
        #expect(try CLI.run(["ingest", "-q", "--store", store, sample.path]).status == 0)
        #expect(try CLI.run(["report", "MM-1002", "--store", store, "--out", folder.appendingPathComponent("drafts").path, "-q"]).status == 0)
        let out = folder.appendingPathComponent("out.json").path
        let signed = try CLI.run(["sign", "MM-1002", "--by", "Dr A. Lead", "--store", store, "--fhir", out])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.contains("FHIR Bundle: \(out)"))
        let mode = (try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)

        // Our reader reads it back as the latest draw, with its variant calls.
        let latest = try String(contentsOf: sample.appendingPathComponent("draw-07.xml"), encoding: .utf8)
        let calls = latest.components(separatedBy: "<variant ").count - 1
        let validated = try CLI.run(["validate", out])
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("\(calls) variant call(s)"))
        #expect(validated.stdout.contains("collected 2025-02-24"))
        #expect(validated.stdout.contains("urn:ctdna-monitor:report|MM-1002-v1"))

        // The presented form is the released PDF, byte for byte.
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let resources = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
        let report = try #require(resources.first { $0["resourceType"] as? String == "DiagnosticReport" })
        #expect(report["status"] as? String == "final")
        #expect(!(report["conclusion"] as? String ?? "").isEmpty)
        let form = try #require((report["presentedForm"] as? [[String: Any]])?.first)
        let pdf = try #require(Data(base64Encoded: form["data"] as? String ?? ""))
        let registry = try Self.json(try CLI.run(["reports", "MM-1002", "--json", "--store", store]).stdout)
        let released = try Data(contentsOf: URL(fileURLWithPath: registry.first?["path"] as? String ?? ""))
        #expect(pdf == released)

        // The audit trail names the Bundle.
        let audit = try Self.json(try CLI.run(["audit", "--json", "--store", store]).stdout)
        let sign = audit.first { $0["event"] as? String == "sign" }
        #expect((sign?["detail"] as? String ?? "").contains("fhir=\(out)"))

        // An amendment's Bundle is `amended`.
        let amendedOut = folder.appendingPathComponent("amended.json").path
        #expect(try CLI.run(["amend", "MM-1002", "--reason", "Wording corrected", "--by", "Dr A. Lead", "--store", store,
                             "--fhir", amendedOut]).status == 0)
        let amended = try String(contentsOfFile: amendedOut, encoding: .utf8)
        #expect(amended.contains("\"status\" : \"amended\""))
        #expect(amended.contains("Wording corrected"))
        #expect(try CLI.run(["validate", amendedOut]).stdout.contains("MM-1002-v2"))

        // An unwritable --fhir refuses before anything is released.
        let refused = try CLI.run(["amend", "MM-1002", "--reason", "Again", "--by", "Dr A. Lead", "--store", store,
                                   "--fhir", folder.appendingPathComponent("no/such/folder/x.json").path])
        #expect(refused.status != 0)
        #expect(try Self.json(try CLI.run(["reports", "MM-1002", "--json", "--store", store]).stdout).count == 2)

        // The PyPI package fhir.resources (R4B models), when installed (`make deps` puts it in .build-venv).
        let venv = CLI.repo.appendingPathComponent(".build-venv/bin/python")
        let python = FileManager.default.isExecutableFile(atPath: venv.path) ? venv : URL(fileURLWithPath: "/usr/bin/python3")
        let script = CLI.repo.appendingPathComponent("scripts/validate_fhir.py").path
        let check = try CLI.execute(python, [script, out], in: folder)
        if check.status == 3 {
            print("SignOutTests: fhir.resources is not installed (make deps): the R4B validation is skipped")
        } else {
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("valid R4B Bundle"))
            #expect(try CLI.execute(python, [script, amendedOut], in: folder).status == 0)
        }
    }

    @Test func notEvaluableDrawsNeedAnAcknowledgement() throws {
        let store = try CLI.temporaryStore()
        let out = try CLI.temporaryFolder().path
        // MM-1001's last three draws are not evaluable (SampleData).
        #expect(try CLI.run(["ingest", "-q", "--store", store, CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1001").path]).status == 0)
        #expect(try CLI.run(["report", "MM-1001", "--store", store, "--out", out, "-q"]).status == 0)
        let refused = try CLI.run(["sign", "MM-1001", "--by", "Dr A. Lead", "--store", store])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("--acknowledge"))
        #expect(try CLI.run(["sign", "MM-1001", "--by", "Dr A. Lead", "--acknowledge", "--store", store]).status == 0)
        // Amending needs a reason.
        #expect(try CLI.run(["amend", "MM-1001", "--by", "Dr A. Lead", "--store", store]).status == 64)
    }
}
