import ArgumentParser
import CtDNAModel
import Dispatch
import Foundation
import Report
import Store
import Tracking

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write each patient's longitudinal PDF report.",
        discussion: """
        Files are named ctdna-report-<slug>-<hash>-<language>.pdf: the slug is the MRN reduced \
        to ASCII letters, digits, '-', '_' and '.' (at most 40), the hash 16 hex digits of \
        FNV-1a over issuer + NUL + MRN, so two patients never share a file. Each file is \
        written to a hidden .ctdna-report-XXXXXX.tmp in the output folder, synced and renamed \
        only when complete (mode 0600 unless --mode); a failed write leaves nothing. Temporary \
        files older than 10 minutes (left by a killed run) are removed at the start. With --all, \
        patients are rendered in parallel. A character no installed font has is drawn as a \
        box showing its code, with a warning on stderr; the report is written. Exit 0 all \
        written, 70 some failed (or all, for a reason other than the store or the disk), 74 \
        all failed on the store or on writing, 64 an MRN held under several issuers without \
        --issuer, 66 unknown patient.
        """,
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions
    @OptionGroup var patient: PatientSelection

    @Option(name: .long, help: "Language: en or zh-Hans; repeat for several (default: en).")
    var lang: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Output folder (created if missing).")
    var out: String = "reports"

    @Option(name: .long, help: "Parallel workers for --all (default: the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Permissions of the PDFs, in octal (default: 600).")
    var mode: String?

    @Option(name: .customLong("report-date"), help: "The report's date, YYYY-MM-DD (default: today, UTC). The same data and date give the same PDF.")
    var reportDate: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    var fileMode: mode_t { mode.flatMap(OutputFile.parseMode) ?? 0o600 }

    var languages: [String] { lang.isEmpty ? ["en"] : lang }

    func validate() throws {
        for l in languages where !ReportTemplates.languages.contains(l) {
            throw ValidationError("--lang takes \(ReportTemplates.languages.joined(separator: " or "))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let mode, OutputFile.parseMode(mode) == nil { throw ValidationError("--mode takes octal permissions, 0 to 777") }
        if let reportDate, CalendarDate(iso: reportDate) == nil { throw ValidationError("--report-date takes a date, YYYY-MM-DD") }
    }

    func run() throws {
        let installation = try templates.installation()
        let loaded = try templates.rules(installation)
        let rules = loaded.rules
        let folder = installation.templates
        let store = try storeOptions.openExisting(access: .readWrite)  // a pool: workers read in parallel
        var writers: [ReportWriter] = []
        for language in languages {
            do {
                writers.append(ReportWriter(templates: try ReportTemplates(folder: folder, language: language), rules: rules,
                                            rulesFile: loaded.path, toolVersion: ctdnaVersion,
                                            reportDate: reportDate.flatMap { CalendarDate(iso: $0) }))
            } catch {
                throw CommandFailure.templates("\(error)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.output("cannot create \(out): \(error.localizedDescription)")
        }
        ReportWriter.removeStaleTemporaries(in: out)
        // Registers the compact CJK font before any report is drawn; without it Chinese is
        // drawn with the system's font (larger PDFs): say so once, the reports are still made.
        if let warning = ReportFonts.shared.warning, languages.contains(where: { $0.hasPrefix("zh") }) {
            printError("ctdna: warning: \(warning)")
        }
        let targets: [PatientIdentifier]
        if patient.all {
            targets = try storeCall { () throws(StoreError) in try store.patients() }.map(\.patient.identifier)
        } else {
            targets = [PatientIdentifier(mrn: patient.mrn ?? "", issuer: patient.issuer)]
        }
        // The names are one per patient by construction; should two still coincide (a hash
        // collision), neither patient is written rather than one over the other.
        var owners: [String: [PatientIdentifier]] = [:]
        for id in targets {
            for language in languages { owners[ReportWriter.fileName(for: id, language: language), default: []].append(id) }
        }
        let clashing = Set(owners.values.filter { Set($0).count > 1 }.joined())
        let drafts = Drafts()
        let job = ReportJob(store: store, writers: writers, out: out, rules: rules, mode: fileMode, exactIssuer: patient.all,
                            drafts: drafts)
        var failures = job.run(targets.filter { !clashing.contains($0) },
                               workers: patient.all ? (jobs ?? ProcessInfo.processInfo.activeProcessorCount) : 1, quiet: quiet)
        for id in targets where clashing.contains(id) { failures.append((id.description, .nameClash)) }
        // Each draft written is recorded with the data it was made from (the hash of the
        // snapshot its PDF was drawn from): `ctdna sign` releases only a version whose draft
        // was made from the current data.
        for draft in drafts.value {
            try storeCall { () throws(StoreError) in
                try store.appendAudit(Actor.event(.draft, subject: draft.patient.description,
                                                  detail: "data=\(draft.hash) languages=\(languages.joined(separator: ","))"))
            }
        }
        if !patient.all, let first = failures.first?.1 {
            switch first {
            case .unknownPatient: throw CommandFailure.unknownPatient
            case .store(let e): throw CommandFailure.store(e)   // 64 for an MRN under several issuers
            default: break
            }
        }
        if !quiet {
            let written = (targets.count - failures.count) * languages.count
            // Skipped: a patient whose file name would coincide with another's; failed: the rest.
            let skipped = failures.filter { if case .nameClash = $0.1 { true } else { false } }.count
            print("wrote \(written) report(s) for \(targets.count - failures.count) patient(s)"
                  + (skipped > 0 ? ", skipped \(skipped)" : "")
                  + (failures.count > skipped ? ", \(failures.count - skipped) patient(s) failed" : "") + " with rules \(loaded.label)")
        }
        if !failures.isEmpty {
            for (who, error) in failures { printError("ctdna: report \(who): \(error)") }
            // 74 is the store's (and the disk's) failure code: only when every patient failed
            // for that reason. A drawing failure is 70 however many it hit; fonts never fail one.
            let allOnStoreOrDisk = failures.allSatisfy { $0.1.isStoreOrDisk }
            throw ExitCode(failures.count == targets.count && allOnStoreOrDisk ? 74 : 70)
        }
    }
}

/// Renders a list of patients with a pool of workers; each worker loads one patient's
/// timeline at a time, so memory does not grow with the cohort.
struct ReportJob: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case unknownPatient
        case store(StoreError)
        case render(RenderError)
        case nameClash

        /// A failure of the store or of writing the file (exit 74 when it hit every patient).
        var isStoreOrDisk: Bool {
            switch self {
            case .store, .render(.io): true
            case .unknownPatient, .nameClash, .render: false
            }
        }

        var description: String {
            switch self {
            case .unknownPatient: "no patient with that MRN in the store"
            case .nameClash: "its report file name coincides with another patient's: not written"
            case .store(let e): "\(e)"
            case .render(let e): "\(e)"
            }
        }
    }

    let store: any CtDNAStore
    let writers: [ReportWriter]
    let out: String
    let rules: ResponseRules
    let mode: mode_t
    /// `--all`: the identifiers come from the store, so a patient without an issuer is
    /// looked up as exactly that (issuer ""), not as "any issuer".
    let exactIssuer: Bool
    /// Each written patient's data hash, from the snapshot its PDF was drawn from.
    let drafts: Drafts

    /// The warning for characters no installed font has (the MRN, never the patient's name).
    static func missingWarning(_ id: PatientIdentifier, _ language: String, _ missing: [MissingCharacter]) -> String {
        let codes = missing.prefix(8).map(\.description).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
        return missing.count == 1
            ? "ctdna: report \(id) (\(language)): a character no installed font has (\(codes)) was drawn as a box showing its code"
            : "ctdna: report \(id) (\(language)): \(missing.count) characters no installed font has (\(codes)) were drawn as boxes showing their codes"
    }

    /// `caches`: the worker's text layouts, one per writer (language). `warnings`: lines for stderr.
    func render(_ id: PatientIdentifier, caches: [TextLayoutCache], warnings: inout [String]) -> Result<[String], Failure> {
        let snapshot: (timeline: PatientTimeline, sources: [String])?
        do { snapshot = try store.snapshot(mrn: id.mrn, issuer: exactIssuer ? (id.issuer ?? "") : id.issuer) } catch {
            return .failure(.store(error))
        }
        guard let (timeline, sources) = snapshot else { return .failure(.unknownPatient) }
        let assessment = Tracker.assess(timeline, rules: rules)
        var paths: [String] = []
        for (writer, cache) in zip(writers, caches) {
            // The stored identity (with its issuer), not the one typed: `report MM-1` and
            // `report MM-1 --issuer H1` and `report --all` name one patient's file alike.
            let name = ReportWriter.fileName(for: timeline.patient.identifier, language: writer.templates.language)
            do {
                let written = try writer.writeReport(assessment, to: out, name: name, mode: mode, cache: cache)
                paths.append(written.path)
                if !written.missingCharacters.isEmpty {
                    warnings.append(Self.missingWarning(timeline.patient.identifier, writer.templates.language,
                                                        written.missingCharacters))
                }
            } catch {
                return .failure(.render(error))
            }
        }
        let patient = timeline.patient.identifier
        drafts.add(patient, DataHash.of(patient, sources: sources, rules: rules))
        return .success(paths)
    }

    /// Renders every target; the paths written are printed in the targets' order at the
    /// end (workers finish in any order), with a progress line on a terminal meanwhile.
    func run(_ targets: [PatientIdentifier], workers: Int, quiet: Bool) -> [(String, Failure)] {
        let state = WorkState(targets: targets, progress: Progress(total: targets.count, enabled: !quiet, unit: "patients"))
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, targets.count)) {
            group.enter()
            Thread.detachNewThread {
                let caches = writers.map { _ in TextLayoutCache() }
                while let (index, id) = state.take() {
                    var warnings: [String] = []
                    let result = render(id, caches: caches, warnings: &warnings)
                    state.warn(warnings)
                    switch result {
                    case .success(let paths): state.report(index, paths)
                    case .failure(let f): state.fail(id.description, f)
                    }
                }
                group.leave()
            }
        }
        group.wait()
        state.progress.clear()
        if !quiet { for paths in state.written.sorted(by: { $0.key < $1.key }).map(\.value) { for p in paths { print(p) } } }
        return state.failures
    }
}

