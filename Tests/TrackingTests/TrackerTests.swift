import CtDNAModel
import Foundation
import Testing
@testable import Tracking

/// Issue 12's rules, each on a small timeline whose numbers are worked by hand here.
/// Defaults unless a test says otherwise: depth 2000, alt reads = round(VAF × depth), assay
/// LoD 0.1 %, background ε = 1e-4 per read (rules default), α = 0.01.
/// At depth 2000: Λ₀ = 0.2 per variant; P(X ≥ 3 | 0.2) = 1 − e^−0.2(1.22) = 0.00115 < α while
/// P(X ≥ 2) = 0.0175 ≥ α, so k* = 3; P(Poisson(μ) ≥ 3) = 0.95 at μ = 6.295794; the LoD95 of
/// one variant is (6.295794 − 0.2)/2000 = 0.003047897 (above the assay's 0.1 %).
@Suite struct ResponseTests {
    /// MM-1002: CAR-T on 2025-01-13; the draw of 2024-12-16 is exactly 28 days before and is the
    /// line's baseline. Tracked: NRAS and BRAF (both detected there). Baseline level:
    /// (116 + 72 − 0.4) / 4000 = 0.0469; on 2025-02-24: (22 + 10 − 0.4) / 4000 = 0.0079;
    /// change 31.6/187.6 − 1 = −0.831557: ↓≥50 % (not ↓≥90 %), not "progression".
    @Test func mm1002AfterCarTIsDecrease50AgainstThePreCarTDraw() throws {
        var t = TimelineBuilder()
        t.line("Dara-VRd", "2024-02-12")
        t.line("Ciltacabtagene autoleucel", "2025-01-13")
        t.draw("2024-02-05", [("NRAS", "p.Q61K", 0.124)])
        t.draw("2024-08-05", [("NRAS", "p.Q61K", 0.0039), ("BRAF", "p.V600E", nil)])
        t.draw("2024-12-16", [("NRAS", "p.Q61K", 0.058), ("BRAF", "p.V600E", 0.036)])
        t.draw("2025-02-24", [("NRAS", "p.Q61K", 0.0109), ("BRAF", "p.V600E", 0.0049)])
        let a = t.assess()
        let line2 = try #require(a.lines.first { $0.index == 2 })
        #expect(line2.baselineDate?.description == "2024-12-16" && line2.baselineFlag == nil)
        #expect(line2.trackedVariants == ["NRAS p.Q61K", "BRAF p.V600E"])
        let last = try #require(a.draws.last)
        #expect(last.line == 2)
        #expect(last.response.category == .decrease50)
        #expect(close(last.response.changeFromBaseline, -0.831557, within: 1e-6))
        #expect(a.response.current == .decrease50 && a.response.line == 2)
        #expect(!a.alerts.contains { $0.kind == .rise || $0.kind == .riseUnconfirmed && $0.collected?.description == "2025-02-24" })
    }

