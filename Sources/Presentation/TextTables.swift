import CtDNAModel
import Foundation
import Tracking

/// Plain-text tables for the terminal.
public enum TextTables {
    /// An issuer longer than this is shown as a footnote number, so that the table fits a
    /// terminal 100 columns wide (issue 17).
    public static let issuerWidth = 16

    /// The patient list; long issuers (FHIR system URLs) abbreviated as `[1]`, spelled out
    /// under the table.
    public static func patients(_ list: [PatientSummary]) -> String {
        var rows = [["MRN", "Name", "Sex", "Born", "Draws", "First", "Last"]]
        var notes: [String] = []
        for s in list {
            let id = s.patient.identifier
            var shown = id.description
            if let issuer = id.issuer, issuer.count > issuerWidth {
                let n = (notes.firstIndex(of: issuer) ?? notes.count) + 1
                if n > notes.count { notes.append(issuer) }
                shown = "\(id.mrn) [\(n)]"
            }
            rows.append([shown, s.patient.name?.display ?? "", s.patient.sex.rawValue,
                         s.patient.birthDate?.description ?? "", "\(s.drawCount)",
                         s.firstDraw?.description ?? "", s.lastDraw?.description ?? ""])
        }
        return render(rows) + notes.enumerated().map { "[\($0.offset + 1)] issuer \($0.element)\n" }.joined()
    }

    /// The identity declarations under the patient list: issuer aliases and patients
    /// declared distinct, each with who declared it and when; empty when there are none.
    public static func identityDeclarations(aliases: [IssuerAlias], distinct: [DistinctPatients]) -> String {
        var out = ""
        if !aliases.isEmpty {
            var rows = [["Issuer", "Same as", "Declared by", "At"]]
            for a in aliases { rows.append([a.issuer, a.canonical, a.declaredBy, a.declaredAt]) }
            out += "\nIssuer aliases (ctdna patients alias):\n" + render(rows)
        }
        if !distinct.isEmpty {
            var rows = [["Patient", "Is not", "Declared by", "At"]]
            for d in distinct { rows.append([d.first.description, d.second.description, d.declaredBy, d.declaredAt]) }
            out += "\nDeclared two people (ctdna patients distinct):\n" + render(rows)
        }
        return out
    }

