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
        return ClinicalPicture(therapyLines: timeline.therapyLines, labValues: timeline.labValues,
                               marrow: timeline.marrow, imaging: timeline.imaging, pairs: pairs, correlations: correlations(pairs),
                               highRiskMarkers: highRiskMarkers(), extramedullary: extramedullary())
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

    /// High-risk markers with the draw where first seen (IMS/IMWG 2025: TP53 / del(17p);
    /// t(4;14), t(14;16), t(14;20), gain(1q), MYC; RAS, BRAF V600E and CIC in EMD).
    func highRiskMarkers() -> [HighRiskMarker] {
        var out: [String: HighRiskMarker] = [:]
        func note(_ marker: String, _ date: CalendarDate, _ source: String) {
            if let seen = out[marker], seen.firstSeen <= date { return }
            out[marker] = HighRiskMarker(marker: marker, firstSeen: date, source: source)
        }
        for d in draws {
            let date = d.draw.report.specimen.collected.date
            for f in d.draw.report.findings where f.detected {
                switch f.kind {
                case .del17p, .t4_14, .t14_16, .t14_20, .gain1q, .mycRearrangement:
                    note(f.kind.rawValue, date, "finding")
                case .copyNumber where f.gene == "MYC" && (f.detail ?? "").contains("amplification"):
                    note("MYC amplification", date, "finding")
                default: break
                }
            }
        }
        for v in variants where v.isTumour && v.highRisk {
            if let first = v.firstDetected { note(v.series.key.description, first, "variant") }
        }
        return out.values.sorted { ($0.firstSeen, $0.marker) < ($1.firstSeen, $1.marker) }
    }

    func extramedullary() -> [ExtramedullaryFinding] {
        timeline.imaging.filter { !$0.extramedullarySites.isEmpty }.map {
            ExtramedullaryFinding(date: $0.performed, modality: $0.modality, sites: $0.extramedullarySites)
        }
    }
}