    /// KRAS 1.00 % → 0.90 % with three newly listed not-detected variants: the set is KRAS
    /// alone. Levels (20 − 0.2)/2000 = 0.0099 and (18 − 0.2)/2000 = 0.0089: −10.1 %, stable.
    @Test func newNotDetectedVariantsDoNotJoinTheSet() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.009), ("NRAS", "p.Q61K", nil), ("TP53", "p.R175H", nil),
                              ("BRAF", "p.V600E", nil)])
        let a = t.assess()
        #expect(a.categories == [.baseline, .stable])
        #expect(close(a.draws[1].response.changeFromBaseline, 17.8 / 19.8 - 1, within: 1e-12))
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
        #expect(a.draws[1].detection.variantsTracked == 1)
    }

    /// Undetectable baseline: nothing to track, so the line is not evaluable; a later read at
    /// 0.02 % (2 of 10,000, Λ₀ = 1: P(X ≥ 2) = 1 − 2/e = 0.264 ≥ α) is neither a rise nor a new clone.
    @Test func undetectableBaselineIsNotEvaluable() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", nil)], depth: 10_000)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.0002)], depth: 10_000)
        let a = t.assess()
        #expect(a.categories == [.notEvaluable, .notEvaluable])
        #expect(a.reasons == [.undetectableBaseline, .undetectableBaseline])
        #expect(!a.alerts.contains { $0.kind == .newClone || $0.kind == .rise || $0.kind == .riseUnconfirmed })
    }

    /// Depth 300, no assay LoD, baseline 3 %: Λ₀ = 0.03; P(X ≥ 1) = 0.0296 ≥ α, P(X ≥ 2) =
    /// 1 − e^−0.03 · 1.03 = 0.00044 < α → k* = 2; e^−μ(1 + μ) = 0.05 at μ = 4.743865; LoD95 =
    /// (4.743865 − 0.03)/300 = 0.0157129. Baseline level (9 − 0.03)/300 = 0.0299: a tenth is
    /// 0.00299 and half 0.01495, both below the LoD95 → not evaluable, insufficient sensitivity.
    @Test func shallowDepthWithoutLoDCannotShowClearance() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)], depth: 300, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 300, lod: nil)
        let a = t.assess()
        #expect(a.categories == [.baseline, .notEvaluable])
        #expect(a.reasons[1] == .insufficientSensitivity)
        #expect(close(a.draws[1].detection.lod95, 0.0157129, within: 1e-6))
        #expect(a.draws[1].detection.call == .notDetected && a.draws[1].detection.level == nil)
    }

    /// Deep enough, the same fall is "not detected": depth 20,000, Λ₀ = 2; P(X ≥ 7 | 2) =
    /// 0.00453 < α and P(X ≥ 6 | 2) = 0.0166 ≥ α, so k* = 7; P(Poisson(μ) ≥ 7) = 0.95 at
    /// μ = 11.8424; LoD95 = (11.8424 − 2)/20000 = 0.000492, at most a tenth of 0.02999.
    @Test func deepDrawNotDetectedIsNotDetected() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)], depth: 20_000, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 20_000, lod: nil)
        let a = t.assess()
        #expect(a.categories == [.baseline, .notDetected])
        #expect(close(a.draws[1].detection.lod95, (11.8424 - 2) / 20_000, within: 1e-8))
    }

    /// One tracked variant not tested at a draw: not evaluable, never "not detected".
    @Test func untestedTrackedVariantIsNotEvaluable() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03), ("NRAS", "p.Q61K", 0.02)], depth: 20_000)
        t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 20_000)
        let a = t.assess()
        #expect(a.categories == [.baseline, .notEvaluable])
        #expect(a.reasons[1] == .notAllTrackedTested)
    }

    /// The pooled test: 4 alt reads over two variants at depth 5,367. ε = 1e-5: Λ₀ = 0.10734,
    /// P(X ≥ 4) = 1 − e^−Λ₀(1 + Λ₀ + Λ₀²/2 + Λ₀³/6) = 5.077e-6 < 0.01: detected. ε = 2e-4:
    /// Λ₀ = 2.1468, P(X ≥ 4) = 0.17029: not detected.
    @Test func pooledDetectionAgainstTheBackground() throws {
        for (rate, call, p) in [(1e-5, DetectionCall.detected, 5.0770158e-6), (2e-4, .notDetected, 0.17028999)] {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.0004), ("NRAS", "p.Q61K", 0.0004)], depth: 5367, errorRate: rate,
                   alt: ["KRAS": 2, "NRAS": 2])
            let d = try #require(t.assess().draws.first?.detection)
            #expect(d.call == call)
            #expect(close(d.pValue, p, within: p * 1e-6))
            #expect(d.altReads == 4 && d.informativeDepth == 10_734 && d.variantsWithReads == 2 && d.variantsTracked == 2)
            #expect(!d.backgroundFromDefault)
        }
    }

    /// Level and its interval, and mutant molecules per mL: 20 alt of 2000, Λ₀ = 0.2: level
    /// 19.8/2000 = 0.0099; cfDNA 10 ng/mL → 0.0099 × 10 / 0.0033 = 30 mutant copies per mL.
    /// The exact Poisson interval for 20 is 12.2165–30.8884 (Garwood), less 0.2, over 2000.
    @Test func levelIntervalAndMoleculesPerMl() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)], cfDNA: 10)
        let d = try #require(t.assess().draws.first?.detection)
        #expect(close(d.level, 0.0099, within: 1e-12))
        #expect(close(d.levelLow, (12.2165 - 0.2) / 2000, within: 1e-6))
        #expect(close(d.levelHigh, (30.8884 - 0.2) / 2000, within: 1e-6))
        #expect(close(d.mutantMoleculesPerMl, 30, within: 1e-9))
    }

    /// The cfDNA input caps the LoD95: 1 ng/mL × 2 mL ÷ 0.0033 = 606.06 genomes < depth 10,000.
    /// Λ₀ = 1 → k* = 5 (P(X ≥ 5 | 1) = 0.00366, P(X ≥ 4) = 0.01899); μ95 for k = 5 is 9.1535;
    /// LoD95 = (9.1535 − 1) / 606.06 = 0.013453, limited by the input.
    @Test func lowInputLimitsTheLoD() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)], depth: 10_000, cfDNA: 1, plasmaMl: 2)
        let d = try #require(t.assess().draws.first?.detection)
        #expect(d.lodLimitedBy == .input)
        #expect(close(d.lod95, (9.1535 - 1) / (2 / 0.0033), within: 2e-5))
    }

    /// Depth 10,000, no assay LoD (Λ₀ = 1, k* = 5, μ95 = 9.1535: LoD95 = 8.1535/10000 = 0.000815,
    /// a tenth of the baseline 99/10000 = 0.0099 or less, so ↓≥90 % can be shown):
    /// 1 % → 0.1 % (level 9/10000 = 0.0009, −90.9 %, the nadir) → 0.3 % 30 days later
    /// (29/10000 = 3.2× the nadir: rise, unconfirmed) → 0.5 % 40 days after that (49/10000,
    /// 5.4× the nadir, the rise began 40 ≥ 14 days earlier: confirmed). The unconfirmed draw
    /// stays unconfirmed: a past category never changes.
    @Test func riseIsConfirmedByALaterDrawAndThePastStays() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)], depth: 10_000, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.001)], depth: 10_000, lod: nil)
        t.draw("2024-03-31", [("KRAS", "p.G12D", 0.003)], depth: 10_000, lod: nil)
        let before = t.assess().categories
        t.draw("2024-05-10", [("KRAS", "p.G12D", 0.005)], depth: 10_000, lod: nil)
        let a = t.assess()
        #expect(before == [.baseline, .decrease90, .riseUnconfirmed])
        #expect(a.categories == [.baseline, .decrease90, .riseUnconfirmed, .rise])
        #expect(close(a.draws[2].response.foldFromNadir, 29.0 / 9.0, within: 1e-12))
        #expect(a.alerts.contains { $0.kind == .rise && $0.collected?.description == "2024-05-10" })
    }

    /// A second rising draw only 7 days after the first does not confirm it.
    @Test func confirmationNeedsFourteenDays() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)], depth: 10_000, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.001)], depth: 10_000, lod: nil)
        t.draw("2024-03-31", [("KRAS", "p.G12D", 0.003)], depth: 10_000, lod: nil)
        t.draw("2024-04-07", [("KRAS", "p.G12D", 0.005)], depth: 10_000, lod: nil)
        #expect(t.assess().categories == [.baseline, .decrease90, .riseUnconfirmed, .riseUnconfirmed])
    }

    /// Detected after a not-detected draw is a rise only when a variant's own reads are
    /// significant: 3 of 20,000 reads (Λ₀ = 2, P(X ≥ 3) = 0.323) is not; 12 (P(X ≥ 12 | 2) = 1.4e-6) is.
    @Test func riseAfterNotDetectedNeedsSignificantReads() {
        func categories(_ alt: Int) -> [ResponseCategory] {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)], depth: 20_000)
            t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 20_000)
            t.draw("2024-05-01", [("KRAS", "p.G12D", Double(alt) / 20_000)], depth: 20_000, alt: ["KRAS": alt])
            return t.assess().categories
        }
        #expect(categories(3).last != .riseUnconfirmed)
        #expect(categories(12) == [.baseline, .notDetected, .riseUnconfirmed])
    }

    /// Lysis: a line started 2024-01-10 (baseline 2024-01-05, 1 %); 3 % on day 7 is no rise
    /// (stable: +200 %, not a fall); 3 % on day 20 is (3× the nadir).
    @Test func noRiseInTheLysisWindow() {
        var t = TimelineBuilder()
        t.line("KRd", "2024-01-10")
        t.draw("2024-01-05", [("KRAS", "p.G12D", 0.01)], depth: 10_000)
        t.draw("2024-01-17", [("KRAS", "p.G12D", 0.03)], depth: 10_000)
        t.draw("2024-01-30", [("KRAS", "p.G12D", 0.03)], depth: 10_000)
        let a = t.assess()
        #expect(a.categories == [.baseline, .stable, .riseUnconfirmed])
        #expect(a.draws.map(\.line) == [nil, 1, 1])
    }

    /// No draw in the 28 days before a line: its first draw is an on-treatment reference.
    @Test func onTreatmentReference() throws {
        var t = TimelineBuilder()
        t.line("VRd", "2024-01-01")
        t.draw("2023-11-01", [("KRAS", "p.G12D", 0.05)])
        t.draw("2024-02-01", [("KRAS", "p.G12D", 0.02)])
        t.draw("2024-04-01", [("KRAS", "p.G12D", 0.005)])
        let a = t.assess()
        let line = try #require(a.lines.first)
        #expect(line.baselineDate?.description == "2024-02-01" && line.baselineFlag == .onTreatmentReference)
        #expect(line.baselineFlag?.rawValue == "on-treatment reference")
        // The draw before any line is no line's baseline; (10 − 0.2)/(40 − 0.2) − 1 = −0.7538.
        #expect(a.categories == [.notEvaluable, .baseline, .decrease50])
        #expect(a.reasons[0] == .noBaseline)
    }

    /// A change of assay from the baseline is not evaluable unless the rules call the assays comparable.
    @Test func differentAssay() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)], assay: "A 1")
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01)], assay: "B 2")
        #expect(t.assess().reasons == [nil, .differentAssay])
        var rules = ResponseRules.defaults
        rules.response.comparableAssays = [["A 1", "B 2"]]
        #expect(t.assess(rules: rules).categories == [.baseline, .decrease50])
    }

    /// The assay's LoD is a floor: at the same depth with the assay's 0.1 %, the baseline
    /// 0.0099 is under 10 × 0.001, so the 90.9 % fall is shown as ↓≥50 % only.
    @Test func assayLoDIsAFloorForDecrease90() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.01)], depth: 10_000)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.001)], depth: 10_000)
        let a = t.assess()
        #expect(a.categories == [.baseline, .decrease50])
        #expect(a.draws[1].detection.lod95 == 0.001 && a.draws[1].detection.lodLimitedBy == .assay)
    }

    @Test func qcFailureIsNotEvaluable() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01)], quality: .fail)
        #expect(t.assess().reasons == [nil, .qcFailed])
    }

    /// A new clone needs significant reads of its own: 2 of 2000 (Λ₀ = 0.2, P = 0.0175) is
    /// not one; 6 of 2000 (P(X ≥ 6 | 0.2) = 7.5e-8) is. It never joins the tracked set.
    @Test func newCloneOnlyWhenSignificant() {
        func alerts(_ alt: Int) -> PatientAssessment {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("NRAS", "p.Q61K", nil)])
            t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("NRAS", "p.Q61K", Double(alt) / 2000)], alt: ["NRAS": alt])
            return t.assess()
        }
        #expect(!alerts(2).alerts.contains { $0.kind == .newClone })
        let a = alerts(6)
        #expect(a.alerts.contains { $0.kind == .newClone && $0.collected?.description == "2024-03-01" })
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
        #expect(a.variant("NRAS p.Q61K")?.emergent == true)
    }

    @Test func emptyTimelineIsHarmless() {
        let a = TimelineBuilder().assess()
        #expect(a.draws.isEmpty && a.variants.isEmpty && a.response.current == nil)
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
        // No assay LoD: k* = 3 at Λ₀ = 0.2 (see the suite above) → (6.295794 − 0.2)/2000.
        #expect(p.lodSource == .depth && close(p.lod, 0.003047897, within: 1e-8))
        // hGE/mL = 0.025 × 6.6 ng/mL ÷ 0.0033 ng = 50.
        #expect(close(p.hgePerMl, 50, within: 1e-9))
    }

    @Test func ciFromVafWhenAltReadsAreMissing() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.025)], depth: 2000, altReads: false)
        let a = t.assess()
        let p = try #require(a.variant("KRAS p.G12D")?.points.first)
        #expect(p.ciFromVAF)  // round(0.025 × 2000) = 50 reads: the same interval
        #expect(close(p.ciLow, 0.0190141, within: 2e-6))
        #expect(a.draws.first?.detection.altReadsFromVaf == true)
    }

    @Test func percentAndFractionInputsGiveOneValue() throws {
        // 3.1 % and 0.031 are the same allele fraction once read.
        #expect(AlleleFraction(percent: 3.1) == AlleleFraction(fraction: 0.031))
    }

    /// Three points halving every 14 days: ln VAF falls by ln 2 / 14 per day with no residual,
    /// so the interval is the slope itself and t½ = 14 days.
    @Test func halfLifeFromThreePointsOfOneLine() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08)])
        t.draw("2024-01-15", [("KRAS", "p.G12D", 0.04)])
        t.draw("2024-01-29", [("KRAS", "p.G12D", 0.02)])
        let k = try #require(t.assess().variant("KRAS p.G12D")?.kinetics)
        #expect(close(k.halfLifeDays, 14, within: 1e-9) && k.points == 3 && k.doublingTimeDays == nil)
    }

    /// 4 %, 2 %, 5 % at days 0, 14, 28: slope 3.1240/392 = 0.0079694 per day, residuals large,
    /// t(0.975, 1) = 12.706: the interval spans 0, so no half-life and no doubling time.
    @Test func noKineticsWhenTheIntervalIncludesZero() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.04)])
        t.draw("2024-01-15", [("KRAS", "p.G12D", 0.02)])
        t.draw("2024-01-29", [("KRAS", "p.G12D", 0.05)])
        let k = try #require(t.assess().variant("KRAS p.G12D")?.kinetics)
        #expect(k.halfLifeDays == nil && k.doublingTimeDays == nil)
        #expect((k.slopeLow ?? 1) < 0 && (k.slopeHigh ?? -1) > 0)
        #expect(close(k.slopePerDay, 0.0079694, within: 1e-6))
    }

    /// Two detected points are too few.
    @Test func noKineticsFromTwoPoints() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08)])
        t.draw("2024-01-15", [("KRAS", "p.G12D", 0.04)])
        #expect(t.assess().variant("KRAS p.G12D")?.kinetics == Kinetics.none)
    }
}

