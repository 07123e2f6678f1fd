import GRDB

/// The SQLite session: GRDB's `Database` inside the caller's transaction. Statements are
/// GRDB's cached statements, compiled once per connection. The statements of varying
/// length (an `IN` list of one patient's documents, a multi-row INSERT of up to 50 rows)
/// add one cached statement per length: bounded by the longest list, a few dozen.
struct GRDBSession: SQLSession {
    let db: Database

    private func statement(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let statement = try statement(sql)
        let names = SQLRow.ColumnNames(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow(names: names, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try statement(sql).execute(arguments: Self.arguments(arguments))
    }

    func insert(_ sql: String, _ arguments: [SQLValue]) throws -> Int64? {
        try statement(sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount == 0 ? nil : db.lastInsertedRowID
    }

    var batchesRows: Bool { false }

    /// SQLite's write transaction already excludes every other writer.
    func lockPatient(_ mrn: String) throws {}

    /// GRDB's arguments. Through its initializer of optional existentials, whose conversion
    /// is a closure: its initializer of a generic sequence converts with a key path, which
    /// cost a tenth of an SQLite ingest (perf).
    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null, .blob: return nil
            case .integer(let v): return v
            case .real(let v): return v
            case .text(let v): return v
            }
        })
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let v): return .integer(v)
        case .double(let v): return .real(v)
        case .string(let v): return .text(v)
        case .blob: return .blob
        }
    }
}
