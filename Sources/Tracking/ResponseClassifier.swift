import CtDNAModel
import Foundation

/// Molecular response per draw (rules.response, sources in the rules file):
/// not-evaluable (QC failure, nothing tracked tested, or before the baseline) →
/// baseline → molecular-progression (a new tumour variant first detected after
/// baseline; re-detection after clearance; burden ≥ progressionFoldFromNadir × nadir
/// and above the LoD) → clearance (every tracked tumour variant tested is not detected)
/// → major-molecular-response (fall ≥ majorMolecularResponseFall from baseline) →
/// molecular-response (fall ≥ molecularResponseFall) → stable.
struct ResponseClassifier {
    let burdens: BurdenCalculator
    let variants: [VariantAssessment]
    let rules: ResponseRules
    let baselineIndex: Int?

    init(burdens: BurdenCalculator, variants: [VariantAssessment], rules: ResponseRules, baselineIndex: Int?) {
        self.burdens = burdens
        self.variants = variants
        self.rules = rules
        self.baselineIndex = baselineIndex
    }

    var draws: [Draw] { burdens.draws }

    func classifyAll() -> [DrawAssessment] {
        draws.indices.map { i in
            let (response, reason) = classify(i)
            return DrawAssessment(draw: draws[i], burden: burdens.burden(at: i, baseline: baselineIndex),
                                  response: response, reason: reason,
                                  signal: response == .molecularProgression ? progressionSignal(i) : nil)
        }
    }

    /// Draws whose progression signal awaits a confirming draw (requireConfirmation only).
    var unconfirmed: [Int] {
        guard rules.response.requireConfirmation else { return [] }
        return draws.indices.filter { progressionSignal($0) != nil && !confirmed($0) }
    }

    func classify(_ i: Int) -> (MolecularResponse, ResponseReason) {
        if draws[i].report.quality == .fail { return (.notEvaluable, .qcFailed) }
        guard let m = burdens.meanVafs[i] else { return (.notEvaluable, .nothingTrackedTested) }
        guard let b = baselineIndex, i >= b else { return (.notEvaluable, .beforeBaseline) }
        if i == b { return (.baseline, .baseline) }
        if let signal = progressionSignal(i), !rules.response.requireConfirmation || confirmed(i) {
            return (.molecularProgression, .progression(signal))
        }
        if m == 0 { return (.clearance, .everyTrackedNotDetected) }
        guard let b0 = burdens.meanVafs[b], b0 > 0 else { return (.stable, .noBurdenAtBaseline) }
        let fall = 1 - m / b0
        if fall >= rules.response.majorMolecularResponseFall { return (.majorMolecularResponse, .changeFromBaseline(-fall)) }
        if fall >= rules.response.molecularResponseFall { return (.molecularResponse, .changeFromBaseline(-fall)) }
        return (.stable, .changeFromBaseline(-fall))
    }

    /// What signals progression at draw `i`, or nil.
    func progressionSignal(_ i: Int) -> ProgressionSignal? {
        guard let b = baselineIndex, i > b, let m = burdens.meanVafs[i], draws[i].report.quality != .fail else { return nil }
        let date = draws[i].report.specimen.collected.date
        let newClones = variants.filter { $0.isTumour && $0.emergent && $0.firstDetected == date }
        if !newClones.isEmpty { return .newVariants(newClones.map(\.series.key.description)) }
        if let previous = (b..<i).last(where: burdens.isEvaluable), burdens.meanVafs[previous] == 0, m > 0 {
            return .redetection
        }
        guard let nadir = burdens.nadir(from: b, through: i - 1), m > (burdens.lods[i] ?? 0) else { return nil }
        if nadir.value > 0, m >= rules.response.progressionFoldFromNadir * nadir.value {
            return .foldFromNadir(m / nadir.value)
        }
        return nil
    }

    /// A signal is confirmed when the next evaluable draw also signals, or stays at least
    /// the progression fold above the nadir.
    func confirmed(_ i: Int) -> Bool {
        guard let b = baselineIndex,
              let next = draws.indices.first(where: { $0 > i && burdens.isEvaluable($0) }),
              let m = burdens.meanVafs[next] else { return false }
        if progressionSignal(next) != nil { return true }
        guard let nadir = burdens.nadir(from: b, through: i - 1) else { return false }
        return nadir.value == 0 ? m > 0 : m >= rules.response.progressionFoldFromNadir * nadir.value
    }

    func overall(_ assessed: [DrawAssessment]) -> OverallResponse {
        var o = OverallResponse()
        o.current = assessed.last?.response
        let after = assessed.filter { $0.response.depth > 0 }
        o.best = after.max { $0.response.depth < $1.response.depth }?.response
        if let b = baselineIndex {
            o.baselineDate = draws[b].report.specimen.collected.date
            if let n = burdens.nadir(from: b, through: draws.count - 1) {
                o.nadirDate = draws[n.index].report.specimen.collected.date
            }
        }
        return o
    }
}