/// Issue 13: origin, pathogenicity, IMS/IMWG 2025 risk, lesions, IMWG response and discordance,
/// one small timeline each, expected values worked by hand.
@Suite struct MyelomaContextTests {
    /// RAS alone (half of all myeloma) is not high risk: KRAS tracked, risk not assessable
    /// (no FISH, no β2M), KRAS listed apart as EMD-associated.
    @Test func rasAloneIsNotHighRisk() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
        let a = t.assess()
        #expect(a.clinical.risk.status == .notAssessable && a.clinical.risk.criteria.isEmpty)
        #expect(a.clinical.emdAssociated == ["KRAS p.G12D"])
        #expect(a.variant("KRAS p.G12D")?.highRisk == false)
    }

    /// t(4;14) alone, or gain(1q) alone, is not high risk; together they are (IMS/IMWG 2025).
    @Test func translocationNeedsOneQOrDel1p() {
        func status(_ results: [CytogeneticResult]) -> RiskAssessment {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
            t.fish("2024-01-01", results)
            return t.assess().clinical.risk
        }
        let none: [CytogeneticResult] = [.init(kind: .del17p, detected: false), .init(kind: .del1p32, detected: false),
                                          .init(kind: .t14_16, detected: false), .init(kind: .t14_20, detected: false)]
        let alone = status(none + [.init(kind: .t4_14), .init(kind: .gain1q, detected: false)])
        #expect(alone.criteria.isEmpty && alone.status != .highRisk)
        let gainOnly = status(none + [.init(kind: .t4_14, detected: false), .init(kind: .gain1q)])
        #expect(gainOnly.criteria.isEmpty)
        let both = status(none + [.init(kind: .t4_14), .init(kind: .gain1q)])
        #expect(both.status == .highRisk && both.criteria == [.translocationWith1qOrDel1p])
    }

    /// del(17p) counts at ≥ 20 % of cells: 15 % does not, 45 % does; biallelic del(1p32) alone does.
    @Test func del17pFractionAndDel1p32() {
        func risk(_ r: [CytogeneticResult]) -> RiskAssessment {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
            t.fish("2024-01-01", r)
            return t.assess().clinical.risk
        }
        #expect(!risk([.init(kind: .del17p, clonalFraction: 0.15)]).criteria.contains(.del17p))
        #expect(risk([.init(kind: .del17p, clonalFraction: 0.45)]).criteria.contains(.del17p))
        #expect(risk([.init(kind: .del1p32, allelic: .biallelic)]).criteria == [.biallelicDel1p32])
        #expect(risk([.init(kind: .del1p32, allelic: .monoallelic), .init(kind: .amp1q)]).criteria == [.monoallelicDel1p32With1q])
    }

    /// β2M 6.1 mg/L with creatinine 0.9 mg/dL (normal, < 1.2): high risk; with creatinine 2.4, not.
    @Test func beta2MicroglobulinNeedsNormalCreatinine() {
        func criteria(_ creatinine: Double) -> [RiskCriterion] {
            var t = TimelineBuilder()
            t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
            t.lab(.beta2Microglobulin, "2024-01-02", 6.1)
            t.lab(.creatinine, "2024-01-02", creatinine)
            return t.assess().clinical.risk.criteria
        }
        #expect(criteria(0.9) == [.beta2mNormalCreatinine])
        #expect(criteria(2.4).isEmpty)
    }

    /// A benign TP53 p.P72R at 50 % is listed but not tracked, not a risk criterion, not counted.
    @Test func benignPolymorphismIsNeverTrackedOrFlagged() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("TP53", "p.P72R", 0.50)], significance: ["TP53": .benign])
        let a = t.assess()
        #expect(a.variant("TP53 p.P72R")?.isBenign == true && a.variant("TP53 p.P72R")?.isTumour == false)
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
        #expect(!a.clinical.risk.criteria.contains(.tp53Mutation))
        #expect(close(a.draws[0].detection.level, 99.8 / 2000))
    }

    /// TP53 and PPM1D first seen at 2 reads after ASCT: indeterminate (CH-prone genes after
    /// genotoxic therapy), no new clone, no rise, no risk criterion.
    @Test func chGenesAfterTransplantAreIndeterminate() {
        var t = TimelineBuilder()
        t.line("ASCT", "2024-02-01")
        t.draw("2024-01-20", [("KRAS", "p.G12D", 0.03), ("TP53", "p.R248W", nil), ("PPM1D", "p.R552*", nil)], depth: 20_000)
        t.draw("2024-04-01", [("KRAS", "p.G12D", nil), ("TP53", "p.R248W", 0.0001), ("PPM1D", "p.R552*", 0.0001)],
               depth: 20_000, alt: ["TP53": 12, "PPM1D": 12])
        let a = t.assess()
        #expect(a.variant("TP53 p.R248W")?.origin == OriginCall(state: .indeterminate, reason: .chProneGeneAfterTherapy))
        #expect(a.variant("PPM1D p.R552*")?.origin.state == .indeterminate)
        #expect(!a.alerts.contains { $0.kind == .newClone || $0.kind == .rise || $0.kind == .riseUnconfirmed })
        #expect(!a.clinical.risk.criteria.contains(.tp53Mutation))
    }

    /// TET2 at 5 % in white cells and 1 % in plasma: white cells below 20 % and above the
    /// plasma VAF → clonal haematopoiesis (Chan et al. 2020), not tumour.
    @Test func whiteCellsAbovePlasmaIsClonalHaematopoiesis() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("TET2", "p.Q1034*", 0.01)], whiteCell: ["TET2": 0.05])
        let a = t.assess()
        #expect(a.variant("TET2 p.Q1034*")?.origin == OriginCall(state: .clonalHaematopoiesis, reason: .whiteCellsCH))
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
    }

    /// White cells at 35 % and plasma 30 %: germline (matched normal ≥ 30 %, plasma below it).
    @Test func whiteCellsAtThirtyPercentAreGermline() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("ATM", "p.F858L", 0.30)], whiteCell: ["ATM": 0.35])
        #expect(t.assess().variant("ATM p.F858L")?.origin == OriginCall(state: .germline, reason: .whiteCellsGermline))
    }

    /// TP53 R175H at 45 % with a tumour fraction of 0.9 before therapy is tumour (the fraction
    /// explains the VAF), so it stays a high-risk criterion and is tracked.
    @Test func highTumourFractionTP53IsTumourNotGermline() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("TP53", "p.R175H", 0.45)], tumourFraction: 0.9)
        t.draw("2024-02-01", [("TP53", "p.R175H", 0.44)], tumourFraction: 0.88)
        let a = t.assess()
        #expect(a.variant("TP53 p.R175H")?.origin.state == .tumour)
        #expect(a.clinical.risk.criteria.contains(.tp53Mutation))
        #expect(!a.alerts.contains { $0.kind == .possibleGermline })
    }

    /// Without a tumour fraction, a stable 50 % TP53 is possible germline: shown, referral alert.
    @Test func possibleGermlineTP53RaisesAReferralAlert() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("TP53", "p.R248Q", 0.49)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("TP53", "p.R248Q", 0.51)])
        let a = t.assess()
        #expect(a.variant("TP53 p.R248Q")?.origin == OriginCall(state: .possibleGermline, reason: .germlineVafPattern))
        #expect(a.alerts.contains { $0.kind == .possibleGermline })
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
    }

    /// A paraskeletal lesion is not EMD; a kidney lesion is; a CNS lesion raises its own alert;
    /// a lesion gone at the next study is resolved and raises nothing.
    @Test func lesionsAreClassifiedAndFollowed() throws {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05)])
        t.imaging("2024-01-05", [Lesion(site: .paraskeletal)])
        t.imaging("2024-03-05", [Lesion(site: .paraskeletal), Lesion(site: .kidney), Lesion(site: .cns)])
        t.imaging("2024-06-05", [Lesion(site: .paraskeletal)])
        let a = t.assess()
        let emd = a.alerts.filter { $0.kind == .extramedullaryDisease }
        #expect(emd.map { $0.collected?.description } == ["2024-03-05"])
        #expect(a.alerts.filter { $0.kind == .cnsInvolvement }.count == 1)
        let last = try #require(a.clinical.imaging.last)
        #expect(last.lesions.map { "\($0.site.rawValue)/\($0.lesionClass.rawValue)/\($0.status.rawValue)" }
            == ["paraskeletal/paraskeletal/persistent", "CNS/cns/resolved", "kidney/extramedullary/resolved"])
    }

    /// Active EMD on imaging while the nearest draw (3 days away) is not detected.
    @Test func ctdnaNegativeEMD() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)], depth: 20_000)
        t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 20_000)
        t.imaging("2024-03-04", [Lesion(site: .liver)])
        #expect(t.assess().alerts.contains { $0.kind == .ctdnaNegativeEMD && $0.collected?.description == "2024-03-04" })
    }

    /// Circulating plasma cells 6 %: plasma-cell leukaemia, never an EMD alert.
    @Test func plasmaCellLeukaemiaIsNotEMD() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)])
        t.lab(.circulatingPlasmaCells, "2024-01-02", 6)
        let a = t.assess()
        #expect(a.clinical.plasmaCellLeukaemia?.description == "2024-01-02")
        #expect(a.alerts.contains { $0.kind == .plasmaCellLeukaemia } && !a.alerts.contains { $0.kind == .extramedullaryDisease })
    }

    /// IMWG (Kumar 2016) from the serum M-protein against the line's baseline 3.0 g/dL:
    /// 1.2 (−60 %) PR; 0.25 (−91.7 %) VGPR; then 0.8: +0.55 over the lowest 0.25 (≥ 25 % and
    /// ≥ 0.5 g/dL) PD. PR is confirmed by the VGPR after it; the last is not yet confirmed.
    @Test func imwgSerologicalResponse() {
        var t = TimelineBuilder()
        t.line("VRd", "2024-01-10")
        t.draw("2024-01-05", [("KRAS", "p.G12D", 0.03)])
        t.mProtein("2024-01-05", 3.0)
        t.mProtein("2024-03-01", 1.2)
        t.mProtein("2024-05-01", 0.25)
        t.mProtein("2024-07-01", 0.8)
        let imwg = t.assess().clinical.imwg
        #expect(imwg.map(\.category) == [.PR, .VGPR, .PD])
        #expect(imwg.map(\.confirmed) == [true, false, false])
    }

    /// The oligosecretory EMD relapse the alert exists for: ctDNA rises 10-fold (confirmed)
    /// while the M-protein goes 0.20 → 0.27 g/dL (+35 % but +0.07 < 0.5 g/dL absolute): IMWG PD
    /// not met → discordance-ctdna-rise. The baseline M-protein 0.2 is not measurable, so the
    /// IMWG categories are NE.
    @Test func discordanceCtdnaRiseWithSmallMProtein() {
        var t = TimelineBuilder()
        t.line("KRd", "2024-01-10")
        t.draw("2024-01-05", [("KRAS", "p.G12D", 0.01)], depth: 10_000, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.001)], depth: 10_000, lod: nil)
        t.draw("2024-05-01", [("KRAS", "p.G12D", 0.01)], depth: 10_000, lod: nil)
        t.draw("2024-06-01", [("KRAS", "p.G12D", 0.02)], depth: 10_000, lod: nil)
        t.mProtein("2024-01-05", 0.20)
        t.mProtein("2024-06-01", 0.27)
        let a = t.assess()
        #expect(a.categories.suffix(2) == [.riseUnconfirmed, .rise])
        #expect(a.clinical.imwg.map(\.category) == [.NE])
        #expect(a.alerts.contains { $0.kind == .discordanceCtdnaRise && $0.collected?.description == "2024-06-01" })
    }

    /// IMWG PD (M-protein 1.0 → 0.4 → 1.2: +0.8 over the lowest) while ctDNA stays not
    /// detected: discordance-serological-progression.
    @Test func discordanceSerologicalProgression() {
        var t = TimelineBuilder()
        t.line("VRd", "2024-01-10")
        t.draw("2024-01-05", [("KRAS", "p.G12D", 0.03)], depth: 20_000, lod: nil)
        t.draw("2024-03-01", [("KRAS", "p.G12D", nil)], depth: 20_000, lod: nil)
        t.draw("2024-05-01", [("KRAS", "p.G12D", nil)], depth: 20_000, lod: nil)
        t.mProtein("2024-01-05", 1.0)
        t.mProtein("2024-03-01", 0.4)
        t.mProtein("2024-05-01", 1.2)
        let a = t.assess()
        #expect(a.clinical.imwg.last?.category == .PD)
        #expect(a.alerts.contains { $0.kind == .discordanceSerologicalProgression && $0.collected?.description == "2024-05-01" })
    }

    /// EDTA processed after 8 h, and cfDNA 80 ng/mL: pre-analytic alerts.
    @Test func preanalytics() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.03)], cfDNA: 80, tube: "K2-EDTA", processingHours: 8)
        let kinds = t.assess().alerts.map(\.kind)
        #expect(kinds.contains(.preanalyticDelay) && kinds.contains(.highCfdna))
    }
}

