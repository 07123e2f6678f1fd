import CtDNAModel
import Foundation

/// Serum, marrow and imaging beside the ctDNA: pairing with draws, correlation,
/// high-risk markers and extramedullary sites.
struct ClinicalPictureBuilder {
    let timeline: PatientTimeline
    let draws: [DrawAssessment]
    let variants: [VariantAssessment]
    let rules: ResponseRules

    func build() -> ClinicalPicture {
        let pairs = markerPairs()
        let imaging = LesionRules.assess(timeline.imaging)
        let imwg = IMWGRules.assess(timeline, imaging: imaging, rules: rules)
        let r = rules.risk
        return ClinicalPicture(
            therapyLines: timeline.therapyLines, labValues: timeline.labValues, marrow: timeline.marrow,
            pairs: pairs, correlations: correlations(pairs),
            risk: RiskRules.assess(timeline, variants: variants, rules: rules),
            emdAssociated: RiskRules.markers(variants, genes: r.emdAssociatedGenes, keys: r.emdAssociatedVariants),
            actionable: RiskRules.markers(variants, genes: [], keys: r.actionableVariants),
            imaging: imaging, imwg: imwg, leadTimeDays: leadTime(imwg: imwg, imaging: imaging),
            mrd: timeline.marrow.filter { $0.mrd != nil }.map {
                MarrowMRD(date: $0.performed, result: $0.mrd, method: $0.mrdMethod, sensitivity: $0.mrdSensitivity,
                          reaches1e5: $0.mrdSensitivity.map { $0 <= 1e-5 })
            },
            plasmaCellLeukaemia: timeline.labValues.filter { $0.marker == .circulatingPlasmaCells && $0.value >= 5 }
                .map(\.measured).min(),
            notes: notes(imwg))
    }

    /// Days from the first ctDNA rise (confirmed or not) to the first IMWG PD or new
    /// extramedullary lesion in the same line or later; negative when progression came first.
    func leadTime(imwg: [IMWGAssessment], imaging: [ImagingAssessment]) -> Int? {
        guard let riseDraw = draws.first(where: { $0.response.category == .rise || $0.response.category == .riseUnconfirmed })
        else { return nil }
        let rise = riseDraw.draw.report.specimen.collected.date
        let from = timeline.therapyLines.filter { $0.start <= rise }.map(\.start).max() ?? .unixEpoch
        let pd = imwg.filter { $0.category == .PD && $0.date >= from }.map(\.date)
        let lesions = imaging.filter { s in s.date >= from && s.lesions.contains { $0.status == .new && $0.lesionClass != .paraskeletal } }
            .map(\.date)
        return (pd + lesions).min().map { $0.daysSinceEpoch - rise.daysSinceEpoch }
    }

    func notes(_ imwg: [IMWGAssessment]) -> [ClinicalNote] {
        var out: [ClinicalNote] = []
        let antiCD38 = timeline.therapyLines.contains { line in
            ([line.regimen] + line.drugs).contains { d in
                let l = d.lowercased()
                return l.contains("daratumumab") || l.contains("isatuximab") || l.hasPrefix("dara") || l.hasPrefix("isa-")
            }
        }
        let smallSpike = timeline.labValues.contains { $0.marker == .mProtein && $0.value > 0 && $0.value < 0.5 }
        if antiCD38 && smallSpike { out.append(.antiCD38Interference) }
        if timeline.marrow.contains(where: { $0.mrd != nil }) { out.append(.ctdnaIsNotMRD) }
        return out
    }

    /// The draw nearest `date` within rules.clinical.pairingWindowDays (the earlier on a tie).
    func nearestDraw(to date: CalendarDate) -> DrawAssessment? {
        let window = rules.clinical.pairingWindowDays
        return draws
            .map { ($0, abs($0.draw.report.specimen.collected.date.daysSinceEpoch - date.daysSinceEpoch)) }
            .filter { $0.1 <= window }
            .min { $0.1 < $1.1 }?.0
    }

    func markerPairs() -> [MarkerPair] {
        var values: [(String, CalendarDate, Double)] = timeline.labValues.map { ($0.marker.rawValue, $0.measured, $0.value) }
        values += timeline.marrow.compactMap { m in m.plasmaCellPercent.map { ("marrow-plasma-cell-percent", m.performed, $0) } }
        return values.compactMap { marker, date, value in
            nearestDraw(to: date).map {
                MarkerPair(marker: marker, measured: date, value: value,
                           drawCollected: $0.draw.report.specimen.collected.date, level: $0.detection.level)
            }
        }
    }

    /// Spearman's rho of the ctDNA level against each marker with enough pairs (descriptive;
    /// pairs whose draw was not detected are left out: a censored level has no rank).
    func correlations(_ pairs: [MarkerPair]) -> [Correlation] {
        Dictionary(grouping: pairs.filter { $0.level != nil }, by: \.marker).sorted { $0.key < $1.key }.compactMap { marker, list in
            guard list.count >= rules.clinical.minimumPairsForCorrelation,
                  let rho = Statistics.spearman(list.compactMap(\.level), list.map(\.value)) else { return nil }
            return Correlation(marker: marker, pairs: list.count, spearmanRho: rho)
        }
    }
}
