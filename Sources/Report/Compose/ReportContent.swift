import CtDNAModel
import Foundation
import Presentation
import Tracking

/// Turns an assessment into the report's blocks, in the layout's section order, with
/// every word from the templates. Computes nothing clinical: it formats the tracker's result.
struct ReportContent {
    let assessment: PatientAssessment
    let templates: ReportTemplates
    let identity: ReportIdentityInfo
    let toolVersion: String

    var w: ReportWording { templates.wording }
    var layout: Layout { templates.layout }

    func blocks(logo: PNGImage?) throws(RenderError) -> [Block] {
        var out: [Block] = [try header(logo: logo), try summary(), try synopsis()]
        for section in layout.sections {
            switch section {
            case .chart: out += try chart()
            case .variants: out += try variantTables()
            case .nonTumour: out += try nonTumourTable()
            case .findings: out += try findingsTable()
            case .clinical: out += try clinicalTables()
            case .interpretation: out += [Heading(title: try w.text("sections.course")), try paragraph("interpretation", interpretationValues())]
            case .methods: out += [Heading(title: try w.text("sections.methods")), try paragraph("methods", methodsValues())]
            case .limitations: out += [Heading(title: try w.text("sections.limitations")), try paragraph("limitations", ["estimated": anyEstimated])]
            case .amendments: out += try amendmentsTable()
            case .signoff: out += [Heading(title: try w.text("sections.signoff")), try paragraph("signoff", signoffValues())]
            }
        }
        return out
    }

    func paragraph(_ name: String, _ values: [String: Any]) throws(RenderError) -> Paragraph {
        Paragraph(markup: try w.paragraph(name, values), spaceAfter: 8, source: "\(templates.language)/\(name).mustache")
    }

    // MARK: page 1

    func header(logo: PNGImage?) throws(RenderError) -> HeaderBlock {
        let p = assessment.patient
        let e = Markup.escape
        var fields: [(String, String)] = [
            (try w.text("patient.name"), e(p.name?.display ?? "—")),
            (try w.text("patient.mrn"), e(p.identifier.mrn)),
            (try w.text("patient.sex"), e(try w.text("sex.\(p.sex.rawValue)"))),
            (try w.text("patient.birthDate"), e(p.birthDate?.description ?? "—")),
            (try w.text("patient.reportDate"), e(identity.reportDate.description)),
            (try w.text("patient.reportId"), e(identity.id)),
            (try w.text("patient.draws"), "\(assessment.draws.count)"),
        ]
        if let clinician = assessment.draws.last?.draw.report.orderingClinician {
            fields.append((try w.text("patient.clinician"), e(clinician)))
        }
        return HeaderBlock(lab: (try w.text("lab.name"), try w.text("lab.address"), try w.text("lab.accreditation")),
                           title: try w.text("report.title"), subtitle: try w.text("report.subtitle"),
                           fields: fields, logo: logo)
    }

    func responseName(_ r: ResponseCategory?) throws(RenderError) -> String {
        guard let r else { return try w.text("summary.notApplicable") }
        return try w.text("response.\(r.rawValue)")
    }

    func responseName(_ r: DrawResponse) throws(RenderError) -> String {
        do { return try w.phrases.response(r) } catch { throw .template(error.description) }
    }

    /// The level in words: `0.42% (0.31–0.55%)`, or `< 0.05%` when not detected.
    func levelText(_ d: SampleDetection) -> String? {
        if let level = d.level {
            let ci = d.levelLow.flatMap { lo in d.levelHigh.map { " (\(Format.vaf(lo))–\(Format.percent($0)))" } } ?? ""
            return Format.percent(level) + ci
        }
        if d.call == .notDetected, let lod = d.lod95 { return "< " + Format.percent(lod) }
        return nil
    }

