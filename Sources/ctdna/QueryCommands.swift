import ArgumentParser
import CtDNAModel
import Foundation
import Ingest
import Presentation
import Store
import Tracking

struct Patients: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patients",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "List the patients in the store; declare issuer aliases and distinct patients.",
        version: ctdnaVersion,
        subcommands: [PatientsList.self, PatientsAlias.self, PatientsDistinct.self],
        defaultSubcommand: PatientsList.self)
}

struct PatientsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the patients, the issuer aliases and the patients declared distinct (the default).",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.openExisting()
        let (list, aliases, distinct) = try storeCall { () throws(StoreError) in
            (try store.patients(), try store.issuerAliases(), try store.distinctPatients())
        }
        if output.json {
            printJSON(.array(list.map { TrendJSON.summary($0, aliases: aliases) }))
        } else {
            print(TextTables.patients(list) + TextTables.identityDeclarations(aliases: aliases, distinct: distinct),
                  terminator: "")
        }
    }
}

/// Who declares: `--by`, else the login name.
func declarant(_ by: String?) throws -> String {
    let name = by ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
    guard let name, !name.isEmpty else { throw ValidationError("say who declares it with --by NAME") }
    do throws(IdentifierProblem) { return try Identifier.validateName(name, field: "--by") } catch {
        throw ValidationError("--by: \(error.reason)")
    }
}

func checkedIdentifier(_ text: String, _ field: String) throws -> String {
    do throws(IdentifierProblem) { return try Identifier.validate(text, field: field) } catch {
        throw ValidationError("\(field): \(error.reason)")
    }
}

struct PatientsAlias: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias",
        abstract: "Declare two MRN issuers one issuer: a file under either joins the patient stored under the other.",
        discussion: """
            Recorded in the store with who and when. Nothing stored is moved: a patient already \
            stored under both issuers stays two patients, named with --issuer.
            """,
        version: ctdnaVersion)

    @Argument(help: "An issuer as files write it (e.g. NBH).") var issuer: String
    @Argument(help: "Another spelling of the same issuer (e.g. https://nbh.example/mrn).") var other: String
    @Option(help: "Who declares it (default: $USER).") var by: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let a = try checkedIdentifier(issuer, "issuer"), b = try checkedIdentifier(other, "other issuer")
        guard a != b else { throw ValidationError("the two issuers are the same") }
        let who = try declarant(by)
        let store = try storeOptions.openExisting(access: .readWrite)
        try storeCall { () throws(StoreError) in
            try store.declareIssuerAlias(a, b, by: who, at: Ingester.systemNow())
            try store.appendAudit(Actor.event(.alias, by: who, subject: "\(a) = \(b)"))
        }
        print("issuers \(Identifier.escaped(a)) and \(Identifier.escaped(b)) are one issuer (declared by \(Identifier.escaped(who)))")
    }
}

struct PatientsDistinct: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distinct",
        abstract: "Declare two patient identities two people, although their MRN or their name, birth date and sex match.",
        version: ctdnaVersion)

    @Argument(help: "The first patient's MRN.") var mrn: String
    @Argument(help: "The second patient's MRN.") var otherMRN: String
    @Option(help: "The first patient's MRN issuer.") var issuer: String?
    @Option(name: .customLong("other-issuer"), help: "The second patient's MRN issuer.") var otherIssuer: String?
    @Option(help: "Who declares it (default: $USER).") var by: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let a = PatientIdentifier(mrn: try checkedIdentifier(mrn, "MRN"), issuer: try issuer.map { try checkedIdentifier($0, "--issuer") })
        let b = PatientIdentifier(mrn: try checkedIdentifier(otherMRN, "other MRN"),
                                  issuer: try otherIssuer.map { try checkedIdentifier($0, "--other-issuer") })
        guard a != b else { throw ValidationError("the two identities are the same") }
        let who = try declarant(by)
        let store = try storeOptions.openExisting(access: .readWrite)
        try storeCall { () throws(StoreError) in
            try store.declareDistinct(a, b, by: who, at: Ingester.systemNow())
            try store.appendAudit(Actor.event(.distinct, by: who, subject: "\(a) ≠ \(b)"))
        }
        print("\(Identifier.escaped(a.description)) and \(Identifier.escaped(b.description)) are two people (declared by \(Identifier.escaped(who)))")
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
