import Foundation

/// The statistics the tracker uses, each a pure function with its source.
public enum Statistics {
    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// Wilson score interval for a binomial proportion x / n (Wilson 1927, JASA 22:209;
    /// recommended over the Wald interval by Brown, Cai & DasGupta 2001, Stat Sci 16:101).
    /// p̂ = x/n; centre = (p̂ + z²/2n) / (1 + z²/n);
    /// half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
    public static func wilson(successes x: Int, trials n: Int, z: Double = z95) -> (low: Double, high: Double)? {
        guard n > 0, x >= 0, x <= n else { return nil }
        let nd = Double(n)
        let p = Double(x) / nd
        let z2 = z * z
        let denominator = 1 + z2 / nd
        let centre = (p + z2 / (2 * nd)) / denominator
        let half = z / denominator * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot()
        // At x = 0 (x = n) the bound is exactly 0 (1); floating point leaves a crumb.
        return (x == 0 ? 0 : max(0, centre - half), x == n ? 1 : min(1, centre + half))
    }

    /// P(X ≥ k) for X ~ Poisson(λ).
    public static func poissonAtLeast(_ k: Int, mean λ: Double) -> Double {
        guard k > 0 else { return 1 }
        var term = exp(-λ)
        var below = term
        for i in 1..<k {
            term *= λ / Double(i)
            below += term
        }
        return max(0, 1 - below)
    }

    /// The smallest VAF that a depth of `depth` reads detects with probability
    /// `probability` when a call needs at least `minimumAltReads` alt reads: solves
    /// P(Poisson(depth · f) ≥ k) = probability for f by bisection (the Poisson
    /// approximation to the binomial, good for small f).
    public static func detectionLimit(depth: Int, minimumAltReads k: Int, probability: Double) -> Double? {
        guard depth > 0, k > 0, probability > 0, probability < 1 else { return nil }
        var low = 0.0, high = Double(max(k, 1)) * 50
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if poissonAtLeast(k, mean: mid) < probability { low = mid } else { high = mid }
        }
        return min(1, high / Double(depth))
    }

    /// Ordinary least squares of y on x: slope and intercept; nil with < 2 distinct x.
    public static func leastSquares(_ points: [(x: Double, y: Double)]) -> (slope: Double, intercept: Double)? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.map(\.x).reduce(0, +) / n
        let my = points.map(\.y).reduce(0, +) / n
        let sxx = points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        let sxy = points.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +)
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }

    /// Ranks with ties given their average rank (1-based).
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rank correlation: Pearson's r of the ranks (ties averaged).
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count >= 2 else { return nil }
        let ra = ranks(a), rb = ranks(b)
        let n = Double(a.count)
        let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
        let cov = zip(ra, rb).map { ($0 - ma) * ($1 - mb) }.reduce(0, +)
        let va = ra.map { ($0 - ma) * ($0 - ma) }.reduce(0, +)
        let vb = rb.map { ($0 - mb) * ($0 - mb) }.reduce(0, +)
        guard va > 0, vb > 0 else { return nil }
        return cov / (va * vb).squareRoot()
    }
}