    /// The latest draw's answer first (call, level in VAF and molecules/mL, LoD95, tracked
    /// variants with reads), then the line's category with its change, IMWG and risk,
    /// then the specimen, assay and QC; one unit per fact, as in the tables and alerts.
    func summary() throws(RenderError) -> SummaryBlock {
        let last = assessment.draws.last
        let na = try w.text("summary.notApplicable")
        let e = Markup.escape
        let line = assessment.lines.first { $0.index == assessment.response.line }
        var facts: [(String, String)] = []
        var footnote: String?
        let lastDate = last.map { $0.draw.report.specimen.collected.date.description } ?? na
        facts.append((try w.text("summary.call", ["date": lastDate]),
                      try last.map { d throws(RenderError) in e(try w.text("call.\(d.detection.call.rawValue)")) } ?? na))
        facts.append((try w.text("summary.level"), last.flatMap { levelText($0.detection) }.map(e) ?? na))
        facts.append((try w.text("summary.molecules"),
                      last?.detection.mutantMoleculesPerMl.map { NumberFormat.fixed($0, digits: $0 < 10 ? 1 : 0) }
                          ?? (last?.detection.call == .notDetected ? "0" : na)))
        facts.append((try w.text("summary.lod95"), last?.detection.lod95.map { Format.percent($0) } ?? na))
        facts.append((try w.text("summary.tracked"),
                      try last.map { d throws(RenderError) in
                          e(try w.text("summary.trackedValue", ["k": d.detection.variantsWithReads, "n": d.detection.variantsTracked]))
                      } ?? na))
        let lineLabel = line.flatMap { $0.index > 0 ? try? w.text("summary.lineN", ["line": $0.index]) : nil } ?? ""
        facts.append((try w.text("summary.current") + (lineLabel.isEmpty ? "" : " (\(lineLabel))"),
                      e(try responseName(assessment.response.current))))
        facts.append((try w.text("summary.changeBaseline"), last?.response.changeFromBaseline.map { NumberFormat.change($0) } ?? na))
        facts.append((try w.text("summary.best"), e(try responseName(assessment.response.best))))
        let imwg = assessment.clinical.imwg.last
        let imwgLabel: String
        if let imwg { imwgLabel = try w.text("summary.imwg", ["date": imwg.date.description]) } else {
            imwgLabel = try w.text("summary.imwgNone")
        }
        facts.append((imwgLabel,
                      try imwg.map { x throws(RenderError) in e(try w.phrase { p throws(TemplateError) in try p.imwg(x.category) }) } ?? na))
        facts.append((try w.text("summary.risk"),
                      e(try w.phrase { p throws(TemplateError) in try p.riskStatus(assessment.clinical.risk.status) })))
        if let report = last?.draw.report {
            let s = report.specimen
            var parts = [s.collected.date.description + (s.collectedIsEstimated ? "~" : "")]
            if let tube = s.tubeType { parts.append(tube) }
            if let ml = s.plasmaVolumeMl { parts.append(try w.text("summary.plasmaMl", ["value": NumberFormat.number(ml)])) }
            if let ng = s.cfDNANanogramsPerMl { parts.append(try w.text("summary.cfdna", ["value": NumberFormat.number(ng)])) }
            footnote = "<b>" + e(try w.text("summary.specimen")) + "</b> " + e(parts.joined(separator: " · "))
                + "    <b>" + e(try w.text("summary.assay")) + "</b> "
                + e(report.assay.label + " · " + (try w.text("summary.qc", ["status": try w.text("qc.\(report.quality.rawValue)")])))
        }
        var alerts: [String] = []
        for a in Self.summaryAlerts(assessment.alerts) {
            let text = try w.alert(a)
            alerts.append("\(a.collected?.description ?? "") \(text)")
        }
        return SummaryBlock(heading: try w.text("summary.heading"), facts: facts, alertsHeading: try w.text("summary.alerts"),
                            alerts: alerts, noAlerts: try w.text("summary.noAlerts"), footnote: footnote)
    }

    /// The latest alert of each kind, newest first; alerts of one day most serious first
    /// (the full list is in the JSON).
    static func summaryAlerts(_ alerts: [Alert]) -> [Alert] {
        let order: [AlertKind] = [.cnsInvolvement, .rise, .discordanceSerologicalProgression, .discordanceCtdnaRise,
                                  .ctdnaNegativeEMD, .extramedullaryDisease, .plasmaCellLeukaemia, .newClone, .possibleGermline,
                                  .riseUnconfirmed, .qcFailed, .preanalyticDelay, .highCfdna, .qcQualified, .estimatedDate]
        let latest = order.compactMap { kind in alerts.last { $0.kind == kind } }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return latest.sorted { a, b in
            let da = a.collected ?? .unixEpoch, db = b.collected ?? .unixEpoch
            return da != db ? db < da : rank[a.kind, default: 99] < rank[b.kind, default: 99]
        }
    }

