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
        abstract: "Show one patient's draws, variants, ctDNA call and level, and ctDNA response per therapy line.",
        discussion: "With --all, every patient: one JSON document per line with --json, else one table after another.",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions
    @OptionGroup var patient: PatientSelection
    @OptionGroup var output: JSONOption

    /// The JSON document or the text table (wording errors are template errors, exit 78).
    static func render(_ a: PatientAssessment, json: Bool, oneLine: Bool, phrases: Phrases,
                       rulesFile: String) throws(CommandFailure) -> String {
        do {
            if json { return try TrendJSON.document(a, phrases: phrases, rulesFile: rulesFile).text(pretty: !oneLine) }
            return try TextTables.trend(a, phrases: phrases, rulesFile: rulesFile)
        } catch {
            throw .templates(error.description)
        }
    }

    func run() throws {
        let installation = try templates.installation()
        let loaded = try templates.rules(installation)
        let phrases = try templates.phrases(installation)
        let store = try storeOptions.openExisting()
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
            let assessment = Tracker.assess(timeline, rules: loaded.rules)
            let text = try Self.render(assessment, json: output.json, oneLine: patient.all, phrases: phrases,
                                       rulesFile: loaded.path)
            if !output.json, index > 0 { print() }
            print(text, terminator: output.json ? "\n" : "")
        }
    }
}
