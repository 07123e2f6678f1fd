import CtDNAModel
import Foundation

/// Half-life and doubling time from log-linear least squares, ln(VAF) = a + b·t (t in
/// days), over the detected points of one therapy line only (the latest line with at
/// least 3): t½ = ln 2 / −b when falling, doubling time = ln 2 / b when rising. Reported
/// only when the slope's 95 % confidence interval (t distribution, n − 2 degrees of
/// freedom) excludes 0; not-detected points are never fitted as zeros. Our method choice:
/// a log-linear decay model as used for ctDNA half-lives in the literature.
enum KineticsFit {
    static let minimumPoints = 3

    static func fit(_ points: [SeriesPoint], draws: [DrawAssessment]) -> Kinetics {
        let lineOf = Dictionary(draws.map { ($0.draw.report.identity.id, $0.line) }, uniquingKeysWith: { a, _ in a })
        var byLine: [Int: [(x: Double, y: Double)]] = [:]
        for p in points where p.detected {
            guard let f = p.alleleFraction?.fraction, f > 0, let line = lineOf[p.reportID] ?? nil else { continue }
            byLine[line, default: []].append((Double(p.collected.daysSinceEpoch), log(f)))
        }
        guard let (line, samples) = byLine.filter({ $0.value.count >= minimumPoints }).max(by: { $0.key < $1.key }),
              let fit = Statistics.leastSquaresWithInterval(samples) else { return .none }
        var k = Kinetics.none
        k.line = line
        k.points = samples.count
        k.slopePerDay = fit.slope
        k.slopeLow = fit.low
        k.slopeHigh = fit.high
        if fit.high < 0 { k.halfLifeDays = log(2) / -fit.slope }
        if fit.low > 0 { k.doublingTimeDays = log(2) / fit.slope }
        return k
    }
}