    /// Page 1's interpretation: three to five sentences for the clinician (what the
    /// latest draw showed, what changed in the line, what it means, what is suggested).
    func synopsis() throws(RenderError) -> Block {
        let a = assessment
        let e = Markup.escape
        func orFalse(_ s: String?) -> Any { s.map { $0 as Any } ?? false }
        guard let last = a.draws.last else {
            return Paragraph(markup: try w.paragraph("synopsis", ["hasDraws": false]), spaceAfter: 8, source: "synopsis")
        }
        let line = a.lines.first { $0.index == a.response.line }
        let current = a.response.current
        let d = last.detection
        // Alerts of the latest draw and of the 35 days before it (an IMWG assessment or a
        // scan a few days before the draw belongs to the same picture; our choice).
        let lastDate = last.draw.report.specimen.collected.date
        let kinds = Set(a.alerts.filter { alert in
            guard let d = alert.collected else { return false }
            return d <= lastDate && lastDate.daysSinceEpoch - d.daysSinceEpoch <= 35
        }.map(\.kind))
        let reason = last.response.reason.map { r in (try? w.phrase { p throws(TemplateError) in try p.reason(r) }) ?? r.rawValue }
        let values: [String: Any] = [
            "hasDraws": true,
            "heading": try w.text("sections.interpretation"),
            "lastDraw": last.draw.report.specimen.collected.date.description,
            "call": e(try w.text("call.\(d.call.rawValue)")),
            "detected": d.call == .detected,
            "notDetected": d.call == .notDetected,
            "level": orFalse(d.level.map { Format.percent($0) }),
            "molecules": orFalse(d.mutantMoleculesPerMl.map { NumberFormat.fixed($0, digits: $0 < 10 ? 1 : 0) }),
            "lod": orFalse(d.lod95.map { Format.percent($0) }),
            "tracked": d.variantsTracked,
            "withReads": d.variantsWithReads,
            "line": orFalse(line.flatMap { $0.index > 0 ? "\($0.index)" : nil }),
            "regimen": orFalse(line?.regimen.map(e)),
            "current": e(try responseName(current)),
            "changeBaseline": orFalse(last.response.changeFromBaseline.map { NumberFormat.change($0) }),
            "baselineDate": orFalse(line?.baselineDate?.description),
            "fold": orFalse(last.response.foldFromNadir.flatMap { $0 > 1 ? NumberFormat.fold($0) + "×" : nil }),
            "nadirDate": orFalse(line?.nadirDate?.description),
            "isBaseline": last.response.category == .baseline,
            "isNotDetected": current == .notDetected,
            // Below the baseline but at least twice the nadir: not a response to report as such.
            "isDecrease": (current == .decrease50 || current == .decrease90) && (last.response.foldFromNadir ?? 0) < 2,
            "risingFromNadir": (current == .decrease50 || current == .decrease90 || current == .stable)
                && (last.response.foldFromNadir ?? 0) >= 2,
            "isStable": current == .stable,
            "isRise": current == .rise,
            "isRiseUnconfirmed": current == .riseUnconfirmed,
            "isNotEvaluable": current == .notEvaluable,
            "reason": orFalse(reason.map(e)),
            "suggestImaging": current == .rise || kinds.contains(.discordanceCtdnaRise),
            "suggestConfirm": current == .riseUnconfirmed
                || ((current == .decrease50 || current == .decrease90 || current == .stable) && (last.response.foldFromNadir ?? 0) >= 2),
            "suggestEMD": kinds.contains(.extramedullaryDisease) && !kinds.contains(.ctdnaNegativeEMD),
            "suggestCSF": kinds.contains(.cnsInvolvement),
            "suggestImagingForEMD": kinds.contains(.ctdnaNegativeEMD),
            "suggestReprofiling": kinds.contains(.newClone) || kinds.contains(.discordanceSerologicalProgression),
            "suggestGermline": kinds.contains(.possibleGermline),
        ]
        let routine = !(values.filter { $0.key.hasPrefix("suggest") }.values.contains { ($0 as? Bool) == true })
        var all = values
        all["suggestRoutine"] = routine
        // Titled in its first words, in the accent colour, rather than under a heading: page 1
        // holds the answer, the interpretation and the chart.
        let title = try w.text("sections.interpretation")
        return Paragraph(markup: "<span foreground='\(layout.colours.accent)'><b>\(Markup.escape(title)).</b></span> "
                            + (try w.paragraph("synopsis", all)),
                         spaceAfter: 6, source: "\(templates.language)/synopsis.mustache", bookmark: title)
    }

