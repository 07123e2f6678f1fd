import ArgumentParser
import AssayXML
import CtDNAModel
import Foundation
import Ingest
import Presentation
import Store

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Check result files without storing them (same messages and exit codes as ingest).",
        discussion: """
        File names are printed with control characters escaped. A folder that cannot be \
        read is reported (ctdna: cannot read folder PATH: reason). Exit status: 0 all \
        valid, 65 some input not valid or not read, 64 usage error.
        """,
        version: ctdnaVersion)

    @OptionGroup var verbosity: VerboseOption

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @OptionGroup var output: JSONOption

    @Option(name: .long, help: "Also run the checks that need the store (patient identity, versions, specimens), storing nothing.")
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL password's file, for a --store URL.", valueName: "file"))
    var passwordFile: String?

    @Argument(help: "Result files or folders.")
    var paths: [String]

    /// One JSON object a line, one per file (or sample-sheet row).
    static func line(_ path: String, ok: Bool, sheetLine: Int? = nil, format: String? = nil, report: String? = nil,
                     calls: Int? = nil, collected: String? = nil, error: String? = nil, skipped: Bool = false) {
        var o: [String: JSONOut] = ["path": .string(path), "ok": .bool(ok)]
        if let sheetLine { o["line"] = .integer(sheetLine) }
        if let format { o["format"] = .string(format) }
        if let report { o["report"] = .string(report) }
        if let calls { o["variantCalls"] = .integer(calls) }
        if let collected { o["collected"] = .string(collected) }
        if let error { o["error"] = .string(error) }
        if skipped { o["skipped"] = .bool(true) }
        print(JSONOut.object(o).text(pretty: false))
    }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder") }
        for p in paths where p != "-" && !FileManager.default.fileExists(atPath: p) {
            throw ValidationError("no such file or folder: \(InputFiles.escapedForTerminal(p))")
        }
    }

    func run() throws {
        let today = Ingester.systemNow().date
        let now = Ingester.systemNow()
        // The store's checks, as ingest runs them, in a transaction rolled back each time.
        let checkStore: (any CtDNAStore)? = try store.map { path in
            var options = StoreOptions()
            options.store = path
            options.passwordFile = passwordFile
            return try options.openExisting(access: .readWrite)
        }
        var rejected = 0
        let expansion = InputFiles.expandReporting(InputFiles.withStandardInput(paths))
        for folder in expansion.unreadable {
            printError("ctdna: cannot read folder \(InputFiles.escapedForTerminal(folder.path)): \(folder.reason)")
        }
        for file in expansion.files {
            switch Ingester.kind(of: file) {
            case .document: break
            case .bareVCF:
                rejected += 1
                printError(escapedMessage(Ingester.bareVCFError(file), path: file, verbose: verbosity.verbose))
                if output.json { Self.line(file, ok: false, error: Ingester.bareVCFError(file).message()) }
                continue
            case .sampleSheet:
                for row in Ingester.checkSheet(file, today: today) {
                    switch row {
                    case .success(let (line, r)):
                        if output.json {
                            Self.line(file, ok: true, sheetLine: line, format: SourceFormat.vcfSampleSheet.rawValue,
                                      report: r.identity.description, calls: r.variants.count,
                                      collected: r.specimen.collected.date.description)
                        } else if !quiet {
                            print("\(InputFiles.escapedForTerminal(file)):\(line): ok: \(SourceFormat.vcfSampleSheet.rawValue), report \(r.identity), \(r.variants.count) variant call(s), collected \(r.specimen.collected.date)")
                        }
                    case .failure(let error):
                        rejected += 1
                        printError(escapedMessage(error, path: error.location.file, verbose: verbosity.verbose))
                        if output.json { Self.line(file, ok: false, sheetLine: error.location.line, error: error.message()) }
                    }
                }
                continue
            }
            var checked = Ingester.check(file, today: today)
            if let checkStore, case .success(let (format, document)) = checked,
               let bytes = try? Data(contentsOf: URL(fileURLWithPath: file)) {
                let source = SourceFile(path: Ingester.realPath(file), sha256: Hashing.sha256([UInt8](bytes)), format: format,
                                        byteCount: bytes.count)
                do { _ = try checkStore.check(document, from: source, at: now) } catch {
                    switch error {
                    case .conflict(let reason): checked = .failure(.conflict(SourceLocation(file: file), reason: reason))
                    default: throw CommandFailure.store(error)
                    }
                }
            }
            switch checked {
            case .failure(.unsupportedFormat) where expansion.walked.contains(file):
                // As ingest does: a file in a folder that is no result is skipped, not refused.
                if output.json { Self.line(file, ok: true, skipped: true) }
                else if verbosity.verbose { printError("\(InputFiles.escapedForTerminal(file)): skipped: not a result") }
            case .success(let (format, document)):
                if output.json {
                    var calls: Int?, collected: String?
                    if case .result(let r) = document { (calls, collected) = (r.variants.count, r.specimen.collected.date.description) }
                    Self.line(file, ok: true, format: format.rawValue, report: document.identity.description, calls: calls,
                              collected: collected)
                } else if !quiet {
                    let what: String
                    switch document {
                    case .result(let r): what = "\(r.variants.count) variant call(s), collected \(r.specimen.collected.date)"
                    case .clinical(let c): what = "clinical context, \(c.therapyLines.count) therapy line(s)"
                    }
                    print("\(InputFiles.escapedForTerminal(file)): ok: \(format.rawValue), report \(document.identity), \(what)")
                }
            case .failure(let error):
                rejected += 1
                printError(escapedMessage(error, path: file, verbose: verbosity.verbose))
                if output.json { Self.line(file, ok: false, sheetLine: error.location.line, error: error.message()) }
            }
        }
        if rejected > 0 || !expansion.unreadable.isEmpty { throw ExitCode(65) }
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
