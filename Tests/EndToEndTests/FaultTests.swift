import Foundation
import Testing

/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator, so that the kill
/// times of a failing run can be drawn again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// SIGKILL in the middle of ingest, and several ingest processes at once on one store.
@Suite(.serialized) struct FaultTests {
    /// `CTDNA_FAULT_SEED` if set, else a fresh seed; printed either way so a failure can be
    /// replayed (the kill moments are drawn again; the machine's timing still varies).
    static func seed() throws -> UInt64 {
        let seed: UInt64
        if let text = ProcessInfo.processInfo.environment["CTDNA_FAULT_SEED"], !text.isEmpty {
            seed = try #require(UInt64(text), "CTDNA_FAULT_SEED must be a whole number from 0 to 2^64-1, not \(text)")
        } else {
            seed = UInt64.random(in: .min ... .max)
        }
        print("FaultTests: random seed \(seed) (replay: CTDNA_FAULT_SEED=\(seed))")
        return seed
    }

    @Test func seededGeneratorRepeats() {
        var a = SplitMix64(seed: 0), b = SplitMix64(seed: 0)
        #expect(a.next() == 0xE220_A839_7B1D_CDAF)  // the reference splitmix64.c's first output for 0
        #expect((0..<5).map { _ in a.next() } == (0..<6).map { _ in b.next() }.dropFirst().map { $0 })
    }

    static func cohort(patients: Int, draws: Int, seed: Int) throws -> String {
        let dir = (try CLI.temporaryStore() as NSString).deletingLastPathComponent + "/cohort"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", CLI.repo.appendingPathComponent("scripts/make_cohort.py").path, dir,
                       "--patients", "\(patients)", "--draws", "\(draws)", "--seed", "\(seed)"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return dir
    }

    static func start(_ args: [String]) throws -> Process {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts every `ctdna` command at once and waits for them all: each one's exit status
    /// and standard error.
    static func runConcurrently(_ commands: [[String]]) throws -> [(status: Int32, stderr: String)] {
        var processes: [(Process, Pipe)] = []
        for args in commands {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = args
            let err = Pipe()
            p.standardError = err
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            processes.append((p, err))
        }
        return processes.map { p, err in
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, text)
        }
    }

    static func counts(_ store: String) throws -> (files: Int, ok: Bool, output: String) {
        let v = try CLI.run(["verify", "--store", store, "--sources"])
        let first = v.stdout.split(separator: "\n").first ?? ""
        // "patients N, files N, documents N, variant calls N, ..."
        let files = first.split(separator: ",").first { $0.contains("files") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
        return (files, v.status == 0, v.stdout + v.stderr)
    }

    @Test func killedIngestLeavesASoundStoreAndResumes() throws {
        // 167 patients × (11 draws + 1 clinical file) = 2,004 files.
        let cohort = try Self.cohort(patients: 167, draws: 11, seed: 7)
        let total = (FileManager.default.enumerator(atPath: cohort)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") }.count
        #expect(total == 2004)
        // How long a whole batch takes on this machine and build, so that the kills can
        // land inside it however fast ingest gets.
        let started = Date()
        let calibration = try CLI.run(["ingest", "-q", "--store", try CLI.temporaryStore(), cohort])
        #expect(calibration.status == 0)
        let batch = Date().timeIntervalSince(started)
        let store = try CLI.temporaryStore()
        let seed = try Self.seed()
        var generator = SplitMix64(seed: seed)
        var stored: [Int] = []
        for round in 0..<5 {
            let p = try Self.start(["ingest", "-q", "--store", store, cohort])
            // A random moment in what is left of the batch: 5–50 % of the time the files
            // not yet stored take (stored ones are skipped by hash, almost for free; the
            // calibration run can be slower than later ones on a busy machine, hence not 80 %).
            let left = Double(total - (stored.last ?? 0)) / Double(total)
            let fraction = Double.random(in: 0.05...0.5, using: &generator) * left
            usleep(UInt32(max(0.005, batch * fraction) * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let c = try Self.counts(store)
            // Integrity, foreign keys, provenance, and every stored file whole: verify --sources
            // re-reads each stored file and compares its variant calls with the store.
            #expect(c.ok, "seed \(seed), round \(round): \(c.output)")
            stored.append(c.files)
        }
        // Most kills must land mid-batch, or the test proves nothing.
        #expect(stored.filter { $0 < total }.count >= 2, "seed \(seed): the kills came too late: \(stored)")
        let finish = try CLI.run(["ingest", "-q", "--store", store, cohort])
        #expect(finish.status == 0, "seed \(seed): \(finish.stderr)")
        let c = try Self.counts(store)
        #expect(c.ok && c.files == total, "seed \(seed): \(c.output)")
    }

    @Test(arguments: [2, 4])
    func concurrentIngestersStoreEachFileOnce(_ writers: Int) throws {
        let cohort = try Self.cohort(patients: 40, draws: 12, seed: writers)
        let patients = try FileManager.default.contentsOfDirectory(atPath: cohort).sorted()
        let store = try CLI.temporaryStore()
        // Writer k takes a window of the patients that overlaps its neighbours by half.
        let window = patients.count / writers * 2
        let commands = (0..<writers).map { k in
            let start = k * patients.count / writers
            let folders = (0..<window).map { patients[(start + $0) % patients.count] }.map { cohort + "/" + $0 }
            return ["ingest", "-q", "--store", store] + folders
        }
        for (status, stderr) in try Self.runConcurrently(commands) {
            #expect(status == 0, "\(stderr)")
            #expect(!stderr.contains("locked"))
        }
        let c = try Self.counts(store)
        #expect(c.ok, "\(c.output)")
        #expect(c.files == patients.count * 13)
    }
}
