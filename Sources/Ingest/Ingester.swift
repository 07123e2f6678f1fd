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
        Result { () throws(InputError) in
            let bytes = try FileLoader.load(path, limit: reader.sizeLimit)
            return Loaded(path: path, bytes: bytes, sha256: FileLoader.sha256(bytes))
        }
    }

    func parse(_ file: Loaded, now: Timestamp) -> Prepared {
        do {
            let (format, document) = try reader.read(bytes: file.bytes, context: ReadContext(path: file.path, today: now.date))
            return .parsed(path: file.path,
                           source: SourceFile(path: file.path, sha256: file.sha256, format: format, byteCount: file.bytes.count),
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

    /// Stores one file.
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
    /// stores them. Memory stays bounded by three chunks.
    public func ingest(_ paths: [String], workers: Int, each: (FileOutcome) -> Void) throws(StoreError) {
        let size = max(1, workers) * 128  // larger chunks: fewer commits, fewer WAL frames (measured in make bench)
        let chunks = stride(from: 0, to: paths.count, by: size).map { Array(paths[$0..<min($0 + size, paths.count)]) }
        guard !chunks.isEmpty else { return }
        let queue = DispatchQueue(label: "ctdna.ingest.prepare")
        // Two chunks in flight: the workers never wait for the writer to finish a chunk.
        var pending = chunks.prefix(2).map { startPreparing($0, on: queue) }
        for k in chunks.indices {
            let (prepared, now) = try pending.removeFirst().wait()
            if k + 2 < chunks.count { pending.append(startPreparing(chunks[k + 2], on: queue)) }
            for outcome in try commit(batch: prepared, now: now) { each(outcome) }
        }
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
    private func startPreparing(_ slice: [String], on queue: DispatchQueue) -> PendingChunk {
        let pending = PendingChunk()
        queue.async {
            pending.finish(Result { () throws(StoreError) in
                let now = clock()
                return (try prepareChunk(slice, now: now), now)
            })
        }
        return pending
    }

    private func prepareChunk(_ slice: [String], now: Timestamp) throws(StoreError) -> [Prepared] {
        let loaded = Slots<Result<Loaded, InputError>>(count: slice.count)
        DispatchQueue.concurrentPerform(iterations: slice.count) { i in loaded.set(i, load(slice[i])) }
        let files = loaded.values
        let known = try store.storedHashes(among: files.compactMap { try? $0.get().sha256 })
        let prepared = Slots<Prepared>(count: slice.count)
        DispatchQueue.concurrentPerform(iterations: slice.count) { i in
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

/// One result slot per item of a parallel loop, behind a lock.
final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    /// Every slot, once the loop has filled them all.
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

/// A chunk being prepared on another thread.
final class PendingChunk: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<([Ingester.Prepared], Timestamp), StoreError>?

    func finish(_ r: Result<([Ingester.Prepared], Timestamp), StoreError>) {
        result = r
        done.signal()
    }

    func wait() throws(StoreError) -> ([Ingester.Prepared], Timestamp) {
        done.wait()
        guard let result else { throw .database("internal: a chunk was not prepared") }
        return try result.get()
    }
}
