import Foundation
import Testing

/// An installed `ctdna` (laid out as `make install PREFIX=…` does) run by name from an
/// unrelated folder: it finds its own templates, names the rules file, follows an edit of
/// it, and fails with exit 78 naming where it looked when the file is gone. The first
/// two tests of issue 11's list; `make install` itself is exercised by the same layout.
@Suite(.serialized) struct InstallTests {
    /// PREFIX/bin/ctdna (a copy of the built binary), PREFIX/share/ctdna/Templates, and a
    /// work folder elsewhere holding a copy of SampleData and nothing else.
    final class Installed {
        let root: URL
        let prefix: URL
        let work: URL
        init() throws {
            let fm = FileManager.default
            root = try CLI.temporaryFolder()
            prefix = root.appendingPathComponent("inst")
            work = root.appendingPathComponent("elsewhere")
            try fm.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
            try fm.createDirectory(at: prefix.appendingPathComponent("share/ctdna"), withIntermediateDirectories: true)
            try fm.createDirectory(at: work, withIntermediateDirectories: true)
            try fm.copyItem(at: CLI.binary, to: prefix.appendingPathComponent("bin/ctdna"))
            try fm.copyItem(at: CLI.repo.appendingPathComponent("Templates"), to: prefix.appendingPathComponent("share/ctdna/Templates"))
            // The compact CJK font `make` built, where `make install` puts it.
            try fm.copyItem(at: CLI.repo.appendingPathComponent(".build-fonts"), to: prefix.appendingPathComponent("share/ctdna/fonts"))
            try fm.copyItem(at: CLI.repo.appendingPathComponent("SampleData"), to: work.appendingPathComponent("SampleData-copy"))
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        var rules: URL { prefix.appendingPathComponent("share/ctdna/Templates/rules/response-rules.yaml") }

        /// `ctdna ARGS` found through PATH (only PREFIX/bin and the system folders), run in the work folder.
        func run(_ args: [String]) throws -> CLI.Result {
            try CLI.execute(URL(fileURLWithPath: "/usr/bin/env"), ["ctdna"] + args,
                            env: ["PATH": prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin", "CTDNA_TEMPLATES": "",
                                  "CTDNA_FONTS": ""],
                            in: work)
        }
    }

    @Test func installedCopyWorksFromAnotherFolder() throws {
        let i = try Installed()
        #expect(try i.run(["ingest", "-q", "SampleData-copy"]).status == 0)
        let trend = try i.run(["trend", "MM-1002"])
        #expect(trend.status == 0, "\(trend.stderr)")
        #expect(trend.stdout.contains("rules ctdna-monitor-myeloma-ctdna v3.0 (\(i.rules.path))"))
        let report = try i.run(["report", "MM-1002", "--lang", "zh-Hans"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("with rules \(i.rules.path)"))
        // It found PREFIX/share/ctdna/fonts: no warning about the system's CJK font.
        #expect(!report.stderr.contains("compact CJK font"), "\(report.stderr)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: i.work.appendingPathComponent("reports").path)) ?? []
        #expect(written.count == 1 && written[0].hasPrefix("ctdna-report-MM-1002-") && written[0].hasSuffix("-zh-Hans.pdf"),
                "\(written)")
    }

    @Test func editedRulesChangeWhatTrendPrints() throws {
        let i = try Installed()
        _ = try i.run(["ingest", "-q", "SampleData-copy"])
        let text = try String(contentsOf: i.rules, encoding: .utf8)
        try text.replacingOccurrences(of: "version: \"3.0\"", with: "version: \"3.0-lab\"").write(to: i.rules, atomically: true, encoding: .utf8)
        let trend = try i.run(["trend", "MM-1002", "--json"])
        #expect(trend.status == 0, "\(trend.stderr)")
        #expect(trend.stdout.contains("\"version\" : \"3.0-lab\""))
    }

    @Test func missingRulesFailWithExit78NamingThePlaces() throws {
        let i = try Installed()
        _ = try i.run(["ingest", "-q", "SampleData-copy"])
        try FileManager.default.removeItem(at: i.rules)
        // A rules file planted in the working folder is never used.
        try FileManager.default.createDirectory(at: i.work.appendingPathComponent("Templates/rules"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.repo.appendingPathComponent("Templates/rules/response-rules.yaml"),
                                         to: i.work.appendingPathComponent("Templates/rules/response-rules.yaml"))
        for command in [["trend", "MM-1002"], ["report", "MM-1002"], ["export"]] {
            let r = try i.run(command)
            #expect(r.status == 78, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("looked in: \(i.rules.path) (install prefix)"), "\(r.stderr)")
        }
    }

    @Test func oneExecutableWithTheReportOptions() throws {
        let help = try CLI.run(["help", "report"])
        #expect(help.status == 0 && help.stdout.contains("--lang"))
        let version = try CLI.run(["report", "--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
        #expect(version.stdout == (try CLI.run(["--version"])).stdout)
        #expect(!FileManager.default.fileExists(atPath: CLI.binary.deletingLastPathComponent().appendingPathComponent("ctdna-report").path))
    }
}
