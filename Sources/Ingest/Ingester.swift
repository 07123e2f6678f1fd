import AssayXML
import CtDNAModel
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

    /// Stores one file. Store conflicts (wrong patient, older version) reject the file;
    /// a store failure (I/O, corruption) is thrown, since no later file would fare better.
    public func ingest(_ path: String) throws(StoreError) -> FileOutcome {
        let now = clock()
        let bytes: [UInt8]
        do {
            bytes = try FileLoader.load(path, limit: reader.sizeLimit)
        } catch {
            return FileOutcome(path: path, result: .failure(error))
        }
        let sha = FileLoader.sha256(bytes)
        let parsed: (SourceFormat, ParsedDocument)
        do {
            if try store.contains(sha256: sha) {
                return FileOutcome(path: path, result: .success((nil, .unchanged)))
            }
            parsed = try reader.read(bytes: bytes, context: ReadContext(path: path, today: now.date))
        } catch let error as InputError {
            return FileOutcome(path: path, result: .failure(error))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
        let source = SourceFile(path: path, sha256: sha, format: parsed.0, byteCount: bytes.count)
        do {
            let outcome = try store.store(parsed.1, from: source, at: now)
            return FileOutcome(path: path, result: .success((parsed.0, outcome)))
        } catch {
            switch error {
            case .conflict(let reason):
                return FileOutcome(path: path, result: .failure(.conflict(SourceLocation(file: path), reason: reason)))
            default:
                throw error
            }
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
