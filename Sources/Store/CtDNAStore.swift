import CtDNAModel

/// A ctdna store, whichever database holds it: what every command needs. Two backends
/// implement it, each one façade: `SQLiteStore` (one file, the default) and
/// `PostgresStore` (a shared server database for a network of laboratories). The queries,
/// the writer, the registry and the audit are written once, over `SQLSession`, in this
/// protocol's extensions; a backend supplies its transactions and its own checks.
public protocol CtDNAStore: ResultStore {
    /// Where the store is, for messages (a path, or a URL without its password).
    var location: String { get }
    /// Runs `body` in one read-only transaction: every query sees one snapshot.
    func reading<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T
    /// Runs `body` in one write transaction: all of it is stored, or none.
    func writing<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T
    /// What storing `document` would give, without storing it (`ctdna validate --store`).
    func check(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome
    /// The database's own integrity checks and every row that breaks a CHECK of the
    /// schema; empty when the store is sound.
    func integrityProblems() throws(StoreError) -> [String]
    /// Append-only triggers missing from the schema (checked by `verify`).
    func missingAppendOnlyTriggers() throws(StoreError) -> [String]
}

extension CtDNAStore {
    public func contains(sha256: String) throws(StoreError) -> Bool {
        try reading { db in
            try db.scalar("SELECT id FROM source_file WHERE sha256 = ?", [sha256], as: Int64.self) != nil
        }
    }

    public func storedHashes(among hashes: [String]) throws(StoreError) -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try reading { db in
            var found = Set<String>()
            for start in stride(from: 0, to: hashes.count, by: 500) {
                let part = Array(hashes[start..<min(start + 500, hashes.count)])
                found.formUnion(try db.column("SELECT sha256 FROM source_file WHERE sha256 IN (\(placeholders(part.count)))",
                                              SQLArguments(part), as: String.self))
            }
            return found
        }
    }
}

/// Stores a batch inside the caller's transaction, one savepoint per document: a refused
/// document rolls back to its savepoint only (both backends speak this SQL).
/// `refusal` turns a backend error into the `.conflict` it means (a CHECK or a UNIQUE
/// the document breaks), or nil for a failure of the store itself, which is rethrown.
func storeEach(_ batch: [StoreItem], in db: any SQLSession, at now: Timestamp,
               refusal: (any Error) -> StoreError?) throws -> [Result<IngestOutcome, StoreError>] {
    var results: [Result<IngestOutcome, StoreError>] = []
    results.reserveCapacity(batch.count)
    for item in batch {
        try db.execute("SAVEPOINT document")
        do {
            let outcome = try DocumentWriter(db: db, now: now).store(item.document, from: item.source)
            try db.execute("RELEASE SAVEPOINT document")
            results.append(.success(outcome))
        } catch {
            try db.execute("ROLLBACK TO SAVEPOINT document")
            try db.execute("RELEASE SAVEPOINT document")
            if let error = error as? StoreError {
                guard case .conflict = error else { throw error }
                results.append(.failure(error))
            } else if let refused = refusal(error) {
                results.append(.failure(refused))
            } else {
                throw error
            }
        }
    }
    return results
}
