import ArgumentParser
import CtDNAModel
import Foundation
import Presentation
import Store
import Tracking

/// `ctdna export`: the whole cohort as CSV, one row per variant per draw, for analysis
/// in R, Python or a spreadsheet. Patients are read one at a time.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Write every patient's variant series as CSV (one row per variant per draw).",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    @Option(name: .long, help: "Output file (default: standard output).")
    var out: String?

    func run() throws {
        let rules = try templates.rules(try templates.installation()).rules
        let store = try storeOptions.openExisting()
        let sink: (String) -> Void
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil),
                  let handle = FileHandle(forWritingAtPath: out) else { throw CommandFailure.output("cannot write \(out)") }
            sink = { handle.write(Data($0.utf8)) }
        } else {
            sink = { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
        sink(CSVExport.headerLine)
        for summary in try storeCall({ () throws(StoreError) in try store.patients() }) {
            let id = summary.patient.identifier
            guard let timeline = try storeCall({ () throws(StoreError) in try store.timeline(mrn: id.mrn, issuer: id.issuer) })
            else { continue }
            sink(CSVExport.rows(Tracker.assess(timeline, rules: rules)))
        }
    }
}
