import CtDNAModel
import Tracking

/// `ctdna export`: one CSV row per variant per draw (RFC 4180), for R, Python or a spreadsheet.
public enum CSVExport {
    public static let header = ["mrn", "issuer", "collected", "collected_estimated", "report_id", "format", "variant", "gene",
                                "protein_change", "coding_change", "status", "detected", "inferred", "vaf", "ci_low", "ci_high",
                                "depth", "alt_reads", "lod", "origin", "clinical_significance", "new_clone", "tp53_risk", "line",
                                "ctdna_call", "ctdna_level", "ctdna_lod95", "category", "category_reason", "rules"]

    public static var headerLine: String { header.joined(separator: ",") + "\n" }

    /// The columns that hold numbers the tool writes itself: never neutralised (a negative
    /// change stays `-0.83`, a number to the spreadsheet). Every other column is text.
    public static let numericColumns: Set<String> = ["vaf", "ci_low", "ci_high", "depth", "alt_reads", "lod", "line",
                                                     "ctdna_level", "ctdna_lod95"]
    static let numeric: [Bool] = header.map { numericColumns.contains($0) }

    /// One patient's rows. Numbers are written in full (shortest round-trip form): the
    /// CSV is for analysis, not display.
    public static func rows(_ a: PatientAssessment) -> String {
        let id = a.patient.identifier
        let draws = Dictionary(a.draws.map { ($0.draw.report.identity.id, $0) }, uniquingKeysWith: { x, _ in x })
        var text = ""
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
                    v.origin.state.rawValue, v.clinicalSignificance?.rawValue, v.emergent.description, v.highRisk.description,
                    d?.line.map(String.init), d?.detection.call.rawValue, d?.detection.level.map { "\($0)" },
                    d?.detection.lod95.map { "\($0)" }, d?.response.category.rawValue, d?.response.reason?.rawValue,
                    "\(a.rulesName) \(a.rulesVersion)",
                ]
                text += zip(row, numeric).map { value, isNumber in
                    isNumber ? field(value ?? "") : field(neutralised(value ?? ""))
                }.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// CSV injection (OWASP): a text cell starting with `=`, `+`, `-`, `@`, tab or carriage
    /// return would be read by a spreadsheet as a formula (`=HYPERLINK(...)`); it gets a
    /// leading single quote, so it is shown as the text it is. Applied to text columns only.
    public static func neutralised(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return s }
        return "'" + s
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double its quotes.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
