import Foundation
import CtDNAModel

/// CHIP, germline, emergent and high-risk calls for variant series.
enum VariantClassification {
    /// Germline: reported so, or VAF in the heterozygous band or above the homozygous
    /// floor at every detected draw (at least `minimumDraws`) and stable within
    /// `stableMaxFold` (rules.germline; our choice of thresholds).
    static func germline(_ s: VariantSeries, rules: ResponseRules) -> ClassReason? {
        if s.origin == .germline { return .reportedGermline }
        let g = rules.germline
        let vafs = s.points.filter(\.detected).compactMap { $0.alleleFraction?.fraction }
        guard vafs.count >= g.minimumDraws, s.points.allSatisfy({ $0.detected || $0.status != .notDetected }) else { return nil }
        let inBand = vafs.allSatisfy { (g.heterozygousLow...g.heterozygousHigh).contains($0) }
        let homozygous = vafs.allSatisfy { $0 >= g.homozygousMin }
        guard inBand || homozygous, let lo = vafs.min(), let hi = vafs.max(), lo > 0, hi / lo <= g.stableMaxFold else {
            return nil
        }
        return homozygous ? .germlineHomozygous : .germlineHeterozygous
    }

    /// CHIP from the lab's word or matched white cells: the white-cell VAF is below
    /// `whiteCellMaxVaf` and its 95% Wilson interval overlaps the plasma VAF's at some draw.
    /// Without a white-cell depth, the plasma depth stands in for it.
    static func chipByEvidence(_ s: VariantSeries, points: [PointAssessment], rules: ResponseRules) -> ClassReason? {
        if s.origin == .clonalHaematopoiesis { return .reportedClonalHaematopoiesis }
        for a in points {
            guard let wbc = a.point.whiteCellFraction?.fraction, wbc > 0, wbc < rules.chip.whiteCellMaxVaf,
                  let low = a.ciLow, let high = a.ciHigh, let depth = a.point.whiteCellDepth ?? a.point.depth,
                  let wci = Statistics.wilson(successes: Int((wbc * Double(depth)).rounded()), trials: depth) else { continue }
            if wci.low <= high && low <= wci.high {
                return .whiteCells(vaf: wbc)
            }
        }
        return nil
    }

    /// CHIP on a CH gene (never TP53, KRAS, NRAS, BRAF on the gene alone): detected at
    /// ≥ `minimumDraws` draws, never not-detected, VAF within `flatMaxFold`, while the
    /// tumour burden moved by ≥ `tumourMinFold`.
    static func chipByGene(_ s: VariantSeries, tumourFold: Double?, rules: ResponseRules) -> ClassReason? {
        let c = rules.chip
        guard c.genes.contains(s.gene), !c.neverOnGeneAlone.contains(s.gene) else { return nil }
        let vafs = s.points.filter(\.detected).compactMap { $0.alleleFraction?.fraction }
        guard vafs.count >= c.minimumDraws, !s.points.contains(where: { $0.status == .notDetected }),
              let lo = vafs.min(), let hi = vafs.max(), lo > 0, hi / lo < c.flatMaxFold,
              let tumourFold, tumourFold >= c.tumourMinFold else { return nil }
        return .flatInChGene(gene: s.gene, variantFold: hi / lo, tumourFold: tumourFold)
    }

    /// High risk: TP53, KRAS/NRAS, BRAF V600E, CIC, MYC (rules.highRisk).
    static func highRisk(_ s: VariantSeries, rules: ResponseRules) -> Bool {
        rules.highRisk.genes.contains(s.gene) || rules.highRisk.variants.contains(s.key.description)
    }
}
