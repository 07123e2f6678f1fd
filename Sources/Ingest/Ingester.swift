import AssayXML
import CtDNAModel
import Dispatch
import Foundation
import Store

/// What happened to one file.
public struct FileOutcome: Sendable {
    public var path: String
    /// The format is nil for a file skipped as unchanged (it was not parsed again).
    public var result: Result<(format: SourceFormat?, outcome: IngestOutcome), InputError>

    public var error: InputError? {
        if case .failure(let e) = result { return e }
        return nil
    }
}

/// Counts for the closing summary of a batch.
public struct IngestSummary: Sendable, Hashable {
    public var ingested = 0
    public var unchanged = 0
    public var superseded = 0
    public var rejected = 0

    public init() {}

    public mutating func add(_ outcome: FileOutcome) {
        switch outcome.result {
        case .success((_, .ingested)): ingested += 1
        case .success((_, .unchanged)): unchanged += 1
        case .success((_, .superseded)): superseded += 1
        case .failure: rejected += 1
        }
    }

    public var total: Int { ingested + unchanged + superseded + rejected }
}

/// Reads, checks and stores files; each file is stored atomically on its own (its own
/// savepoint inside a chunk's transaction), so a bad file leaves the store and the rest
/// of the batch as they were.
public struct Ingester: Sendable {
    public let store: any ResultStore
    public let reader: DocumentReader
    public let clock: @Sendable () -> Timestamp
    /// Test seam: called on the worker thread as each file's parallel work (load, then
    /// parse) starts, so a test can count how many run at once.
    var willWork: (@Sendable (String) -> Void)?

    public init(store: any ResultStore, reader: DocumentReader = .standard,
                clock: @escaping @Sendable () -> Timestamp = Ingester.systemNow) {
        self.store = store
        self.reader = reader
        self.clock = clock
    }

    /// Reads and checks a file without storing it.
    public static func check(_ path: String, reader: DocumentReader = .standard,
                             today: CalendarDate) -> Result<(SourceFormat, ParsedDocument), InputError> {
        Result { () throws(InputError) in
            let bytes = try FileLoader.load(path, limit: reader.sizeLimit)
            return try reader.read(bytes: bytes, context: ReadContext(path: path, today: today))
        }
    }

    /// A file read, hashed and parsed, ready to store (or already decided).
    public enum Prepared: Sendable {
        case decided(FileOutcome)
        case parsed(path: String, source: SourceFile, document: ParsedDocument)
    }

    /// A file's bytes and hash, or why it could not be read.
    struct Loaded: Sendable {
        var path: String
        var bytes: [UInt8]
        var sha256: String
    }

    func load(_ path: String) -> Result<Loaded, InputError> {
        willWork?(path)
        return Result { () throws(InputError) in
            let bytes = try FileLoader.load(path, limit: reader.sizeLimit)
            return Loaded(path: path, bytes: bytes, sha256: FileLoader.sha256(bytes))
        }
    }