@Suite struct ClassificationTests {
    /// DNMT3A (a CH-prone gene, no origin evidence) is indeterminate and never tracked; KRAS
    /// alone: (160 − 0.2)/2000 = 0.0799, (20 − 0.2)/2000 = 0.0099 (−87.6 %: ↓≥50 %),
    /// (100 − 0.2)/2000 = 0.0499 (5.04× the nadir: rise, unconfirmed).
    @Test func dnmt3aWithoutEvidenceIsIndeterminateAndNotTracked() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("DNMT3A", "p.R882H", 0.030)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("DNMT3A", "p.R882H", 0.028)])
        t.draw("2024-05-01", [("KRAS", "p.G12D", 0.05), ("DNMT3A", "p.R882H", 0.031)])
        let a = t.assess()
        #expect(a.variant("DNMT3A p.R882H")?.origin.state == .indeterminate)
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D"])
        #expect(levelsMatch(a, [159.8 / 2000, 19.8 / 2000, 99.8 / 2000]))
        #expect(a.categories == [.baseline, .decrease50, .riseUnconfirmed])
    }

    /// TP53 reported somatic by the lab is tumour, tracked, and a risk criterion.
    @Test func tp53ReportedSomaticIsTrackedTumour() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("TP53", "p.R248Q", 0.05)], origin: ["TP53": .somatic])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("TP53", "p.R248Q", 0.006)], origin: ["TP53": .somatic])
        let a = t.assess()
        #expect(a.variant("TP53 p.R248Q")?.origin == OriginCall(state: .tumour, reason: .reportedSomatic))
        #expect(a.lines.first?.trackedVariants == ["KRAS p.G12D", "TP53 p.R248Q"])
        #expect(a.variant("TP53 p.R248Q")?.highRisk == true && a.clinical.risk.criteria.contains(.tp53Mutation))
    }

    @Test func whiteCellEvidenceMakesCHIP() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.05), ("TET2", "p.Q1034*", 0.02)], whiteCell: ["TET2": 0.021])
        // Plasma 40/2000 reads (CI 0.0147–0.0272) overlaps white cells 42/2000 (CI 0.0156–0.0283); 0.021 < 0.2.
        let a = t.assess()
        #expect(a.variant("TET2 p.Q1034*")?.chip == true)
        #expect(close(a.draws[0].detection.level, 99.8 / 2000))
    }

    @Test func stableHalfVAFIsPossibleGermlineAndNotTracked() {
        var t = TimelineBuilder()
        t.draw("2024-01-01", [("KRAS", "p.G12D", 0.08), ("ATM", "p.F858L", 0.49)])
        t.draw("2024-03-01", [("KRAS", "p.G12D", 0.01), ("ATM", "p.F858L", 0.51)])
        let a = t.assess()
        #expect(a.variant("ATM p.F858L")?.origin.state == .possibleGermline)
        #expect(levelsMatch(a, [159.8 / 2000, 19.8 / 2000]))
    }
}

