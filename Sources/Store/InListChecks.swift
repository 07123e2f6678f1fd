import GRDB

/// `CHECK (x IN ('a','b','c'))` makes SQLite build a temporary b-tree for the list on
/// every row it checks (three or more values; see `sqlite3FindInIndex`). On ingest that
/// was a fifth of the writer's time. The same check written `x = 'a' OR x = 'b' OR ...`
/// compares in place. This rewrites a table's stored `CREATE TABLE` text that way and
/// rebuilds the table (SQLite's documented 12-step procedure; the migrator runs with
/// foreign keys off and checks them at the end).
enum InListChecks {
    /// The text with each `NAME IN (literal, ...)` of three or more literals written as
    /// `(NAME = l1 OR NAME = l2 ...)`. Quoted text is copied as is; anything else unchanged.
    static func rewrite(_ sql: String) -> String {
        let s = Array(sql.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "'") {
                let end = quotedEnd(s, from: i)
                out += s[i..<end]
                i = end
                continue
            }
            if isNameStart(s, at: i), let (name, list, end) = inList(s, at: i), list.count > 2 {
                out += Array("(".utf8)
                out += list.map { name + Array(" = ".utf8) + $0 }.joined(separator: Array(" OR ".utf8))
                out += Array(")".utf8)
                i = end
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Rebuilds `table` from its rewritten definition, keeping rows, ids and indexes.
    static func rebuild(_ table: String, in db: Database) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) else {
            return
        }
        let rewritten = rewrite(sql)
        guard rewritten != sql else { return }
        let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [table])
        let prefix = "CREATE TABLE \(table) ("
        guard rewritten.hasPrefix(prefix) else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "unexpected definition of \(table)")
        }
        let staging = "\(table)_rebuilt"
        try db.execute(sql: "CREATE TABLE \(staging) (" + rewritten.dropFirst(prefix.count))
        try db.execute(sql: "INSERT INTO \(staging) SELECT * FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(staging) RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
    }

    private static func quotedEnd(_ s: [UInt8], from start: Int) -> Int {
        var j = start + 1
        while j < s.count {
            if s[j] == UInt8(ascii: "'") {
                if j + 1 < s.count, s[j + 1] == UInt8(ascii: "'") { j += 2; continue }
                return j + 1
            }
            j += 1
        }
        return s.count
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
    }

    private static func isNameStart(_ s: [UInt8], at i: Int) -> Bool {
        isNameByte(s[i]) && !(s[i] >= 0x30 && s[i] <= 0x39) && (i == 0 || !isNameByte(s[i - 1]))
    }

    private static func skipSpaces(_ s: [UInt8], _ j: inout Int) {
        while j < s.count, s[j] == 0x20 || s[j] == 0x0A || s[j] == 0x09 || s[j] == 0x0D { j += 1 }
    }

    /// At a name: `NAME IN (literal, literal, ...)` → the name, the literals, the end.
    private static func inList(_ s: [UInt8], at i: Int) -> ([UInt8], [[UInt8]], Int)? {
        var j = i
        while j < s.count, isNameByte(s[j]) { j += 1 }
        let name = Array(s[i..<j])
        skipSpaces(s, &j)
        guard j + 2 < s.count, s[j] | 0x20 == UInt8(ascii: "i"), s[j + 1] | 0x20 == UInt8(ascii: "n"), !isNameByte(s[j + 2]) else { return nil }
        j += 2
        skipSpaces(s, &j)
        guard j < s.count, s[j] == UInt8(ascii: "(") else { return nil }
        j += 1
        var list: [[UInt8]] = []
        while true {
            skipSpaces(s, &j)
            guard j < s.count else { return nil }
            let start = j
            if s[j] == UInt8(ascii: "'") {
                j = quotedEnd(s, from: j)
            } else {
                while j < s.count, (s[j] >= 0x30 && s[j] <= 0x39) || s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: ".") { j += 1 }
                guard j > start else { return nil }  // not a literal: leave the expression alone
            }
            list.append(Array(s[start..<j]))
            skipSpaces(s, &j)
            guard j < s.count else { return nil }
            if s[j] == UInt8(ascii: ",") { j += 1; continue }
            guard s[j] == UInt8(ascii: ")") else { return nil }
            return (name, list, j + 1)
        }
    }
}
