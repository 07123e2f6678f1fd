import CtDNAModel
import Foundation

/// The alerts a clinician should see first.
struct AlertBuilder {
    let draws: [DrawAssessment]
    let variants: [VariantAssessment]
    let newClones: [(variant: Int, draw: Int, line: Int)]
    let timeline: PatientTimeline
    let rules: ResponseRules

    func build() -> [Alert] {
        var out: [Alert] = []
        var seen = Set<Int>()
        for clone in newClones where seen.insert(clone.variant).inserted {
            let v = variants[clone.variant]
            let date = draws.first { $0.draw.report.identity.id == draws[clone.draw].draw.report.identity.id }?
                .draw.report.specimen.collected.date
            out.append(Alert(.newClone(variant: v.series.key.description, highRisk: v.highRisk), collected: date))
        }
        for d in draws {
            let date = d.draw.report.specimen.collected.date
            switch d.response.category {
            case .rise: out.append(Alert(.rise(line: d.line ?? 0, fold: d.response.foldFromNadir), collected: date))
            case .riseUnconfirmed:
                out.append(Alert(.riseUnconfirmed(line: d.line ?? 0, fold: d.response.foldFromNadir), collected: date))
            default: break
            }
            switch d.draw.report.quality {
            case .qualified: out.append(Alert(.qcQualified, collected: date))
            case .fail: out.append(Alert(.qcFailed, collected: date))
            case .pass: break
            }
            if d.draw.report.specimen.collectedIsEstimated { out.append(Alert(.estimatedDate, collected: date)) }
        }
        out += discordance()
        for s in timeline.imaging where !s.extramedullarySites.isEmpty {
            out.append(Alert(.extramedullary(modality: s.modality, sites: s.extramedullarySites), collected: s.performed))
        }
        return out
    }

    /// A ctDNA rise (confirmed or not) at least discordanceBurdenFold × the line's nadir while
    /// the M-protein paired with the draw rose less than mProteinFlatMaxRise over the
    /// M-protein paired with the nadir draw.
    func discordance() -> [Alert] {
        let c = rules.clinical
        func mProtein(near date: CalendarDate) -> Double? {
            timeline.labValues.filter { $0.marker == .mProtein }
                .map { ($0.value, abs($0.measured.daysSinceEpoch - date.daysSinceEpoch)) }
                .filter { $0.1 <= c.pairingWindowDays }.min { $0.1 < $1.1 }?.0
        }
        var out: [Alert] = []
        var nadir: [Int?: (date: CalendarDate, level: Double)] = [:]
        for d in draws where d.response.category != .notEvaluable {
            guard let level = d.detection.level else { continue }
            let date = d.draw.report.specimen.collected.date
            if let n = nadir[d.line], n.level > 0, level >= c.discordanceBurdenFold * n.level,
               d.response.category == .rise || d.response.category == .riseUnconfirmed,
               let mpNow = mProtein(near: date), let mpNadir = mProtein(near: n.date),
               mpNow <= mpNadir * (1 + c.mProteinFlatMaxRise) {
                out.append(Alert(.discordance(fold: level / n.level, mProteinAtNadir: mpNadir, mProteinNow: mpNow), collected: date))
            }
            if level < (nadir[d.line]?.level ?? .infinity) { nadir[d.line] = (date, level) }
        }
        return out
    }
}