/// The shared queue of patients and the results, behind one lock.
/// The drafts a report run wrote: each patient and the hash of its data, in the order written.
final class Drafts: @unchecked Sendable {
    // @unchecked: `entries` is guarded by `lock` (the report workers add from their threads).
    private let lock = NSLock()
    private var entries: [(patient: PatientIdentifier, hash: String)] = []

    func add(_ patient: PatientIdentifier, _ hash: String) {
        lock.lock()
        entries.append((patient, hash))
        lock.unlock()
    }

    var value: [(patient: PatientIdentifier, hash: String)] {
        lock.lock()
        defer { lock.unlock() }
        return entries.sorted { $0.patient.description < $1.patient.description }
    }
}

final class WorkState: @unchecked Sendable {
    private let lock = NSLock()
    private let targets: [PatientIdentifier]
    private var next = 0
    private var done = 0
    let progress: Progress
    private(set) var failures: [(String, ReportJob.Failure)] = []
    /// The paths written, by the target's index.
    private(set) var written: [Int: [String]] = [:]

    init(targets: [PatientIdentifier], progress: Progress) {
        self.targets = targets
        self.progress = progress
    }

    func take() -> (Int, PatientIdentifier)? {
        lock.lock()
        defer { lock.unlock() }
        guard next < targets.count else { return nil }
        next += 1
        return (next - 1, targets[next - 1])
    }

    func report(_ index: Int, _ paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        written[index] = paths
        done += 1
        progress.update(done)
    }

    func warn(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        progress.clear()
        for line in lines { printError(line) }
    }

    func fail(_ who: String, _ f: ReportJob.Failure) {
        lock.lock()
        defer { lock.unlock() }
        failures.append((who, f))
        done += 1
        progress.update(done)
    }
}