    /// `path` absolute with symlinks resolved (realpath(3)); as given when that fails.
    public static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else {
            return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func parse(_ file: Loaded, now: Timestamp) -> Prepared {
        willWork?(file.path)
        do {
            let (format, document) = try reader.read(bytes: file.bytes, context: ReadContext(path: file.path, today: now.date))
            // The source is stored by its absolute, real path (symlinks resolved), so that
            // `verify --sources` finds it whatever folder ingest ran from (issue 17).
            return .parsed(path: file.path,
                           source: SourceFile(path: Self.realPath(file.path), sha256: file.sha256, format: format,
                                              byteCount: file.bytes.count),
                           document: document)
        } catch {
            return .decided(FileOutcome(path: file.path, result: .failure(error)))
        }
    }

    /// Reads, hashes and parses one file: everything but the store write.
    public func prepare(_ path: String, now: Timestamp) throws(StoreError) -> Prepared {
        switch load(path) {
        case .failure(let error):
            return .decided(FileOutcome(path: path, result: .failure(error)))
        case .success(let file):
            if try store.contains(sha256: file.sha256) {
                return .decided(FileOutcome(path: path, result: .success((nil, .unchanged))))
            }
            return parse(file, now: now)
        }
    }

    /// Stores one file (a result or clinical document; a sample sheet, which holds many
    /// draws, goes through `ingestSheet` or the batch `ingest(_:workers:each:)`).
    public func ingest(_ path: String) throws(StoreError) -> FileOutcome {
        let now = clock()
        let outcomes = try commit(batch: [try prepare(path, now: now)], now: now)
        guard let outcome = outcomes.first else { throw .database("internal: no outcome for \(path)") }
        return outcome
    }

    /// Stores files in order. Each chunk is read and hashed in parallel, checked against
    /// the store in one query, and parsed in parallel (files already stored are not parsed
    /// again) while the previous chunk is written. A chunk is written in one transaction
    /// with one savepoint per file, in input order, so that version 1 of a report is stored
    /// before version 2; a kill mid-chunk loses that chunk's files only, and a re-run
    /// stores them. Memory stays bounded by three chunks. At most `workers` files are read
    /// or parsed at once (one chunk is prepared at a time).
    public func ingest(_ paths: [String], workers: Int, each: (FileOutcome) -> Void) throws(StoreError) {
        // Sample sheets (and bare VCFs, refused) go their own way after the other files.
        var paths = paths
        var sheets: [String] = [], vcfs: [String] = []
        if paths.contains(where: { !$0.lowercased().hasSuffix(".xml") && !$0.lowercased().hasSuffix(".json") }) {
            var documents: [String] = []
            for p in paths {
                switch Self.kind(of: p) {
                case .document: documents.append(p)
                case .sampleSheet: sheets.append(p)
                case .bareVCF: vcfs.append(p)
                }
            }
            paths = documents
        }
        try ingestDocuments(paths, workers: workers, each: each)
        for v in vcfs { each(Self.bareVCF(v)) }
        for sheet in sheets {
            for outcome in try ingestSheet(sheet, now: clock()) { each(outcome) }
        }
        if paths.isEmpty, !sheets.isEmpty { try store.optimize() }
    }

    func ingestDocuments(_ paths: [String], workers: Int, each: (FileOutcome) -> Void) throws(StoreError) {
        let workers = max(1, workers)
        let size = workers * 128  // larger chunks: fewer commits, fewer WAL frames (measured in make bench)
        let chunks = stride(from: 0, to: paths.count, by: size).map { Array(paths[$0..<min($0 + size, paths.count)]) }
        guard !chunks.isEmpty else { return }
        let queue = DispatchQueue(label: "ctdna.ingest.prepare")
        // Two chunks in flight: the workers never wait for the writer to finish a chunk.
        var pending = chunks.prefix(2).map { startPreparing($0, workers: workers, on: queue) }
        for k in chunks.indices {
            let (prepared, now) = try pending.removeFirst().wait()
            if k + 2 < chunks.count { pending.append(startPreparing(chunks[k + 2], workers: workers, on: queue)) }
            for outcome in try commit(batch: prepared, now: now) { each(outcome) }
        }
        // Fresh statistics so the query planner keeps choosing the per-patient indexes
        // (in place of the INDEXED BY clauses the queries used to carry).
        if !chunks.isEmpty { try store.optimize() }
    }

    /// Stores a chunk of prepared files in one store transaction, each file in its own
    /// savepoint; outcomes are reported once the transaction is durable, in input order.
    /// Store conflicts (wrong patient, older version) reject the file; a store failure
    /// (I/O, corruption) is thrown, since no later file would fare better.
    func commit(batch prepared: [Prepared], now: Timestamp) throws(StoreError) -> [FileOutcome] {
        var items: [StoreItem] = []
        for case .parsed(_, let source, let document) in prepared {
            items.append(StoreItem(document: document, source: source))
        }
        var stored = try store.store(batch: items, at: now).makeIterator()
        var outcomes: [FileOutcome] = []
        outcomes.reserveCapacity(prepared.count)
        for p in prepared {
            switch p {
            case .decided(let outcome):
                outcomes.append(outcome)
            case .parsed(let path, let source, _):
                switch stored.next() {
                case .success(let outcome):
                    outcomes.append(FileOutcome(path: path, result: .success((source.format, outcome))))
                case .failure(.conflict(let reason)):
                    outcomes.append(FileOutcome(path: path, result: .failure(.conflict(SourceLocation(file: path), reason: reason))))
                case .failure(let error):
                    throw error
                case nil:
                    throw .database("internal: the store returned fewer results than files")
                }
            }
        }
        return outcomes
    }

    /// Prepares a chunk in the background; `wait()` gives its files in input order.
    private func startPreparing(_ slice: [String], workers: Int, on queue: DispatchQueue) -> PendingChunk {
        let pending = PendingChunk()
        queue.async {
            pending.finish(Result { () throws(StoreError) in
                let now = clock()
                return (try prepareChunk(slice, workers: workers, now: now), now)
            })
        }
        return pending
    }

    private func prepareChunk(_ slice: [String], workers: Int, now: Timestamp) throws(StoreError) -> [Prepared] {
        let loaded = Slots<Result<Loaded, InputError>>(count: slice.count)
        ParallelLoop.run(count: slice.count, workers: workers) { i in loaded.set(i, load(slice[i])) }
        let files = loaded.values
        let known = try store.storedHashes(among: files.compactMap { try? $0.get().sha256 })
        let prepared = Slots<Prepared>(count: slice.count)
        ParallelLoop.run(count: slice.count, workers: workers) { i in
            switch files[i] {
            case .failure(let error):
                prepared.set(i, .decided(FileOutcome(path: slice[i], result: .failure(error))))
            case .success(let file) where known.contains(file.sha256):
                prepared.set(i, .decided(FileOutcome(path: slice[i], result: .success((nil, .unchanged)))))
            case .success(let file):
                prepared.set(i, parse(file, now: now))
            }
        }
        return prepared.values
    }

    /// Now, in UTC.
    @Sendable public static func systemNow() -> Timestamp {
        let seconds = Date().timeIntervalSince1970
        let days = Int((seconds / 86_400).rounded(.down))
        let date = CalendarDate(daysSinceEpoch: days)
        let secOfDay = Int(seconds) - days * 86_400
        let text = String(format: "%@T%02d:%02d:%02dZ", date.description, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60)
        return Timestamp(iso: text) ?? Timestamp(date: date)
    }
}

/// Runs `body(0..<count)` on exactly min(workers, count) threads: the caller's and
/// min(workers, count) - 1 more, each taking the next index until none is left.
/// (DispatchQueue.concurrentPerform would use every core whatever `--jobs` says.)
enum ParallelLoop {
    static func run(count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = min(max(1, workers), count)
        guard threads > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        let cursor = LockedValue(0)
        let work: @Sendable () -> Void = {
            while let i = cursor.update({ i -> Int? in
                guard i < count else { return nil }
                defer { i += 1 }
                return i
            }) {
                body(i)
            }
        }
        let done = DispatchSemaphore(value: 0)
        for _ in 1..<threads {
            let thread = Thread {
                work()
                done.signal()
            }
            thread.stackSize = 8 << 20  // as much as a dispatch worker's: deep documents recurse
            thread.start()
        }
        work()
        for _ in 1..<threads { done.wait() }
    }
}

/// A value behind a lock.
final class LockedValue<T> {
    private let lock = NSLock()
    private var value: T

    init(_ value: T) { self.value = value }

    func update<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// Unchecked: every access to `value` holds `lock`; only Sendable values may cross threads.
extension LockedValue: @unchecked Sendable where T: Sendable {}

/// One result slot per item of a parallel loop.
final class Slots<T> {
    private let slots: LockedValue<[T?]>

    init(count: Int) { slots = LockedValue(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ value: T) {
        slots.update { $0[i] = value }
    }

    /// Every slot, once the loop has filled them all.
    var values: [T] {
        slots.update { $0.compactMap { $0 } }
    }
}

extension Slots: Sendable where T: Sendable {}

/// A chunk being prepared on another thread.
final class PendingChunk: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = LockedValue<Result<([Ingester.Prepared], Timestamp), StoreError>?>(nil)

    func finish(_ r: Result<([Ingester.Prepared], Timestamp), StoreError>) {
        result.update { $0 = r }
        done.signal()
    }

    func wait() throws(StoreError) -> ([Ingester.Prepared], Timestamp) {
        done.wait()
        guard let result = result.update({ $0 }) else { throw .database("internal: a chunk was not prepared") }
        return try result.get()
    }
}
