enum PostgresSchema {
    static let migrations: [(identifier: String, statements: [String])] = []
    static let tablesInCopyOrder: [String] = []
}