    /// One patient's trend table; categories and alerts worded by `phrases` (the terminal's language).
    public static func trend(_ a: PatientAssessment, phrases: Phrases, rulesFile: String?) throws(TemplateError) -> String {
        let p = a.patient
        var out = "Patient \(p.identifier)  \(p.name?.display ?? "")  \(p.sex.rawValue)  born \(p.birthDate?.description ?? "?")\n"
        out += "\(a.draws.count) draw(s); rules \(a.rulesName) v\(a.rulesVersion)\(rulesFile.map { " (\($0))" } ?? "")\n"
        for l in a.lines {
            let name = l.index == 0 ? "No therapy lines" : "Line \(l.index) \(l.regimen ?? "")"
            out += "\(name) from \(l.start): baseline \(l.baselineDate?.description ?? "none")"
            out += l.baselineFlag.map { " (\($0.rawValue))" } ?? ""
            out += ", tracking \(l.trackedVariants.isEmpty ? "nothing" : l.trackedVariants.joined(separator: ", "))"
            out += "; current \(try l.current.map { c throws(TemplateError) in try phrases.response(c) } ?? "-")"
            out += ", best \(try l.best.map { c throws(TemplateError) in try phrases.response(c) } ?? "-")\n"
        }
        out += "\n"
        let draws = a.draws.map(\.draw)
        var header = ["Variant"]
        header += draws.map { d in
            d.report.specimen.collected.date.description + (d.report.specimen.collectedIsEstimated ? "~" : "")
        }
        var formats = ["(format)"]
        formats += draws.map { shortFormat($0.provenance.source.format) }
        var rows = [header, formats]
        rows.append(["(line)"] + a.draws.map { $0.line.map { $0 == 0 ? "-" : "L\($0)" } ?? "pre" })
        if draws.contains(where: { $0.report.quality != .pass }) {
            rows.append(["(QC)"] + draws.map { $0.report.quality.rawValue })
        }
        for v in a.variants {
            var row = [v.series.key.description + flags(v)]
            for d in draws {
                let point = v.series.points.first { $0.reportID == d.report.identity.id }
                row.append(point.map(cell) ?? "-")
            }
            rows.append(row)
        }
        rows.append(["ctDNA call"] + a.draws.map { callCell($0.detection) })
        rows.append(["Level % (95% CI)"] + a.draws.map { levelCell($0.detection) })
        rows.append(["LoD95 %"] + a.draws.map { $0.detection.lod95.map(NumberFormat.vafPercent) ?? "-" })
        rows.append(["Change vs baseline"] + a.draws.map { $0.response.changeFromBaseline.map(NumberFormat.change) ?? "-" })
        rows.append(["Category"] + a.draws.map { abbreviation($0.response) })
        out += renderFitting(rows, width: terminalWidth)
        out += "\nVAF in %; ND not detected (ND* inferred from a detected-only report); NC not covered; QC failed QC; - not tested;\n"
        out += "~ collection date estimated. [CH] [germline] [possible germline] [indeterminate] [benign] not tracked; [new] new clone.\n"
        out += "Call: k/N tracked variants with alt reads. Level: pooled VAF minus background; < LoD95 when not detected.\n"
        out += "Category: BL baseline, ↓50 / ↓90 ctDNA fell ≥50 % / ≥90 %, ND ctDNA not detected, ST stable, "
        out += "R? rise (unconfirmed), R rise, NE not evaluable (reason in JSON). Not IMWG categories.\n"
        if !a.alerts.isEmpty {
            out += "\nAlerts:\n"
            for alert in a.alerts {
                out += "  \(alert.collected?.description ?? "          ")  \(alert.kind.rawValue): \(try phrases.alert(alert))\n"
            }
        }
        out += try clinical(a, phrases: phrases)
        for c in a.clinical.correlations {
            out += "Spearman rho (descriptive), ctDNA level vs \(c.marker): \(NumberFormat.fixed(c.spearmanRho, digits: 2)) (\(c.pairs) pairs)\n"
        }
        // The two header lines stay whole: the second names the rules file by its path,
        // which tools and users search for as one line (issue 11).
        let lines = out.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3 else { return out }
        return lines[0] + "\n" + lines[1] + "\n" + wrapped(String(lines[2]), width: terminalWidth)
    }

    /// Risk, origins set apart, imaging lesions and IMWG response, one line each.
    static func clinical(_ a: PatientAssessment, phrases: Phrases) throws(TemplateError) -> String {
        let c = a.clinical
        var out = "\nIMS/IMWG 2025 risk: \(try phrases.riskStatus(c.risk.status))"
        if !c.risk.criteria.isEmpty {
            out += " (" + (try c.risk.criteria.map { x throws(TemplateError) in try phrases.riskCriterion(x) }).joined(separator: "; ") + ")"
        }
        if !c.risk.missing.isEmpty {
            out += "; missing: " + (try c.risk.missing.map { x throws(TemplateError) in try phrases.riskInput(x) }).joined(separator: ", ")
        }
        out += "\n"
        if !c.emdAssociated.isEmpty { out += "EMD-associated (not risk): \(c.emdAssociated.joined(separator: ", "))\n" }
        if !c.actionable.isEmpty { out += "Potentially actionable: \(c.actionable.joined(separator: ", "))\n" }
        for v in a.variants where v.origin.state != .tumour || v.isBenign {
            out += "Not tracked: \(v.series.key) — \(try phrases.origin(v.origin))"
            out += v.isBenign ? ", \(v.clinicalSignificance?.rawValue ?? "benign")" : ""
            out += ": \(try phrases.originReason(v.origin.reason))\n"
        }
        for s in c.imaging where !s.lesions.isEmpty {
            let lesions = try s.lesions.map { l throws(TemplateError) in
                "\(try phrases.site(l.site)) [\(l.lesionClass.rawValue), \(l.status.rawValue)]"
            }
            out += "Imaging \(s.date) \(s.modality.rawValue): \(lesions.joined(separator: ", "))\n"
        }
        if !c.imwg.isEmpty {
            out += "IMWG response: " + c.imwg.map { "\($0.date) \($0.category.rawValue)\($0.confirmed ? " (confirmed)" : "")" }
                .joined(separator: ", ") + "\n"
        }
        if let lead = c.leadTimeDays { out += "Lead time, first ctDNA rise to IMWG or imaging progression: \(lead) days\n" }
        for n in c.notes { out += "Note: \(try phrases.note(n))\n" }
        return out
    }

