import CtDNAModel
import Foundation

/// Half-life and doubling time from log-linear least squares: ln(VAF) = a + b·t (t in
/// days). Falling: t½ = ln 2 / −b; rising: doubling time = ln 2 / b. A phase is a run of
/// consecutive detected points moving one way; a not-detected point ends the run and
/// is never fitted as a zero. The latest falling and the latest rising phase are reported.
enum KineticsFit {
    typealias Sample = (day: Double, vaf: Double)

    static func fit(_ points: [SeriesPoint]) -> Kinetics {
        var runs: [[Sample]] = [[]]
        for p in points {
            if p.detected, let f = p.alleleFraction?.fraction, f > 0 {
                runs[runs.count - 1].append((Double(p.collected.daysSinceEpoch), f))
            } else if p.status == .notDetected {
                runs.append([])
            }
        }
        var result = Kinetics.none
        for phase in runs.flatMap(monotonePhases) where phase.count >= 2 {
            guard let (slope, _) = Statistics.leastSquares(phase.map { (x: $0.day, y: log($0.vaf)) }), slope != 0 else {
                continue
            }
            if slope < 0 {
                result.halfLifeDays = log(2) / -slope
                result.halfLifePoints = phase.count
            } else {
                result.doublingTimeDays = log(2) / slope
                result.doublingPoints = phase.count
            }
        }
        return result
    }

    /// Splits a run into maximal phases that only fall or only rise; the turning point
    /// belongs to both phases.
    static func monotonePhases(_ run: [Sample]) -> [[Sample]] {
        guard let first = run.first else { return [] }
        var phases: [[Sample]] = []
        var phase = [first]
        var direction = 0
        for s in run.dropFirst() {
            let last = phase[phase.count - 1]
            let step = s.vaf > last.vaf ? 1 : (s.vaf < last.vaf ? -1 : 0)
            if direction == 0 || step == 0 || step == direction {
                if direction == 0 { direction = step }
                phase.append(s)
            } else {
                phases.append(phase)
                phase = [last, s]
                direction = step
            }
        }
        phases.append(phase)
        return phases
    }
}
