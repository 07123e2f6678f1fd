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

    /// P(X ≥ k) for X ~ Poisson(λ) = P(k, λ), the regularized lower incomplete gamma
    /// function (exact; stable for any λ, unlike summing e^−λ λⁱ/i!, which underflows past λ ≈ 745).
    public static func poissonAtLeast(_ k: Int, mean λ: Double) -> Double {
        guard k > 0 else { return 1 }
        guard λ > 0 else { return 0 }
        return regularizedGammaP(Double(k), λ)
    }

    /// P(a, x) = γ(a, x) / Γ(a): the series for x < a + 1, else 1 − the continued fraction
    /// for Q (Press et al., Numerical Recipes, 3rd ed. 2007, §6.2, gser/gcf).
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        let lnPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return min(1, max(0, sum * exp(lnPrefix)))
        }
        // Lentz's method for the continued fraction of Q(a, x).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, max(0, 1 - exp(lnPrefix) * h))
    }

    /// Exact (Garwood 1936, Biometrika 28:437) two-sided 95 % interval for a Poisson mean
    /// given `count` events: low solves P(X ≥ count | μ) = 0.025, high solves
    /// P(X ≤ count | μ) = 0.025 (bisection on the regularized gamma function).
    public static func poissonInterval(_ count: Int, confidence: Double = 0.95) -> (low: Double, high: Double) {
        let tail = (1 - confidence) / 2
        func solve(_ f: (Double) -> Double) -> Double {  // f increasing in μ, find f(μ) = tail… via bisection
            var lo = 0.0, hi = Double(count) * 2 + 50
            while f(hi) < 0 { hi *= 2 }
            for _ in 0..<200 {
                let mid = (lo + hi) / 2
                if f(mid) < 0 { lo = mid } else { hi = mid }
            }
            return (lo + hi) / 2
        }
        let low = count == 0 ? 0 : solve { poissonAtLeast(count, mean: $0) - tail }
        // P(X ≤ count | μ) = 1 − P(X ≥ count + 1 | μ) falls as μ grows.
        let high = solve { (1 - poissonAtLeast(count + 1, mean: $0)) > tail ? -1 : 1 }
        return (low, high)
    }

    /// The smallest count k with P(Poisson(λ) ≥ k) < α: the detection threshold against
    /// a background of λ expected error reads.
    public static func poissonThreshold(background λ: Double, alpha: Double) -> Int {
        var k = 1
        while poissonAtLeast(k, mean: λ) >= alpha { k += 1 }
        return k
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

    /// Two-sided 97.5 % quantiles of Student's t for 1–30 degrees of freedom (standard
    /// tables, e.g. Abramowitz & Stegun 1964, Table 26.10); 1.96 beyond.
    static let t975: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

    public static func tQuantile975(degreesOfFreedom df: Int) -> Double {
        df >= 1 && df <= t975.count ? t975[df - 1] : 1.959963984540054
    }

    /// Least squares with the slope's 95 % interval: SE(b) = √(Σr² / (n − 2) / Sxx),
    /// b ± t(0.975, n − 2)·SE. Needs at least 3 points with distinct x.
    public static func leastSquaresWithInterval(_ points: [(x: Double, y: Double)]) -> (slope: Double, low: Double, high: Double)? {
        guard points.count >= 3, let (slope, intercept) = leastSquares(points) else { return nil }
        let n = Double(points.count)
        let mx = points.map(\.x).reduce(0, +) / n
        let sxx = points.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let rss = points.map { p in (p.y - intercept - slope * p.x) * (p.y - intercept - slope * p.x) }.reduce(0, +)
        let se = (rss / (n - 2) / sxx).squareRoot()
        let t = tQuantile975(degreesOfFreedom: points.count - 2)
        return (slope, slope - t * se, slope + t * se)
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
