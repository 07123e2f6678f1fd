import Foundation
import Testing

/// Runs the built `ctdna` binary (as swift-argument-parser's test helpers do).
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// SwiftPM's build products folder for this build (e.g. .build/x86_64-unknown-linux-gnu/debug,
    /// or the same under `--scratch-path`): the one holding the running test bundle, beside
    /// which `swift build --build-tests` put `ctdna`.
    static let productsFolder: URL = {
        // macOS: the tests are a loaded `X.xctest` bundle; Linux: `X.xctest` is the executable itself.
        if let bundle = Bundle.allBundles.first(where: { $0.bundleURL.pathExtension == "xctest" }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]))
            .resolvingSymlinksInPath()
        var url = executable
        while url.pathComponents.count > 1 {
            if url.pathExtension == "xctest" { return url.deletingLastPathComponent() }
            url = url.deletingLastPathComponent()
        }
        return executable.deletingLastPathComponent()
    }()

    /// `CTDNA_BIN` if set, else `ctdna` in the build products folder.
    static var binary: URL {
        if let env = ProcessInfo.processInfo.environment["CTDNA_BIN"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return productsFolder.appendingPathComponent("ctdna")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `ctdna` in `folder` (the package root unless given), without `CTDNA_STORE`.
    static func run(_ args: [String], env: [String: String] = [:], in folder: URL? = nil) throws -> Result {
        try execute(binary, args, env: env, in: folder ?? repo)
    }

    /// Runs any program and collects its standard output and standard error whole.
    static func execute(_ executable: URL, _ args: [String], env: [String: String] = [:], in folder: URL) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CTDNA_STORE")
        environment.merge(env) { $1 }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let (o, e) = readBoth(out.fileHandleForReading, err.fileHandleForReading)
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// Reads two pipes to their ends at once (poll(2)), so a child that fills one pipe
    /// while the other is being read cannot block (reading one to its end first deadlocks
    /// as soon as the child writes more than a pipe holds, 64 KiB, to the other).
    static func readBoth(_ first: FileHandle, _ second: FileHandle) -> (Data, Data) {
        var data = [Data(), Data()]
        var open = [true, true]
        let fds = [first.fileDescriptor, second.fileDescriptor]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while open[0] || open[1] {
            var polled = (0..<2).map { pollfd(fd: open[$0] ? fds[$0] : -1, events: Int16(POLLIN), revents: 0) }
            guard poll(&polled, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for k in 0..<2 where open[k] && polled[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k], $0.baseAddress, $0.count) }
                if n > 0 {
                    data[k].append(contentsOf: buffer[..<n])
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[k] = false
                }
            }
        }
        return (data[0], data[1])
    }

    static func temporaryStore() throws -> String {
        try temporaryFolder().appendingPathComponent("store.sqlite").path
    }

    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

@Suite struct HarnessTests {
    @Test func theBuiltBinaryIsFound() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path),
                "no ctdna at \(CLI.binary.path): build with `swift build --build-tests` or set CTDNA_BIN")
    }

    /// Megabytes on both pipes at once: neither is left to fill up while the other is read.
    @Test(.timeLimit(.minutes(1)))
    func childWritingMegabytesToBothPipesIsReadWhole() throws {
        let r = try CLI.execute(URL(fileURLWithPath: "/bin/sh"), ["-c", """
            head -c 2000000 /dev/zero | tr '\\0' x >&2; head -c 2000000 /dev/zero | tr '\\0' y; \
            head -c 100000 /dev/zero | tr '\\0' z >&2
            """], in: CLI.repo)
        #expect(r.status == 0)
        #expect(r.stdout.utf8.count == 2_000_000 && r.stdout.utf8.allSatisfy { $0 == UInt8(ascii: "y") })
        #expect(r.stderr.utf8.count == 2_100_000)
        #expect(r.stderr.utf8.prefix(2_000_000).allSatisfy { $0 == UInt8(ascii: "x") })
    }
}

