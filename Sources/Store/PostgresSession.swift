import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL session: one connection of `PostgresStore`, inside the caller's
/// transaction. The store runs it from the command's own threads, never from an event
/// loop, so each statement waits for its result (`EventLoopFuture.wait()`): one round
/// trip per statement, the extended protocol (parse, bind, execute) with typed binds.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    /// `?` placeholders numbered for PostgreSQL, by statement text.
    private var numbered: [String: String] = [:]

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let result = try connection.query(query(sql, arguments), logger: logger).wait()
        var names: SQLRow.ColumnNames?
        var rows: [SQLRow] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows {
            var values: [SQLValue] = []
            var columnNames: [String] = []
            for cell in row {
                values.append(try Self.value(cell))
                if names == nil { columnNames.append(cell.columnName) }
            }
            if names == nil { names = SQLRow.ColumnNames(columnNames) }
            if let names { rows.append(SQLRow(names: names, values: values)) }
        }
        return rows
    }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try connection.query(query(sql, arguments), logger: logger).wait()
    }

    /// `INSERT … RETURNING id`: no row when `ON CONFLICT DO NOTHING` inserted nothing.
    func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64? {
        let rows = try rows(sql + " RETURNING id", arguments)
        guard let row = rows.first else { return nil }
        return try row.value("id") as Int64
    }

    var batchesRows: Bool { true }

    func lockPatient(_ mrn: String) throws {
        let lock = AdvisoryLock.patient(mrn)
        try execute("SELECT pg_advisory_xact_lock(?::int4, ?::int4)", [Int64(lock.space), Int64(lock.key)])
    }

    /// One statement without arguments: transaction control, DDL (postgres-nio sends it
    /// through the extended protocol too, so one statement per call).
    func script(_ sql: String) throws {
        _ = try connection.simpleQuery(sql).wait()
    }

    private func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .null, .blob: binds.appendNull()
            case .integer(let v): try binds.append(v)
            case .real(let v): try binds.append(v)
            case .text(let v): try binds.append(v)
            }
        }
        let text: String
        if let cached = numbered[sql] {
            text = cached
        } else {
            text = Self.numberPlaceholders(sql)
            numbered[sql] = text
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    /// `?` → `$1`, `$2`, … outside string literals and quoted names.
    static func numberPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for c in sql {
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A cell as one of the schema's storage classes. Booleans (`EXISTS (…)`) read as 0/1,
    /// as SQLite gives them.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8: return .integer(try cell.decode(Int64.self))
        case .int4: return .integer(Int64(try cell.decode(Int32.self)))
        case .int2: return .integer(Int64(try cell.decode(Int16.self)))
        case .float8: return .real(try cell.decode(Double.self))
        case .float4: return .real(Double(try cell.decode(Float.self)))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob
        case .numeric:
            let text = try cell.decode(String.self)
            return Double(text).map(SQLValue.real) ?? .text(text)
        default: return .text(try cell.decode(String.self))
        }
    }
}
