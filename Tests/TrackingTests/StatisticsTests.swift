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

    /// P(X ≥ k | λ) through the regularized gamma function, against sums worked by hand:
    /// λ = 0.2, k = 3: 1 − e^−0.2(1 + 0.2 + 0.02) = 0.0011485; k = 1 at λ = 800 is 1; a
    /// large mean, where summing e^−λ λⁱ/i! underflows: P(X ≥ 800 | 800) = 0.5047016 (the
    /// sum of the first 800 terms computed in log space).
    @Test func poissonTailByHand() throws {
        #expect(close(Statistics.poissonAtLeast(3, mean: 0.2), 1 - exp(-0.2) * 1.22, within: 1e-12))
        #expect(close(Statistics.poissonAtLeast(1, mean: 800), 1, within: 1e-12))
        #expect(close(Statistics.poissonAtLeast(800, mean: 800), 0.5047016, within: 1e-6))
        #expect(Statistics.poissonThreshold(background: 0.2, alpha: 0.01) == 3)
    }

    /// Garwood's exact interval for 20 events: 12.2165–30.8884 (standard tables); for 0: 0–3.6889.
    @Test func poissonIntervalByTable() throws {
        let i = Statistics.poissonInterval(20)
        #expect(close(i.low, 12.2165, within: 1e-4) && close(i.high, 30.8884, within: 1e-4))
        let zero = Statistics.poissonInterval(0)
        #expect(zero.low == 0 && close(zero.high, 3.6889, within: 1e-4))
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
