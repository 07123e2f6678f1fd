import CtDNAModel
import Foundation

/// The tracker: pure functions from a patient's timeline to an assessment.
public enum Tracker {
    /// Assesses a timeline under `rules`. `baseline` marks the baseline draw by date
    /// (the first evaluable draw on or after it); by default the first evaluable draw.
    public static func assess(_ timeline: PatientTimeline, rules: ResponseRules = .defaults,
                              baseline: CalendarDate? = nil) -> PatientAssessment {
        let trend = Trend.build(timeline)
        let reports = Dictionary(trend.draws.map { ($0.report.identity.id, $0.report) }, uniquingKeysWith: { a, _ in a })
        var variants = trend.variants.map { s in
            let points = s.points.compactMap { p in reports[p.reportID].map { PointMetrics.assess(p, report: $0, rules: rules) } }
            return VariantAssessment(series: s, points: points, chip: false, germline: false, classReason: nil,
                                     emergent: false, highRisk: VariantClassification.highRisk(s, rules: rules),
                                     firstDetected: s.points.first(where: \.detected)?.collected,
                                     kinetics: KineticsFit.fit(s.points))
        }
        classify(&variants, draws: trend.draws, rules: rules)
        let burdens = BurdenCalculator(draws: trend.draws, variants: variants, rules: rules)
        let baselineIndex = burdens.baselineIndex(on: baseline)
        markEmergent(&variants, draws: trend.draws, baselineIndex: baselineIndex)
        let responder = ResponseClassifier(burdens: burdens, variants: variants, rules: rules, baselineIndex: baselineIndex)
        let draws = responder.classifyAll()
        let clinical = ClinicalPictureBuilder(timeline: timeline, draws: draws, variants: variants, rules: rules).build()
        let alerts = AlertBuilder(draws: draws, variants: variants, timeline: timeline, rules: rules,
                                  unconfirmed: responder.unconfirmed).build()
        return PatientAssessment(patient: timeline.patient, rulesName: rules.name, rulesVersion: rules.version,
                                 draws: draws, variants: variants, response: responder.overall(draws),
                                 alerts: alerts.sorted { ($0.collected ?? .unixEpoch) < ($1.collected ?? .unixEpoch) },
                                 clinical: clinical, amendments: timeline.amendments)
    }

    /// Germline first, then CHIP by the lab's word or white cells, then CHIP by gene
    /// against the movement of the remaining tumour variants.
    static func classify(_ variants: inout [VariantAssessment], draws: [Draw], rules: ResponseRules) {
        for i in variants.indices {
            if let why = VariantClassification.germline(variants[i].series, rules: rules) {
                variants[i].germline = true
                variants[i].classReason = why
            } else if let why = VariantClassification.chipByEvidence(variants[i].series, points: variants[i].points, rules: rules) {
                variants[i].chip = true
                variants[i].classReason = why
            }
        }
        // The tumour's movement, from variants that are neither classified nor in CH genes.
        let core = variants.filter { $0.isTumour && !rules.chip.genes.contains($0.series.gene) }
        let coreBurdens = BurdenCalculator(draws: draws, variants: core, rules: rules).meanVafs.compactMap { $0 }
        var tumourFold: Double?
        if let hi = coreBurdens.max(), let lo = coreBurdens.min(), hi > 0 {
            tumourFold = lo > 0 ? hi / lo : .infinity
        }
        for i in variants.indices where variants[i].isTumour {
            if let why = VariantClassification.chipByGene(variants[i].series, tumourFold: tumourFold, rules: rules) {
                variants[i].chip = true
                variants[i].classReason = why
            }
        }
    }

    /// Emergent: a tumour variant not detected at baseline (not tested, or tested and
    /// not detected) and detected at a later draw.
    static func markEmergent(_ variants: inout [VariantAssessment], draws: [Draw], baselineIndex: Int?) {
        guard let b = baselineIndex else { return }
        let baselineID = draws[b].report.identity.id
        let baselineDate = draws[b].report.specimen.collected.date
        for i in variants.indices where variants[i].isTumour {
            let atBaseline = variants[i].series.points.first { $0.reportID == baselineID }
            let laterDetected = variants[i].series.points.contains { $0.detected && $0.collected > baselineDate }
            variants[i].emergent = atBaseline?.detected != true && laterDetected
        }
    }
}
