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

/// Reads, checks and stores files one at a time; each file is one transaction, so a
/// bad file leaves the store and the rest of the batch as they were.
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

    /// Reads, hashes and parses one file: everything but the store write. Safe to run on
    /// many files at once.
    public func prepare(_ path: String, now: Timestamp) throws(StoreError) -> Prepared {
        let bytes: [UInt8]
        do {
            bytes = try FileLoader.load(path, limit: reader.sizeLimit)
        } catch {
            return .decided(FileOutcome(path: path, result: .failure(error)))
        }
        let sha = FileLoader.sha256(bytes)
        if try store.contains(sha256: sha) {
            return .decided(FileOutcome(path: path, result: .success((nil, .unchanged))))
        }
        do {
            let (format, document) = try reader.read(bytes: bytes, context: ReadContext(path: path, today: now.date))
            return .parsed(path: path, source: SourceFile(path: path, sha256: sha, format: format, byteCount: bytes.count),
                           document: document)
        } catch {
            return .decided(FileOutcome(path: path, result: .failure(error)))
        }
    }

    /// Stores a prepared file in its own transaction. Store conflicts (wrong patient,
    /// older version) reject the file; a store failure (I/O, corruption) is thrown, since
    /// no later file would fare better.
    public func commit(_ prepared: Prepared, now: Timestamp) throws(StoreError) -> FileOutcome {
        switch prepared {
        case .decided(let outcome):
            return outcome
        case .parsed(let path, let source, let document):
            do {
                let outcome = try store.store(document, from: source, at: now)
                return FileOutcome(path: path, result: .success((source.format, outcome)))
            } catch {
                switch error {
                case .conflict(let reason):
                    return FileOutcome(path: path, result: .failure(.conflict(SourceLocation(file: path), reason: reason)))
                default:
                    throw error
                }
            }
        }
    }

    /// Stores one file.
    public func ingest(_ path: String) throws(StoreError) -> FileOutcome {
        let now = clock()
        return try commit(try prepare(path, now: now), now: now)
    }

    /// Stores files in order, parsing up to `workers` at once in chunks (memory stays
    /// bounded by the chunk) and writing one transaction per file, in input order, so that
    /// version 1 of a report is stored before version 2. `each` sees every outcome.
    public func ingest(_ paths: [String], workers: Int, each: (FileOutcome) -> Void) throws(StoreError) {
        let chunk = max(1, workers) * 16
        var start = 0
        while start < paths.count {
            let slice = Array(paths[start..<min(start + chunk, paths.count)])
            let now = clock()
            let results = PreparedSlots(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                results.set(i, Result { () throws(StoreError) in try prepare(slice[i], now: now) })
            }
            for i in slice.indices {
                each(try commit(try results.get(i).get(), now: now))
            }
            start += slice.count
        }
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

/// Results of a parallel prepare, one slot per file, behind a lock.
final class PreparedSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Ingester.Prepared, StoreError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<Ingester.Prepared, StoreError>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }

    func get(_ i: Int) -> Result<Ingester.Prepared, StoreError> {
        lock.lock()
        defer { lock.unlock() }
        return slots[i] ?? .failure(.database("internal: file \(i) was not prepared"))
    }
}
