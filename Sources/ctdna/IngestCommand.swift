import ArgumentParser
import CtDNAModel
import Foundation
import Ingest
import Presentation
import Store

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Read result files and folders into the store.",
        discussion: """
        Folders are walked recursively for *.xml, *.json and sample sheets (*.csv whose \
        header names mrn,issuer,collected,accession,vcf,sample,assay; each row is one draw \
        read from the VCF it names, see docs/vcf.md). Each file is stored in its own \
        transaction; a rejected file gets one line on stderr (PATH:LINE: error: WHAT) and \
        the batch goes on. File names are printed with control characters escaped \
        (\\n, \\u{1B}). A folder that cannot be opened or read is reported \
        (ctdna: cannot read folder PATH: reason) and counts as input not ingested. Rejected \
        files are copied to --reject-dir under content-addressed names \
        (SHA256-12-NAME and SHA256-12-NAME.error.txt, mode 0600, never through a link); \
        FIFOs, sockets and devices are rejected by type without being read. Exit status: \
        0 all stored or already stored, 65 some input not ingested (a file rejected or a \
        folder unreadable), 64 usage error, 73 --reject-dir unusable, 74 store failure.
        """,
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Copy each rejected file here, with its error in NAME.error.txt.")
    var rejectDir: String?

    @OptionGroup var verbosity: VerboseOption
    @OptionGroup var output: JSONOption

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Option(name: .long, help: "Files parsed at once (default: the number of cores).")
    var jobs: Int?

    @Argument(help: "Result files or folders.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder") }
        for p in paths where p != "-" && !FileManager.default.fileExists(atPath: p) {
            throw ValidationError("no such file or folder: \(InputFiles.escapedForTerminal(p))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let store = try storeOptions.open()
        let ingester = Ingester(store: store)
        let archive: RejectArchive?
        do { archive = try rejectDir.map { dir throws(RejectArchive.Failure) in try RejectArchive(directory: dir) } } catch {
            throw CommandFailure.output("\(error)")
        }
        let expansion = InputFiles.expandReporting(InputFiles.withStandardInput(paths))
        for folder in expansion.unreadable {
            printError("ctdna: cannot read folder \(InputFiles.escapedForTerminal(folder.path)): \(folder.reason)")
        }
        let files = expansion.files
        let progress = Progress(total: files.count, enabled: !quiet)
        var summary = IngestSummary()
        var skipped = 0
        var earlier: String?
        var seen: [String: String] = [:]   // rejected in this run: SHA-256 → reject id
        var archiveFailure: Error?
        // The audit trail: each file stored, superseding or rejected (unchanged files are not events).
        var events: [AuditEvent] = []
        let at = Ingester.systemNow().text, user = Actor.osUser
        do {
            try storeCall { () throws(StoreError) in
                try ingester.ingest(files, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { outcome in
                    // A file found in a folder that is no result of any format we read
                    // (truth.json, a stray XML) is skipped and counted; named on the command
                    // line, it is rejected.
                    if case .failure(.unsupportedFormat) = outcome.result, expansion.walked.contains(outcome.path) {
                        skipped += 1
                        if output.json { Self.jsonLine(outcome.path, "skipped") }
                        if verbosity.verbose {
                            progress.clear()
                            printError("\(InputFiles.escapedForTerminal(outcome.path)): skipped: \(outcome.error?.reason(verbose: false) ?? "not a result")")
                        }
                        progress.update(summary.total + skipped)
                        return
                    }
                    summary.add(outcome)
                    let subject = Ingester.realPath(outcome.path)
                    switch outcome.result {
                    case .success((_, .ingested)): events.append(AuditEvent(at: at, kind: .ingest, osUser: user, subject: subject))
                    case .success((_, .superseded(let previous))):
                        events.append(AuditEvent(at: at, kind: .supersede, osUser: user, subject: subject,
                                                 detail: "replaces version \(previous)"))
                    case .success((_, .unchanged)): break
                    case .failure(let error):
                        // Recorded by content: the same bytes rejected again are named as such,
                        // and the reject folder keeps one copy of them.
                        let reject = RejectArchive.rejectID(outcome.path)
                        earlier = reject.flatMap { r in try? store.earlierRejection(sha256: r.sha256) }
                            ?? reject.flatMap { r in seen[r.sha256] }
                        if let r = reject { seen[r.sha256] = seen[r.sha256] ?? r.id }
                        events.append(AuditEvent(at: at, kind: .reject, osUser: user, subject: subject,
                                                 detail: (reject.map { "sha256=\($0.sha256) id=\($0.id) " } ?? "")
                                                     + "reason=" + error.reason(verbose: false)))
                    }
                    if output.json {
                        switch outcome.result {
                        case .success((let format, .ingested)): Self.jsonLine(outcome.path, "ingested", format: format)
                        case .success((let format, .unchanged)): Self.jsonLine(outcome.path, "unchanged", format: format)
                        case .success((let format, .superseded(let previous))):
                            Self.jsonLine(outcome.path, "superseded", format: format, replaces: previous)
                        case .failure(let error):
                            Self.jsonLine(outcome.path, "rejected", error: error.message(verbose: verbosity.verbose),
                                          line: error.location.line, rejectedEarlier: earlier)
                        }
                    }
                    if let error = outcome.error {
                        progress.clear()
                        printError(escapedMessage(error, path: outcome.path, verbose: verbosity.verbose)
                                   + (earlier.map { " (rejected earlier: see \(InputFiles.escapedForTerminal($0)))" } ?? ""))
                        do { try archive?.keep(outcome.path, error: error, verbose: verbosity.verbose) } catch { archiveFailure = error }
                    }
                    progress.update(summary.total)
                }
            }
        } catch {
            progress.clear()
            throw error
        }
        progress.clear()
        try storeCall { () throws(StoreError) in try store.appendAudit(events) }
        if let archiveFailure { throw CommandFailure.output("\(archiveFailure)") }
        if output.json {
            print(JSONOut.object(["summary": .object([
                "ingested": .integer(summary.ingested), "unchanged": .integer(summary.unchanged),
                "superseded": .integer(summary.superseded), "rejected": .integer(summary.rejected), "skipped": .integer(skipped),
                "files": .integer(summary.total + skipped), "store": .string(store.location)])]).text(pretty: false))
        } else if !quiet {
            print("ingested \(summary.ingested), unchanged \(summary.unchanged), superseded \(summary.superseded), rejected \(summary.rejected)"
                  + (skipped > 0 ? ", skipped \(skipped) (not results)" : "") + " (\(summary.total + skipped) files) into \(store.location)")
        }
        if summary.rejected > 0 || !expansion.unreadable.isEmpty { throw ExitCode(65) }
    }
}

/// The error line with its file's path escaped for the terminal (the message is built
/// in CtDNAModel with the path as given).
extension Ingest {
    /// One JSON object a line, one per file (`--json`).
    static func jsonLine(_ path: String, _ outcome: String, format: SourceFormat? = nil, replaces: Int? = nil,
                         error: String? = nil, line: Int? = nil, rejectedEarlier: String? = nil) {
        var o: [String: JSONOut] = ["path": .string(path), "outcome": .string(outcome)]
        if let format { o["format"] = .string(format.rawValue) }
        if let replaces { o["replacesVersion"] = .integer(replaces) }
        if let error { o["error"] = .string(error) }
        if let line { o["line"] = .integer(line) }
        if let rejectedEarlier { o["rejectedEarlier"] = .string(rejectedEarlier) }
        print(JSONOut.object(o).text(pretty: false))
    }
}

func escapedMessage(_ error: InputError, path: String, verbose: Bool) -> String {
    let message = error.message(verbose: verbose)
    let file = error.location.file
    if message.hasPrefix(file) {
        return InputFiles.escapedForTerminal(file) + message.dropFirst(file.count)
    }
    return message
}

/// A one-line progress counter on stderr, only when stderr is a terminal and the batch is long.
final class Progress {
    let total: Int
    let enabled: Bool
    let unit: String
    private var shown = false

    init(total: Int, enabled: Bool, unit: String = "files") {
        self.total = total
        self.unit = unit
        self.enabled = enabled && total >= 20 && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int) {
        guard enabled, done % 10 == 0 || done == total else { return }
        writeAll(Data("\r\(done)/\(total) \(unit)".utf8), to: FileHandle.standardError)
        shown = true
    }

    func clear() {
        guard shown else { return }
        writeAll(Data("\r\u{1B}[K".utf8), to: FileHandle.standardError)
        shown = false
    }
}
