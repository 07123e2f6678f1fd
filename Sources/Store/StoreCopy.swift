import CtDNAModel

/// `ctdna store copy FROM TO`: moves a laboratory's store between backends (SQLite →
/// PostgreSQL and back) with every row as it is: ids, hashes, timestamps, the registry
/// and the audit trail. Both stores have the same logical schema, table for table and
/// column for column, so a row is read from one and inserted into the other unchanged.
///
/// The whole copy is one write transaction on the target, read from one snapshot of the
/// source: an interrupted copy leaves the target as it was. The target must be empty (no
/// patient, file, release or audit event): a copy never merges two stores (our choice:
/// merging would need the identity checks of an ingest, which `ctdna ingest` does).
public enum StoreCopy {
    /// The tables of the logical schema, parents before children.
    public static var tables: [String] { PostgresSchema.tablesInCopyOrder }

    /// Copies every row; returns the number of rows copied per table, in copy order.
    public static func copy(from source: any CtDNAStore, to target: any CtDNAStore) throws(StoreError) -> [(table: String, rows: Int)] {
        // A laboratory's role reads its own patients only (row-level security): its copy
        // would be a part presented as the whole.
        if let postgres = source as? PostgresStore, try !postgres.seesEveryRow() {
            throw .conflict("\(source.location): this role sees only some patients (row-level security): copy as the store's owner")
        }
        // Between two PostgreSQL stores the grants go too.
        let tables = self.tables + (source is PostgresStore && target is PostgresStore ? ["lab_access"] : [])
        return try source.reading { from in
            try target.writing { to in
                for table in ["patient", "source_file", "audit_event", "report_release"] {
                    if try to.scalar("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0 > 0 {
                        throw StoreError.conflict("\(target.location) is not empty (its \(table) table has rows): a store is copied into an empty one only")
                    }
                }
                var counts: [(table: String, rows: Int)] = []
                for table in tables {
                    let rows = try from.rows("SELECT * FROM \(table) ORDER BY \(orderKey(table))", [SQLValue]())
                    defer { counts.append((table, rows.count)) }
                    guard let first = rows.first else { continue }
                    let columns = first.names.names
                    // document.superseded_by points at a later document: inserted empty, set after.
                    let deferred = table == "document" ? columns.firstIndex(of: "superseded_by") : nil
                    let insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders(columns.count)))"
                    for row in rows {
                        var values = row.values
                        if let deferred { values[deferred] = .null }
                        try to.execute(insert, values)
                    }
                    if let deferred {
                        for row in rows where row.values[deferred] != .null {
                            let id: Int64 = try row.value("id")
                            try to.execute("UPDATE document SET superseded_by = ? WHERE id = ?",
                                           [row.values[deferred], SQLValue.integer(id)])
                        }
                    }
                }
                // Every row arrived (a target role that cannot see what it wrote would not
                // show them): else nothing is committed.
                for (table, rows) in counts where try to.scalar("SELECT COUNT(*) FROM \(table)", as: Int.self) != rows {
                    throw StoreError.conflict("\(target.location): the copy of \(table) does not hold the source's \(rows) rows: nothing was copied")
                }
                if target is PostgresStore {
                    // Explicit ids leave the identity sequences behind: move them past the copied rows.
                    let identities = Set(try to.column("""
                        SELECT table_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'
                        """, as: String.self))
                    for table in tables where identities.contains(table) {
                        try to.execute("""
                            SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM \(table)), 0) + 1, false)
                            """, [table])
                    }
                }
                return counts
            }
        }
    }

    /// The order rows are copied in: by id where the table has one, else by every column of
    /// its primary key.
    static func orderKey(_ table: String) -> String {
        switch table {
        case "draw": return "document_id"
        case "issuer_alias": return "issuer"
        case "lab_access": return "role_name, issuer"
        case "distinct_patients": return "mrn_a, issuer_a, mrn_b, issuer_b"
        default: return "id"
        }
    }
}
