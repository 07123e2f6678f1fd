import CtDNAModel

/// What Tracking, Report and the commands need from a store. SQLite (GRDB) implements
/// it today; a server database can implement it later without touching them.
public protocol ResultStore: Sendable {
    /// Stores one parsed document from one file, atomically: all of it or none.
    func store(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome
    /// Stores several documents, each atomically on its own: a document the store refuses
    /// (`.conflict`) leaves no trace and does not affect the others. The results are in
    /// input order and are durable when the call returns. A failure of the store itself
    /// is thrown and stores none of them.
    func store(batch: [StoreItem], at now: Timestamp) throws(StoreError) -> [Result<IngestOutcome, StoreError>]
    /// Whether a file with this content hash is already stored.
    func contains(sha256: String) throws(StoreError) -> Bool
    /// Which of these content hashes are already stored (one query for a batch).
    func storedHashes(among hashes: [String]) throws(StoreError) -> Set<String>
    /// Every patient with a summary of their draws, ordered by MRN.
    func patients() throws(StoreError) -> [PatientSummary]
    /// Everything stored for one patient; nil when the MRN is unknown.
    func timeline(mrn: String, issuer: String?) throws(StoreError) -> PatientTimeline?
    /// Brings the store's own bookkeeping (query statistics) up to date after an ingest.
    func optimize() throws(StoreError)
}

/// One parsed document and the file it came from.
public struct StoreItem: Sendable {
    public var document: ParsedDocument
    public var source: SourceFile

    public init(document: ParsedDocument, source: SourceFile) {
        self.document = document
        self.source = source
    }
}

extension ResultStore {
    /// Nothing to do for a store that keeps no statistics.
    public func optimize() throws(StoreError) {}

    /// One transaction per document: correct for any store, the fastest for none.
    public func store(batch: [StoreItem], at now: Timestamp) throws(StoreError) -> [Result<IngestOutcome, StoreError>] {
        var results: [Result<IngestOutcome, StoreError>] = []
        for item in batch {
            do {
                results.append(.success(try store(item.document, from: item.source, at: now)))
            } catch {
                guard case .conflict = error else { throw error }
                results.append(.failure(error))
            }
        }
        return results
    }
}

/// Why the store refused a document, or failed.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document contradicts what is stored (wrong patient, older version, ...).
    case conflict(String)
    /// The same MRN is stored under more than one issuer: name the issuer.
    case ambiguousPatient(mrn: String, issuers: [String])
    /// SQLite failed (I/O, corruption, locked past the timeout).
    case database(String)
    /// The file is an SQLite database of another program (tables, another application_id,
    /// none of our migrations): refused before anything is written. Exit 66 (EX_NOINPUT).
    case notAStore(path: String)
    /// No store there (a PostgreSQL database without our schema, or none at all), and the
    /// command does not create one. Exit 66 (EX_NOINPUT), like a missing SQLite file.
    case noStore(String)

    public var description: String {
        switch self {
        case .conflict(let r): return r
        case .ambiguousPatient(_, let issuers):
            return "MRN is held by patients of several issuers (\(issuers.joined(separator: ", "))): pass --issuer"
        case .database(let r): return "store: \(r)"
        case .noStore(let reason): return reason
        case .notAStore(let path):
            return "\(path) is not a ctdna store (another program's SQLite database: it has tables but not our application_id); it was not changed"
        }
    }
}
