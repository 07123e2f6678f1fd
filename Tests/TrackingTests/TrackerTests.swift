import CtDNAModel
import Foundation
import Testing
import Tracking

@Suite struct TrackerRuleTests {
    @Test func singleDrawIsBaselineWithNoChange() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.04), ("TP53", "p.R248Q", 0.02)])
        let a = t.assess()
        #expect(a.responses == [.baseline])
        // Burden = mean(0.04, 0.02) = 0.03; the baseline is its own reference: 0% change.
        #expect(close(a.draws[0].burden.meanVaf, 0.03))
        #expect(close(a.draws[0].burden.changeFromBaselinePct, 0))
        #expect(a.response.current == .baseline && a.response.best == nil)
        #expect(a.variant("KRAS p.G12D")?.kinetics == Kinetics.none)
    }

    @Test func allUndetectedFromTheStart() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", nil)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", nil)])
        let a = t.assess()
        // Baseline burden 0: no fall can be computed; still nothing detected → clearance.
        #expect(a.responses == [.baseline, .clearance])
        #expect(a.draws[1].burden.changeFromBaselinePct == nil)
    }

    @Test func responseCategoriesFromTheFall() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.06)])   // fall 40%: stable
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.05)])   // fall exactly 50%: molecular response
        t.draw("2024-04-01", [("KRAS", "p.G12D", 0.01)])   // fall exactly 90%: major molecular response
        t.draw("2024-05-01", [("KRAS", "p.G12D", nil)])    // 100%: clearance
        let a = t.assess()
        #expect(a.responses == [.baseline, .stable, .molecularResponse, .majorMolecularResponse, .clearance])
        // 0.06 vs 0.10: (0.06 − 0.10)/0.10 = −40%; log10(0.6) = −0.2218487.
        #expect(close(a.draws[1].burden.changeFromBaselinePct, -40, within: 1e-9))
        #expect(close(a.draws[1].burden.changeFromBaselineLog10, -0.2218487, within: 1e-7))
        #expect(a.response.best == .clearance)
        #expect(a.response.nadirDate?.description == "2024-05-01")
    }

    @Test func twoFoldRiseFromNadirIsProgression() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.01)])   // nadir
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.019)])  // 1.9× nadir: not yet; fall 81%: MR
        t.draw("2024-04-01", [("KRAS", "p.G12D", 0.02)])   // 2.0× nadir, above LoD 0.001: progression
        let a = t.assess()
        #expect(a.responses == [.baseline, .majorMolecularResponse, .molecularResponse, .molecularProgression])
        // From nadir: (0.02 − 0.01)/0.01 = +100%.
        #expect(close(a.draws[3].burden.changeFromNadirPct, 100, within: 1e-9))
        #expect(a.alerts.contains { $0.kind == .molecularProgression && $0.collected?.description == "2024-04-01" })
    }

    @Test func riseBelowTheLoDIsNotProgression() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)], lod: 0.005)
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.001)], lod: 0.005)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.004)], lod: 0.005)  // 4× nadir but below the LoD
        #expect(t.assess().responses[2] != .molecularProgression)
    }

    @Test func reEmergenceAfterClearance() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("NRAS", "p.Q61K", 0.05)])
        t.draw("2024-03-01", [("NRAS", "p.Q61K", nil)])
        t.draw("2024-05-01", [("NRAS", "p.Q61K", 0.0005)])  // re-detected, even below the LoD
        let a = t.assess()
        #expect(a.responses == [.baseline, .clearance, .molecularProgression])
        #expect(a.draws[2].reason == .progression(.redetection))
        // Kinetics: the not-detected draw ends the falling run; neither run has 2 points.
        #expect(a.variant("NRAS p.Q61K")?.kinetics == Kinetics.none)
    }

    @Test func newClonePresentAtBaselineAbsentIsEmergentAndHighRisk() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("NRAS", "p.Q61K", 0.05), ("BRAF", "p.V600E", nil)])
        t.draw("2024-03-01", [("NRAS", "p.Q61K", 0.01), ("BRAF", "p.V600E", 0.004)])
        let a = t.assess()
        let braf = a.variant("BRAF p.V600E")
        #expect(braf?.emergent == true && braf?.highRisk == true)
        #expect(a.responses == [.baseline, .molecularProgression])
        #expect(a.alerts.first?.kind == .newHighRiskClone)
        // Burden: mean(0.01, 0.004) = 0.007 against mean(0.05, 0) = 0.025 at baseline.
        #expect(close(a.draws[1].burden.meanVaf, 0.007))
        #expect(close(a.draws[0].burden.meanVaf, 0.025))
    }

    @Test func variantMissingFromADetectedOnlyReportIsNotDetected() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.04), ("TP53", "p.R248Q", 0.02)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.01)], detectedOnly: true)  // TP53 not listed
        let a = t.assess()
        let tp53 = a.variant("TP53 p.R248Q")?.points.last?.point
        #expect(tp53?.status == .notDetected && tp53?.inferredNotDetected == true && tp53?.alleleFraction == nil)
        // Burden counts TP53 as 0: mean(0.01, 0) = 0.005; baseline mean(0.04, 0.02) = 0.03.
        // Fall = 1 − 0.005/0.03 = 83.3%: molecular response.
        #expect(close(a.draws[1].burden.meanVaf, 0.005))
        #expect(a.responses == [.baseline, .molecularResponse])
    }

    @Test func qcFailureIsNotEvaluable() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.04)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.04)], quality: .fail)
        let a = t.assess()
        #expect(a.responses == [.baseline, .notEvaluable])
        #expect(a.draws[1].burden.meanVaf == nil)
        #expect(a.alerts.contains { $0.kind == .qcFailed })
    }

    @Test func markedBaselineSkipsEarlierDraws() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.02)])
        t.draw("2024-06-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-07-01", [("KRAS", "p.G12D", 0.04)])
        let a = t.assess(baseline: CalendarDate(iso: "2024-05-01"))
        // Baseline is 2024-06-01 (0.10); 0.04 is a 60% fall.
        #expect(a.responses == [.notEvaluable, .baseline, .molecularResponse])
    }

    @Test func confirmationHoldsBackASingleRise() {
        var rules = ResponseRules.defaults
        rules.response.requireConfirmation = true
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.10)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.01)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.03)])  // 3× nadir, unconfirmed as yet
        var a = t.assess(rules: rules)
        #expect(a.responses[2] == .molecularResponse)  // 1 − 0.03/0.10 = 70% fall from baseline
        #expect(a.alerts.contains { $0.kind == .unconfirmedProgression })
        t.draw("2024-04-01", [("KRAS", "p.G12D", 0.05)])  // still ≥ 2× nadir: confirms
        a = t.assess(rules: rules)
        #expect(a.responses[2] == .molecularProgression)
    }
}

