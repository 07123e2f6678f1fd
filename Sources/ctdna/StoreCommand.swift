import ArgumentParser
import Foundation
import Ingest
import Store

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store between backends (SQLite file, PostgreSQL database).",
        version: ctdnaVersion,
        subcommands: [StoreCopyCommand.self])
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
