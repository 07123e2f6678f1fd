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
        Files are named ctdna-report-<MRN>-<language>.pdf (the MRN reduced to safe characters) \
        and appear only when complete. With --all, patients are rendered in parallel.
        """,
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions
    @OptionGroup var patient: PatientSelection

    @Option(name: .long, help: "Language: en or zh-Hans; repeat for several (default: en).")
    var lang: [String] = []

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String = "reports"

    @Option(name: .long, help: "Parallel workers for --all (default: the number of cores).")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    var languages: [String] { lang.isEmpty ? ["en"] : lang }

    func validate() throws {
        for l in languages where !ReportTemplates.languages.contains(l) {
            throw ValidationError("--lang takes \(ReportTemplates.languages.joined(separator: " or "))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
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
                                            rulesFile: loaded.path, toolVersion: ctdnaVersion))
            } catch {
                throw CommandFailure.templates("\(error)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure.output("cannot create \(out): \(error.localizedDescription)")
        }
        let targets: [PatientIdentifier]
        if patient.all {
            targets = try storeCall { () throws(StoreError) in try store.patients() }.map(\.patient.identifier)
        } else {
            targets = [PatientIdentifier(mrn: patient.mrn ?? "", issuer: patient.issuer)]
        }
        let job = ReportJob(store: store, writers: writers, out: out, rules: rules,
                            suffixes: Self.suffixes(targets))
        let failures = job.run(targets, workers: patient.all ? (jobs ?? ProcessInfo.processInfo.activeProcessorCount) : 1,
                               quiet: quiet)
        if !patient.all, case .unknownPatient = failures.first?.1 { throw CommandFailure.unknownPatient }
        if !quiet {
            let written = (targets.count - failures.count) * languages.count
            print("wrote \(written) report(s) for \(targets.count - failures.count) patient(s) with rules \(loaded.label)")
        }
        if !failures.isEmpty {
            for (who, error) in failures { printError("ctdna: report \(who): \(error)") }
            throw ExitCode(failures.count == targets.count ? 74 : 70)
        }
    }

    /// A short issuer tag for MRNs held under several issuers, so their files differ.
    static func suffixes(_ targets: [PatientIdentifier]) -> [PatientIdentifier: String] {
        let counts = Dictionary(grouping: targets, by: \.mrn).filter { $0.value.count > 1 }
        var out: [PatientIdentifier: String] = [:]
        for (_, ids) in counts {
            for id in ids {
                var h: UInt32 = 2_166_136_261
                for b in (id.issuer ?? "").utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
                out[id] = String(format: "-%06x", h & 0xFFFFFF)
            }
        }
        return out
    }
}

/// Renders a list of patients with a pool of workers; each worker loads one patient's
/// timeline at a time, so memory does not grow with the cohort.
struct ReportJob: @unchecked Sendable {
    enum Failure: Error, CustomStringConvertible {
        case unknownPatient
        case store(StoreError)
        case render(RenderError)

        var description: String {
            switch self {
            case .unknownPatient: "no patient with that MRN in the store"
            case .store(let e): "\(e)"
            case .render(let e): "\(e)"
            }
        }
    }

    let store: SQLiteStore
    let writers: [ReportWriter]
    let out: String
    let rules: ResponseRules
    let suffixes: [PatientIdentifier: String]

    /// `caches`: the worker's text layouts, one per writer (language).
    func render(_ id: PatientIdentifier, caches: [TextLayoutCache]) -> Result<[String], Failure> {
        let timeline: PatientTimeline?
        do { timeline = try store.timeline(mrn: id.mrn, issuer: id.issuer) } catch { return .failure(.store(error)) }
        guard let timeline else { return .failure(.unknownPatient) }
        let assessment = Tracker.assess(timeline, rules: rules)
        var paths: [String] = []
        for (writer, cache) in zip(writers, caches) {
            let name = ReportWriter.fileName(mrn: id.mrn, language: writer.templates.language, suffix: suffixes[id] ?? "")
            do { paths.append(try writer.write(assessment, to: out, name: name, cache: cache)) } catch { return .failure(.render(error)) }
        }
        return .success(paths)
    }

    func run(_ targets: [PatientIdentifier], workers: Int, quiet: Bool) -> [(String, Failure)] {
        let state = WorkState(targets: targets)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, targets.count)) {
            group.enter()
            Thread.detachNewThread {
                let caches = writers.map { _ in TextLayoutCache() }
                while let id = state.take() {
                    switch render(id, caches: caches) {
                    case .success(let paths): if !quiet { state.report(paths) }
                    case .failure(let f): state.fail(id.description, f)
                    }
                }
                group.leave()
            }
        }
        group.wait()
        return state.failures
    }
}

/// The shared queue of patients and the results, behind one lock.
final class WorkState: @unchecked Sendable {
    private let lock = NSLock()
    private let targets: [PatientIdentifier]
    private var next = 0
    private(set) var failures: [(String, ReportJob.Failure)] = []

    init(targets: [PatientIdentifier]) { self.targets = targets }

    func take() -> PatientIdentifier? {
        lock.lock()
        defer { lock.unlock() }
        guard next < targets.count else { return nil }
        next += 1
        return targets[next - 1]
    }

    func report(_ paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for p in paths { print(p) }
    }

    func fail(_ who: String, _ f: ReportJob.Failure) {
        lock.lock()
        defer { lock.unlock() }
        failures.append((who, f))
    }
}
