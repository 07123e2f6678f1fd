import ArgumentParser
import CommandSupport
import Foundation

/// `ctdna report`: runs `ctdna-report` from beside this binary with the same arguments
/// (the way git runs git-<command>), so that only report rendering loads Cairo, Pango
/// and fontconfig; every other command starts without them.
struct ReportLauncher: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write each patient's longitudinal PDF report (see `ctdna report --help`).")

    @Argument(parsing: .captureForPassthrough)
    var arguments: [String] = []

    func run() throws {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let helper = me.deletingLastPathComponent().appendingPathComponent("ctdna-report").path
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            printError("ctdna: report: \(helper) is missing; install ctdna-report beside ctdna")
            throw ExitCode(69)  // EX_UNAVAILABLE
        }
        let argv = [helper] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        execv(helper, &cArgs)
        printError("ctdna: report: cannot run \(helper): \(String(cString: strerror(errno)))")
        throw ExitCode(69)
    }
}
