import CtDNAModel
import Foundation

/// Brings a PostgreSQL database to this binary's schema: the named, append-only
/// migrations of `PostgresSchema`, each recorded in `schema_migrations`, all in one
/// transaction under an advisory lock (several `ctdna ingest` processes may open a new
/// database at once: one migrates, the others wait and find it done).
///
/// - A database with tables but no `schema_migrations` is another program's: refused,
///   nothing written.
/// - Any command but ingest (`.existing`) never creates the schema.
/// - A schema with a migration this binary does not know is newer: the store opens for
///   reading only; writing is refused (`PostgresStore.writing`).
struct PostgresMigrator {
    let session: PostgresSession
    let location: String

    func run(access: PostgresStore.Access, writable: inout Bool) throws {
        // The usual case first, without a transaction or the lock: every migration applied,
        // none unknown (two round trips instead of six, on every command's start).
        if try session.scalar("SELECT to_regclass('schema_migrations') IS NOT NULL", as: Bool.self) ?? false {
            let applied = Set(try session.column("SELECT identifier FROM schema_migrations", as: String.self))
            if applied == Set(PostgresSchema.migrations.map(\.identifier)) { return }
        }
        try session.script("BEGIN")
        try session.execute("SELECT pg_advisory_xact_lock(?::int4, ?::int4)",
                            [Int64(AdvisoryLock.migrations.space), Int64(AdvisoryLock.migrations.key)])
        let exists = try session.scalar("SELECT to_regclass('schema_migrations') IS NOT NULL", as: Bool.self) ?? false
        if !exists {
            if access == .existing {
                throw StoreError.noStore("\(location) holds no ctdna store (no schema_migrations table): ingest into it first (ctdna ingest --store URL)")
            }
            let tables = try session.scalar("""
                SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()
                """, as: Int.self) ?? 0
            if tables > 0 {
                throw StoreError.noStore("\(location) is not a ctdna store: the database has tables but no schema_migrations; it was not changed")
            }
            try session.script("CREATE TABLE schema_migrations (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        let applied = Set(try session.column("SELECT identifier FROM schema_migrations", as: String.self))
        let known = Set(PostgresSchema.migrations.map(\.identifier))
        if !applied.isSubset(of: known) {
            writable = false
            try session.script("COMMIT")
            return
        }
        let missing = PostgresSchema.migrations.filter { !applied.contains($0.identifier) }
        if !missing.isEmpty, access == .existing {
            // Only the schema's owner (or a superuser) can migrate it: a laboratory's role
            // is told whom to ask instead of failing on the first ALTER.
            let owner = try session.scalar("""
                SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'patient'
                  AND (tableowner = current_user OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))
                """, as: Int.self) ?? 0 > 0
            if !owner {
                throw StoreError.database("\(location): the store's schema is older than this ctdna's and this role does not own it: the store's owner runs `ctdna ingest` once to migrate it")
            }
        }
        for migration in missing {
            for statement in migration.statements {
                try session.script(statement)
            }
            try session.execute("INSERT INTO schema_migrations (identifier, applied_at) VALUES (?, ?)",
                                [migration.identifier, ISO8601DateFormatter().string(from: Date())])
        }
        try session.script("COMMIT")
    }
}
