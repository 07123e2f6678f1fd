import CtDNAModel
import Tracking

/// Plain-text tables for the terminal.
enum TextTables {
    static func patients(_ list: [PatientSummary]) -> String {
        var rows = [["MRN", "Name", "Sex", "Born", "Draws", "First", "Last"]]
        for s in list {
            rows.append([s.patient.identifier.description, s.patient.name?.display ?? "", s.patient.sex.rawValue,
                         s.patient.birthDate?.description ?? "", "\(s.drawCount)",
                         s.firstDraw?.description ?? "", s.lastDraw?.description ?? ""])
        }
        return render(rows)
    }

    static func trend(_ t: PatientTrend) -> String {
        let p = t.patient
        var out = "Patient \(p.identifier)  \(p.name?.display ?? "")  \(p.sex.rawValue)  born \(p.birthDate?.description ?? "?")\n"
        out += "\(t.draws.count) draw(s)\n\n"
        var header = ["Variant"]
        header += t.draws.map { d in
            d.report.specimen.collected.date.description + (d.report.specimen.collectedIsEstimated ? "~" : "")
        }
        var formats = ["(format)"]
        formats += t.draws.map { shortFormat($0.provenance.source.format) }
        var qc = ["(QC)"]
        qc += t.draws.map { $0.report.quality.rawValue }
        var rows = [header, formats]
        if t.draws.contains(where: { $0.report.quality != .pass }) { rows.append(qc) }
        for v in t.variants {
            var row = [v.key.description + (v.origin == .unknown || v.origin == .somatic ? "" : " [\(v.origin.rawValue)]")]
            for d in t.draws {
                let point = v.points.first { $0.reportID == d.report.identity.id }
                row.append(point.map(cell) ?? "-")
            }
            rows.append(row)
        }
        out += render(rows)
        out += "\nVAF in %; ND not detected (ND* inferred from a detected-only report); NC not covered; QC failed QC; - not tested;\n"
        out += "~ collection date estimated (received or issued date).\n"
        return out
    }

    static func shortFormat(_ f: SourceFormat) -> String {
        switch f {
        case .ctdnaResult, .ctdnaClinical: "ctdna-xml"
        case .fhirXML: "fhir-xml"
        case .fhirJSON: "fhir-json"
        case .foundationOne: "f1-xml"
        }
    }

    static func cell(_ p: SeriesPoint) -> String {
        switch p.status {
        case .detected: return p.alleleFraction.map { formatPercent($0.percent) } ?? "det"
        case .notDetected: return p.inferredNotDetected ? "ND*" : "ND"
        case .notCovered: return "NC"
        case .failedQC: return "QC"
        }
    }

    static func formatPercent(_ v: Double) -> String {
        if v >= 10 { return String(format: "%.1f", v) }
        if v >= 0.1 { return String(format: "%.2f", v) }
        return String(format: "%.3f", v)
    }

    static func render(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
