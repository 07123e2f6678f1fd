import CtDNAModel
import Foundation
import GRDB

/// The SQLite store: one file, WAL, foreign keys on, a busy timeout so that several
/// `ctdna ingest` processes can share it. Safe from any thread: a `DatabasePool` for
/// writing and parallel reading, or one read-only connection for a query command.
public final class SQLiteStore: ResultStore {
    let database: any DatabaseWriter
    public let path: String

    /// What the opener will do with the store.
    public enum Access: Sendable {
        /// Ingest, or reads from many threads (reports): a pool, migrated to this version.
        case readWrite
        /// One command's queries: one read-only connection when the store is already at
        /// this version (a quicker start, no lock), else as `.readWrite` (it is migrated).
        case readOnly
    }

    /// Opens (creating with mode 0600 when absent) and migrates the store at `path`.
    public init(path: String, access: Access = .readWrite, busyTimeout: TimeInterval = 30) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "ctdna-store"
        // WAL with synchronous=NORMAL: each commit is atomic and the store never corrupts;
        // a power cut may undo the last commits, which a re-run of the idempotent ingest
        // restores. (FULL would fsync every file's transaction.)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Each file is a savepoint: its statement journal (one file's pages) stays in
            // memory instead of a temporary file (was 290,000 of 343,000 pwrite calls).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            if getenv("CTDNA_SQL_PROFILE") != nil {
                db.trace(options: .profile) { event in
                    if case .profile(let statement, let duration) = event, duration > 0.001 {
                        FileHandle.standardError.write(Data("\(Int(duration * 1000)) ms: \(statement.sql.prefix(160))\n".utf8))
                    }
                }
            }
        }
        do {
            if access == .readOnly, let queue = try Self.migratedReadOnly(path, config) {
                database = queue
                return
            }
            try Self.createPrivateFile(at: path)
            // Several `ctdna ingest` processes may open a new store at once: one at a time
            // switches it to WAL and migrates. The lock is on a separate file (PATH.lock):
            // closing any descriptor of the database file itself would drop the POSIX locks
            // SQLite holds on it, and let another process write under it.
            let lock = try Self.lockExclusively(path + ".lock")
            defer { flock(lock, LOCK_UN); close(lock) }
            let pool = try DatabasePool(path: path, configuration: config)
            try StoreMigrations.migrator.migrate(pool)
            database = pool
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// A read-only connection to the store at `path` if it exists and has every migration.
    private static func migratedReadOnly(_ path: String, _ config: Configuration) throws -> DatabaseQueue? {
        guard access(path, F_OK) == 0 else { return nil }
        var readOnly = config
        readOnly.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        return try queue.read { try StoreMigrations.migrator.hasCompletedMigrations($0) } ? queue : nil
    }

    /// A new store file readable by its owner only: it holds patient data.
    private static func createPrivateFile(at path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw StoreError.database("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// An exclusive flock(2) on the lock file beside the store (created 0600), waited for.
    private static func lockExclusively(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.database("cannot open \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw StoreError.database("cannot lock \(path): \(reason)")
            }
        }
        return fd
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            return "SQLite error \(e.resultCode.rawValue): \(e.message ?? "\(e.resultCode)")"
        }
        if error is RowDecodingError {
            // Not GRDB's description: it quotes the whole row, a patient's name among it.
            return Row.unreadable(nil)
        }
        return "\(error)"
    }

    /// A value the readers let through but the schema's invariants refuse.
    static func refused(_ error: DatabaseError) -> StoreError {
        .conflict("the store refused a value: \(error.message ?? "constraint failed")")
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw Self.refused(error)
        } catch {
            throw .database(Self.describe(error))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    public func contains(sha256: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM source_file WHERE sha256 = ?)",
                              arguments: [sha256]) ?? false
        }
    }

    public func storedHashes(among hashes: [String]) throws(StoreError) -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            var found = Set<String>()
            for start in stride(from: 0, to: hashes.count, by: 500) {
                let part = Array(hashes[start..<min(start + 500, hashes.count)])
                found.formUnion(try String.fetchAll(db, sql: "SELECT sha256 FROM source_file WHERE sha256 IN (\(databaseQuestionMarks(count: part.count)))",
                                                    arguments: StatementArguments(part)))
            }
            return found
        }
    }

    public func store(_ document: ParsedDocument, from source: SourceFile,
                      at now: Timestamp) throws(StoreError) -> IngestOutcome {
        try write { db in
            try DocumentWriter(db: db, now: now).store(document, from: source)
        }
    }

    /// One transaction for the batch, one savepoint per document: a refused document rolls
    /// back to its savepoint only. Committing once per batch writes each shared index page
    /// to the WAL once instead of once per file.
    public func store(batch: [StoreItem], at now: Timestamp) throws(StoreError) -> [Result<IngestOutcome, StoreError>] {
        try write { db in
            var results: [Result<IngestOutcome, StoreError>] = []
            results.reserveCapacity(batch.count)
            // Savepoint statements compiled once per batch (GRDB's inSavepoint compiles them
            // for every file: a tenth of the writer's time).
            let begin = try db.cachedStatement(sql: "SAVEPOINT document")
            let release = try db.cachedStatement(sql: "RELEASE SAVEPOINT document")
            let rollback = try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT document")
            for item in batch {
                try begin.execute()
                do {
                    let outcome = try DocumentWriter(db: db, now: now).store(item.document, from: item.source)
                    try release.execute()
                    results.append(.success(outcome))
                } catch {
                    try rollback.execute()
                    try release.execute()
                    switch error {
                    case let error as StoreError:
                        guard case .conflict = error else { throw error }
                        results.append(.failure(error))
                    case let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT:
                        results.append(.failure(Self.refused(error)))
                    default:
                        throw error
                    }
                }
            }
            return results
        }
    }

    /// Refreshes the query planner's statistics where SQLite finds them missing or stale
    /// (`PRAGMA optimize`, which SQLite advises after a bulk change; it analyses only the
    /// tables this connection's queries used, when never analysed or grown 25-fold since).
    /// With them the planner picks `document_by_patient` for a patient's documents, where
    /// without them it scanned every result document in `(kind, report_id)` order. The
    /// analysis reads at most 1,000 rows per index (`analysis_limit`), so it stays short
    /// on a large store.
    public func optimize() throws(StoreError) {
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA analysis_limit = 1000; PRAGMA optimize")
            }
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`; empty when the store is sound.
    public func integrityProblems() throws(StoreError) -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += try fk.map { "foreign key violation in \(try $0.value("table") as String? ?? "?") row \(try $0.value("rowid") as Int64? ?? -1)" }
            return problems
        }
    }
}

extension Row {
    /// The value of `column`, decoded with GRDB's throwing `decode(forColumn:)`: a value of
    /// the wrong type, or NULL where one is required (a corrupt or hand-edited store), is a
    /// `StoreError` naming the column, not a crash. GRDB's own error is not passed on: its
    /// description quotes the whole row, and a row may hold a patient's name.
    func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
        do {
            return try decode(T.self, forColumn: column)
        } catch {
            throw StoreError.database(Self.unreadable(column))
        }
    }

    static func unreadable(_ column: String?) -> String {
        "a stored row cannot be read: \(column.map { "column \($0) holds" } ?? "it holds") a value of the wrong type, or none where one is required"
    }
}
