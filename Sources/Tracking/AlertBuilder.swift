import CtDNAModel
import Foundation

/// The alerts a clinician should see first.
struct AlertBuilder {
    let draws: [DrawAssessment]
    let variants: [VariantAssessment]
    let timeline: PatientTimeline
    let rules: ResponseRules
    let unconfirmed: [Int]

    func build() -> [Alert] {
        var out: [Alert] = []
        for v in variants where v.isTumour && v.emergent {
            guard let date = v.firstDetected else { continue }
            out.append(Alert(.newClone(variant: v.series.key.description, highRisk: v.highRisk), collected: date))
        }
        for (i, d) in draws.enumerated() {
            let date = d.draw.report.specimen.collected.date
            if d.response == .molecularProgression, let signal = d.signal {
                out.append(Alert(.molecularProgression(signal), collected: date))
            }
            if unconfirmed.contains(i) {
                out.append(Alert(.unconfirmedProgression, collected: date))
            }
            switch d.draw.report.quality {
            case .qualified: out.append(Alert(.qcQualified, collected: date))
            case .fail: out.append(Alert(.qcFailed, collected: date))
            case .pass: break
            }
            if d.draw.report.specimen.collectedIsEstimated {
                out.append(Alert(.estimatedDate, collected: date))
            }
        }
        out += discordance()
        for s in timeline.imaging where !s.extramedullarySites.isEmpty {
            out.append(Alert(.extramedullary(modality: s.modality, sites: s.extramedullarySites), collected: s.performed))
        }
        return out
    }

    /// Burden ≥ discordanceBurdenFold × its nadir while the M-protein paired with the draw
    /// rose less than mProteinFlatMaxRise over the M-protein paired with the nadir draw.
    func discordance() -> [Alert] {
        let c = rules.clinical
        func mProtein(near date: CalendarDate) -> Double? {
            timeline.labValues.filter { $0.marker == .mProtein }
                .map { ($0.value, abs($0.measured.daysSinceEpoch - date.daysSinceEpoch)) }
                .filter { $0.1 <= c.pairingWindowDays }.min { $0.1 < $1.1 }?.0
        }
        var out: [Alert] = []
        var nadir: (date: CalendarDate, burden: Double)?
        for d in draws where d.response != .notEvaluable {
            guard let m = d.burden.meanVaf else { continue }
            let date = d.draw.report.specimen.collected.date
            if let n = nadir, n.burden > 0, m >= c.discordanceBurdenFold * n.burden,
               let mpNow = mProtein(near: date), let mpNadir = mProtein(near: n.date),
               mpNow <= mpNadir * (1 + c.mProteinFlatMaxRise) {
                out.append(Alert(.discordance(fold: m / n.burden, mProteinAtNadir: mpNadir, mProteinNow: mpNow), collected: date))
            }
            if m < (nadir?.burden ?? .infinity) { nadir = (date, m) }
        }
        return out
    }
}
