import CtDNAModel

/// Per-point numbers: confidence interval, limit of detection, genome equivalents.
enum PointMetrics {
    /// Mass of one haploid human genome, ng (3.3 pg): hGE/mL = VAF × cfDNA ng/mL ÷ 0.0033
    /// (Devonshire et al. 2014, Anal Bioanal Chem 406:6499).
    static let nanogramsPerHaploidGenome = 0.0033

    static func assess(_ p: SeriesPoint, report: ResultReport, rules: ResponseRules) -> PointAssessment {
        var a = PointAssessment(point: p, ciLow: nil, ciHigh: nil, ciFromVAF: false, lod: nil, lodSource: nil,
                                belowLoD: false, hgePerMl: nil)
        if let depth = p.depth, depth > 0 {
            let alt: Int?
            if p.detected {
                if let reads = p.altReads {
                    alt = reads
                } else {
                    alt = p.alleleFraction.map { Int(($0.fraction * Double(depth)).rounded()) }
                    a.ciFromVAF = true
                }
            } else if p.status == .notDetected {
                alt = 0
            } else {
                alt = nil
            }
            if let alt, let ci = Statistics.wilson(successes: alt, trials: depth) {
                (a.ciLow, a.ciHigh) = ci
            }
        }
        (a.lod, a.lodSource) = limit(report: report, depth: p.depth, rules: rules)
        if p.detected, let vaf = p.alleleFraction?.fraction, let lod = a.lod { a.belowLoD = vaf < lod }
        if let cfDNA = report.specimen.cfDNANanogramsPerMl, p.status == .detected || p.status == .notDetected {
            a.hgePerMl = (p.alleleFraction?.fraction ?? 0) * cfDNA / nanogramsPerHaploidGenome
        }
        return a
    }

    /// The assay's reported LoD, else the binomial detection limit at this depth.
    static func limit(report: ResultReport, depth: Int?, rules: ResponseRules) -> (Double?, LimitSource?) {
        if let lod = report.assay.limitOfDetection { return (lod.fraction, .assay) }
        guard let depth, let lod = Statistics.detectionLimit(depth: depth, minimumAltReads: rules.detectionLimit.minimumAltReads,
                                                             probability: rules.detectionLimit.probability) else {
            return (nil, nil)
        }
        return (lod, .depth)
    }

    /// A draw's LoD: the assay's, else the detection limit at the median depth of its calls.
    static func drawLimit(report: ResultReport, rules: ResponseRules) -> Double? {
        let depths = report.variants.compactMap(\.depth).sorted()
        let median = depths.isEmpty ? nil : depths[depths.count / 2]
        return limit(report: report, depth: median, rules: rules).0
    }
}