    func chart() throws(RenderError) -> [Block] {
        let labels = ChartLabels(vafAxis: try w.text("chart.vafAxis"), lod: try w.text("chart.lod"), burden: try w.text("chart.burden"),
                                 chip: try w.text("chart.chip"), notDetected: try w.text("chart.notDetected"),
                                 therapy: try w.text("chart.therapy"), mProtein: try w.text("chart.mProtein"),
                                 marrow: try w.text("chart.marrow"),
                                 imaging: try w.text("chart.imaging"), emd: try w.text("chart.emd"),
                                 newClone: try w.text("chart.newClone"), lineStart: try w.text("chart.lineStart"))
        var names: [ExtramedullarySite: String] = [:]
        for site in ExtramedullarySite.allCases { names[site] = try w.text("sites.\(site.rawValue)") }
        let lookup = names
        return [Heading(title: try w.text("chart.heading")),
                TrendChart(assessment: assessment, labels: labels, siteName: { lookup[$0] ?? $0.rawValue })]
    }

    // MARK: tables

    var anyEstimated: Bool { assessment.draws.contains { $0.draw.report.specimen.collectedIsEstimated } }

    func drawHeader(_ d: DrawAssessment) -> String {
        let s = d.draw.report.specimen
        return Markup.escape(s.collected.date.description + (s.collectedIsEstimated ? "~" : ""))
    }

    func cell(_ p: PointAssessment?) throws(RenderError) -> String {
        guard let p else { return "–" }
        let grey = layout.colours.muted
        switch p.point.status {
        case .detected:
            var s = "<b>\(Format.vaf(p.point.alleleFraction?.fraction))</b>"
            if let lo = p.ciLow, let hi = p.ciHigh {
                s += " <span size='smaller'>[\(Format.vaf(lo))–\(Format.vaf(hi))]</span>"
            }
            if let depth = p.point.depth { s += "\n<span size='smaller' foreground='\(grey)'>\(depth)×</span>" }
            return s
        case .notDetected:
            let lod = p.lod.map { "&lt;\(Format.vaf($0))" } ?? ""
            return "ND\(p.point.inferredNotDetected ? "*" : "") <span size='smaller' foreground='\(grey)'>\(lod)</span>"
        case .notCovered: return "NC"
        case .failedQC: return "QC"
        }
    }

    /// A summary row's label: italic in Latin scripts; in Chinese, which has no italic
    /// (Pango would slant the glyphs), in the muted colour instead.
    func rowLabel(_ text: String) -> String {
        templates.language == "zh-Hans" ? "<span foreground='\(layout.colours.muted)'>\(Markup.escape(text))</span>"
                                        : "<i>\(Markup.escape(text))</i>"
    }

    func variantTables() throws(RenderError) -> [Block] {
        var out: [Block] = [Heading(title: try w.text("tables.variantsHeading"))]
        let tumour = assessment.variants.filter(\.isTumour)
        let draws = assessment.draws
        // Split the draws into tables of at most drawsPerTable columns, as even as possible.
        let tables = max(1, Int((Double(draws.count) / Double(layout.tables.drawsPerTable)).rounded(.up)))
        let per = max(1, Int((Double(draws.count) / Double(tables)).rounded(.up)))
        for start in stride(from: 0, to: max(draws.count, 1), by: per) {
            let chunk = Array(draws[start..<min(start + per, draws.count)])
            var rows: [[String]] = []
            for v in tumour {
                var row = [Markup.escape(v.series.key.description) + (v.emergent ? " ★" : "")]
                for d in chunk { row.append(try cell(v.points.first { $0.point.reportID == d.draw.report.identity.id })) }
                rows.append(row)
            }
            rows.append([rowLabel(try w.text("tables.burdenRow"))] + chunk.map { levelText($0.detection).map(Markup.escape) ?? "–" })
            var responses = [rowLabel(try w.text("tables.responseRow"))]
            for d in chunk { responses.append(Markup.escape(try responseName(d.response))) }
            rows.append(responses)
            let table = Table(columns: [2.2] + Array(repeating: 1.6, count: chunk.count),
                              header: [Markup.escape(try w.text("tables.variant"))] + chunk.map(drawHeader),
                              rows: rows, firstColumnBold: true)
            out += table.blocks()
            out.append(Spacer(points: 6))
        }
        out.append(Paragraph(markup: Markup.escape(try w.text("tables.variantsNote")), size: layout.fonts.small,
                             colour: layout.colour(layout.colours.muted), spaceAfter: 8))
        return out
    }

