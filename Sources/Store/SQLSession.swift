import CtDNAModel
import Foundation

/// The store's SQL seam: the one interface the shared writer and queries (`DocumentWriter`,
/// `TimelineQuery`, the registry, the audit) use, so that every backend runs the same SQL
/// against the same logical schema. A backend supplies a session (`GRDBSession` for SQLite,
/// `PostgresSession` for PostgreSQL) inside its own transaction.
///
/// The SQL is written once with `?` placeholders and only constructs both databases accept
/// (no `INSERT OR IGNORE`, no `sqlite_master`, no `GLOB`): the PostgreSQL session numbers
/// the placeholders (`$1`, `$2`, …).
public protocol SQLSession {
    /// Every row of a query.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
    /// A statement whose rows, if any, are not wanted.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    /// Runs an `INSERT` into a table whose primary key is `id` and returns the new row's
    /// id; nil when it inserted nothing (`ON CONFLICT DO NOTHING`).
    func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64?
    /// Serialises the rest of the transaction with every other writer of this patient (by
    /// MRN): PostgreSQL takes a transaction-scoped advisory lock; SQLite has one writer at
    /// a time already.
    func lockPatient(_ mrn: String) throws
    /// Whether several rows go in one INSERT (`insertRows`): on PostgreSQL each statement is
    /// a round trip; SQLite runs a cached one-row statement per row faster than it parses
    /// a new multi-row one.
    var batchesRows: Bool { get }
}

extension SQLSession {
    func rows(_ sql: String, _ arguments: SQLArguments = []) throws -> [SQLRow] {
        try rows(sql, arguments.values)
    }

    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try rows(sql, arguments.values).first
    }

    func execute(_ sql: String, _ arguments: SQLArguments = []) throws {
        try execute(sql, arguments.values)
    }

    func insert(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64? {
        try insert(sql, arguments.values)
    }

    /// An `INSERT` that must store its row; its new id.
    func insertRow(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64 {
        guard let id = try insert(sql, arguments.values) else { throw StoreError.database("an INSERT stored no row") }
        return id
    }

    /// Inserts rows into `table`, up to 50 in one statement (`VALUES (…), (…)`): one round
    /// trip instead of one per row on PostgreSQL; the rows get their ids in the given order.
    func insertRows(into table: String, columns: [String], _ rows: [SQLArguments]) throws {
        guard !rows.isEmpty else { return }
        let one = "(" + placeholders(columns.count) + ")"
        guard batchesRows else {
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(one)"
            for row in rows { try execute(sql, row.values) }
            return
        }
        for start in stride(from: 0, to: rows.count, by: 50) {
            let part = rows[start..<min(start + 50, rows.count)]
            try execute("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                        + Array(repeating: one, count: part.count).joined(separator: ", "),
                        part.flatMap(\.values))
        }
    }

    /// The first column of the first row; nil when there is no row or it is NULL.
    func scalar<T: SQLColumnValue>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> T? {
        guard let row = try rows(sql, arguments.values).first, let first = row.values.first else { return nil }
        if case .null = first { return nil }
        guard let value = T(sqlValue: first) else { throw StoreError.database(SQLRow.unreadable(row.names.names.first)) }
        return value
    }

    /// The first column of every row.
    func column<T: SQLColumnValue>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments.values).map { row in
            guard let first = row.values.first, let value = T(sqlValue: first) else {
                throw StoreError.database(SQLRow.unreadable(row.names.names.first))
            }
            return value
        }
    }
}

/// A value as the schema stores it: the storage classes both backends share (booleans
/// are the integers 0 and 1 in both, with a CHECK).
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// A BLOB: no column of the schema holds one, so no reader accepts it.
    case blob
}

/// A Swift value that binds to a statement and reads back from a column. `init(sqlValue:)`
/// is nil when the stored value has another type (a corrupt or hand-edited row).
public protocol SQLColumnValue {
    var sqlValue: SQLValue { get }
    init?(sqlValue: SQLValue)
}

extension Int64: SQLColumnValue {
    public var sqlValue: SQLValue { .integer(self) }
    public init?(sqlValue: SQLValue) {
        guard case .integer(let v) = sqlValue else { return nil }
        self = v
    }
}

extension Int: SQLColumnValue {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init?(sqlValue: SQLValue) {
        guard case .integer(let v) = sqlValue else { return nil }
        self = Int(v)
    }
}

extension Double: SQLColumnValue {
    public var sqlValue: SQLValue { .real(self) }
    /// An integer reads as a double (SQLite returns a whole REAL value an aggregate made as an integer).
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let v): self = v
        case .integer(let v): self = Double(v)
        default: return nil
        }
    }
}

extension String: SQLColumnValue {
    public var sqlValue: SQLValue { .text(self) }
    public init?(sqlValue: SQLValue) {
        guard case .text(let v) = sqlValue else { return nil }
        self = v
    }
}

extension Bool: SQLColumnValue {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init?(sqlValue: SQLValue) {
        guard case .integer(let v) = sqlValue else { return nil }
        self = v != 0
    }
}

extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    public init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
        } else {
            guard let value = Wrapped(sqlValue: sqlValue) else { return nil }
            self = .some(value)
        }
    }
}

/// Statement arguments, written as an array literal of mixed values (`[id, name, nil]`).
public struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    public var values: [SQLValue]

    public init(arrayLiteral elements: (any SQLColumnValue)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }

    public init(_ values: [some SQLColumnValue]) {
        self.values = values.map(\.sqlValue)
    }

    public init(values: [SQLValue]) {
        self.values = values
    }
}

/// One result row: its values and the statement's column names (shared by its rows).
public struct SQLRow: Sendable {
    public let names: ColumnNames
    public let values: [SQLValue]

    public init(names: ColumnNames, values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    /// The value of `column`. A value of the wrong type, NULL where one is required, or no
    /// such column (a corrupt or hand-edited store) is a `StoreError` naming the column,
    /// never a crash. The row itself is never quoted: it may hold a patient's name.
    public func value<T: SQLColumnValue>(_ column: String) throws -> T {
        guard let index = names.index(of: column), let value = T(sqlValue: values[index]) else {
            throw StoreError.database(Self.unreadable(column))
        }
        return value
    }

    static func unreadable(_ column: String?) -> String {
        "a stored row cannot be read: \(column.map { "column \($0) holds" } ?? "it holds") a value of the wrong type, or none where one is required"
    }

    /// A statement's column names; a name given twice (`d.id, dr.*`) means its first
    /// column. Looked up by a scan, as GRDB does: a dictionary built for every query cost
    /// more than the few lookups of a row (measured on ingest).
    public final class ColumnNames: Sendable {
        public let names: [String]

        public init(_ names: [String]) {
            self.names = names
        }

        func index(of column: String) -> Int? {
            names.firstIndex(of: column) ?? names.firstIndex { $0.caseInsensitiveCompare(column) == .orderedSame }
        }
    }
}

/// `?, ?, ?` for an `IN` list of `count` values.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
