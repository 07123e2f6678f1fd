import CtDNAModel
import Foundation
import GRDB

/// The SQLite store: one file, WAL, foreign keys on, a busy timeout so that several
/// `ctdna ingest` processes can share it. Safe from any thread: a `DatabasePool` for
/// writing and parallel reading, or one read-only connection for a query command.
public final class SQLiteStore: CtDNAStore {
    let database: any DatabaseWriter
    public let path: String
    public var location: String { path }

    /// What the opener will do with the store.
    public enum Access: Sendable {
        /// Ingest, or reads from many threads (reports): a pool, migrated to this version.
        case readWrite
        /// One command's queries: one read-only connection when the store is already at
        /// this version (a quicker start, no lock), else as `.readWrite` (it is migrated).
        case readOnly
        /// Reads only, the file opened `immutable=1`: no lock, no `-shm` or `-wal`, nothing
        /// written. Chosen for any access when the store or its folder cannot be written
        /// (`isReadOnlyLocation`: a read-only mount, a 0444 file): then a plain read-only
        /// open of a WAL store fails for want of its `-shm`. The store must be at this
        /// version (ingest checkpoints the WAL, so the file alone is complete).
        case immutable
    }

    /// Whether a store that exists at `path` must be opened `immutable`: the file or its
    /// folder is not writable for this process (`access(2)`, W_OK).
    public static func isReadOnlyLocation(_ path: String) -> Bool {
        guard access(path, F_OK) == 0 else { return false }
        let folder = (path as NSString).deletingLastPathComponent
        return mustOpenImmutable(fileWritable: access(path, W_OK) == 0,
                                 folderWritable: access(folder.isEmpty ? "." : folder, W_OK) == 0)
    }

    /// The decision alone: SQLite needs to write the `-shm` beside a WAL store (the folder)
    /// and the file itself for a normal read-only open; without either, `immutable`.
    public static func mustOpenImmutable(fileWritable: Bool, folderWritable: Bool) -> Bool {
        !fileWritable || !folderWritable
    }

    /// `file:` URI of `path` with `immutable=1` (SQLite is built with URI filenames).
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
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
            let immutable = access == .immutable || Self.isReadOnlyLocation(path)
            try Self.refuseForeignDatabase(path, immutable: immutable)
            if immutable {
                var readOnly = config
                readOnly.readonly = true
                let queue = try DatabaseQueue(path: Self.immutableURI(path), configuration: readOnly)
                guard try queue.read({ try StoreMigrations.migrator.hasCompletedMigrations($0) }) else {
                    throw StoreError.database("\(path) cannot be written and its schema is older than this ctdna's: open it once where it can be written")
                }
                database = queue
                return
            }
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

