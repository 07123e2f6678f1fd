import ArgumentParser
import Foundation
import Store

/// `--store PATH`, else `$CTDNA_STORE`, else `./ctdna.sqlite`.
struct StoreOptions: ParsableArguments {

    @Option(name: .long, help: "The SQLite store (default: $CTDNA_STORE, else ./ctdna.sqlite).")
    var store: String?

    var resolvedPath: String {
        if let store { return store }
        if let env = getenv("CTDNA_STORE").map({ String(cString: $0) }), !env.isEmpty { return env }
        return "ctdna.sqlite"
    }

    /// Opens the store for writing, creating it when absent.
    func open(access: SQLiteStore.Access = .readWrite) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: resolvedPath, access: access)
        } catch {
            throw CommandFailure.store(error)
        }
    }

    /// Opens an existing store for queries; a missing store is an error, not a new file.
    /// `.readOnly` for one command's queries; `.readWrite` gives a pool for parallel reads.
    func openExisting(access: SQLiteStore.Access = .readOnly) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            throw CommandFailure.noStore(resolvedPath)
        }
        return try open(access: access)
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
        case .store(.notAStore): return ExitCode(66)          // EX_NOINPUT: not a ctdna store
        case .store: return ExitCode(74)                      // EX_IOERR
        case .noStore, .unknownPatient: return ExitCode(66)   // EX_NOINPUT
        case .templates: return ExitCode(78)                  // EX_CONFIG
        case .output: return ExitCode(73)                     // EX_CANTCREAT
        case .refused: return ExitCode(65)                    // EX_DATAERR: the data is not ready to sign
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs a store call, turning its `StoreError` into a `CommandFailure`.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(CommandFailure) -> T {
    do { return try body() } catch { throw .store(error) }
}
