import Foundation
@testable import Store
import Testing

/// `--store`: paths and URLs, and where a PostgreSQL password may come from.
@Suite struct StoreLocationTests {
    let env = ["HOME": "/nonexistent-home"]

    func postgres(_ text: String, passwordFile: String? = nil, env: [String: String]? = nil) throws -> StoreLocation.Postgres {
        guard case .postgres(let p) = try StoreLocation.parse(text, passwordFile: passwordFile, environment: env ?? self.env) else {
            throw StoreLocation.Invalid(description: "not postgres")
        }
        return p
    }

    @Test func pathsAndSQLiteURLsAreSQLite() throws {
        #expect(try StoreLocation.parse("ctdna.sqlite", environment: env) == .sqlite(path: "ctdna.sqlite"))
        #expect(try StoreLocation.parse("sqlite:///var/lib/ctdna/lab.sqlite", environment: env) == .sqlite(path: "/var/lib/ctdna/lab.sqlite"))
        #expect(throws: StoreLocation.Invalid.self) { try StoreLocation.parse("sqlite://relative.sqlite", environment: env) }
        #expect {
            try StoreLocation.parse("postgressql://lab:s3cret@host/db", environment: env)
        } throws: { "\($0)".contains("postgressql://") && !"\($0)".contains("s3cret") }
    }

    @Test func tcpURL() throws {
        let p = try postgres("postgresql://lab_a@db.example.org:6543/ctdna")
        #expect(p.user == "lab_a" && p.database == "ctdna")
        #expect(p.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(p.sslMode == .prefer)
        #expect(p.description == "postgresql://lab_a@db.example.org:6543/ctdna")
        #expect(try postgres("postgres://u@h/d?sslmode=verify-full").sslMode == .verifyFull)
        #expect(throws: StoreLocation.Invalid.self) { try postgres("postgres://u@h/d?sslmode=sometimes") }
        #expect(throws: StoreLocation.Invalid.self) { try postgres("postgres://u@h:99999/d") }
        #expect(throws: StoreLocation.Invalid.self) { try postgres("postgres://u@h/d?application=x") }
    }

    /// libpq's `host=/dir` and postgres-kit's percent-encoded socket path both name the
    /// socket file DIR/.s.PGSQL.PORT; a socket is never encrypted.
    @Test func unixSocketURLs() throws {
        let a = try postgres("postgresql://postgres@/ctdna_test?host=/tmp/pg")
        #expect(a.endpoint == .socket("/tmp/pg/.s.PGSQL.5432"))
        #expect(a.sslMode == .disable)
        #expect(a.description == "postgresql://postgres@/ctdna_test?host=/tmp/pg")
        let b = try postgres("postgres+uds://lab@%2Fvar%2Frun%2Fpostgresql/ctdna?port=5433")
        #expect(b.endpoint == .socket("/var/run/postgresql/.s.PGSQL.5433"))
        #expect(b.description == "postgresql://lab@/ctdna?host=/var/run/postgresql&port=5433")
        #expect(throws: StoreLocation.Invalid.self) { try postgres("postgres+uds://lab@dbhost/ctdna") }
    }

    @Test func defaultsComeFromTheEnvironment() throws {
        let p = try postgres("postgresql:///", env: ["PGUSER": "lab_b", "PGDATABASE": "network", "PGHOST": "/run/pg", "PGPORT": "5434"])
        #expect(p.user == "lab_b" && p.database == "network")
        #expect(p.endpoint == .socket("/run/pg/.s.PGSQL.5434"))
    }

    /// A password in the URL would show in `ps`: refused, and the message never repeats it.
    @Test(arguments: ["postgresql://lab:s3cret@host/db", "postgresql://lab@host/db?password=s3cret", "postgres://:s3cret@/db"])
    func passwordInTheURLIsRefused(_ url: String) {
        #expect {
            try postgres(url)
        } throws: { error in
            let text = "\(error)"
            return text.contains("PGPASSWORD") && !text.contains("s3cret")
        }
    }

    @Test func passwordFromFileThenEnvironmentThenPgpass() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pw").path
        try "from-file\nsecond line\n".write(toFile: file, atomically: true, encoding: .utf8)
        let pgpass = dir.appendingPathComponent("pgpass").path
        try """
            # host:port:database:user:password
            other.example:*:*:*:wrong
            db.example:5432:ctdna:lab\\:a:pa\\:ss
            *:*:*:*:fallback
            """.write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let url = "postgresql://lab%3Aa@db.example/ctdna"
        #expect(try postgres(url, passwordFile: file, env: ["PGPASSWORD": "env"]).password == "from-file")
        try "crlf\r\nsecond\r\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try postgres(url, passwordFile: file, env: [:]).password == "crlf")
        #expect(try postgres(url, env: ["PGPASSWORD": "env", "PGPASSFILE": pgpass]).password == "env")
        // The user name is lab:a (percent-encoded in the URL, escaped in .pgpass).
        #expect(try postgres(url, env: ["PGPASSFILE": pgpass]).password == "pa:ss")
        #expect(try postgres("postgresql://u@else.example/x", env: ["PGPASSFILE": pgpass]).password == "fallback")
        // A socket matches "localhost" in .pgpass, as in libpq.
        try "localhost:5432:*:*:local\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        #expect(try postgres("postgresql://u@/x?host=/tmp/pg", env: ["PGPASSFILE": pgpass]).password == "local")
        // Readable by others: ignored, as libpq ignores it.
        chmod(pgpass, 0o644)
        #expect(try postgres("postgresql://u@/x?host=/tmp/pg", env: ["PGPASSFILE": pgpass]).password == nil)
        #expect(throws: StoreLocation.Invalid.self) { try postgres(url, passwordFile: dir.appendingPathComponent("none").path) }
    }

    @Test func advisoryLocksSortAndHashStably() {
        // FNV-1a 32-bit of "a" is 0xE40C292C (the reference value), as Int32.
        #expect(AdvisoryLock.fnv1a("a") == Int32(bitPattern: 0xE40C_292C))
        let locks = [AdvisoryLock.report("R-1"), .patient("MM-2"), .patient("MM-1")]
        #expect(locks.sorted().map(\.space) == [1, 1, 2])
    }

    @Test func placeholdersAreNumberedOutsideQuotes() {
        #expect(PostgresSession.numberPlaceholders("SELECT ? WHERE a = '?' AND \"b?\" = ? OR c IN (?, ?)")
                == "SELECT $1 WHERE a = '?' AND \"b?\" = $2 OR c IN ($3, $4)")
    }
}
