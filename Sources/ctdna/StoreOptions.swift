import ArgumentParser
import Foundation
import Store

/// `--store PATH|URL`, else `$CTDNA_STORE`, else `./ctdna.sqlite`; `--password-file` for
/// a PostgreSQL store (docs/postgresql.md).
struct StoreOptions: ParsableArguments {

    @Option(name: .long, help: ArgumentHelp(
        "The store: an SQLite file (default: $CTDNA_STORE, else ./ctdna.sqlite), or a PostgreSQL URL.",
        discussion: "postgresql://USER@HOST:PORT/DB, or postgresql://USER@/DB?host=/socket/dir; never a password in the URL.",
        valueName: "path-or-url"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp(
        "A file whose first line is the PostgreSQL password (else $PGPASSWORD, else ~/.pgpass).", valueName: "file"))
    var passwordFile: String?

    var resolvedPath: String {
        if let store { return store }
        if let env = getenv("CTDNA_STORE").map({ String(cString: $0) }), !env.isEmpty { return env }
        return "ctdna.sqlite"
    }

    func validate() throws {
        _ = try location()
    }

    /// Where the store is; a password in a URL, an unknown scheme, a bad port: usage errors.
    func location() throws -> StoreLocation {
        do {
            return try StoreLocation.parse(resolvedPath, passwordFile: passwordFile)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens the store for writing, creating it (an SQLite file, or the schema in an existing
    /// PostgreSQL database) when absent.
    func open(access: SQLiteStore.Access = .readWrite) throws -> any CtDNAStore {
        let location = try location()
        do {
            switch location {
            case .sqlite(let path): return try SQLiteStore(path: path, access: access)
            case .postgres(let url): return try PostgresStore(url, access: .readWrite)
            }
        } catch {
            throw CommandFailure.store(error)
        }
    }

    /// Opens an existing store for queries; a missing store is an error, not a new file (nor
    /// a new schema in a PostgreSQL database). `.readOnly` for one command's queries;
    /// `.readWrite` gives a pool for parallel reads (SQLite) and lets the command write.
    func openExisting(access: SQLiteStore.Access = .readOnly) throws -> any CtDNAStore {
        let location = try location()
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure.noStore(path) }
            return try open(access: access)
        case .postgres(let url):
            // Never creates the schema: a database without one is refused by the migrator.
            do { return try PostgresStore(url, access: .existing) } catch { throw CommandFailure.store(error) }
        }
    }

    /// Where released PDFs are kept: `STORE.reports/` beside an SQLite store; for a
    /// PostgreSQL store (whose rows hold each PDF's SHA-256, not the file), `$CTDNA_REGISTRY`,
    /// else `DATABASE.reports/` in the current folder.
    var registryFolder: String {
        switch try? location() {
        case .postgres(let url)?:
            if let env = getenv("CTDNA_REGISTRY").map({ String(cString: $0) }), !env.isEmpty { return env }
            return url.database + ".reports"
        case .sqlite(let path)?: return path + ".reports"
        case nil: return resolvedPath + ".reports"
        }
    }

    /// The store's location for messages and the report's provenance (no password).
    var displayLocation: String {
        switch try? location() {
        case .postgres(let url)?: return url.description
        case .sqlite(let path)?: return path
        case nil: return resolvedPath
        }
    }
}

/// Failures a command reports with a sysexits(3) status.
enum CommandFailure: Error, CustomStringConvertible {
    case store(StoreError)
    case noStore(String)
    case unknownPatient
    case templates(String)
    case output(String)
    /// A release or amendment refused on purpose (stale draft, unacknowledged draws).
    case refused(String)

    var description: String {
        switch self {
        case .store(let e): return "ctdna: \(e)"
        case .noStore(let p): return "ctdna: no store at \(p) (run `ctdna ingest` first, or pass --store)"
        case .unknownPatient: return "ctdna: no patient with that MRN in the store"
        case .templates(let r): return "ctdna: templates: \(r)"
        case .output(let r): return "ctdna: \(r)"
        case .refused(let r): return "ctdna: \(r)"
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .store(.ambiguousPatient): return ExitCode(64)   // EX_USAGE: name the issuer
        case .store(.notAStore), .store(.noStore): return ExitCode(66)  // EX_NOINPUT: not (or no) ctdna store
        case .store: return ExitCode(74)                      // EX_IOERR
        case .noStore, .unknownPatient: return ExitCode(66)   // EX_NOINPUT
        case .templates: return ExitCode(78)                  // EX_CONFIG
        case .output: return ExitCode(73)                     // EX_CANTCREAT
        case .refused: return ExitCode(65)                    // EX_DATAERR: the data is not ready to sign
        }
    }
}

func printError(_ line: String) {
    writeAll(Data((line + "\n").utf8), to: FileHandle.standardError)
}

/// Runs a store call, turning its `StoreError` into a `CommandFailure`.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(CommandFailure) -> T {
    do { return try body() } catch { throw .store(error) }
}

/// Writes to standard output or error. A reader that went away (`ctdna export | head`)
/// ends the command as SIGPIPE would: quietly, with status 141. SwiftNIO (the PostgreSQL
/// client) ignores SIGPIPE for the whole process, so the write fails with EPIPE instead of
/// killing it, and `FileHandle.write(_:)` would trap on that error.
func writeAll(_ data: Data, to handle: FileHandle) {
    do {
        try handle.write(contentsOf: data)
    } catch {
        exit(141)
    }
}
