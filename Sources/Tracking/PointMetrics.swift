import CtDNAModel

/// Per-point numbers: confidence interval, limit of detection, genome equivalents.
enum PointMetrics {
    static let nanogramsPerHaploidGenome = DetectionTest.nanogramsPerHaploidGenome

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
        // Mutant genome equivalents only for a detected VAF: a not-detected one is censored, not 0.
        if let cfDNA = report.specimen.cfDNANanogramsPerMl, p.detected, let f = p.alleleFraction?.fraction {
            a.hgePerMl = f * cfDNA / nanogramsPerHaploidGenome
        }
        return a
    }

    /// The point's own LoD95: the VAF this one variant's depth detects with 95 %
    /// probability against its background (the sample test with one variant), never
    /// below the assay's reported LoD; the assay's LoD alone when no depth is known.
    static func limit(report: ResultReport, depth: Int?, rules: ResponseRules) -> (Double?, LimitSource?) {
        guard let depth, depth > 0 else { return (report.assay.limitOfDetection?.fraction, report.assay.limitOfDetection == nil ? nil : .assay) }
        let error = report.assay.backgroundErrorRate?.fraction ?? rules.detection.backgroundErrorRate
        let evidence = VariantEvidence(altReads: 0, depth: depth, errorRate: error, altFromVaf: false, errorFromDefault: false)
        return DetectionTest.lod95(tested: [evidence], background: Double(depth) * error, report: report, rules: rules)
    }
}