@Suite struct PointMetricTests {
    @Test func ciLodAndGenomeEquivalents() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.025)], depth: 2000, lod: nil, cfDNA: 6.6)
        let p = try #require(t.assess().variant("KRAS p.G12D")?.points.first)
        // 50 of 2000 reads: Wilson 95% interval 0.019014–0.032807 (worked in StatisticsTests).
        #expect(close(p.ciLow, 0.0190141, within: 2e-6) && close(p.ciHigh, 0.0328071, within: 2e-6))
        #expect(!p.ciFromVAF)
        // No assay LoD: 3 alt reads with 95% probability at depth 2000 → 6.295794/2000.
        #expect(p.lodSource == .depth && close(p.lod, 0.003147897, within: 1e-8))
        // hGE/mL = 0.025 × 6.6 ng/mL ÷ 0.0033 ng = 50.
        #expect(close(p.hgePerMl, 50, within: 1e-9))
    }

    @Test func ciFromVafWhenAltReadsAreMissing() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.025)], depth: 2000, altReads: false)
        let p = try #require(t.assess().variant("KRAS p.G12D")?.points.first)
        #expect(p.ciFromVAF)  // round(0.025 × 2000) = 50 reads: the same interval
        #expect(close(p.ciLow, 0.0190141, within: 2e-6))
    }

    @Test func percentAndFractionInputsGiveOneValue() throws {
        // 3.1 % and 0.031 are the same allele fraction once read.
        #expect(AlleleFraction(percent: 3.1) == AlleleFraction(fraction: 0.031))
    }

    @Test func halfLifeFromAFallingPhase() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08)])
        t.draw("2024-01-15", [("KRAS", "p.G12D", 0.04)])
        t.draw("2024-01-29", [("KRAS", "p.G12D", 0.02)])
        t.draw("2024-02-12", [("KRAS", "p.G12D", 0.04)])
        t.draw("2024-02-26", [("KRAS", "p.G12D", 0.08)])
        let k = try #require(t.assess().variant("KRAS p.G12D")?.kinetics)
        // Halving every 14 days, then doubling every 14 days: t½ = doubling time = 14.
        #expect(close(k.halfLifeDays, 14, within: 1e-9) && k.halfLifePoints == 3)
        #expect(close(k.doublingTimeDays, 14, within: 1e-9) && k.doublingPoints == 3)
    }
}