    static func callCell(_ d: SampleDetection) -> String {
        switch d.call {
        case .detected: "det \(d.variantsWithReads)/\(d.variantsTracked)"
        case .notDetected: "ND \(d.variantsWithReads)/\(d.variantsTracked)"
        case .nonInformative: "n/i"
        }
    }

    static func levelCell(_ d: SampleDetection) -> String {
        if let level = d.level {
            let ci = d.levelLow.flatMap { lo in d.levelHigh.map { "\(NumberFormat.vafPercent(lo))-\(NumberFormat.vafPercent($0))" } }
            return NumberFormat.vafPercent(level) + (ci.map { " (\($0))" } ?? "")
        }
        return d.call == .notDetected ? "<" + (d.lod95.map(NumberFormat.vafPercent) ?? "LoD") : "-"
    }

    static func flags(_ v: VariantAssessment) -> String {
        var f: [String] = []
        switch v.origin.state {
        case .tumour: break
        case .clonalHaematopoiesis: f.append("CH")
        case .germline: f.append("germline")
        case .possibleGermline: f.append("possible germline")
        case .indeterminate: f.append("indeterminate")
        }
        if v.isBenign { f.append("benign") }
        if v.emergent { f.append("new") }
        if v.highRisk { f.append("TP53") }
        return f.isEmpty ? "" : " [" + f.joined(separator: ",") + "]"
    }

    static func abbreviation(_ r: DrawResponse) -> String {
        switch r.category {
        case .baseline: "BL"
        case .decrease50: "↓50"
        case .decrease90: "↓90"
        case .notDetected: "ND"
        case .stable: "ST"
        case .riseUnconfirmed: "R?"
        case .rise: "R"
        case .notEvaluable: "NE"
        }
    }

    static func shortFormat(_ f: SourceFormat) -> String {
        switch f {
        case .ctdnaResult, .ctdnaClinical: "ctdna-xml"
        case .fhirXML: "fhir-xml"
        case .fhirJSON: "fhir-json"
        case .foundationOne: "f1-xml"
        case .vcfSampleSheet: "vcf"
        }
    }

    static func cell(_ p: SeriesPoint) -> String {
        switch p.status {
        case .detected: return p.alleleFraction.map { NumberFormat.vafPercent($0.fraction) } ?? "det"
        case .notDetected: return p.inferredNotDetected ? "ND*" : "ND"
        case .notCovered: return "NC"
        case .failedQC: return "QC"
        }
    }

    /// Every line of `text` longer than `width` broken at spaces, continued indented by two.
    public static func wrapped(_ text: String, width: Int) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = String(line)
            var indent = 0   // a continuation starts with two spaces: never cut inside them
            while rest.count > width {
                let limit = rest.index(rest.startIndex, offsetBy: width)
                let from = rest.index(rest.startIndex, offsetBy: indent + 1)
                // A word longer than the line (a long path) stays whole: the line is left long.
                guard from < limit, let cut = rest[from..<limit].lastIndex(of: " ") else { break }
                out.append(String(rest[..<cut]))
                rest = "  " + rest[rest.index(after: cut)...]
                indent = 2
            }
            out.append(rest)
        }
        return out.joined(separator: "\n")
    }

    /// The width text output fits (issue 17: a terminal 100 columns wide).
    public static let terminalWidth = 100

    /// `rows` as one table when it fits `width` columns, else as several, each repeating
    /// the first column and holding as many of the others as fit (draws in order).
    public static func renderFitting(_ rows: [[String]], width: Int) -> String {
        let columns = rows.map(\.count).max() ?? 0
        guard columns > 1 else { return render(rows) }
        let widths = (0..<columns).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        var blocks: [[Int]] = [[]]
        var used = widths[0]
        for i in 1..<columns {
            if used + 2 + widths[i] > width, !blocks[blocks.count - 1].isEmpty {
                blocks.append([])
                used = widths[0]
            }
            blocks[blocks.count - 1].append(i)
            used += 2 + widths[i]
        }
        return blocks.map { block in
            render(rows.map { row in [row.first ?? ""] + block.map { $0 < row.count ? row[$0] : "" } })
        }.joined(separator: "\n")
    }

    public static func render(_ rows: [[String]]) -> String {
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