/// Nothing is ever run from the current folder: a `ctdna-report` planted there (as a
/// downloads folder might hold) must not run, whether `ctdna` was started by its full
/// path or by name through PATH (then its argv[0] is the bare name `ctdna`).
@Suite struct WorkingFolderTests {
    @Test func nothingIsExecutedFromTheWorkingFolder() throws {
        let dir = try CLI.temporaryFolder()
        let marker = dir.appendingPathComponent("planted-program-ran")
        let planted = dir.appendingPathComponent("ctdna-report").path
        try "#!/bin/sh\ntouch '\(marker.path)'\n".write(toFile: planted, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: planted)
        let store = dir.appendingPathComponent("x.sqlite").path
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for args in [["report", "--help"], ["report", "SOMEMRN", "--store", store]] {
            let direct = try CLI.run(args, in: dir)
            let viaPath = try CLI.execute(URL(fileURLWithPath: "/bin/sh"),
                                          ["-c", "exec \(CLI.binary.lastPathComponent) \"$@\"", "sh"] + args,
                                          env: ["PATH": path], in: dir)
            for (how, r) in [("by path", direct), ("by name", viaPath)] {
                if args.contains("--help") {
                    #expect(r.status == 0 && r.stdout.contains("--store"), "\(how): \(r.stderr)")
                } else {
                    #expect(r.status == 66, "\(how): \(r.stderr)")  // no such store
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "a ctdna-report in the working folder was run")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}

@Suite(.serialized) struct CLITests {
    @Test func ingestSampleDataThenAgain() throws {
        let store = try CLI.temporaryStore()
        let first = try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("ingested 30, unchanged 0, superseded 1, rejected 0 (31 files)"))
        let again = try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("ingested 0, unchanged 31, superseded 0, rejected 0"))
    }

    @Test func rejectedFileGivesExit65AndOneLineOnStderr() throws {
        let store = try CLI.temporaryStore()
        let rejects = (store as NSString).deletingLastPathComponent + "/rejects"
        let r = try CLI.run(["ingest", "--store", store, "--reject-dir", rejects,
                             "SampleData/ctdna-xml/MM-1004", "Tests/Fixtures/ctdna-xml/bad/depth-below-alt-reads.xml"])
        #expect(r.status == 65)
        #expect(r.stderr == "Tests/Fixtures/ctdna-xml/bad/depth-below-alt-reads.xml:18: error: depth: is less than the alt-read count\n")
        #expect(r.stdout.contains("ingested 7, unchanged 0, superseded 0, rejected 1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: rejects).contains { $0.hasSuffix("-depth-below-alt-reads.xml.error.txt") })
        let patients = try CLI.run(["patients", "--store", store, "--json"])
        #expect(patients.stdout.contains("\"mrn\" : \"MM-1004\""))
        #expect(!patients.stdout.contains("FX-0001"))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLI.run(["ingest"]).status == 64)
        #expect(try CLI.run(["ingest", "--store", CLI.temporaryStore(), "no/such/folder"]).status == 64)
        #expect(try CLI.run(["trend"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
    }

    @Test func validateNamesFileAndLine() throws {
        let r = try CLI.run(["validate", "Tests/Fixtures/ctdna-xml/bad/truncated.xml", "Tests/Fixtures/ctdna-xml/good"])
        #expect(r.status == 65)
        #expect(r.stderr == "Tests/Fixtures/ctdna-xml/bad/truncated.xml:18: error: not well-formed: Specification mandates value for attribute status\n")
        #expect(r.stdout.contains("minimal-one-variant.xml: ok: ctdna-result-1"))
        let ok = try CLI.run(["validate", "Tests/Fixtures/ctdna-xml/good"])
        #expect(ok.status == 0)
    }

    @Test func trendJSONHasTheDocumentedShape() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml/MM-1002"])
        let r = try CLI.run(["trend", "MM-1002", "--json"], env: ["CTDNA_STORE": store])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let patient = try #require(json["patient"] as? [String: Any])
        #expect(patient["mrn"] as? String == "MM-1002")
        #expect(patient["sex"] as? String == "male")
        #expect(patient["birthDate"] as? String == "1966-09-23")
        let draws = try #require(json["draws"] as? [[String: Any]])
        #expect(draws.count == 7)
        #expect(draws[0]["collected"] as? String == "2024-02-05")
        #expect(draws[0]["format"] as? String == "ctdna-result-1")
        let variants = try #require(json["variants"] as? [[String: Any]])
        let braf = try #require(variants.first { $0["gene"] as? String == "BRAF" })
        #expect(braf["proteinChange"] as? String == "p.V600E")
        #expect(braf["codingChange"] as? String == "c.1799T>A")
        let series = try #require(braf["series"] as? [[String: Any]])
        // BRAF is first tested on 2024-08-05 (not detected), then detected.
        #expect(series.map { $0["collected"] as? String } == ["2024-08-05", "2024-10-28", "2024-12-16", "2025-02-24"])
        #expect(series[0]["detected"] as? Bool == false)
        #expect(series[0]["vaf"] is NSNull)
        #expect(series[1]["detected"] as? Bool == true)
        // The 2024-10-28 file gives 45 alt reads of 6487 (45 / 6487 = 0.006937, written 0.00694).
        #expect(series[1]["vaf"] as? Double == 0.00694)
        #expect(series[1]["altReads"] as? Int == 45)
        #expect(series[1]["depth"] as? Int == 6487)
    }

