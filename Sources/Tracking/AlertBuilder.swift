import CtDNAModel
import Foundation

/// The alerts a clinician should see first.
struct AlertBuilder {
    let draws: [DrawAssessment]
    let variants: [VariantAssessment]
    let newClones: [(variant: Int, draw: Int, line: Int)]
    let timeline: PatientTimeline
    let clinical: ClinicalPicture
    let rules: ResponseRules

    func build() -> [Alert] {
        var out: [Alert] = []
        var seen = Set<Int>()
        for clone in newClones where seen.insert(clone.variant).inserted {
            let v = variants[clone.variant]
            out.append(Alert(.newClone(variant: v.series.key.description, highRisk: v.highRisk),
                             collected: draws.first { $0.draw.report.identity.id == draws[clone.draw].draw.report.identity.id }?
                                 .draw.report.specimen.collected.date))
        }
        for v in variants where v.origin.state == .possibleGermline && !v.isBenign {
            out.append(Alert(.possibleGermline(variant: v.series.key.description), collected: v.firstDetected))
        }
        for d in draws {
            let date = d.draw.report.specimen.collected.date
            switch d.response.category {
            case .rise: out.append(Alert(.rise(line: d.line ?? 0, fold: d.response.foldFromNadir), collected: date))
            case .riseUnconfirmed:
                out.append(Alert(.riseUnconfirmed(line: d.line ?? 0, fold: d.response.foldFromNadir), collected: date))
            default: break
            }
            let s = d.draw.report.specimen
            switch d.draw.report.quality {
            case .qualified: out.append(Alert(.qcQualified, collected: date))
            case .fail: out.append(Alert(.qcFailed, collected: date))
            case .pass: break
            }
            if s.collectedIsEstimated { out.append(Alert(.estimatedDate, collected: date)) }
            if let hours = s.processingHours, hours > rules.preanalytics.edtaMaxHours,
               (s.tubeType ?? "").uppercased().contains("EDTA") {
                out.append(Alert(.preanalyticDelay(hours: hours), collected: date))
            }
            if let ng = s.cfDNANanogramsPerMl, ng > rules.preanalytics.highCfdnaNgPerMl {
                out.append(Alert(.highCfdna(ngPerMl: ng), collected: date))
            }
        }
        out += imagingAlerts()
        out += discordance()
        if let pcl = clinical.plasmaCellLeukaemia,
           let value = timeline.labValues.first(where: { $0.marker == .circulatingPlasmaCells && $0.measured == pcl })?.value {
            out.append(Alert(.plasmaCellLeukaemia(percent: value), collected: pcl))
        }
        return out
    }

    /// The draw nearest `date` within the pairing window.
    func nearestDraw(_ date: CalendarDate) -> DrawAssessment? {
        draws.map { ($0, abs($0.draw.report.specimen.collected.date.daysSinceEpoch - date.daysSinceEpoch)) }
            .filter { $0.1 <= rules.clinical.pairingWindowDays }.min { $0.1 < $1.1 }?.0
    }

    /// Extramedullary disease (extraosseous lesions only; paraskeletal and plasma-cell
    /// leukaemia are not EMD), CNS involvement, and active EMD with ctDNA not detected.
    func imagingAlerts() -> [Alert] {
        var out: [Alert] = []
        for s in clinical.imaging {
            let emd = s.active(.extramedullary)
            if !emd.isEmpty {
                out.append(Alert(.extramedullaryDisease(modality: s.modality, sites: emd.map(\.site)), collected: s.date))
            }
            if !s.active(.cns).isEmpty { out.append(Alert(.cnsInvolvement(modality: s.modality), collected: s.date)) }
            if !emd.isEmpty || !s.active(.cns).isEmpty, let d = nearestDraw(s.date), d.detection.call == .notDetected {
                out.append(Alert(.ctdnaNegativeEMD(drawDate: d.draw.report.specimen.collected.date), collected: s.date))
            }
        }
        return out
    }

    /// Both ways against IMWG (Kumar et al. 2016): a confirmed ctDNA rise while the nearest
    /// IMWG assessment is not PD; IMWG PD while ctDNA is stable or not detected.
    func discordance() -> [Alert] {
        var out: [Alert] = []
        let w = rules.clinical.pairingWindowDays
        for d in draws where d.response.category == .rise {
            let date = d.draw.report.specimen.collected.date
            let near = clinical.imwg.filter { abs($0.date.daysSinceEpoch - date.daysSinceEpoch) <= w }
                .min { abs($0.date.daysSinceEpoch - date.daysSinceEpoch) < abs($1.date.daysSinceEpoch - date.daysSinceEpoch) }
            if near?.category != .PD {
                out.append(Alert(.discordanceCtdnaRise(imwg: near?.category), collected: date))
            }
        }
        for a in clinical.imwg where a.category == .PD {
            if let d = nearestDraw(a.date), d.response.category == .stable || d.detection.call == .notDetected {
                out.append(Alert(.discordanceSerologicalProgression(ctdna: d.response.category), collected: a.date))
            }
        }
        return out
    }
}
