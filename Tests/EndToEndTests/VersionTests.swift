import Foundation
import Testing

/// Issue 17, item 6: `--version` prints the version, the build commit and the rules the
/// templates give; the same after a subcommand.
@Suite struct VersionTests {
    @Test func versionNamesCommitAndRules() throws {
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        let line = v.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("ctdna 0.2.0 (commit "))
        // The source tree's HEAD (12 hex digits), or "unknown" outside a git checkout.
        let commit = line.split(separator: "(")[1].split(separator: ")")[0].dropFirst("commit ".count)
        #expect(commit == "unknown" || (commit.count == 12 && commit.allSatisfy(\.isHexDigit)), "\(line)")
        #expect(line.contains("; rules ctdna-monitor-myeloma-ctdna v3.0 ("))
        #expect(try CLI.run(["sign", "--version"]).stdout == v.stdout)
    }
}