    func nonTumourTable() throws(RenderError) -> [Block] {
        let others = assessment.variants.filter { !$0.isTumour }
        let out: [Block] = [Heading(title: try w.text("tables.nonTumourHeading"))]
        guard !others.isEmpty else { return out + [Paragraph(markup: Markup.escape(try w.text("tables.none")))] }
        var rows: [[String]] = []
        for v in others {
            let vafs = v.series.points.compactMap { $0.alleleFraction?.fraction }
            let range = vafs.isEmpty ? "–" : "\(Format.vaf(vafs.min()))–\(Format.vaf(vafs.max()))"
            let origin = try w.phrase { p throws(TemplateError) in try p.origin(v.origin) }
                + (v.isBenign ? " · \(v.clinicalSignificance.map { w.term("significance", $0.rawValue) } ?? "")" : "")
            let why = try w.phrase { p throws(TemplateError) in try p.originReason(v.origin.reason) }
            rows.append([Markup.escape(v.series.key.description), Markup.escape(origin), Markup.escape(why), range,
                         "\(vafs.count)/\(v.series.points.count)"])
        }
        return out + Table(columns: [1.8, 1.2, 2.6, 1.2, 0.7],
                           header: [try w.text("tables.variant"), try w.text("tables.class"), try w.text("tables.reason"),
                                    try w.text("tables.vafRange"), try w.text("patient.draws")].map(Markup.escape),
                           rows: rows).blocks()
    }

    func findingsTable() throws(RenderError) -> [Block] {
        var rows: [[String]] = []
        for d in assessment.draws {
            for f in d.draw.report.findings {
                var detail = [f.detail.map { w.term("findingDetail", $0) }, f.copyNumber.map { "CN \(Format.number($0))" }]
                    .compactMap { $0 }.joined(separator: ", ")
                if f.equivocal { detail += detail.isEmpty ? try w.text("tables.equivocal") : " (\(try w.text("tables.equivocal")))" }
                rows.append([d.draw.report.specimen.collected.date.description, Markup.escape(w.term("findingKind", f.kind.rawValue)),
                             Markup.escape([f.gene, f.otherGene].compactMap { $0 }.joined(separator: "–")),
                             Markup.escape(detail), Markup.escape(try w.text(f.detected ? "tables.detected" : "tables.notDetected"))])
            }
        }
        var out: [Block] = [Heading(title: try w.text("tables.findingsHeading"))]
        if rows.isEmpty { return out + [Paragraph(markup: Markup.escape(try w.text("tables.none")))] }
        out += Table(columns: [1.2, 1.4, 1.4, 2.4, 1.1],
                     header: [try w.text("tables.draw"), try w.text("tables.kind"), try w.text("tables.gene"),
                              try w.text("tables.detail"), try w.text("tables.status")].map(Markup.escape), rows: rows).blocks()
        return out
    }

