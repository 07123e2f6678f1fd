import ArgumentParser
import CommandSupport
import CtDNAModel
import Foundation
import Store
import Tracking

/// `ctdna export`: the whole cohort as CSV, one row per variant per draw, for analysis
/// in R, Python or a spreadsheet. Patients are read one at a time.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",  // given, not derived: deriving it cost ~1 ms per start
        abstract: "Write every patient's variant series as CSV (one row per variant per draw).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var templates: TemplateOptions

    @Option(name: .long, help: "Output file (default: standard output).")
    var out: String?

    static let header = ["mrn", "issuer", "collected", "collected_estimated", "report_id", "format", "variant", "gene",
                         "protein_change", "coding_change", "status", "detected", "inferred", "vaf", "ci_low", "ci_high",
                         "depth", "alt_reads", "lod", "chip", "germline", "emergent", "high_risk", "burden_mean_vaf",
                         "response", "rules"]

    func run() throws {
        try reporting {
            let store = try storeOptions.openExisting()
            let rules = try templates.rules()
            var text = Self.header.joined(separator: ",") + "\n"
            let sink: (String) -> Void
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: nil),
                      let handle = FileHandle(forWritingAtPath: out) else { throw CommandFailure.output("cannot write \(out)") }
                sink = { handle.write(Data($0.utf8)) }
            } else {
                sink = { FileHandle.standardOutput.write(Data($0.utf8)) }
            }
            sink(text)
            for summary in try storeCall({ () throws(StoreError) in try store.patients() }) {
                let id = summary.patient.identifier
                guard let timeline = try storeCall({ () throws(StoreError) in try store.timeline(mrn: id.mrn, issuer: id.issuer) }) else { continue }
                let a = Tracker.assess(timeline, rules: rules)
                let draws = Dictionary(a.draws.map { ($0.draw.report.identity.id, $0) }, uniquingKeysWith: { x, _ in x })
                text = ""
                for v in a.variants {
                    for p in v.points {
                        let d = draws[p.point.reportID]
                        let row: [String?] = [
                            id.mrn, id.issuer, p.point.collected.description,
                            (d?.draw.report.specimen.collectedIsEstimated ?? false).description, p.point.reportID,
                            d?.draw.provenance.source.format.rawValue, v.series.key.description, v.series.gene,
                            v.series.proteinChange, v.series.codingChange, p.point.status.rawValue,
                            p.point.detected.description, p.point.inferredNotDetected.description,
                            p.point.alleleFraction.map { "\($0.fraction)" }, p.ciLow.map { "\($0)" }, p.ciHigh.map { "\($0)" },
                            p.point.depth.map(String.init), p.point.altReads.map(String.init), p.lod.map { "\($0)" },
                            v.chip.description, v.germline.description, v.emergent.description, v.highRisk.description,
                            d?.burden.meanVaf.map { "\($0)" }, d?.response.rawValue, "\(a.rulesName) \(a.rulesVersion)",
                        ]
                        text += row.map { Self.field($0 ?? "") }.joined(separator: ",") + "\n"
                    }
                }
                sink(text)
            }
        }
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double its quotes.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
