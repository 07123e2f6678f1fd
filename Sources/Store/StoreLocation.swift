import Foundation
import NIOSSL
import PostgresNIO

/// Where a store is: an SQLite file (a path, or `sqlite:///abs/path`) or a PostgreSQL
/// database (`postgresql://`, `postgres://` or `postgres+uds://` URL). The URL names the
/// user, the server and the database, never a password: a password on the command line
/// shows in `ps`. It comes from `--password-file FILE`, `PGPASSWORD`, or a `.pgpass`-format
/// file (`PGPASSFILE`, else `~/.pgpass`), as libpq takes it.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(Postgres)

    /// Why a `--store` value was refused; a usage error.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Parses `--store`. `environment` gives PGUSER, PGDATABASE, PGHOST, PGPORT,
    /// PGPASSWORD, PGPASSFILE and HOME.
    public static func parse(_ text: String, passwordFile: String? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) -> StoreLocation {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard path.hasPrefix("/") else {
                throw Invalid(description: "--store \(text): an sqlite URL names an absolute path (sqlite:///abs/path.sqlite); give a relative path as it is")
            }
            return .sqlite(path: path.removingPercentEncoding ?? path)
        }
        let schemes = ["postgresql://", "postgres://", "postgres+uds://"]
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            if let scheme = text.range(of: "://") {
                // Not the rest: a mistyped scheme may still carry a password.
                throw Invalid(description: "--store \(text[..<scheme.lowerBound])://…: unknown scheme; use a path, sqlite:///path, postgresql://, postgres:// or postgres+uds://")
            }
            if passwordFile != nil { throw Invalid(description: "--password-file is for a PostgreSQL store") }
            return .sqlite(path: text)
        }
        return .postgres(try Postgres(url: text, scheme: scheme, passwordFile: passwordFile, environment: environment))
    }

    /// A PostgreSQL database and how to reach it.
    public struct Postgres: Sendable, Equatable, CustomStringConvertible {
        public enum Endpoint: Sendable, Equatable {
            /// The Unix-domain socket file (DIR/.s.PGSQL.PORT).
            case socket(String)
            case tcp(host: String, port: Int)
        }
        public enum SSLMode: String, Sendable, Equatable, CaseIterable {
            case disable, prefer, require
            case verifyFull = "verify-full"
        }

        public var user: String
        public var database: String
        public var endpoint: Endpoint
        public var sslMode: SSLMode
        /// From the password file, PGPASSWORD or .pgpass; never printed.
        var password: String?

        /// The URL without a password, for messages.
        public var description: String {
            switch endpoint {
            case .socket(let path):
                // The socket's folder, as libpq's host= takes it, and its port when not 5432.
                let folder = (path as NSString).deletingLastPathComponent
                let port = (path as NSString).lastPathComponent.replacingOccurrences(of: ".s.PGSQL.", with: "")
                return "postgresql://\(user)@/\(database)?host=\(folder)" + (port == "5432" ? "" : "&port=\(port)")
            case .tcp(let host, let port): return "postgresql://\(user)@\(host):\(port)/\(database)"
            }
        }

        init(url text: String, scheme: String, passwordFile: String?, environment env: [String: String]) throws(Invalid) {
            // URLComponents does not take `+` schemes with a percent-encoded socket path as
            // host everywhere; parse the authority by hand, then the query.
            let rest = String(text.dropFirst(scheme.count))
            let (beforeQuery, query) = rest.firstIndex(of: "?").map { (String(rest[..<$0]), String(rest[rest.index(after: $0)...])) } ?? (rest, "")
            let (authority, path) = beforeQuery.firstIndex(of: "/").map { (String(beforeQuery[..<$0]), String(beforeQuery[beforeQuery.index(after: $0)...])) } ?? (beforeQuery, "")
            var userInfo = ""
            var hostPort = authority
            if let at = authority.lastIndex(of: "@") {
                userInfo = String(authority[..<at])
                hostPort = String(authority[authority.index(after: at)...])
            }
            if userInfo.contains(":") {
                throw Invalid(description: "--store: a password in the store URL shows in `ps` and the shell history; remove it and give it with PGPASSWORD, --password-file FILE or a .pgpass file")
            }
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            if parameters["password"] != nil {
                throw Invalid(description: "--store: a password in the store URL shows in `ps` and the shell history; remove it and give it with PGPASSWORD, --password-file FILE or a .pgpass file")
            }
            let known: Set<String> = ["host", "port", "sslmode", "user", "dbname"]
            if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
                throw Invalid(description: "--store: unknown URL parameter '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
            }
            let login = NSUserName()
            user = parameters["user"] ?? (userInfo.isEmpty ? nil : userInfo.removingPercentEncoding) ?? env["PGUSER"] ?? login
            database = parameters["dbname"] ?? (path.isEmpty ? nil : path.removingPercentEncoding) ?? env["PGDATABASE"] ?? user
            // The host: a socket directory (or socket file) when it starts with '/'.
            var host = hostPort
            var port: Int? = nil
            if !hostPort.hasPrefix("%2F"), !hostPort.hasPrefix("%2f"), !hostPort.hasPrefix("["), let colon = hostPort.lastIndex(of: ":") {
                host = String(hostPort[..<colon])
                guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                    throw Invalid(description: "--store: the port of \(text) is not a number from 1 to 65535")
                }
                port = p
            }
            host = host.removingPercentEncoding ?? host
            if let h = parameters["host"] { host = h }
            if host.isEmpty { host = env["PGHOST"] ?? "/var/run/postgresql" }
            if let p = parameters["port"] ?? env["PGPORT"], port == nil {
                guard let value = Int(p), (1...65535).contains(value) else {
                    throw Invalid(description: "--store: the port \(p) is not a number from 1 to 65535")
                }
                port = value
            }
            let portNumber = port ?? 5432
            if host.hasPrefix("/") {
                let isFile = (host as NSString).lastPathComponent.hasPrefix(".s.PGSQL.")
                endpoint = .socket(isFile ? host : (host as NSString).appendingPathComponent(".s.PGSQL.\(portNumber)"))
            } else if scheme == "postgres+uds://" {
                throw Invalid(description: "--store: a postgres+uds URL names a socket path (postgres+uds://USER@%2Frun%2Fpostgresql/DB or ?host=/run/postgresql)")
            } else {
                endpoint = .tcp(host: host, port: portNumber)
            }
            if let mode = parameters["sslmode"] {
                guard let parsed = SSLMode(rawValue: mode) else {
                    throw Invalid(description: "--store: sslmode \(mode) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = parsed
            } else {
                if case .socket = endpoint { sslMode = .disable } else { sslMode = .prefer }
            }
            password = try Self.password(file: passwordFile, env: env, host: host, port: portNumber, database: database, user: user)
        }

        /// `--password-file` (its first line), else PGPASSWORD, else the first matching line
        /// of the .pgpass file (`host:port:database:user:password`, `*` matches anything,
        /// `\:` and `\\` escape; a socket matches `localhost` or its directory). As libpq
        /// does, a .pgpass readable by group or others is ignored, with a warning.
        static func password(file: String?, env: [String: String], host: String, port: Int, database: String,
                             user: String) throws(Invalid) -> String? {
            if let file {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw Invalid(description: "--password-file \(file): cannot be read")
                }
                // Lines end in LF or CRLF (a Windows editor): "\r\n" is one Character in Swift.
                return text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
            }
            if let password = env["PGPASSWORD"] { return password }
            let passFile = env["PGPASSFILE"] ?? env["HOME"].map { $0 + "/.pgpass" }
            guard let passFile, let text = try? String(contentsOfFile: passFile, encoding: .utf8) else { return nil }
            var info = stat()
            if stat(passFile, &info) == 0, info.st_mode & 0o077 != 0 {
                try? FileHandle.standardError.write(contentsOf: Data("ctdna: warning: \(passFile) is readable by group or others; it is ignored (chmod 0600 it)\n".utf8))
                return nil
            }
            let hostNames = host.hasPrefix("/") ? ["localhost", host] : [host]
            for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let fields = pgpassFields(String(line))
                guard fields.count == 5 else { continue }
                func matches(_ field: String, _ values: [String]) -> Bool { field == "*" || values.contains(field) }
                if matches(fields[0], hostNames), matches(fields[1], [String(port)]), matches(fields[2], [database]),
                   matches(fields[3], [user]) {
                    return fields[4]
                }
            }
            return nil
        }

        static func pgpassFields(_ line: String) -> [String] {
            var fields: [String] = []
            var current = ""
            var escaped = false
            for c in line {
                if escaped { current.append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == ":" && fields.count < 4 { fields.append(current); current = "" }
                else { current.append(c) }
            }
            fields.append(current)
            return fields
        }

        func connectionConfiguration() throws -> PostgresConnection.Configuration {
            var configuration: PostgresConnection.Configuration
            switch endpoint {
            case .socket(let path):
                configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
            case .tcp(let host, let port):
                let tls: PostgresConnection.Configuration.TLS
                switch sslMode {
                case .disable: tls = .disable
                case .prefer, .require:
                    // As libpq's prefer/require: encrypted, the server's certificate not verified.
                    var settings = TLSConfiguration.makeClientConfiguration()
                    settings.certificateVerification = .none
                    let context = try NIOSSLContext(configuration: settings)
                    tls = sslMode == .prefer ? .prefer(context) : .require(context)
                case .verifyFull:
                    tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
                configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
            }
            configuration.options.additionalStartupParameters = [("application_name", "ctdna")]
            return configuration
        }
    }
}