    func clinicalTables() throws(RenderError) -> [Block] {
        let c = assessment.clinical
        let e = Markup.escape
        var out: [Block] = [Heading(title: try w.text("tables.clinicalHeading"))]
        out.append(Paragraph(markup: "<b>\(e(try w.text("tables.therapyHeading")))</b>", spaceAfter: 2, keepsWithNext: true))
        if c.therapyLines.isEmpty {
            out.append(Paragraph(markup: e(try w.text("tables.none"))))
        } else {
            let ongoing = try w.text("tables.ongoing")
            out += Table(columns: [3, 1, 1], header: [try w.text("tables.regimen"), try w.text("tables.start"), try w.text("tables.end")].map(e),
                         rows: c.therapyLines.map { [e($0.regimen + ($0.drugs.isEmpty ? "" : " (\($0.drugs.joined(separator: ", ")))")),
                                                      $0.start.description, $0.end?.description ?? e(ongoing)] }).blocks()
        }
        out.append(Spacer(points: 4))
        out.append(Paragraph(markup: "<b>\(e(try w.text("tables.markersHeading")))</b>", spaceAfter: 2, keepsWithNext: true))
        if c.pairs.isEmpty {
            out.append(Paragraph(markup: e(try w.text("tables.none"))))
        } else {
            var rows: [[String]] = []
            for p in c.pairs {
                rows.append([e(try w.text("markers.\(p.marker)")), p.measured.description, Format.number(p.value),
                             p.drawCollected.description, p.level.map { Format.percent($0) } ?? "–"])
            }
            out += Table(columns: [2.2, 1.1, 0.9, 1.1, 1.1],
                         header: [try w.text("tables.marker"), try w.text("tables.date"), try w.text("tables.value"),
                                  try w.text("tables.draw"), try w.text("tables.burden")].map(e), rows: rows).blocks()
        }
        out.append(Spacer(points: 4))
        out.append(Paragraph(markup: "<b>\(e(try w.text("tables.imagingHeading")))</b>", spaceAfter: 2, keepsWithNext: true))
        if c.imaging.isEmpty {
            out.append(Paragraph(markup: e(try w.text("tables.none"))))
        } else {
            var rows: [[String]] = []
            for i in c.imaging {
                var lesions: [String] = []
                for l in i.lesions {
                    lesions.append(try w.phrase { p throws(TemplateError) in
                        "\(try p.site(l.site)) (\(try p.lesionClass(l.lesionClass)), \(try p.lesionStatus(l.status)))"
                    })
                }
                rows.append([i.date.description, e(i.modality.rawValue), e(lesions.isEmpty ? "–" : lesions.joined(separator: "; "))])
            }
            out += Table(columns: [1, 1, 3], header: [try w.text("tables.date"), try w.text("tables.modality"),
                                                      try w.text("tables.sites")].map(e), rows: rows).blocks()
        }
        out.append(Spacer(points: 4))
        out.append(Paragraph(markup: "<b>\(e(try w.text("tables.imwgHeading")))</b>", spaceAfter: 2, keepsWithNext: true))
        if c.imwg.isEmpty {
            out.append(Paragraph(markup: e(try w.text("tables.none"))))
        } else {
            var rows: [[String]] = []
            for a in c.imwg {
                let name = try w.phrase { p throws(TemplateError) in try p.imwg(a.category) }
                rows.append([a.date.description, a.line.map(String.init) ?? "–", e(name),
                             e(try w.text(a.confirmed ? "tables.confirmed" : "tables.unconfirmed"))])
            }
            out += Table(columns: [1, 0.6, 2.2, 1.2], header: [try w.text("tables.date"), try w.text("tables.line"),
                                                               try w.text("tables.imwgCategory"), try w.text("tables.confirmation")].map(e),
                         rows: rows).blocks()
        }
        out.append(Spacer(points: 4))
        out.append(Paragraph(markup: "<b>\(e(try w.text("tables.highRiskHeading")))</b>", spaceAfter: 2, keepsWithNext: true))
        out.append(Paragraph(markup: try riskMarkup()))
        return out
    }

    /// IMS/IMWG 2025 status with the criteria met and the inputs missing, then the EMD-associated
    /// and actionable markers (kept apart from risk).
    func riskMarkup() throws(RenderError) -> String {
        let c = assessment.clinical
        let e = Markup.escape
        return try w.phrase { p throws(TemplateError) in
            var text = "<b>\(e(try p.riskStatus(c.risk.status)))</b>"
            if !c.risk.criteria.isEmpty {
                text += ": " + e(try c.risk.criteria.map { x throws(TemplateError) in try p.riskCriterion(x) }.joined(separator: "; "))
            }
            if !c.risk.missing.isEmpty {
                text += "\n" + e(try p.wording.text("tables.riskMissing")) + ": "
                    + e(try c.risk.missing.map { x throws(TemplateError) in try p.riskInput(x) }.joined(separator: ", "))
            }
            if !c.emdAssociated.isEmpty {
                text += "\n" + e(try p.wording.text("tables.emdAssociated")) + ": " + e(c.emdAssociated.joined(separator: ", "))
            }
            if !c.actionable.isEmpty {
                text += "\n" + e(try p.wording.text("tables.actionable")) + ": " + e(c.actionable.joined(separator: ", "))
            }
            return text
        }
    }

    /// The sign-off: who authorised this version, when, which version it is and what it
    /// supersedes, and the hash of the data; or, for a draft, that it is not authorised.
    func signoffValues() -> [String: Any] {
        let e = Markup.escape
        var values: [String: Any] = ["version": toolVersion, "reportDate": identity.reportDate.description, "released": false]
        if case .release(let r) = identity.issue {
            values["released"] = true
            values["by"] = e(r.authorisedBy)
            values["role"] = r.role.map { e($0) as Any } ?? false
            values["at"] = e(r.authorisedAt)
            values["reportVersion"] = r.version
            values["supersedes"] = r.supersedesVersion.map { $0 as Any } ?? false
            values["amended"] = r.amendmentReason != nil
            values["dataHash"] = r.dataHash
        }
        return values
    }

