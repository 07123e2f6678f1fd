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
            out.append(v.highRisk
                ? Alert(kind: .newHighRiskClone, message: "new high-risk clone \(v.series.key) detected", collected: date,
                        subject: v.series.key.description)
                : Alert(kind: .newClone, message: "new clone \(v.series.key) detected", collected: date,
                        subject: v.series.key.description))
        }
        for (i, d) in draws.enumerated() {
            let date = d.draw.report.specimen.collected.date
            if d.response == .molecularProgression {
                var alert = Alert(kind: .molecularProgression, message: "molecular progression: \(d.reason)", collected: date)
                switch d.signal {
                case .newVariants(let keys): alert.subject = keys.joined(separator: ", ")
                case .redetection: alert.redetected = true
                case .foldFromNadir(let f): alert.fold = f
                case nil: break
                }
                out.append(alert)
            }
            if unconfirmed.contains(i) {
                out.append(Alert(kind: .unconfirmedProgression,
                                 message: "possible molecular progression awaiting a confirming draw", collected: date))
            }
            switch d.draw.report.quality {
            case .qualified: out.append(Alert(kind: .qcQualified, message: "sample QC qualified: interpret with caution", collected: date))
            case .fail: out.append(Alert(kind: .qcFailed, message: "sample failed QC: not evaluable", collected: date))
            case .pass: break
            }
            if d.draw.report.specimen.collectedIsEstimated {
                out.append(Alert(kind: .estimatedDate, message: "collection date estimated from the received or issued date",
                                 collected: date))
            }
        }
        out += discordance()
        for s in timeline.imaging where !s.extramedullarySites.isEmpty {
            out.append(Alert(kind: .extramedullary,
                             message: "\(s.modality.rawValue): extramedullary disease (\(s.extramedullarySites.map(\.rawValue).joined(separator: ", ")))",
                             collected: s.performed, subject: s.modality.rawValue))
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
                out.append(Alert(kind: .discordance,
                                 message: "ctDNA burden \(FixedPoint.text(m / n.burden, digits: 1))-fold its nadir while M-protein is "
                                     + "\(mpNow <= mpNadir ? "flat or falling" : "nearly flat") (\(FixedPoint.text(mpNadir, digits: 2)) → "
                                     + "\(FixedPoint.text(mpNow, digits: 2)) g/dL): suspect extramedullary or non-secretory progression",
                                 collected: date, fold: m / n.burden))
            }
            if m < (nadir?.burden ?? .infinity) { nadir = (date, m) }
        }
        return out
    }
}
