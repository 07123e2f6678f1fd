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
            let origin = OriginClassifier.classify(s, points: points, timeline: timeline, draws: trend.draws, rules: rules)
            return VariantAssessment(series: s, points: points, origin: origin, emergent: false, highRisk: false,
                                     firstDetected: s.points.first(where: \.detected)?.collected, kinetics: .none)
        }
        for i in variants.indices {
            variants[i].highRisk = variants[i].isTumour && rules.highRisk.genes.contains(variants[i].series.gene)
        }
        let engine = ResponseEngine(draws: trend.draws, variants: variants, timeline: timeline, rules: rules)
        let result = engine.run()
        for clone in result.newClones { variants[clone.variant].emergent = true }
        for i in variants.indices {
            variants[i].kinetics = KineticsFit.fit(variants[i].series.points, draws: result.draws)
        }
        let clinical = ClinicalPictureBuilder(timeline: timeline, draws: result.draws, variants: variants, rules: rules).build()
        let alerts = AlertBuilder(draws: result.draws, variants: variants, newClones: result.newClones, timeline: timeline,
                                  clinical: clinical, rules: rules).build()
        return PatientAssessment(patient: timeline.patient, rulesName: rules.name, rulesVersion: rules.version,
                                 lines: result.lines, draws: result.draws, variants: variants, response: result.overall,
                                 alerts: alerts.sorted { ($0.collected ?? .unixEpoch) < ($1.collected ?? .unixEpoch) },
                                 clinical: clinical, amendments: timeline.amendments)
    }
}
