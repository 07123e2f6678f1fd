import ArgumentParser
import AssayXML
import CtDNAModel
import Foundation
import Ingest

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Check result files without storing them (same messages and exit codes as ingest).",
        version: ctdnaVersion)

    @OptionGroup var verbosity: VerboseOption

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Argument(help: "Result files or folders.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder") }
        for p in paths where !FileManager.default.fileExists(atPath: p) {
            throw ValidationError("no such file or folder: \(p)")
        }
    }

    func run() throws {
        let today = Ingester.systemNow().date
        var rejected = 0
        for file in InputFiles.expand(paths) {
            switch Ingester.check(file, today: today) {
            case .success(let (format, document)):
                if !quiet {
                    let what: String
                    switch document {
                    case .result(let r): what = "\(r.variants.count) variant call(s), collected \(r.specimen.collected.date)"
                    case .clinical(let c): what = "clinical context, \(c.therapyLines.count) therapy line(s)"
                    }
                    print("\(file): ok: \(format.rawValue), report \(document.identity), \(what)")
                }
            case .failure(let error):
                rejected += 1
                printError(error.message(verbose: verbosity.verbose))
            }
        }
        if rejected > 0 { throw ExitCode(65) }
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Print the XML Schema (XSD) of ctDNA Monitor result XML v1.",
        version: ctdnaVersion)

    func run() {
        print(XMLSchema.ctdnaResultText, terminator: "")
    }
}
