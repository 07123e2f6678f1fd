import GRDB
import GRDBSQLite

/// A value for `Statement.run(_:)`: bound as is, with none of `StatementArguments`'
/// per-value boxing (which was a third of the writer's time on ingest).
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ v: String?) { self = v.map { .text($0) } ?? .null }
    init(_ v: Int?) { self = v.map { .integer(Int64($0)) } ?? .null }
    init(_ v: Int64) { self = .integer(v) }
    init(_ v: Double?) { self = v.map { .real($0) } ?? .null }
    init(_ v: Bool) { self = .integer(v ? 1 : 0) }
}

/// SQLite copies bound text before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Statement {
    /// Binds `values` to the statement's parameters in order, runs it to completion and
    /// leaves it reset (as GRDB expects to find it). Failures throw GRDB's
    /// `DatabaseError` with SQLite's extended code and message, like `execute()`.
    func run(_ values: [SQLValue]) throws {
        let handle = sqliteStatement
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "wrong number of values", sql: sql)
        }
        sqlite3_reset(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let n): code = sqlite3_bind_int64(handle, index, n)
            case .real(let d): code = sqlite3_bind_double(handle, index, d)
            case .text(let s): code = sqlite3_bind_text(handle, index, s, -1, transient)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let code = sqlite3_step(handle)
        let error = code == SQLITE_DONE ? nil : failure(code)  // before reset
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let error { throw error }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let db = sqlite3_db_handle(sqliteStatement)
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}
