import ArgumentParser
import CtDNAModel
import Foundation
import Store
import Tracking

struct Patients: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the patients in the store.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Write JSON instead of a table.")
    var json = false

    func run() throws {
        try reporting {
            let store = try storeOptions.openExisting()
            let list = try storeCall { () throws(StoreError) in try store.patients() }
            if json {
                try printJSON(list.map(PatientJSON.init))
            } else {
                print(TextTables.patients(list), terminator: "")
            }
        }
    }
}

struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one patient's draws and each variant's allele fraction over time.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "The MRN's issuer, when one MRN is held under several issuers.")
    var issuer: String?

    @Flag(name: .long, help: "Write the trend document as JSON (see README).")
    var json = false

    @Argument(help: "The patient's medical record number.")
    var mrn: String

    func run() throws {
        try reporting {
            let store = try storeOptions.openExisting()
            let found = try storeCall { () throws(StoreError) in try store.timeline(mrn: mrn, issuer: issuer) }
            guard let timeline = found else { throw CommandFailure.unknownPatient }
            let trend = Tracking.Trend.build(timeline)
            if json {
                try printJSON(TrendJSON(trend))
            } else {
                print(TextTables.trend(trend), terminator: "")
            }
        }
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}
