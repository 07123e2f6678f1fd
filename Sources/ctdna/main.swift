import ArgumentParser
import Foundation
import Installation

/// `ctdna`: ingest liquid-biopsy result files, follow each patient's ctDNA over time.
struct CtDNA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctdna",
        abstract: "Follow multiple-myeloma patients through circulating tumour DNA.",
        version: ctdnaVersion,
        subcommands: [Ingest.self, Validate.self, Patients.self, Trend.self, Export.self, ReportCommand.self, Sign.self,
                      Amend.self, Reports.self, AuditCommand.self, Verify.self, StoreCommand.self, Schema.self]
    )
}

// One place maps every failure to its documented exit status (README "Exit status"):
// a `CommandFailure` prints its message and exits with its sysexits(3) code; usage errors,
// --help and --version go to ArgumentParser (64 for usage errors, 0 for help).
// `--version` (after any subcommand) prints the version, the build commit and the rules
// the templates would give, found as every command finds them (README "Install").
let arguments = Array(CommandLine.arguments.dropFirst())
if let v = arguments.firstIndex(of: "--version"), !arguments[..<v].contains("--") {
    var text = "ctdna \(ctdnaVersion)"
    text += BuildInfo.commit().map { " (commit \(String($0.prefix(12))))" } ?? " (commit unknown)"
    if let installation = try? Installation.locate(templateDir: nil), let loaded = try? installation.rules() {
        text += "; rules \(loaded.rules.name) v\(loaded.rules.version) (\(loaded.path))"
    } else {
        text += "; rules not found (see ctdna --help)"
    }
    print(text)
    exit(0)
}

do {
    var command = try CtDNA.parseAsRoot()
    try command.run()
} catch let failure as CommandFailure {
    printError(failure.description)
    exit(failure.exitCode.rawValue)
} catch {
    CtDNA.exit(withError: error)
}
