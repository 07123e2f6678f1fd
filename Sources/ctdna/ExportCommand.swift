import ArgumentParser
import CtDNAModel
import Foundation
import Ingest
import Presentation
import Report
import Store
import Tracking

/// `ctdna export`: the whole cohort as CSV, one row per variant per draw, for analysis
/// in R, Python or a spreadsheet. Patients are read one at a time.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Write every patient's variant series as CSV (one row per variant per draw).",
        discussion: """
        With --out, the file is written to a hidden .ctdna-export-XXXXXX.tmp beside it, synced \
        and renamed only when complete (mode 0600 unless --mode); a failed write leaves nothing \
        and exits 74 (73 when the file cannot be created). Text cells that a spreadsheet would \
        read as a formula (starting with = + - @, tab or carriage return) start with a single quote.
        """,
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    @Option(name: [.customShort("o"), .long], help: "Output file (default: standard output).")
    var out: String?

    @Option(name: .long, help: "Permissions of the --out file, in octal (default: 600).")
    var mode: String?

    func validate() throws {
        if let mode, OutputFile.parseMode(mode) == nil { throw ValidationError("--mode takes octal permissions, 0 to 777") }
        if mode != nil, out == nil { throw ValidationError("--mode needs --out") }
    }

    func run() throws {
        let rules = try templates.rules(try templates.installation()).rules
        let store = try storeOptions.openExisting()
        let file: OutputFile?
        if let out {
            let folder = (out as NSString).deletingLastPathComponent
            do {
                file = try OutputFile(directory: folder.isEmpty ? "." : folder, name: (out as NSString).lastPathComponent,
                                      temporaryPrefix: ".ctdna-export-", mode: mode.flatMap(OutputFile.parseMode) ?? 0o600)
            } catch {
                throw CommandFailure.output("cannot write \(out): \(error)")
            }
        } else {
            file = nil
        }
        let sink: (String) -> Bool = { text in
            if let file { return file.write(text) }
            writeAll(Data(text.utf8), to: FileHandle.standardOutput)
            return true
        }
        do {
            guard sink(CSVExport.headerLine) else { throw ExportStop() }
            for summary in try storeCall({ () throws(StoreError) in try store.patients() }) {
                let id = summary.patient.identifier
                guard let timeline = try storeCall({ () throws(StoreError) in
                    try store.timeline(mrn: id.mrn, issuer: id.issuer ?? "")
                }) else { continue }
                guard sink(CSVExport.rows(Tracker.assess(timeline, rules: rules))) else { throw ExportStop() }
            }
            if let file { _ = try file.commit() }
            // The audit trail records the export (where the store can be written: a store on
            // a read-only medium is exported without a record).
            if let writable = try? storeOptions.open(access: .readWrite) {
                try? writable.appendAudit(Actor.event(.export, subject: out.map(Ingester.realPath) ?? "standard output"))
            }
        } catch {
            file?.discard()
            if error is ExportStop || error is OutputFileError {
                printError("ctdna: \((error as? OutputFileError)?.description ?? file?.failure ?? "cannot write the export")")
                throw ExitCode(74)   // EX_IOERR: nothing is left at --out from this run
            }
            throw error
        }
    }
}

/// A write to the export file failed (its `failure` says why).
private struct ExportStop: Error {}
