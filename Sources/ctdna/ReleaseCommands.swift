import ArgumentParser
import CtDNAModel
import Foundation
import Ingest
import Presentation
import Report
import Store
import Tracking

/// Who does something, for the audit trail: the operating-system user, and the name given.
enum Actor {
    static var osUser: String {
        let env = ProcessInfo.processInfo.environment
        if let u = env["USER"] ?? env["LOGNAME"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }

    static func event(_ kind: AuditEvent.Kind, by: String? = nil, subject: String? = nil, detail: String? = nil) -> AuditEvent {
        AuditEvent(at: Ingester.systemNow().text, kind: kind, osUser: osUser, by: by, subject: subject, detail: detail)
    }
}

/// The data a report is made from: SHA-256 over the patient, the hashes of the current
/// source files (sorted) and the rules' name and version.
enum DataHash {
    static func of(_ patient: PatientIdentifier, sources: [String], rules: ResponseRules) -> String {
        Hashing.sha256(([patient.description] + sources + ["\(rules.name) \(rules.version)"]).joined(separator: "\n"))
    }

    static func current(_ store: any CtDNAStore, _ patient: PatientIdentifier, rules: ResponseRules) throws -> String {
        guard let sources = try storeCall({ () throws(StoreError) in
            try store.currentSourceHashes(mrn: patient.mrn, issuer: patient.issuer)
        }) else { throw CommandFailure.unknownPatient }
        return of(patient, sources: sources, rules: rules)
    }
}

/// Options shared by `sign` and `amend`.
struct ReleaseOptions: ParsableArguments {
    @Argument(help: "The patient's medical record number.") var mrn: String
    @Option(name: .long, help: "The MRN's issuer, when one MRN is held under several issuers.") var issuer: String?
    @Option(name: .long, help: "Who authorises it (a named person).") var by: String
    @Option(name: .long, help: "Their role, e.g. \"clinical scientist\".") var role: String?
    @Option(name: .long, help: "A comment recorded with the release.") var comment: String?
    @Option(name: .long, help: "Language: en or zh-Hans; repeat for several (default: en).") var lang: [String] = []
    @Flag(name: .long, help: "Release although some draws are not evaluable or failed QC (they were reviewed).")
    var acknowledge = false
    @Option(name: [.customShort("o"), .long], help: "Also copy the released PDFs into this folder.") var out: String?
    @Option(name: .long, help: ArgumentHelp("Also write the release as a FHIR R4 Bundle (JSON, mode 0600): Patient, Specimens, "
                                            + "the DiagnosticReport with the first language's PDF, ctDNA and variant Observations.",
                                            valueName: "OUT.json"))
    var fhir: String?

    var languages: [String] { lang.isEmpty ? ["en"] : lang }

    func validate() throws {
        for l in languages where !ReportTemplates.languages.contains(l) {
            throw ValidationError("--lang takes \(ReportTemplates.languages.joined(separator: " or "))")
        }
        _ = try checkedName(by, "--by")
        if let role { _ = try checkedName(role, "--role") }
    }
}

func checkedName(_ text: String, _ field: String) throws -> String {
    do throws(IdentifierProblem) { return try Identifier.validateName(text, field: field) } catch {
        throw ValidationError("\(field): \(error.reason)")
    }
}

/// Renders and records one released version: the PDFs are written into the registry
/// folder (`StoreOptions.registryFolder`), named by their SHA-256, never overwritten.
struct Releaser {
    let options: ReleaseOptions
    let store: any CtDNAStore
    let registryFolder: String
    let templates: TemplateOptions
    let amendment: String?