    /// Earlier issued versions and this one, with the reason of each amendment.
    func releaseHistory() throws(RenderError) -> [Block] {
        var rows = identity.history.map { (version: $0.version, kind: $0.kind, by: $0.authorisedBy, at: $0.authorisedAt, reason: $0.reason) }
        if case .release(let r) = identity.issue {
            rows.append((r.version, r.amendmentReason == nil ? .release : .amendment, r.authorisedBy, r.authorisedAt, r.amendmentReason))
        }
        guard !rows.isEmpty else { return [] }
        let e = Markup.escape
        var out: [Block] = [Paragraph(markup: "<b>\(e(try w.text("releases.heading")))</b>", spaceAfter: 2, keepsWithNext: true)]
        out += Table(columns: [0.9, 1.4, 1.7, 2.1, 2.6],
                     header: [try w.text("releases.version"), try w.text("releases.kind"), try w.text("releases.by"),
                              try w.text("releases.at"), try w.text("releases.reason")].map(e),
                     rows: try rows.map { r throws(RenderError) in
                         ["\(r.version)", e(try w.text("releases.\(r.kind.rawValue)")), e(r.by), e(r.at), e(r.reason ?? "–")]
                     }).blocks()
        return out
    }

    func amendmentsTable() throws(RenderError) -> [Block] {
        let e = Markup.escape
        var out: [Block] = [Heading(title: try w.text("sections.amendments"))]
        out += try releaseHistory()
        if assessment.amendments.isEmpty { return out + [Paragraph(markup: e(try w.text("amendments.none")))] }
        out += Table(columns: [1.6, 0.8, 1.2, 1.2, 1.8],
                     header: [try w.text("amendments.reportId"), try w.text("amendments.version"), try w.text("amendments.status"),
                              try w.text("amendments.replacedBy"), try w.text("amendments.issued")].map(e),
                     rows: try assessment.amendments.map { m throws(RenderError) in
                         [e(m.identity.id), "\(m.identity.version)", e(try w.text("reportStatus.\(m.status.rawValue)")),
                          m.replacedBy.map(String.init) ?? "–", e(m.issued?.date.description ?? "–")]
                     }).blocks()
        return out
    }

    // MARK: paragraph values

    func interpretationValues() throws(RenderError) -> [String: Any] {
        let a = assessment
        let last = a.draws.last
        let currentLine = a.lines.first { $0.index == a.response.line }
        let tumour = a.variants.filter(\.isTumour)
        let dominant = tumour.max { ($0.points.compactMap { $0.point.alleleFraction?.fraction }.max() ?? 0)
            < ($1.points.compactMap { $0.point.alleleFraction?.fraction }.max() ?? 0) }
        let newClones = tumour.filter(\.emergent)
        let emdSites = Set((a.clinical.imaging.last?.active(.extramedullary) ?? []).map(\.site))
        var siteNames: [String] = []
        for s in ExtramedullarySite.allCases where emdSites.contains(s) { siteNames.append(try w.text("sites.\(s.rawValue)")) }
        let e = Markup.escape
        func orFalse(_ s: String?) -> Any { s.map { $0 as Any } ?? false }
        return [
            "hasDraws": !a.draws.isEmpty,
            "drawCount": a.draws.count,
            "firstDraw": orFalse(a.draws.first?.draw.report.specimen.collected.date.description),
            "lastDraw": orFalse(last?.draw.report.specimen.collected.date.description),
            "current": try responseName(a.response.current),
            "best": orFalse(try a.response.best.map { r throws(RenderError) in try responseName(r) }),
            "changeBaseline": orFalse(last?.response.changeFromBaseline.map { NumberFormat.change($0) }),
            // Only a level above the nadir is compared with it ("0.2× its nadir" said the
            // opposite of a new low).
            "changeNadir": orFalse(last?.response.foldFromNadir.flatMap { $0 > 1 ? NumberFormat.fold($0) + "×" : nil }),
            "baselineDate": orFalse(currentLine?.baselineDate?.description),
            "nadirDate": orFalse(currentLine?.nadirDate?.description),
            "line": orFalse(currentLine.flatMap { $0.index > 0 ? "\($0.index)" : nil }),
            "regimen": orFalse(currentLine?.regimen.map(e)),
            "clearance": a.response.current == .notDetected,
            "progression": a.response.current == .rise || a.response.current == .riseUnconfirmed,
            "newClones": orFalse(newClones.isEmpty ? nil : e(newClones.map(\.series.key.description).joined(separator: ", "))),
            "newHighRisk": newClones.contains(where: \.highRisk),
            "discordance": a.alerts.contains { $0.kind == .discordanceCtdnaRise },
            "serologicalProgression": a.alerts.contains { $0.kind == .discordanceSerologicalProgression },
            "emd": orFalse(siteNames.isEmpty ? nil : e(siteNames.joined(separator: ", "))),
            "dominant": orFalse(dominant.map { e($0.series.key.description) }),
            "halfLife": orFalse(dominant?.kinetics.halfLifeDays.map { NumberFormat.fixed($0, digits: 0) }),
            "doubling": orFalse(dominant?.kinetics.doublingTimeDays.map { NumberFormat.fixed($0, digits: 0) }),
            "chip": orFalse(a.variants.filter(\.chip).isEmpty ? nil : e(a.variants.filter(\.chip).map(\.series.key.description).joined(separator: ", "))),
            "risk": try w.phrase { p throws(TemplateError) in e(try p.riskStatus(a.clinical.risk.status)) },
            "riskCriteria": orFalse(a.clinical.risk.criteria.isEmpty ? nil : e(try w.phrase { p throws(TemplateError) in
                try a.clinical.risk.criteria.map { x throws(TemplateError) in try p.riskCriterion(x) }.joined(separator: "; ") })),
            "imwg": orFalse(try a.clinical.imwg.last.map { x throws(RenderError) in
                e(try w.phrase { p throws(TemplateError) in try p.imwg(x.category) }) }),
            "imwgDate": orFalse(a.clinical.imwg.last?.date.description),
            // A lead only when the ctDNA rise came first (a negative lead read "-3 days before").
            "leadTime": orFalse(a.clinical.leadTimeDays.flatMap { $0 > 0 ? String($0) : nil }),
            "cns": a.alerts.contains { $0.kind == .cnsInvolvement },
            "ctdnaNegativeEmd": a.alerts.contains { $0.kind == .ctdnaNegativeEMD },
            "indeterminate": orFalse(a.variants.filter { $0.origin.state == .indeterminate }.isEmpty ? nil
                : e(a.variants.filter { $0.origin.state == .indeterminate }.map(\.series.key.description).joined(separator: ", "))),
            "possibleGermline": orFalse(a.variants.filter { $0.origin.state == .possibleGermline }.isEmpty ? nil
                : e(a.variants.filter { $0.origin.state == .possibleGermline }.map(\.series.key.description).joined(separator: ", "))),
        ]
    }

