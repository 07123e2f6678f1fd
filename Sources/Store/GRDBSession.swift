import GRDB

/// The SQLite session: GRDB's `Database` inside the caller's transaction. Statements are
/// GRDB's cached statements (compiled once per connection), but for `IN` lists of varying
/// length, which would fill the cache with one statement per length.
struct GRDBSession: SQLSession {
    let db: Database

    private func statement(_ sql: String) throws -> Statement {
        sql.contains("IN (?") ? try db.makeStatement(sql: sql) : try db.cachedStatement(sql: sql)
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

    /// SQLite's write transaction already excludes every other writer.
    func lockPatient(_ mrn: String) throws {}

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case .integer(let v): return v.databaseValue
            case .real(let v): return v.databaseValue
            case .text(let v): return v.databaseValue
            case .blob: return .null
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
