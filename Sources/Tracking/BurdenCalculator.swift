import CtDNAModel
import Foundation

/// Tumour burden per draw over the tracked tumour variants (CHIP and germline excluded).
struct BurdenCalculator {
    let draws: [Draw]
    let variants: [VariantAssessment]
    let rules: ResponseRules
    /// Mean VAF per draw: detected VAF, not detected 0, over the tumour variants the draw
    /// tested; nil when it tested none or failed QC.
    let meanVafs: [Double?]
    let maxVafs: [Double?]
    let lods: [Double?]

    init(draws: [Draw], variants: [VariantAssessment], rules: ResponseRules) {
        self.draws = draws
        self.variants = variants
        self.rules = rules
        var means: [Double?] = []
        var maxes: [Double?] = []
        for d in draws {
            let id = d.report.identity.id
            let values = variants.filter(\.isTumour).compactMap { v -> Double? in
                guard let p = v.series.points.first(where: { $0.reportID == id }) else { return nil }
                switch p.status {
                case .detected: return p.alleleFraction?.fraction ?? 0
                case .notDetected: return 0
                case .notCovered, .failedQC: return nil
                }
            }
            if values.isEmpty || d.report.quality == .fail {
                means.append(nil)
                maxes.append(nil)
            } else {
                means.append(values.reduce(0, +) / Double(values.count))
                maxes.append(values.max())
            }
        }
        meanVafs = means
        maxVafs = maxes
        lods = draws.map { PointMetrics.drawLimit(report: $0.report, rules: rules) }
    }

    func isEvaluable(_ i: Int) -> Bool { meanVafs[i] != nil }

    /// The first evaluable draw on or after `date` (or the first evaluable draw).
    func baselineIndex(on date: CalendarDate?) -> Int? {
        draws.indices.first { i in
            isEvaluable(i) && (date.map { draws[i].report.specimen.collected.date >= $0 } ?? true)
        }
    }

    /// Lowest burden over evaluable draws from the baseline through `through` (inclusive).
    func nadir(from baseline: Int, through: Int) -> (index: Int, value: Double)? {
        guard through >= baseline else { return nil }
        var best: (Int, Double)?
        for i in baseline...through {
            if let m = meanVafs[i], m < (best?.1 ?? .infinity) { best = (i, m) }
        }
        return best
    }

    /// Percent change and log10 fold of `value` against `reference`.
    static func change(_ value: Double, from reference: Double) -> (pct: Double?, log10: Double?) {
        guard reference > 0 else { return (nil, nil) }
        return ((value - reference) / reference * 100, value > 0 ? log10(value / reference) : nil)
    }

    func burden(at i: Int, baseline: Int?) -> Burden {
        let report = draws[i].report
        var b = Burden(meanVaf: meanVafs[i], maxVaf: maxVafs[i], tumourFraction: report.tumourFraction?.fraction,
                       hgePerMl: nil, lod: lods[i])
        if let m = meanVafs[i], let cfDNA = report.specimen.cfDNANanogramsPerMl {
            b.hgePerMl = m * cfDNA / PointMetrics.nanogramsPerHaploidGenome
        }
        if let m = meanVafs[i], let baseline, i >= baseline, let b0 = meanVafs[baseline] {
            (b.changeFromBaselinePct, b.changeFromBaselineLog10) = Self.change(m, from: b0)
            if let n = nadir(from: baseline, through: i) {
                (b.changeFromNadirPct, b.changeFromNadirLog10) = Self.change(m, from: n.value)
            }
        }
        return b
    }
}
