import ArgumentParser
import CommandSupport
import CtDNAModel
import Foundation
import Store
import Tracking

struct Patients: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patients",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "List the patients in the store.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Write JSON instead of a table.")
    var json = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openExisting()
            let list = try storeCall { () throws(StoreError) in try store.patients() }
            if json {
                printJSON(.array(list.map(TrendJSON.summary)))
            } else {
                print(TextTables.patients(list), terminator: "")
            }
        }
    }
}

struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Show one patient's draws, variants, tumour burden and molecular response.",
        discussion: "With --all, every patient: one JSON document per line with --json, else one table after another.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    @Option(name: .long, help: "The MRN's issuer, when one MRN is held under several issuers.")
    var issuer: String?

    @Option(name: .long, help: "Baseline: the first evaluable draw on or after this date (YYYY-MM-DD).")
    var baseline: String?

    @Flag(name: .long, help: "Write the trend document as JSON (see README).")
    var json = false

    @Flag(name: .long, help: "Every patient in the store.")
    var all = false

    @Argument(help: "The patient's medical record number.")
    var mrn: String?

    func validate() throws {
        guard all != (mrn != nil) else { throw ValidationError("give one MRN, or --all") }
        if let baseline, CalendarDate(iso: baseline) == nil {
            throw ValidationError("--baseline takes a date as YYYY-MM-DD")
        }
    }

    func run() throws {
        try reporting {
            let store = try storeOptions.openExisting()
            let rules = try templates.rules()
            let baselineDate = baseline.flatMap { CalendarDate(iso: $0) }
            let targets: [(String, String?)]
            if all {
                targets = try storeCall { () throws(StoreError) in try store.patients() }
                    .map { ($0.patient.identifier.mrn, $0.patient.identifier.issuer) }
            } else {
                targets = [(mrn ?? "", issuer)]
            }
            for (index, (mrn, issuer)) in targets.enumerated() {
                let found = try storeCall { () throws(StoreError) in try store.timeline(mrn: mrn, issuer: issuer) }
                guard let timeline = found else { throw CommandFailure.unknownPatient }
                let assessment = Tracker.assess(timeline, rules: rules, baseline: baselineDate)
                if json {
                    all ? printJSONLine(TrendJSON.document(assessment)) : printJSON(TrendJSON.document(assessment))
                } else {
                    if index > 0 { print() }
                    print(TextTables.trend(assessment), terminator: "")
                }
            }
        }
    }
}

