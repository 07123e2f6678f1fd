import CtDNAModel
import Foundation

/// The tracker: pure functions from a patient's timeline to an assessment.
public enum Tracker {
    /// Assesses a timeline under `rules`: one segment per therapy line (see `ResponseEngine`).
    public static func assess(_ timeline: PatientTimeline, rules: ResponseRules = .defaults) -> PatientAssessment {
        let trend = Trend.build(timeline)
        let reports = Dictionary(trend.draws.map { ($0.report.identity.id, $0.report) }, uniquingKeysWith: { a, _ in a })
        var variants = trend.variants.map { s in
            let points = s.points.compactMap { p in reports[p.reportID].map { PointMetrics.assess(p, report: $0, rules: rules) } }
            return VariantAssessment(series: s, points: points, chip: false, germline: false, classReason: nil,
                                     emergent: false, highRisk: VariantClassification.highRisk(s, rules: rules),
                                     firstDetected: s.points.first(where: \.detected)?.collected, kinetics: .none)
        }
        classify(&variants, rules: rules)
        let engine = ResponseEngine(draws: trend.draws, variants: variants, lines: timeline.therapyLines, rules: rules)
        let result = engine.run()
        for clone in result.newClones { variants[clone.variant].emergent = true }
        for i in variants.indices {
            variants[i].kinetics = KineticsFit.fit(variants[i].series.points, draws: result.draws)
        }
        let clinical = ClinicalPictureBuilder(timeline: timeline, draws: result.draws, variants: variants, rules: rules).build()
        let alerts = AlertBuilder(draws: result.draws, variants: variants, newClones: result.newClones, timeline: timeline,
                                  rules: rules).build()
        return PatientAssessment(patient: timeline.patient, rulesName: rules.name, rulesVersion: rules.version,
                                 lines: result.lines, draws: result.draws, variants: variants, response: result.overall,
                                 alerts: alerts.sorted { ($0.collected ?? .unixEpoch) < ($1.collected ?? .unixEpoch) },
                                 clinical: clinical, amendments: timeline.amendments)
    }

    /// Germline first, then CH by the lab's word or white cells, then CH by gene against
    /// the movement of the remaining tumour variants (for display; the tracked set of each
    /// line is classified on the data up to its baseline only).
    static func classify(_ variants: inout [VariantAssessment], rules: ResponseRules) {
        for i in variants.indices {
            if let why = VariantClassification.germline(variants[i].series, rules: rules) {
                variants[i].germline = true
                variants[i].classReason = why
            } else if let why = VariantClassification.chipByEvidence(variants[i].series, points: variants[i].points, rules: rules) {
                variants[i].chip = true
                variants[i].classReason = why
            }
        }
        // The tumour's movement: the highest VAF per draw among variants neither classified
        // nor in CH genes (not detected counts 0), as a max/min fold.
        let core = variants.filter { $0.isTumour && !rules.chip.genes.contains($0.series.gene) }
        var perDraw: [String: Double] = [:]
        for v in core {
            for p in v.series.points where p.status == .detected || p.status == .notDetected {
                perDraw[p.reportID] = max(perDraw[p.reportID] ?? 0, p.alleleFraction?.fraction ?? 0)
            }
        }
        var tumourFold: Double?
        if let hi = perDraw.values.max(), let lo = perDraw.values.min(), hi > 0 {
            tumourFold = lo > 0 ? hi / lo : .infinity
        }
        for i in variants.indices where variants[i].isTumour {
            if let why = VariantClassification.chipByGene(variants[i].series, tumourFold: tumourFold, rules: rules) {
                variants[i].chip = true
                variants[i].classReason = why
            }
        }
    }
}