    @Test func queriesOnAMissingStoreDoNotCreateIt() throws {
        let store = try CLI.temporaryStore()
        let r = try CLI.run(["patients", "--store", store])
        #expect(r.status == 66)
        #expect(!FileManager.default.fileExists(atPath: store))
        _ = try CLI.run(["ingest", "--store", store, "SampleData/ctdna-xml/MM-1001"])
        #expect(try CLI.run(["trend", "--store", store, "NOPE"]).status == 66)
    }
}

@Suite(.serialized) struct TrendDocumentTests {
    /// Every sample patient's `trend --json` validates against Schemas/trend-2.schema.json
    /// (checked with Python's jsonschema, a Draft 2020-12 validator).
    @Test func everySamplePatientMatchesTheSchema() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "-q", "--store", store, "SampleData"]).status == 0)
        let all = try CLI.run(["trend", "--all", "--json", "--store", store])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        let dir = (store as NSString).deletingLastPathComponent
        try all.stdout.write(toFile: dir + "/all.jsonl", atomically: true, encoding: .utf8)
        let check = try CLI.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            v = jsonschema.Draft202012Validator(schema)
            bad = [e.message for line in open(sys.argv[2]) for e in v.iter_errors(json.loads(line))]
            print("\\n".join(bad)); sys.exit(1 if bad else 0)
            """, CLI.repo.appendingPathComponent("Schemas/trend-2.schema.json").path, dir + "/all.jsonl"], in: CLI.repo)
        // (Read while it runs: a long list of errors would fill the pipe before it exits.)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func samplePatientsGetTheirExpectedCategories() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData"])
        func document(_ mrn: String) throws -> [String: Any] {
            let r = try CLI.run(["trend", mrn, "--json", "--store", store])
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        func categories(_ doc: [String: Any]) -> [String] {
            ((doc["draws"] as? [[String: Any]]) ?? []).compactMap { ($0["response"] as? [String: Any])?["category"] as? String }
        }
        func alertKinds(_ doc: [String: Any]) -> [String] {
            ((doc["alerts"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
        }
        func clinical(_ doc: [String: Any]) -> [String: Any] { (doc["clinical"] as? [String: Any]) ?? [:] }
        func variant(_ doc: [String: Any], gene: String) -> [String: Any]? {
            ((doc["variants"] as? [[String: Any]]) ?? []).first { $0["gene"] as? String == gene }
        }
        // MM-1001: line 1 (VRd) falls to not detected; lines 2–3 start from a not-detected
        // baseline, so the maintenance draws are not evaluable (the call itself is "not-detected").
        let responder = try document("MM-1001")
        #expect(categories(responder) == ["baseline", "decrease-50", "decrease-90", "not-detected",
                                          "not-evaluable", "not-evaluable", "not-evaluable"])
        // MM-1002: line 1 rises (unconfirmed, then confirmed); after CAR-T, line 2 is ↓≥50 %
        // against the pre-CAR-T draw.
        let emd = try document("MM-1002")
        #expect(categories(emd) == ["baseline", "decrease-50", "decrease-90", "decrease-90", "rise-unconfirmed", "rise",
                                    "decrease-50"])
        let kinds = alertKinds(emd)
        #expect(kinds.contains("new-clone") && kinds.contains("rise") && kinds.contains("rise-unconfirmed"))
        // PET-CT 2024-12-11: pleura and skin (extramedullary) and a rib lesion (paraskeletal, not EMD).
        #expect(kinds.contains("extramedullary-disease"))
        let studies = (clinical(emd)["imaging"] as? [[String: Any]]) ?? []
        let lesionClasses = studies.flatMap { ($0["lesions"] as? [[String: Any]]) ?? [] }.compactMap { $0["class"] as? String }
        #expect(lesionClasses.contains("paraskeletal"))
        // MM-1003: IMS/IMWG 2025 high risk by del(17p) in 45 % of plasma cells and a somatic TP53 mutation.
        let tp53 = try document("MM-1003")
        let risk = (clinical(tp53)["highRisk"] as? [String: Any]) ?? [:]
        #expect(risk["status"] as? String == "high-risk")
        let criteria = (risk["criteria"] as? [String]) ?? []
        #expect(criteria.contains("del17p") && criteria.contains("tp53-mutation"))
        // MM-1004: DNMT3A a little higher in matched white cells than in plasma (clonal haematopoiesis);
        // PPM1D first seen on maintenance (a CH-prone gene after therapy: indeterminate, never a new clone).
        let chip = try document("MM-1004")
        let dnmt3a = variant(chip, gene: "DNMT3A")
        #expect(dnmt3a?["origin"] as? String == "clonal-haematopoiesis")
        let ppm1d = variant(chip, gene: "PPM1D")
        #expect(ppm1d?["origin"] as? String == "indeterminate")
        #expect(ppm1d?["newClone"] as? Bool == false)
        #expect(variant(chip, gene: "TP53")?["origin"] as? String == "indeterminate")
        let chipKinds = alertKinds(chip)
        #expect(!chipKinds.contains("new-clone") && !chipKinds.contains("rise") && !chipKinds.contains("rise-unconfirmed"))
        #expect(categories(chip) == ["baseline", "decrease-50", "decrease-50", "decrease-90", "not-evaluable", "not-evaluable"])
        let lines = (chip["lines"] as? [[String: Any]]) ?? []
        #expect(lines.first?["trackedVariants"] as? [String] == ["KRAS p.Q61H"])
        // MM-1005: an MRI with a CNS lesion; ATM near 50 % with no origin given: possible germline.
        let cross = try document("MM-1005")
        let crossKinds = alertKinds(cross)
        #expect(crossKinds.contains("cns-involvement") && crossKinds.contains("possible-germline"))
        let rules = try #require(responder["rules"] as? [String: Any])
        #expect(rules["name"] as? String == "ctdna-monitor-myeloma-ctdna" && rules["version"] as? String == "3.0")
    }

    @Test func labRulesFromATemplateDirectory() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData/ctdna-xml/MM-1001"])
        // A lab's templates folder: a copy of the shipped one with its own rules version.
        let dir = (store as NSString).deletingLastPathComponent + "/templates"
        try FileManager.default.copyItem(atPath: CLI.repo.appendingPathComponent("Templates").path, toPath: dir)
        let yaml = try String(contentsOfFile: CLI.repo.appendingPathComponent("Templates/rules/response-rules.yaml").path, encoding: .utf8)
        try yaml.replacingOccurrences(of: "version: \"3.0\"", with: "version: \"lab-2\"")
            .write(toFile: dir + "/rules/response-rules.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["trend", "MM-1001", "--store", store, "--template-dir", dir])
        #expect(r.stdout.contains("rules ctdna-monitor-myeloma-ctdna vlab-2"))
        try "name: broken\n".write(toFile: dir + "/rules/response-rules.yaml", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["trend", "MM-1001", "--store", store, "--template-dir", dir])
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("missing key"))
    }
}

@Suite struct ExportTests {
    @Test func csvHasOneRowPerVariantPerDraw() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData/ctdna-xml/MM-1002"])
        let r = try CLI.run(["export", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("mrn,issuer,collected,") == true)
        // NRAS at 7 draws, BRAF at 4 (first tested 2024-08-05): 11 rows.
        #expect(lines.count == 1 + 11)
        let braf = lines.first { $0.contains("BRAF p.V600E") && $0.contains("2024-10-28") } ?? ""
        #expect(braf.contains(",detected,true,false,0.00694,"))
        // BRAF is not tracked in line 1 (absent at its baseline); the draw is line 1's first rise.
        #expect(braf.contains(",1,detected,"))
        #expect(braf.contains(",rise-unconfirmed,"))
    }
}

@Suite struct ReportCommandTests {
    @Test func reportCommandWritesPDFsInBothLanguages() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData/ctdna-xml/MM-1004"])
        let out = (store as NSString).deletingLastPathComponent + "/pdf"
        let r = try CLI.run(["report", "MM-1004", "--store", store, "--out", out, "--lang", "en", "--lang", "zh-Hans"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        // ctdna-report-<MRN slug>-<16 hex of issuer + MRN>-<language>.pdf (issue 14: injective names).
        #expect(files.count == 2)
        #expect(files.allSatisfy { $0.range(of: #"^ctdna-report-MM-1004-[0-9a-f]{16}-(en|zh-Hans)\.pdf$"#, options: .regularExpression) != nil },
                "\(files)")
        #expect(try CLI.run(["report", "MM-1004", "--store", store, "--lang", "fr"]).status == 64)
        #expect(try CLI.run(["report", "NOBODY", "--store", store, "--out", out]).status == 66)
    }
}
