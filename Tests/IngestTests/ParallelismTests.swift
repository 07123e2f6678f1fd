import Foundation
@testable import Ingest
import Store
import Testing

/// How many calls are inside `measure` at once, at most.
final class ConcurrencyMeter: Sendable {
    private let state = LockedValue((now: 0, most: 0))

    func measure(pause microseconds: UInt32) {
        state.update { s in
            s.now += 1
            s.most = max(s.most, s.now)
        }
        usleep(microseconds)
        state.update { $0.now -= 1 }
    }

    var most: Int { state.update { $0.most } }
}

/// `ingest --jobs N`: exactly min(N, files) files are read or parsed at once, whatever
/// the number of cores.
@Suite struct ParallelismTests {
    @Test(arguments: [1, 2, 3, 5])
    func jobsBoundsTheFilesWorkedOnAtOnce(_ jobs: Int) throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        var ingester = Ingester(store: store, clock: fixedNow)
        let meter = ConcurrencyMeter()
        // Each file's load and parse pause a little, so workers that run together overlap.
        ingester.willWork = { _ in meter.measure(pause: 10_000) }
        let files = InputFiles.expand([Paths.sampleData.path])
        #expect(files.count > 5)
        var summary = IngestSummary()
        try ingester.ingest(files, workers: jobs) { summary.add($0) }
        #expect(summary.total == files.count && summary.rejected == 0)
        #expect(meter.most == jobs, "\(meter.most) files at once with --jobs \(jobs)")
    }

    @Test func fewerFilesThanJobsUseOneWorkerPerFile() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        var ingester = Ingester(store: store, clock: fixedNow)
        let meter = ConcurrencyMeter()
        ingester.willWork = { _ in meter.measure(pause: 50_000) }
        let files = Array(InputFiles.expand([Paths.sampleData.appendingPathComponent("ctdna-xml/MM-1001").path]).prefix(2))
        var summary = IngestSummary()
        try ingester.ingest(files, workers: 8) { summary.add($0) }
        #expect(summary.ingested == 2)
        #expect(meter.most == 2)
    }

    @Test(arguments: [(0, 4), (1, 4), (7, 1), (7, 3), (100, 16)])
    func everyIndexRunsOnce(_ count: Int, _ workers: Int) {
        let seen = Slots<Int>(count: count)
        let threads = LockedValue(Set<String>())
        ParallelLoop.run(count: count, workers: workers) { i in
            seen.set(i, i)
            threads.update { _ = $0.insert("\(pthread_self())") }
        }
        #expect(seen.values == Array(0..<count))
        #expect(threads.update { $0.count } <= max(1, min(count, workers)))
    }
}