    /// Throws `.notAStore` when `path` is an existing SQLite database of another program:
    /// it has tables, an application_id other than ours and no `grdb_migrations` with our
    /// first migration. Checked on a read-only connection, so such a file is never written
    /// (no tables added, journal mode unchanged). An empty or absent file is a new store.
    static func refuseForeignDatabase(_ path: String, immutable: Bool = false) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        config.label = "ctdna-identity-check"
        config.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: immutable ? immutableURI(path) : path, configuration: config)
        let ours = try queue.read { db in
            let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if id == StoreMigrations.applicationID { return true }
                if id != 0 { return false }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if tables.isEmpty { return true }
                guard tables.contains("grdb_migrations") else { return false }
                // A store made before v6-application-id: its migrations are ours. Or one
                // that another `ctdna ingest` is creating right now: GRDB creates the table
                // on its own, then commits each migration with its row.
                return try Bool.fetchOne(db, sql: """
                    SELECT NOT EXISTS (SELECT 1 FROM grdb_migrations)
                        OR EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = 'v1-core')
                    """) ?? false
        }
        try queue.close()
        if !ours { throw StoreError.notAStore(path: path) }
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
            return "SQLite error \(e.extendedResultCode.rawValue): \(e.message ?? "\(e.resultCode)")"
        }
        if error is RowDecodingError {
            // Not GRDB's description: it quotes the whole row, a patient's name among it.
            return SQLRow.unreadable(nil)
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

    public func reading<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        try read { db in try body(GRDBSession(db: db)) }
    }

    public func writing<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        try write { db in try body(GRDBSession(db: db)) }
    }

    public func store(_ document: ParsedDocument, from source: SourceFile,
                      at now: Timestamp) throws(StoreError) -> IngestOutcome {
        try writing { db in
            try DocumentWriter(db: db, now: now).store(document, from: source)
        }
    }

    /// What storing `document` would give, without storing it: the same checks as `store`
    /// (patient identity, versions, specimens, the schema's invariants) in a transaction
    /// that is rolled back. For `ctdna validate --store`.
    public func check(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome {
        struct RolledBack: Error { let outcome: IngestOutcome }
        do {
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    throw RolledBack(outcome: try DocumentWriter(db: GRDBSession(db: db), now: now).store(document, from: source))
                }
            }
        } catch let done as RolledBack {
            return done.outcome
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw Self.refused(error)
        } catch {
            throw .database(Self.describe(error))
        }
        throw .database("the check was not rolled back")
    }

    /// One transaction for the batch, one savepoint per document (`storeEach`): a refused
    /// document rolls back to its savepoint only. Committing once per batch writes each
    /// shared index page to the WAL once instead of once per file.
    public func store(batch: [StoreItem], at now: Timestamp) throws(StoreError) -> [Result<IngestOutcome, StoreError>] {
        try write { db in
            try storeEach(batch, in: GRDBSession(db: db), at: now) { error in
                guard let error = error as? DatabaseError, error.resultCode == .SQLITE_CONSTRAINT else { return nil }
                return Self.refused(error)
            }
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
            // In an IMMEDIATE transaction: ANALYZE reads, then writes sqlite_stat1. Begun
            // as a read (autocommit), it would have to upgrade to a write lock, and when
            // another `ctdna ingest` committed in between SQLite answers SQLITE_BUSY at
            // once, without waiting (four concurrent ingesters hit it about once in 20 runs).
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "PRAGMA analysis_limit = 1000; PRAGMA optimize")
                    return .commit
                }
            }
            // The ingest is over: move every page from the -wal file into the store
            // file, and empty the -wal, so that the .sqlite file alone is complete
            // (a copy of it, a backup, holds everything). Another process writing or
            // reading only postpones it: the checkpoint then reports busy, which is not
            // an error (that process, or the next ingest, checkpoints).
            if database is DatabasePool {
                try database.writeWithoutTransaction { db in
                    _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // Statistics and checkpoint are upkeep: the files are stored. Another ingest
            // holding the store past the busy timeout postpones them to the next run.
            return
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// Append-only triggers missing from the schema.
    public func missingAppendOnlyTriggers() throws(StoreError) -> [String] {
        try read { db in
            let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            return StoreMigrations.appendOnlyTriggers.filter { !present.contains($0) }
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`; empty when the store is sound.
    public func integrityProblems() throws(StoreError) -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += try fk.map { "foreign key violation in \(try $0.value("table") as String? ?? "?") row \(try $0.value("rowid") as Int64? ?? -1)" }
            problems += try Self.checkViolations(db)
            return problems
        }
    }
}

extension SQLiteStore {
    /// Every row that breaks a CHECK constraint of the schema, as `TABLE row N: EXPR does
    /// not hold`. SQLite checks them only when a row is written, and not at all under
    /// `PRAGMA ignore_check_constraints` or a hand edit: `verify` re-checks each one with an
    /// explicit query. The constraints are read from the schema itself (`sqlite_master`),
    /// so each migration's CHECKs are covered without a second list to keep in step. A
    /// CHECK holds when its expression is true or NULL, as in SQLite. Also an MRN that is
    /// blank once trimmed (the length CHECK lets ' ' through). At most 50 rows per check.
    static func checkViolations(_ db: Database) throws -> [String] {
        var problems: [String] = []
        let tables = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            ORDER BY name
            """)
        for table in tables {
            let name: String = table["name"]
            let sql: String = table["sql"]
            for expression in checkExpressions(in: sql) {
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT rowid FROM "\(name.replacingOccurrences(of: "\"", with: "\"\""))"
                    WHERE NOT coalesce((\(expression)), 1) ORDER BY rowid LIMIT 50
                    """)
                let shown = expression.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                problems += ids.map { "\(name) row \($0): CHECK (\(shown)) does not hold" }
            }
        }
        if tables.contains(where: { ($0["name"] as String) == "patient" }) {
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM patient WHERE length(trim(mrn, ' ' || char(9, 10, 13))) = 0 ORDER BY id LIMIT 50")
            problems += ids.map { "patient row \($0): the MRN is empty" }
        }
        return problems
    }

    /// The expressions of every `CHECK (...)` in a `CREATE TABLE` statement: balanced
    /// parentheses, skipping string literals ('t(4;14)') and quoted names.
    static func checkExpressions(in sql: String) -> [String] {
        let chars = Array(sql.unicodeScalars)
        var found: [String] = []
        var i = 0
        func skipQuoted(_ j: inout Int) {
            let quote = chars[j]
            j += 1
            while j < chars.count {
                if chars[j] == quote {
                    if j + 1 < chars.count, chars[j + 1] == quote { j += 2; continue }
                    break
                }
                j += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" || c == "`" { skipQuoted(&i); i += 1; continue }
            // The keyword CHECK, not part of a longer name.
            if i + 5 <= chars.count,
               String(String.UnicodeScalarView(chars[i..<i + 5])).uppercased() == "CHECK",
               i == 0 || !(chars[i - 1].properties.isAlphabetic || chars[i - 1] == "_" || ("0"..."9").contains(chars[i - 1])) {
                var j = i + 5
                while j < chars.count, chars[j].properties.isWhitespace { j += 1 }
                guard j < chars.count, chars[j] == "(" else { i += 5; continue }
                let start = j + 1
                var depth = 0
                while j < chars.count {
                    let d = chars[j]
                    if d == "'" || d == "\"" || d == "`" { skipQuoted(&j) }
                    else if d == "(" { depth += 1 }
                    else if d == ")" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { break }
                found.append(String(String.UnicodeScalarView(chars[start..<j])))
                i = j + 1
                continue
            }
            i += 1
        }
        return found
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
            throw StoreError.database(SQLRow.unreadable(column))
        }
    }
}
