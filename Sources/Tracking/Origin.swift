import CtDNAModel
import Foundation

/// Where a variant comes from, as far as the evidence shows.
public enum OriginState: String, Sendable, Codable, CaseIterable {
    case tumour
    case clonalHaematopoiesis = "clonal-haematopoiesis"
    case germline
    case possibleGermline = "possible-germline"
    case indeterminate
}

/// Why a variant has its origin (worded by Presentation).
public enum OriginReason: String, Sendable, Codable, CaseIterable {
    case reportedSomatic = "reported-somatic"
    case reportedGermline = "reported-germline"
    case reportedCH = "reported-clonal-haematopoiesis"
    case marrowBiopsy = "seen-in-marrow-biopsy"
    case emdBiopsy = "seen-in-extramedullary-biopsy"
    case whiteCellsBelowPlasma = "white-cells-below-plasma"
    case whiteCellsCH = "white-cells-clonal-haematopoiesis"
    case whiteCellsGermline = "white-cells-germline"
    case whiteCellsMosaic = "white-cells-20-to-30-percent"
    case chProneGeneNoEvidence = "ch-prone-gene-no-evidence"
    case chProneGeneAfterTherapy = "ch-prone-gene-after-therapy"
    case germlineVafPattern = "germline-vaf-pattern"
    case baselineTumourSet = "baseline-tumour-set"
    case myelomaVariantNoContraryEvidence = "no-contrary-evidence"
}

public struct OriginCall: Sendable, Hashable {
    public var state: OriginState
    public var reason: OriginReason
}

/// The origin rules (rules.origin and rules.germline; sources in the rules file), in order:
/// the lab's word; matched white cells (Chan et al. 2020); a tumour biopsy; a CH-prone
/// gene without evidence (indeterminate); a germline-like VAF pattern (possible germline,
/// unless the tumour fraction explains it); else tumour. Pure: `upTo` limits the evidence
/// to draws collected on or before a date, so a line's tracked set never depends on later data.
enum OriginClassifier {
    static func classify(_ s: VariantSeries, points: [PointAssessment], timeline: PatientTimeline, draws: [Draw],
                         rules: ResponseRules, upTo: CalendarDate? = nil) -> OriginCall {
        let pts = points.filter { p in upTo.map { p.point.collected <= $0 } ?? true }
        let series = s.points.filter { p in upTo.map { p.collected <= $0 } ?? true }
        switch s.origin {
        case .germline: return OriginCall(state: .germline, reason: .reportedGermline)
        case .clonalHaematopoiesis: return OriginCall(state: .clonalHaematopoiesis, reason: .reportedCH)
        case .somatic, .unknown: break
        }
        if let call = whiteCells(pts, rules: rules) { return call }
        if s.origin == .somatic { return OriginCall(state: .tumour, reason: .reportedSomatic) }
        let key = s.key.description
        for b in timeline.biopsies where b.variants.contains(key) && (upTo.map { b.performed <= $0 } ?? true) {
            return OriginCall(state: .tumour, reason: b.source == .marrow ? .marrowBiopsy : .emdBiopsy)
        }
        let first = series.first(where: \.detected)
        let therapyStart = timeline.therapyLines.map(\.start).min()
        let afterTherapy = first.flatMap { f in therapyStart.map { f.collected > $0 } } ?? false
        let chProne = rules.origin.chProneGenes.contains(s.gene)
        if chProne && afterTherapy { return OriginCall(state: .indeterminate, reason: .chProneGeneAfterTherapy) }
        if germlinePattern(series, draws: draws, rules: rules) {
            return OriginCall(state: .possibleGermline, reason: .germlineVafPattern)
        }
        if chProne {
            // Before therapy, at a level the reported tumour fraction explains: the baseline tumour set.
            let tf = first.flatMap { f in draws.first { $0.report.identity.id == f.reportID }?.report.tumourFraction?.fraction }
            if let tf, let v = first?.alleleFraction?.fraction, v <= tf {
                return OriginCall(state: .tumour, reason: .baselineTumourSet)
            }
            return OriginCall(state: .indeterminate, reason: .chProneGeneNoEvidence)
        }
        return OriginCall(state: .tumour, reason: .myelomaVariantNoContraryEvidence)
    }

    /// Matched white cells against plasma at each draw that has both, the latest deciding.
    static func whiteCells(_ points: [PointAssessment], rules: ResponseRules) -> OriginCall? {
        var call: OriginCall?
        for a in points {
            guard let wbc = a.point.whiteCellFraction?.fraction, let plasma = a.point.alleleFraction?.fraction,
                  let depth = a.point.whiteCellDepth ?? a.point.depth, depth > 0,
                  let wci = Statistics.wilson(successes: Int((wbc * Double(depth)).rounded()), trials: depth),
                  let low = a.ciLow, let high = a.ciHigh else { continue }
            if low > wci.high {
                call = OriginCall(state: .tumour, reason: .whiteCellsBelowPlasma)
            } else if wbc < rules.origin.whiteCellChMax && (wci.low <= high && low <= wci.high || wbc > plasma) {
                call = OriginCall(state: .clonalHaematopoiesis, reason: .whiteCellsCH)
            } else if wbc >= rules.origin.whiteCellGermlineMin && plasma < wbc {
                call = OriginCall(state: .germline, reason: .whiteCellsGermline)
            } else if wbc >= rules.origin.whiteCellChMax && wbc < rules.origin.whiteCellGermlineMin {
                call = OriginCall(state: .indeterminate, reason: .whiteCellsMosaic)
            }
        }
        return call
    }

    /// VAF near 0.5 or 1.0 at every detected draw (at least rules.germline.minimumDraws),
    /// stable within stableMaxFold, and above the tumour fraction wherever one is reported.
    static func germlinePattern(_ points: [SeriesPoint], draws: [Draw], rules: ResponseRules) -> Bool {
        let g = rules.germline
        let detected = points.filter(\.detected)
        let vafs = detected.compactMap { $0.alleleFraction?.fraction }
        guard vafs.count >= g.minimumDraws, !points.contains(where: { $0.status == .notDetected }) else { return false }
        let inBand = vafs.allSatisfy { (g.heterozygousLow...g.heterozygousHigh).contains($0) }
        let homozygous = vafs.allSatisfy { $0 >= g.homozygousMin }
        guard inBand || homozygous, let lo = vafs.min(), let hi = vafs.max(), lo > 0, hi / lo <= g.stableMaxFold else {
            return false
        }
        let tf = Dictionary(draws.map { ($0.report.identity.id, $0.report.tumourFraction?.fraction) }, uniquingKeysWith: { a, _ in a })
        // A tumour fraction at least the VAF explains it as a clonal tumour variant.
        return !detected.contains { p in
            guard let f = tf[p.reportID] ?? nil, let v = p.alleleFraction?.fraction else { return false }
            return f >= v
        }
    }
}