    func run() throws {
        let installation = try templates.installation()
        let loaded = try templates.rules(installation)
        // The timeline and its files' hashes from one snapshot: the released PDF shows what
        // the hash says; `recordRelease` refuses if the files changed before it commits.
        guard let (timeline, sources) = try storeCall({ () throws(StoreError) in
            try store.snapshot(mrn: options.mrn, issuer: options.issuer)
        }) else { throw CommandFailure.unknownPatient }
        let patient = timeline.patient.identifier
        let dataHash = DataHash.of(patient, sources: sources, rules: loaded.rules)
        let draft = try storeCall { () throws(StoreError) in try store.latestDraftHash(patient) }
        guard draft == dataHash else {
            throw CommandFailure.refused(draft == nil
                ? "\(patient): no draft was made: run `ctdna report \(patient.mrn)`, review it, then sign"
                : "\(patient): the draft is older than the data (a draw arrived or changed since): run `ctdna report \(patient.mrn)` again, review it, then sign")
        }
        let assessment = Tracker.assess(timeline, rules: loaded.rules)
        let unsure = assessment.draws.filter { $0.response.category == .notEvaluable || $0.draw.report.quality == .fail }
        if !unsure.isEmpty, !options.acknowledge {
            let dates = unsure.map { $0.draw.report.specimen.collected.date.description }.joined(separator: ", ")
            throw CommandFailure.refused("\(patient): draws not evaluable or failed QC (\(dates)): review them, then sign with --acknowledge")
        }
        let earlier = try storeCall { () throws(StoreError) in try store.releases(mrn: patient.mrn, issuer: patient.issuer) }
        let latest = earlier.map(\.version).max()
        if amendment != nil, latest == nil {
            throw CommandFailure.refused("\(patient): nothing was released to amend: sign first")
        }
        if amendment == nil, let current = earlier.last(where: { $0.version == latest }), current.dataHash == dataHash {
            throw CommandFailure.refused("\(patient): version \(current.version) was released from this data and is current: "
                                         + "nothing new to sign (to correct it, `ctdna amend --reason`)")
        }
        let version = (latest ?? 0) + 1
        let at = Ingester.systemNow().text
        let stamp = ReleaseStamp(version: version, supersedesVersion: latest, authorisedBy: try checkedName(options.by, "--by"),
                                 role: try options.role.map { try checkedName($0, "--role") }, authorisedAt: at,
                                 dataHash: dataHash, amendmentReason: amendment)
        let folder = registryFolder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure.output("cannot create \(folder): \(error.localizedDescription)")
        }
        // The Bundle's file is made first: an unwritable --fhir refuses before anything is released.
        var fhirFile: OutputFile?
        if let fhir = options.fhir {
            let dir = (fhir as NSString).deletingLastPathComponent
            do {
                fhirFile = try OutputFile(directory: dir.isEmpty ? "." : dir, name: (fhir as NSString).lastPathComponent,
                                          temporaryPrefix: ".ctdna-fhir-")
            } catch {
                throw CommandFailure.output("cannot write \(fhir): \(error)")
            }
        }
        var fhirText: String?
        var releases: [ReportRelease] = []
        for language in options.languages {
            let writer: ReportWriter
            do {
                writer = ReportWriter(templates: try ReportTemplates(folder: installation.templates, language: language),
                                      rules: loaded.rules, rulesFile: loaded.path, toolVersion: ctdnaVersion,
                                      reportDate: CalendarDate(iso: String(at.prefix(10))), issue: .release(stamp),
                                      history: earlier.filter { $0.language == language })
            } catch {
                throw CommandFailure.templates("\(error)")
            }
            let temporary = ".release-\(UUID().uuidString)-\(language).pdf"
            let written: String
            do { written = try writer.write(assessment, to: folder, name: temporary) } catch {
                throw CommandFailure.output("\(patient): the release could not be written: \(error)")
            }
            let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: written))) ?? Data())
            let sha = Hashing.sha256(bytes)
            if fhirFile != nil, fhirText == nil {
                let texts: (interpretation: String, title: String, laboratory: String?)
                do { texts = try writer.fhirTexts(assessment) } catch {
                    unlink(written)
                    throw CommandFailure.output("\(patient): the FHIR Bundle could not be made: \(error)")
                }
                fhirText = FHIRBundleExport.text(assessment, release: FHIRRelease(
                    version: version, supersedesVersion: latest, authorisedBy: stamp.authorisedBy, role: stamp.role,
                    authorisedAt: at, dataHash: dataHash, amendmentReason: amendment, interpretation: texts.interpretation,
                    laboratory: texts.laboratory, pdf: bytes, language: language, title: texts.title))
            }
            let final = (folder as NSString).appendingPathComponent("\(sha).pdf")
            // Content-addressed: the same bytes are the same file; an existing name is never replaced.
            if link(written, final) != 0, errno != EEXIST {
                unlink(written)
                throw CommandFailure.output("cannot keep \(final): \(String(cString: strerror(errno)))")
            }
            unlink(written)
            releases.append(ReportRelease(patient: patient, version: version, language: language,
                                          kind: amendment == nil ? .release : .amendment, supersedesVersion: latest,
                                          reason: amendment, authorisedBy: stamp.authorisedBy, role: stamp.role,
                                          comment: options.comment, authorisedAt: at, rulesName: loaded.rules.name,
                                          rulesVersion: loaded.rules.version, dataHash: dataHash, pdfSHA256: sha, pdfPath: final))
            if let out = options.out {
                try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let copy = (out as NSString).appendingPathComponent(
                    ReportWriter.fileName(for: patient, language: language).replacingOccurrences(of: ".pdf", with: "-v\(version).pdf"))
                do { try Data(bytes).write(to: URL(fileURLWithPath: copy), options: .withoutOverwriting) } catch {
                    throw CommandFailure.output("cannot write \(copy): \(error.localizedDescription)")
                }
            }
        }
        let event = Actor.event(amendment == nil ? .sign : .amend, by: stamp.authorisedBy, subject: patient.description,
                                detail: "version=\(version) data=\(dataHash)" + (amendment.map { " reason=\($0)" } ?? "")
                                    + (fhirFile.map { " fhir=\(URL(fileURLWithPath: $0.finalPath).standardizedFileURL.path)" } ?? ""))
        do {
            try storeCall { () throws(StoreError) in try store.recordRelease(releases, event: event, sources: sources) }
        } catch {
            fhirFile?.discard()
            throw error
        }
        var fhirPath: String?
        if let fhirFile, let fhirText {
            // After the release is recorded: the Bundle describes a release that exists.
            guard fhirFile.write(fhirText) else {
                fhirFile.discard()
                throw CommandFailure.output("\(patient): version \(version) was released, but \(fhirFile.failure ?? "the FHIR Bundle could not be written")")
            }
            do { fhirPath = try fhirFile.commit() } catch {
                throw CommandFailure.output("\(patient): version \(version) was released, but \(error)")
            }
        }
        for r in releases {
            print("\(amendment == nil ? "released" : "amended") \(Identifier.escaped(patient.description)) version \(version) (\(r.language)): \(r.pdfPath)")
        }
        if let fhirPath { print("FHIR Bundle: \(Identifier.escaped(fhirPath))") }
    }
}

struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Authorise the patient's current draft: write the released PDF and record the release.",
        discussion: """
            Refused (exit 65) when no draft of the current data was made with `ctdna report`, or when draws \
            are not evaluable or failed QC and --acknowledge is not given. A new version supersedes the last.
            """,
        version: ctdnaVersion)

    @OptionGroup var options: ReleaseOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    func run() throws {
        let store = try storeOptions.openExisting(access: .readWrite)
        try Releaser(options: options, store: store, registryFolder: storeOptions.registryFolder, templates: templates, amendment: nil).run()
    }
}

struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Issue a corrected version of a released report, with the reason printed in its amendment history.",
        version: ctdnaVersion)

    @OptionGroup var options: ReleaseOptions
    @Option(name: .long, help: "Why the report is amended (printed in the report).") var reason: String
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    func validate() throws {
        do throws(IdentifierProblem) { _ = try Identifier.validateText(reason, field: "--reason") } catch {
            throw ValidationError("--reason: \(error.reason)")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason: say why") }
    }

    func run() throws {
        let store = try storeOptions.openExisting(access: .readWrite)
        try Releaser(options: options, store: store, registryFolder: storeOptions.registryFolder, templates: templates,
                     amendment: reason).run()
    }
}

struct Reports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "List every released report version: who authorised it, when, from which data and rules; outdated ones marked.",
        version: ctdnaVersion)

    @Argument(help: "One patient's MRN (default: every patient).") var mrn: String?
    @Option(name: .long, help: "The MRN's issuer.") var issuer: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.openExisting()
        let loaded = try templates.rules(try templates.installation())
        let list = try storeCall { () throws(StoreError) in try store.releases(mrn: mrn, issuer: issuer) }
        var latest: [PatientIdentifier: Int] = [:]
        for r in list { latest[r.patient] = max(latest[r.patient] ?? 0, r.version) }
        var current: [PatientIdentifier: String] = [:]
        for p in Set(list.map(\.patient)) { current[p] = try DataHash.current(store, p, rules: loaded.rules) }
        func status(_ r: ReportRelease) -> String {
            if r.version < latest[r.patient] ?? 0 { return "superseded" }
            return current[r.patient] == r.dataHash ? "current" : "outdated"
        }
        if output.json {
            printJSON(.array(list.map { r in
                .object(["mrn": .string(r.patient.mrn), "issuer": .of(r.patient.issuer), "version": .integer(r.version),
                         "language": .string(r.language), "kind": .string(r.kind.rawValue),
                         "supersedes": r.supersedesVersion.map { .integer($0) } ?? .null, "reason": .of(r.reason),
                         "authorisedBy": .string(r.authorisedBy), "role": .of(r.role), "comment": .of(r.comment),
                         "authorisedAt": .string(r.authorisedAt), "rules": .string("\(r.rulesName) v\(r.rulesVersion)"),
                         "dataHash": .string(r.dataHash), "pdfSHA256": .string(r.pdfSHA256), "path": .string(r.pdfPath),
                         "status": .string(status(r))])
            }))
            return
        }
        if list.isEmpty { print("no released report"); return }
        // Fits 100 columns: hashes shortened, long names cut; --json has them whole.
        func head(_ s: String, _ n: Int) -> String { s.count <= n ? s : s.prefix(n - 1) + "…" }
        var rows = [["MRN", "Ver", "Lang", "Kind", "Authorised by", "At", "Data", "PDF", "Status"]]
        for r in list {
            rows.append([head(r.patient.description, 18), "\(r.version)", r.language, r.kind.rawValue, head(r.authorisedBy, 16),
                         String(r.authorisedAt.prefix(16)), String(r.dataHash.prefix(8)), String(r.pdfSHA256.prefix(8)), status(r)])
        }
        print(TextTables.render(rows.map { $0.map(Identifier.escaped) }), terminator: "")
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit trail: ingest, reject, supersede, alias, draft, sign, amend, export; who and when.",
        version: ctdnaVersion)

    @Option(name: .long, help: "From this day (YYYY-MM-DD, UTC).") var since: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        if let since, CalendarDate(iso: since) == nil { throw ValidationError("--since takes a date, YYYY-MM-DD") }
    }

    func run() throws {
        let store = try storeOptions.openExisting()
        let events = try storeCall { () throws(StoreError) in try store.auditEvents(since: since.flatMap { CalendarDate(iso: $0) }) }
        if output.json {
            printJSON(.array(events.map { e in
                .object(["id": .integer(Int(e.id)), "at": .string(e.at), "event": .string(e.kind.rawValue),
                         "osUser": .string(e.osUser), "by": .of(e.by), "subject": .of(e.subject), "detail": .of(e.detail)])
            }))
            return
        }
        // Fits 100 columns: long subjects (paths) keep their end, details their start; --json has them whole.
        func tail(_ s: String, _ n: Int) -> String { s.count <= n ? s : "…" + s.suffix(n - 1) }
        func head(_ s: String, _ n: Int) -> String { s.count <= n ? s : s.prefix(n - 1) + "…" }
        var rows = [["At", "Event", "User", "By", "Subject", "Detail"]]
        for e in events {
            rows.append([String(e.at.prefix(16)), e.kind.rawValue, head(e.osUser, 8), head(e.by ?? "", 14),
                         tail(e.subject ?? "", 26), head(e.detail ?? "", 18)])
        }
        print(TextTables.render(rows.map { $0.map(Identifier.escaped) }), terminator: "")
    }
}
