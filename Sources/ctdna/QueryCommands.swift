import ArgumentParser
import CtDNAModel
import Foundation
import Presentation
import Store
import Tracking

struct Patients: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patients",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "List the patients in the store.",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.openExisting()
        let list = try storeCall { () throws(StoreError) in try store.patients() }
        if output.json {
            printJSON(.array(list.map(TrendJSON.summary)))
        } else {
            print(TextTables.patients(list), terminator: "")
        }
    }
}

struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Show one patient's draws, variants, tumour burden and molecular response.",
        discussion: "With --all, every patient: one JSON document per line with --json, else one table after another.",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions
    @OptionGroup var patient: PatientSelection
    @OptionGroup var output: JSONOption

    @Option(name: .long, help: "Baseline: the first evaluable draw on or after this date (YYYY-MM-DD).")
    var baseline: String?

    func validate() throws {
        if let baseline, CalendarDate(iso: baseline) == nil {
            throw ValidationError("--baseline takes a date as YYYY-MM-DD")
        }
    }

    func run() throws {
        let installation = try templates.installation()
        let loaded = try templates.rules(installation)
        let phrases = try templates.phrases(installation)
        let store = try storeOptions.openExisting()
        let baselineDate = baseline.flatMap { CalendarDate(iso: $0) }
        let targets: [(String, String?)]
        if patient.all {
            targets = try storeCall { () throws(StoreError) in try store.patients() }
                .map { ($0.patient.identifier.mrn, $0.patient.identifier.issuer) }
        } else {
            targets = [(patient.mrn ?? "", patient.issuer)]
        }
        for (index, (mrn, issuer)) in targets.enumerated() {
            let found = try storeCall { () throws(StoreError) in try store.timeline(mrn: mrn, issuer: issuer) }
            guard let timeline = found else { throw CommandFailure.unknownPatient }
            let assessment = Tracker.assess(timeline, rules: loaded.rules, baseline: baselineDate)
            do {
                if output.json {
                    let doc = try TrendJSON.document(assessment, phrases: phrases, rulesFile: loaded.path)
                    patient.all ? printJSONLine(doc) : printJSON(doc)
                } else {
                    if index > 0 { print() }
                    print(try TextTables.trend(assessment, phrases: phrases, rulesFile: loaded.path), terminator: "")
                }
            } catch {
                throw CommandFailure.templates(error.description)
            }
        }
    }
}