@Suite struct ClassificationTests {
    @Test func flatDNMT3AIsCHIPAndKeptOutOfBurdenInARelapsingPatient() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("DNMT3A", "p.R882H", 0.030)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("DNMT3A", "p.R882H", 0.028)])
        t.draw("2024-05-01", [("KRAS", "p.G12D", 0.05), ("DNMT3A", "p.R882H", 0.031)])
        let a = t.assess()
        // KRAS moves 8-fold (0.08/0.01 ≥ 4); DNMT3A 0.031/0.028 = 1.1-fold (< 2): CHIP by gene.
        #expect(a.variant("DNMT3A p.R882H")?.chip == true)
        // Burden is KRAS alone: 0.08; 0.01 is an 87.5% fall (MR); 0.05 = 5× the nadir (progression).
        #expect(a.draws.map { $0.burden.meanVaf } == [0.08, 0.01, 0.05])
        #expect(a.responses == [.baseline, .molecularResponse, .molecularProgression])
    }

    @Test func tp53TrackingTheTumourIsNotCHIP() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("TP53", "p.R248Q", 0.05)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("TP53", "p.R248Q", 0.006)])
        t.draw("2024-05-01", [("KRAS", "p.G12D", 0.02), ("TP53", "p.R248Q", 0.012)])
        let a = t.assess()
        #expect(a.variant("TP53 p.R248Q")?.chip == false)
        #expect(a.variant("TP53 p.R248Q")?.highRisk == true)
        // Even flat, TP53 is never CHIP on the gene alone.
        var flat = TimelineBuilder()
        flat.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("TP53", "p.R248Q", 0.02)])
        flat.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("TP53", "p.R248Q", 0.02)])
        flat.draw("2024-05-01", [("KRAS", "p.G12D", 0.02), ("TP53", "p.R248Q", 0.02)])
        #expect(flat.assess().variant("TP53 p.R248Q")?.chip == false)
    }

    @Test func whiteCellEvidenceMakesCHIP() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("TET2", "p.Q1034*", 0.02)], whiteCell: ["TET2": 0.021])
        // One draw: the gene rule cannot apply, the white-cell rule can: plasma 40/2000 reads
        // (CI 0.0147–0.0272) overlaps white cells 42/2000 (CI 0.0156–0.0283); 0.021 < 0.2.
        let a = t.assess()
        #expect(a.variant("TET2 p.Q1034*")?.chip == true)
        #expect(close(a.draws[0].burden.meanVaf, 0.05))
    }

    @Test func stableHalfVAFIsGermline() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("CHEK2", "p.I157T", 0.49)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("CHEK2", "p.I157T", 0.51)])
        let a = t.assess()
        #expect(a.variant("CHEK2 p.I157T")?.germline == true)
        #expect(a.draws.map { $0.burden.meanVaf } == [0.08, 0.01])
    }
}

@Suite struct ClinicalTests {
    @Test func discordanceWhenBurdenRisesAndMProteinDoesNot() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("NRAS", "p.Q61K", 0.10)])
        t.draw("2024-03-01", [("NRAS", "p.Q61K", 0.01)])
        t.draw("2024-05-01", [("NRAS", "p.Q61K", 0.03)])
        t.mProtein("2023-12-28", 2.0)
        t.mProtein("2024-02-27", 0.5)
        t.mProtein("2024-05-03", 0.5)
        let a = t.assess()
        // Burden 0.03 = 3× nadir 0.01 (≥ 2); M-protein 0.5 → 0.5 (rise < 25%): discordance.
        #expect(a.alerts.contains { $0.kind == .discordance && $0.collected?.description == "2024-05-01" })
        // With M-protein up 40% (0.5 → 0.7) the rise is concordant: no alert.
        t.labs[2] = LabValue(marker: .mProtein, value: 0.7, measured: CalendarDate(iso: "2024-05-03")!)
        #expect(!t.assess().alerts.contains { $0.kind == .discordance })
    }

    @Test func pairingWindowAndCorrelation() {
        var t = TimelineBuilder()
        for (i, v) in [0.08, 0.04, 0.02, 0.01].enumerated() {
            t.draw("2024-0\(i + 1)-01", [("KRAS", "p.G12D", v)])
            t.mProtein("2024-0\(i + 1)-05", 3.0 - Double(i) * 0.5)
        }
        t.mProtein("2024-08-01", 0.1)  // no draw within 21 days: unpaired
        let a = t.assess()
        #expect(a.clinical.pairs.count == 4)
        // Both fall monotonically: rho = 1 over 4 pairs.
        #expect(a.clinical.correlations.first.map { ($0.marker, $0.pairs) } ?? ("", 0) == ("m-protein", 4))
        #expect(close(a.clinical.correlations.first?.spearmanRho, 1))
    }

    @Test func emptyTimelineIsHarmless() {
        let a = TimelineBuilder().assess()
        #expect(a.draws.isEmpty && a.variants.isEmpty && a.response.current == nil)
    }
}
