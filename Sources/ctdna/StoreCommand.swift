import ArgumentParser
import Foundation
import Ingest
import Store

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store between backends (SQLite file, PostgreSQL database).",
        version: ctdnaVersion,
        subcommands: [StoreCopyCommand.self, StoreGrantCommand.self])
}

struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every row of a store (patients, files and their hashes, releases, audit trail) into an empty store, then verify it.",
        discussion: """
            FROM and TO are each a path (or sqlite:///abs/path) or a PostgreSQL URL (postgresql://USER@HOST/DB, \
            postgresql://USER@/DB?host=/socket/dir). The copy is one transaction on TO: interrupted, it leaves TO as it was. \
            TO must be empty; an SQLite TO is created, a PostgreSQL TO must be an existing database (createdb). \
            Exit 0 when TO verifies, 65 when it does not, 74 when a store fails.
            """,
        version: ctdnaVersion)

    @Argument(help: ArgumentHelp("The store to copy.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("The empty store to copy into.", valueName: "to"))
    var to: String

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL password's file, for a URL (else $PGPASSWORD, else ~/.pgpass).", valueName: "file"))
    var passwordFile: String?

    private func options(_ store: String) -> StoreOptions {
        var options = StoreOptions()
        options.store = store
        options.passwordFile = store.contains("://") && !store.hasPrefix("sqlite://") ? passwordFile : nil
        return options
    }

    func validate() throws {
        try options(from).validate()
        try options(to).validate()
        if from == to { throw ValidationError("FROM and TO are the same store") }
    }

    func run() throws {
        let source = try options(from).openExisting()
        let target = try options(to).open()
        let counts = try storeCall { () throws(StoreError) in try StoreCopy.copy(from: source, to: target) }
        let total = counts.reduce(0) { $0 + $1.rows }
        print("copied \(total) rows from \(source.location) to \(target.location): "
              + counts.filter { $0.rows > 0 }.map { "\($0.table) \($0.rows)" }.joined(separator: ", "))
        let report = try storeCall { () throws(StoreError) in
            try Verifier(store: target).run(checkSources: false, today: Ingester.systemNow().date)
        }
        for p in report.problems { printError("\(target.location): error: \(p)") }
        print(report.problems.isEmpty ? "verify \(target.location): ok" : "verify \(target.location): \(report.problems.count) problem(s)")
        if !report.problems.isEmpty { throw ExitCode(65) }
    }
}

struct StoreGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Let a laboratory's database role use a PostgreSQL store, seeing the patients of the issuers named.",
        discussion: """
            Run by the store's owner. The role must exist (the DBA makes it: CREATE ROLE lab_a LOGIN). It may read, ingest \
            and sign, never delete; row-level security shows it only the patients of its issuers ('*': every issuer; \
            '' the patients of files that name none). With no --issuer, lists the grants.
            """,
        version: ctdnaVersion)

    @Argument(help: ArgumentHelp("The database role.", valueName: "role"))
    var role: String?

    @Option(name: .long, help: ArgumentHelp("An issuer whose patients the role sees (repeat for several).", valueName: "issuer"))
    var issuer: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard case .postgres = try storeOptions.location() else {
            throw ValidationError("store grant is for a PostgreSQL store (--store postgresql://…); an SQLite file has one laboratory")
        }
        if !issuer.isEmpty, role == nil { throw ValidationError("name the role to grant --issuer to") }
    }

    func run() throws {
        guard let store = try storeOptions.openExisting(access: .readWrite) as? PostgresStore else { return }
        if let role, !issuer.isEmpty {
            try storeCall { () throws(StoreError) in try store.grant(role: role, issuers: issuer) }
        }
        for grant in try storeCall({ () throws(StoreError) in try store.grants() }) where role == nil || grant.role == role {
            print("\(grant.role)\t\(grant.issuer.isEmpty ? "(no issuer)" : grant.issuer)")
        }
    }
}