    func methodsValues() -> [String: Any] {
        let draws = assessment.draws.map(\.draw)
        let assays = Array(Set(draws.map { [$0.report.assay.name, $0.report.assay.version].compactMap { $0 }.joined(separator: " ") })).sorted()
        let formats = Array(Set(draws.map(\.provenance.source.format.rawValue))).sorted()
        let rules = templatesRules
        return [
            "assays": Markup.escape(assays.isEmpty ? "—" : assays.joined(separator: ", ")),
            "formats": Markup.escape(formats.joined(separator: ", ")),
            "rulesName": Markup.escape(assessment.rulesName), "rulesVersion": Markup.escape(assessment.rulesVersion),
            "rulesFile": identity.rulesFile.map(Markup.escape) ?? false,
            "alpha": Format.number(rules.detection.alpha),
            "errorRate": "\(rules.detection.backgroundErrorRate)",
            "window": "\(rules.response.baselineWindowDays)",
            "lysis": "\(rules.response.lysisWindowDays)",
            "confirmation": "\(rules.response.confirmationDays)",
            "fall50": Format.number(rules.response.decrease50 * 100),
            "fall90": Format.number(rules.response.decrease90 * 100),
            "riseFold": Format.number(rules.response.riseFoldFromNadir),
            "pairing": "\(rules.clinical.pairingWindowDays)",
        ]
    }

    var templatesRules: ResponseRules { identity.rules }
}

/// Identity of one rendered report.
struct ReportIdentityInfo {
    let id: String
    let reportDate: CalendarDate
    let rules: ResponseRules
    /// The rules file's path, when the rules came from a file.
    var rulesFile: String? = nil
    var issue: ReportIssue = .draft
    /// The versions issued before this one (printed in the amendment history).
    var history: [ReportRelease] = []
}

/// Number formats shared by the tables and the summary: Presentation's one formatter.
enum Format {
    /// A fraction as a percent figure (12.4, 3.10, 0.075); `–` when absent.
    static func vaf(_ f: Double?) -> String { f.map(NumberFormat.vafPercent) ?? "–" }
    static func percent(_ f: Double) -> String { NumberFormat.percent(f) }
    static func change(_ pct: Double?) -> String? { pct.map { NumberFormat.change($0 / 100) } }
    static func number(_ v: Double) -> String { NumberFormat.number(v) }
}
