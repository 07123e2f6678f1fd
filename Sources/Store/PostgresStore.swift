import CtDNAModel
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The PostgreSQL store: one database shared by the laboratories of a network, behind
/// the same commands as the SQLite file (`--store postgresql://…`). The same logical
/// schema and CHECKs (`PostgresSchema`), the same writer and queries (`SQLSession`), and
/// PostgreSQL's own guarantees for several writers on several machines:
///
/// - one transaction per chunk of files, a savepoint per file; the unique content hash
///   with `ON CONFLICT DO NOTHING` stores a file once whoever commits first;
/// - per-patient and per-report advisory locks, taken in sorted order at the start of a
///   chunk, so supersession, identity checks and sign-out serialise per patient and two
///   writers never deadlock on them;
/// - bounded retries (5) of a transaction that fails with a serialisation failure or a
///   deadlock (SQLSTATE 40001, 40P01);
/// - reads for one command (a report) from one snapshot: REPEATABLE READ, READ ONLY;
/// - named migrations under an advisory lock; a binary older than the schema refuses to
///   write; a query command never creates the schema.
///
/// Connections are opened on demand and kept for reuse (one per thread that needs one
/// at the same time: `ctdna report --all` reads from several threads).
public final class PostgresStore: CtDNAStore, @unchecked Sendable {
    // @unchecked: the mutable state (the idle connections) is guarded by `lock`; a
    // connection is used by one thread at a time, between checkout and checkin.
    public let location: String
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresSession] = []
    /// Whether this binary may write: false when the database has migrations it does not know.
    private(set) var writable = true

    /// What the opener will do with the database.
    public enum Access: Sendable {
        /// Ingest: the schema is created, or migrated to this version.
        case readWrite
        /// Every other command: the schema must exist (it is never created); one older than
        /// this binary's is migrated.
        case existing
    }

    public init(_ url: StoreLocation.Postgres, access: Access = .readWrite) throws(StoreError) {
        location = url.description
        var logger = Logger(label: "ctdna-postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            configuration = try url.connectionConfiguration()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("PostgreSQL: \(error)")
        }
        try withSession { session in
            try PostgresMigrator(session: session, location: location).run(access: access, writable: &writable)
        }
    }

    deinit {
        for session in idle { _ = try? session.connection.close().wait() }
    }

    // MARK: Connections

    private func checkout() throws(StoreError) -> PostgresSession {
        lock.lock()
        if let session = idle.popLast() {
            lock.unlock()
            return session
        }
        lock.unlock()
        do {
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                            configuration: configuration, id: 1, logger: logger).wait()
            return PostgresSession(connection: connection, logger: logger)
        } catch {
            throw Self.describe(error, location: location)
        }
    }

    private func checkin(_ session: PostgresSession) {
        lock.lock()
        idle.append(session)
        lock.unlock()
    }

    /// Runs `body` on a connection of the pool, outside any transaction; errors as thrown.
    private func run<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let session = try checkout()
        do {
            let value = try body(session)
            checkin(session)
            return value
        } catch {
            // Whatever the body left open is rolled back; a closed connection is not reused.
            _ = try? session.script("ROLLBACK")
            if !session.connection.isClosed { checkin(session) }
            throw error
        }
    }

    /// Runs `body` on a connection of the pool, outside any transaction.
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        do { return try run(body) } catch { throw Self.storeError(error, location: location) }
    }

    // MARK: Transactions

    public func reading<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        try withSession { session in
            try session.script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let value = try body(session)
            try session.script("COMMIT")
            return value
        }
    }

    public func writing<T>(_ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        try writing(lockKeys: [], body)
    }

    /// A write transaction that first takes the advisory locks `lockKeys` (sorted), retried
    /// up to `Self.attempts` times when PostgreSQL aborts it for a serialisation failure or
    /// a deadlock.
    func writing<T>(lockKeys: [AdvisoryLock], _ body: (any SQLSession) throws -> T) throws(StoreError) -> T {
        guard writable else {
            throw .database("\(location): the store's schema is newer than this ctdna's; upgrade ctdna before writing to it")
        }
        var attempt = 1
        while true {
            do {
                return try run { session in
                    try session.script("BEGIN")
                    // A writer held up (a paused ingest, an idle psql transaction) fails
                    // with a message instead of leaving every other writer hanging.
                    try session.script("SET LOCAL lock_timeout = '\(Self.lockTimeoutSeconds)s'")
                    for key in Set(lockKeys).sorted() {
                        try session.execute("SELECT pg_advisory_xact_lock(?::int4, ?::int4)",
                                            [Int64(key.space), Int64(key.key)])
                    }
                    let value = try body(session)
                    try session.script("COMMIT")
                    return value
                }
            } catch {
                guard attempt < Self.attempts, Self.isTransient(error) else { throw Self.storeError(error, location: location) }
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    static let attempts = 5
    static let lockTimeoutSeconds = 120
    /// The SQLSTATEs of a transaction PostgreSQL aborted for another's sake: retried.
    static let transientStates: Set<String> = ["40001", "40P01"]

    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return transientStates.contains(state)
    }

    // MARK: ResultStore

    public func store(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome {
        let results = try store(batch: [StoreItem(document: document, source: source)], at: now)
        switch results.first {
        case .success(let outcome): return outcome
        case .failure(let error): throw error
        case nil: throw .database("the store returned no outcome")
        }
    }

    /// One transaction for the chunk, a savepoint per file; the chunk's patients and
    /// reports locked first, in sorted order.
    public func store(batch: [StoreItem], at now: Timestamp) throws(StoreError) -> [Result<IngestOutcome, StoreError>] {
        let keys = batch.flatMap { item in
            [AdvisoryLock.patient(item.document.patient.identifier.mrn), AdvisoryLock.report(item.document.identity.id)]
        }
        return try writing(lockKeys: keys) { db in
            try storeEach(batch, in: db, at: now) { error in Self.refusal(error) }
        }
    }

    public func check(_ document: ParsedDocument, from source: SourceFile, at now: Timestamp) throws(StoreError) -> IngestOutcome {
        try withSession { session in
            try session.script("BEGIN")
            defer { _ = try? session.script("ROLLBACK") }
            return try DocumentWriter(db: session, now: now).store(document, from: source)
        }
    }

    // MARK: Checks

    public func integrityProblems() throws(StoreError) -> [String] {
        try reading { db in
            var problems: [String] = []
            // PostgreSQL checks every constraint on every write; a constraint marked NOT
            // VALID (added without checking the rows already there) is one it does not vouch for.
            let unchecked = try db.column("""
                SELECT conrelid::regclass::text || ': ' || conname FROM pg_constraint
                WHERE connamespace = current_schema()::regnamespace AND NOT convalidated ORDER BY 1
                """, as: String.self)
            problems += unchecked.map { "constraint \($0) is not validated" }
            // Every CHECK re-evaluated on the rows (as the SQLite store does), so a row that a
            // superuser slipped past a disabled trigger or a dropped constraint is found.
            let checks = try db.rows("""
                SELECT c.conrelid::regclass::text AS tbl, pg_get_constraintdef(c.oid) AS def
                FROM pg_constraint c WHERE c.contype = 'c' AND c.connamespace = current_schema()::regnamespace
                  AND c.convalidated AND NOT c.connoinherit
                ORDER BY 1, c.conname
                """)
            for check in checks {
                let table: String = try check.value("tbl")
                let definition: String = try check.value("def")
                guard definition.hasPrefix("CHECK ") else { continue }
                let expression = String(definition.dropFirst(6))
                // The row's id where the table has one (as SQLite's rowid), else its physical place.
                let hasID = try db.scalar("""
                    SELECT COUNT(*) FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id'
                    """, [table], as: Int.self) ?? 0 > 0
                let key = hasID ? "id::text" : "ctid::text"
                let rows = try db.column("""
                    SELECT \(key) FROM \(table) WHERE NOT coalesce(\(expression), true) ORDER BY 1 LIMIT 50
                    """, as: String.self)
                let shown = expression.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                problems += rows.map { "\(table) row \($0): CHECK \(shown) does not hold" }
            }
            // Row-level security switched off on a table shows every lab every patient.
            let unprotected = try db.column("""
                SELECT c.relname FROM pg_class c
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relrowsecurity
                  AND c.relname IN (\(placeholders(PostgresSchema.tablesInCopyOrder.count + 1)))
                ORDER BY 1
                """, SQLArguments(PostgresSchema.tablesInCopyOrder + ["lab_access"]), as: String.self)
            problems += unprotected.map { "table \($0): row-level security is disabled: every laboratory's role sees every row" }
            let blank = try db.column("SELECT id FROM patient WHERE length(btrim(mrn, E' \\t\\n\\r')) = 0 ORDER BY id LIMIT 50",
                                      as: Int64.self)
            problems += blank.map { "patient row \($0): the MRN is empty" }
            return problems
        }
    }

    public func missingAppendOnlyTriggers() throws(StoreError) -> [String] {
        try reading { db in
            let present = Set(try db.column("""
                SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = current_schema()::regnamespace
                """, as: String.self))
            return Self.appendOnlyTriggers.filter { !present.contains($0) }
        }
    }

    // MARK: Laboratories

    /// Lets a database role (a laboratory's login, made by the DBA with CREATE ROLE) use
    /// the store: the privileges to read, ingest and sign (never DELETE), and the issuers
    /// whose patients it sees and writes under row-level security ('*': every issuer, ''
    /// the patients of files that name none). Run by the store's owner.
    public func grant(role: String, issuers: [String]) throws(StoreError) {
        guard !role.isEmpty, !role.contains("\0") else { throw .conflict("a role name is needed") }
        let quoted = "\"" + role.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try writing { db in
            guard try db.scalar("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?", [role], as: Int.self) ?? 0 > 0 else {
                throw StoreError.conflict("no database role \(role): the DBA makes it first (CREATE ROLE \(quoted) LOGIN)")
            }
            guard let session = db as? PostgresSession else { return }
            let schema = try db.scalar("SELECT quote_ident(current_schema())", as: String.self) ?? "public"
            try session.script("GRANT USAGE ON SCHEMA \(schema) TO \(quoted)")
            // The store's tables: read, ingest, sign; never DELETE. The bookkeeping tables
            // (migrations, grants) are read only: a lab could otherwise stop every writer of
            // the network by editing schema_migrations, or let itself see other labs.
            for table in PostgresSchema.tablesInCopyOrder {
                try session.script("GRANT SELECT, INSERT, UPDATE ON \(schema).\(table) TO \(quoted)")
            }
            try session.script("GRANT SELECT ON \(schema).schema_migrations, \(schema).lab_access TO \(quoted)")
            try session.script("GRANT USAGE ON ALL SEQUENCES IN SCHEMA \(schema) TO \(quoted)")
            for issuer in issuers {
                try db.execute("INSERT INTO lab_access (role_name, issuer) VALUES (?, ?) ON CONFLICT DO NOTHING", [role, issuer])
            }
        }
    }

    /// Every role's granted issuers, by role.
    public func grants() throws(StoreError) -> [(role: String, issuer: String)] {
        try reading { db in
            try db.rows("SELECT role_name, issuer FROM lab_access ORDER BY role_name, issuer").map {
                (try $0.value("role_name") as String, try $0.value("issuer") as String)
            }
        }
    }

    /// SQLite's append-only triggers, and TRUNCATE's, which skips row triggers.
    static let appendOnlyTriggers = StoreMigrations.appendOnlyTriggers
        + ["report_release_append_only_truncate", "audit_event_append_only_truncate"]

    /// Whether this connection's role sees every row (the tables' owner, a superuser, or
    /// a role that bypasses row-level security): what `store copy` needs of its source.
    func seesEveryRow() throws(StoreError) -> Bool {
        try reading { db in
            try db.scalar("""
                SELECT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
                    OR EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'patient'
                               AND tableowner = current_user)
                """, as: Bool.self) ?? false
        }
    }

    // MARK: Errors

    static let refusedPrefix = "the store refused a value: "

    /// A constraint the document breaks, as the `.conflict` it is; nil for anything else.
    /// A row-level security policy refusing a row (a laboratory writing a patient of an
    /// issuer it is not granted) refuses that file only, as a constraint does.
    static func refusal(_ error: any Error) -> StoreError? {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return nil }
        let message = error.serverInfo?[.message] ?? "constraint failed"
        if state.hasPrefix("23") { return .conflict(refusedPrefix + message) }
        if state == "42501", message.contains("row-level security") {
            return .conflict("this database role may not store the file's patient (its issuer is not granted to the role: ctdna store grant): \(message)")
        }
        return nil
    }

    /// Any error of a session as a `StoreError`. Only PostgreSQL's primary message is
    /// kept: its DETAIL quotes the failing row, which may hold a patient's name.
    static func storeError(_ error: any Error, location: String) -> StoreError {
        if let error = error as? StoreError { return error }
        return refusal(error) ?? describe(error, location: location)
    }

    static func describe(_ error: any Error, location: String) -> StoreError {
        guard let error = error as? PSQLError else { return .database("PostgreSQL (\(location)): \(error)") }
        if let info = error.serverInfo, let state = info[.sqlState] {
            let message = info[.message] ?? "error"
            if transientStates.contains(state) {
                return .database("PostgreSQL aborted the transaction \(attempts) times (SQLSTATE \(state)): \(message)")
            }
            if state == "3D000" { return .noStore("\(location): no such database (\(message)); create it first (createdb)") }
            if state == "28P01" || state == "28000" {
                return .database("\(location): PostgreSQL refused the login (\(message)); check the user and its password (PGPASSWORD, --password-file or .pgpass)")
            }
            if state == "42501" {
                return .database("\(location): permission denied (\(message)); the store's owner lets a laboratory's role in with `ctdna store grant ROLE --issuer I`")
            }
            if state == "55P03" {
                return .database("\(location): another writer held a lock on these patients for \(lockTimeoutSeconds) s (a paused ingest or an open transaction?); nothing of this chunk was stored: run the command again")
            }
            if state == "53200" {
                return .database("\(location): PostgreSQL ran out of lock memory (\(message)); raise max_locks_per_transaction")
            }
            return .database("PostgreSQL (\(location)) SQLSTATE \(state): \(message)")
        }
        switch error.code {
        case .connectionError, .serverClosedConnection:
            return .database("\(location): cannot connect to PostgreSQL (\(error.underlying.map { "\($0)" } ?? "connection failed"))")
        default:
            return .database("PostgreSQL (\(location)): \(error.code)")
        }
    }
}

/// A transaction-scoped advisory lock: a space (what is locked) and a key, the FNV-1a hash
/// of the name folded into `buckets` values. Advisory locks share PostgreSQL's lock table
/// (64 × max_connections entries by default) with every other lock: a chunk of thousands of
/// files holds at most 2 × 1,024 of them. A collision only makes two patients wait for
/// each other.
struct AdvisoryLock: Hashable, Comparable {
    let space: Int32
    let key: Int32
    static let buckets: UInt32 = 1024

    static func patient(_ mrn: String) -> Self { .init(space: 1, key: Int32(UInt32(bitPattern: fnv1a(mrn)) % buckets)) }
    static func report(_ id: String) -> Self { .init(space: 2, key: Int32(UInt32(bitPattern: fnv1a(id)) % buckets)) }
    static let migrations = AdvisoryLock(space: 0, key: 0x6374_646e)

    static func < (a: Self, b: Self) -> Bool { (a.space, a.key) < (b.space, b.key) }

    static func fnv1a(_ text: String) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int32(bitPattern: hash)
    }
}
