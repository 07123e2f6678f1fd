import Foundation
import Testing
@testable import Tracking

@Suite struct StatisticsTests {
    @Test func wilsonIntervalByHand() throws {
        // x = 50, n = 2000: p̂ = 0.025, z² = 3.841459, z²/n = 0.00192073.
        // centre = (0.025 + 0.00096036) / 1.00192073 = 0.02591059
        // half = 1.959964 / 1.00192073 · √(0.025·0.975/2000 + 3.841459/16 000 000)
        //      = 1.95620 · √(0.000012188 + 0.00000024009) = 1.95620 · 0.0035254 = 0.0068965
        let ci = try #require(Statistics.wilson(successes: 50, trials: 2000))
        #expect(close(ci.low, 0.0190141, within: 2e-6))
        #expect(close(ci.high, 0.0328071, within: 2e-6))
    }

    @Test func wilsonWithNoSuccessesStartsAtZero() throws {
        // x = 0: centre = half = (z²/2n)/(1 + z²/n); upper = z²/n / (1 + z²/n) = 3.841459/2003.841459 = 0.00191705.
        let ci = try #require(Statistics.wilson(successes: 0, trials: 2000))
        #expect(ci.low == 0)
        #expect(close(ci.high, 0.00191705, within: 1e-7))
        #expect(Statistics.wilson(successes: 3, trials: 0) == nil)
        #expect(Statistics.wilson(successes: 5, trials: 4) == nil)
    }

    @Test func detectionLimitByHand() throws {
        // k = 1: P(Poisson(λ) ≥ 1) = 1 − e^−λ = 0.95 → λ = ln 20 = 2.995732; at depth 1000, f = 0.002995732.
        #expect(close(Statistics.detectionLimit(depth: 1000, minimumAltReads: 1, probability: 0.95), 0.002995732, within: 1e-8))
        // k = 3: e^−λ(1 + λ + λ²/2) = 0.05 → λ = 6.295794 (solved by hand iteration); depth 2000 → 0.003147897.
        #expect(close(Statistics.detectionLimit(depth: 2000, minimumAltReads: 3, probability: 0.95), 0.003147897, within: 1e-8))
    }

    @Test func leastSquaresSlope() throws {
        // y = ln(0.08), ln(0.04), ln(0.02) at x = 0, 10, 20: slope = −ln 2 / 10 exactly.
        let fit = try #require(Statistics.leastSquares([(0, log(0.08)), (10, log(0.04)), (20, log(0.02))]))
        #expect(close(fit.slope, -log(2) / 10, within: 1e-12))
    }

    @Test func spearmanWithTies() throws {
        // a = 1 2 3 4 → ranks 1 2 3 4; b = 10 20 20 40 → ranks 1 2.5 2.5 4.
        // Centred: a −1.5 −0.5 0.5 1.5; b −1.5 0 0 1.5. cov = 2.25 + 2.25 = 4.5;
        // Σa² = 5, Σb² = 4.5; rho = 4.5 / √22.5 = 0.9486833.
        #expect(close(Statistics.spearman([1, 2, 3, 4], [10, 20, 20, 40]), 0.9486833, within: 1e-7))
        #expect(close(Statistics.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1))
    }
}
