import ArgumentParser
import Foundation
import Ingest
import Presentation
import Store

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Check a store: SQLite integrity, foreign keys, provenance of every value.",
        discussion: "Exit 0 when sound, 65 when anything is off (each problem on stderr).",
        version: ctdnaVersion)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Also read each source file again: same SHA-256, and every stored variant call equal to the one read again, field by field.")
    var sources = false

    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.openExisting()
        let report = try storeCall { () throws(StoreError) in
            try Verifier(store: store).run(checkSources: sources, today: Ingester.systemNow().date)
        }
        let a = report.audit
        if output.json {
            var o: [String: JSONOut] = ["store": .string(store.location), "patients": .integer(a.patients), "files": .integer(a.files),
                                        "documents": .integer(a.documents.count), "variantCalls": .integer(a.variantCalls),
                                        "problems": .array(report.problems.map { .string($0) }), "ok": .bool(report.problems.isEmpty)]
            if sources {
                o["sourcesChecked"] = .integer(report.sourcesChecked)
                o["sourcesMissing"] = .integer(report.sourcesMissing)
            }
            print(JSONOut.object(o).text(pretty: true))
            if !report.problems.isEmpty { throw ExitCode(65) }
            return
        }
        print("patients \(a.patients), files \(a.files), documents \(a.documents.count), variant calls \(a.variantCalls)"
              + (sources ? ", sources checked \(report.sourcesChecked), missing \(report.sourcesMissing)" : ""))
        for p in report.problems { printError("\(store.location): error: \(p)") }
        print(report.problems.isEmpty ? "ok" : "\(report.problems.count) problem(s)")
        if !report.problems.isEmpty { throw ExitCode(65) }
    }
}