@Suite struct ClinicalTests {
    /// Spearman is descriptive and needs 8 pairs: 8 monthly draws halving (depth 20,000, all
    /// detected) with M-protein falling give rho = 1; with 7 draws, no correlation.
    @Test func correlationNeedsEightPairs() {
        func build(_ n: Int) -> PatientAssessment {
            var t = TimelineBuilder()
            for i in 0..<n {
                t.draw("2024-0\(i + 1)-01", [("KRAS", "p.G12D", 0.08 / pow(2, Double(i)))], depth: 20_000)
                t.mProtein("2024-0\(i + 1)-05", 3.0 - Double(i) * 0.3)
            }
            t.mProtein("2024-11-01", 0.1)  // no draw within 21 days: unpaired
            return t.assess()
        }
        let a = build(8)
        #expect(a.clinical.pairs.count == 8)
        #expect(a.clinical.correlations.first.map { ($0.marker, $0.pairs) } ?? ("", 0) == ("m-protein", 8))
        #expect(close(a.clinical.correlations.first?.spearmanRho, 1))
        #expect(build(7).clinical.correlations.isEmpty)
    }
}

/// Each draw's pooled level against a value worked by hand (to 1e-12).
func levelsMatch(_ a: PatientAssessment, _ expected: [Double]) -> Bool {
    let levels: [Double?] = a.draws.map { $0.detection.level }
    guard levels.count == expected.count else { return false }
    return zip(levels, expected).allSatisfy { close($0, $1, within: 1e-12) }
}
