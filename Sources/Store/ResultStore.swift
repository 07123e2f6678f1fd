import CtDNAModel

/// What Tracking, Report and the commands need from a store. SQLite (GRDB) implements
/// it today; a server database can implement it later without touching them.
public protocol ResultStore: Sendable {
    /// Stores one parsed document from one file, atomically: all of it or none.
    func store(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome
    /// Whether a file with this content hash is already stored.
    func contains(sha256: String) throws(StoreError) -> Bool
    /// Which of these content hashes are already stored (one query for a batch).
    func storedHashes(among hashes: [String]) throws(StoreError) -> Set<String>
    /// Every patient with a summary of their draws, ordered by MRN.
    func patients() throws(StoreError) -> [PatientSummary]
    /// Everything stored for one patient; nil when the MRN is unknown.
    func timeline(mrn: String, issuer: String?) throws(StoreError) -> PatientTimeline?
}

/// Why the store refused a document, or failed.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The document contradicts what is stored (wrong patient, older version, ...).
    case conflict(String)
    /// The same MRN is stored under more than one issuer: name the issuer.
    case ambiguousPatient(mrn: String, issuers: [String])
    /// SQLite failed (I/O, corruption, locked past the timeout).
    case database(String)

    public var description: String {
        switch self {
        case .conflict(let r): return r
        case .ambiguousPatient(_, let issuers):
            return "MRN is held by patients of several issuers (\(issuers.joined(separator: ", "))): pass --issuer"
        case .database(let r): return "store: \(r)"
        }
    }
}
