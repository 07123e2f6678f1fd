import CtDNAModel
import Foundation

/// ctDNA response per therapy line (rules.response and rules.detection; sources in the
/// rules file). Each line is a segment with its own baseline, fixed tracked variant set,
/// nadir and rises; every draw's category is computed from the draws up to and including
/// it, so a past category never changes when later data arrive.
struct ResponseEngine {
    let draws: [Draw]                      // in collection order
    let variants: [VariantAssessment]
    let timeline: PatientTimeline
    let rules: ResponseRules

    var lines: [TherapyLine] { timeline.therapyLines }

    /// A segment under construction.
    struct Segment {
        var index: Int
        var line: TherapyLine?
        var start: CalendarDate
        var members: [Int]                 // draw indices in the segment
        var baseline: Int?
        var flag: BaselineFlag?
        var tracked: [Int]                 // variant indices
    }

    struct Result {
        var lines: [LineAssessment]
        var draws: [DrawAssessment]
        var overall: OverallResponse
        /// (variant index, draw index, line) of each new clone's first significant detection.
        var newClones: [(variant: Int, draw: Int, line: Int)]
    }

    func date(_ i: Int) -> CalendarDate { draws[i].report.specimen.collected.date }

    /// A draw that can serve as a baseline: QC not failed and some variant tested with a call.
    func evaluable(_ i: Int) -> Bool {
        guard draws[i].report.quality != .fail else { return false }
        let id = draws[i].report.identity.id
        return variants.contains { v in
            v.series.points.contains { $0.reportID == id && ($0.status == .detected || $0.status == .notDetected) }
        }
    }

    func segments() -> [Segment] {
        let sorted = lines.sorted { $0.start < $1.start }
        guard !sorted.isEmpty else {
            guard let first = draws.indices.first(where: evaluable) else {
                return [Segment(index: 0, line: nil, start: draws.isEmpty ? .unixEpoch : date(0),
                                members: Array(draws.indices), baseline: nil, flag: nil, tracked: [])]
            }
            return [Segment(index: 0, line: nil, start: date(first), members: Array(draws.indices), baseline: first, flag: nil,
                            tracked: [])]
        }
        var out: [Segment] = []
        for (k, line) in sorted.enumerated() {
            let next = k + 1 < sorted.count ? sorted[k + 1].start : nil
            let members = draws.indices.filter { j in date(j) >= line.start && (next.map { date(j) < $0 } ?? true) }
            let windowStart = line.start.adding(days: -rules.response.baselineWindowDays)
            var seg = Segment(index: k + 1, line: line, start: line.start, members: members, baseline: nil, flag: nil,
                              tracked: [])
            if let b = draws.indices.last(where: { date($0) >= windowStart && date($0) <= line.start && evaluable($0) }) {
                seg.baseline = b
            } else if let b = members.first(where: evaluable) {
                seg.baseline = b
                seg.flag = .onTreatmentReference
            }
            out.append(seg)
        }
        return out
    }

    /// Tumour variants detected at the baseline, their origin judged on the evidence up to
    /// the baseline only (so later data cannot change the set); benign ones never.
    func trackedSet(baseline b: Int) -> [Int] {
        let id = draws[b].report.identity.id
        return variants.indices.filter { i in
            let v = variants[i]
            guard !v.isBenign, v.series.points.contains(where: { $0.reportID == id && $0.detected }) else { return false }
            return origin(i, upTo: date(b)).state == .tumour
        }
    }

    func origin(_ i: Int, upTo: CalendarDate) -> OriginCall {
        OriginClassifier.classify(variants[i].series, points: variants[i].points, timeline: timeline, draws: draws,
                                  rules: rules, upTo: upTo)
    }

    /// The pooled detection at draw `j` over the variant indices `set`.
    func detection(at j: Int, over set: [Int]) -> SampleDetection {
        let report = draws[j].report
        let id = report.identity.id
        var tested: [VariantEvidence] = []
        var withoutDepth = 0
        for i in set {
            guard let p = variants[i].series.points.first(where: { $0.reportID == id }) else { continue }
            if let e = DetectionTest.evidence(p, assay: report.assay, rules: rules) {
                tested.append(e)
            } else if p.status == .notDetected || p.status == .detected {
                withoutDepth += 1
            }
        }
        return DetectionTest.detect(tracked: set.count, tested: tested, testedWithoutDepth: withoutDepth, report: report,
                                    rules: rules)
    }

    /// Whether some variant of `set` is significant on its own reads at draw `j`.
    func someVariantSignificant(at j: Int, in set: [Int]) -> Bool {
        let report = draws[j].report
        return set.contains { i in
            guard let p = variants[i].series.points.first(where: { $0.reportID == report.identity.id }),
                  let e = DetectionTest.evidence(p, assay: report.assay, rules: rules) else { return false }
            return DetectionTest.significant(e, alpha: rules.detection.alpha)
        }
    }

    func comparable(_ a: Assay, _ b: Assay) -> Bool {
        a.label == b.label || rules.response.comparableAssays.contains { $0.contains(a.label) && $0.contains(b.label) }
    }

    func run() -> Result {
        var segs = segments()
        for k in segs.indices { if let b = segs[k].baseline { segs[k].tracked = trackedSet(baseline: b) } }
        var lineOf = [Int?](repeating: nil, count: draws.count)
        for s in segs { for j in s.members { lineOf[j] = s.index } }
        var assessed: [DrawAssessment?] = Array(repeating: nil, count: draws.count)
        var lineResults: [LineAssessment] = []
        var newClones: [(Int, Int, Int)] = []

        for s in segs {
            var prior: [(j: Int, detection: SampleDetection, response: DrawResponse)] = []
            let baselineDetection = s.baseline.map { detection(at: $0, over: s.tracked) }
            let baselineLevel = baselineDetection?.call == .detected ? baselineDetection?.level : nil
            // The baseline of a line that lies before the line (in the previous segment or before any line).
            var members = s.members
            if let b = s.baseline, !members.contains(b) { members.insert(b, at: 0) }
            for j in members {
                let d = s.tracked.isEmpty ? detection(at: j, over: tumourTested(at: j)) : detection(at: j, over: s.tracked)
                let r = respond(j, segment: s, detection: d, baselineDetection: baselineDetection,
                                baselineLevel: baselineLevel, prior: prior)
                if s.members.contains(j) {
                    assessed[j] = DrawAssessment(draw: draws[j], line: lineOf[j], detection: d, response: r)
                } else if assessed[j] == nil, lineOf[j] == nil {
                    // A pre-treatment baseline: it belongs to no line and is this line's baseline.
                    assessed[j] = DrawAssessment(draw: draws[j], line: nil, detection: d, response: r)
                }
                prior.append((j, d, r))
            }
            // New clones: outside the tracked set, significant on their own reads, after the baseline.
            if let b = s.baseline {
                let trackedSet = Set(s.tracked)
                for i in variants.indices where !trackedSet.contains(i) && !variants[i].isBenign {
                    // Judged on the evidence up to the draw: indeterminate (a CH-prone gene after
                    // therapy) or germline never makes a new clone.
                    if let j = s.members.first(where: { date($0) > date(b) && someVariantSignificant(at: $0, in: [i]) }),
                       origin(i, upTo: date(j)).state == .tumour {
                        newClones.append((i, j, s.index))
                    }
                }
            }
            let inSegment = prior.filter { s.members.contains($0.j) || $0.j == s.baseline }
            let nadir = nadirDraw(inSegment)
            let responses = inSegment.filter { s.members.contains($0.j) }.map(\.response.category)
            lineResults.append(LineAssessment(
                index: s.index, regimen: s.line?.regimen, start: s.start, end: s.line?.end,
                baselineDate: s.baseline.map(date), baselineFlag: s.flag,
                baselineReportID: s.baseline.map { draws[$0].report.identity.id },
                nadirDate: nadir.map(date),
                trackedVariants: s.tracked.map { variants[$0].series.key.description },
                current: responses.last, best: responses.filter { $0.depth > 0 }.max { $0.depth < $1.depth }))
        }
        // Draws before the first line that are no line's baseline.
        for j in draws.indices where assessed[j] == nil {
            assessed[j] = DrawAssessment(draw: draws[j], line: lineOf[j], detection: detection(at: j, over: tumourTested(at: j)),
                                         response: DrawResponse(category: .notEvaluable, reason: .noBaseline))
        }
        let latest = lineResults.last { l in segs.first { $0.index == l.index }.map { !$0.members.isEmpty } ?? false }
            ?? lineResults.last
        return Result(lines: lineResults, draws: assessed.compactMap { $0 },
                      overall: OverallResponse(current: latest?.current, best: latest?.best, line: latest?.index),
                      newClones: newClones)
    }

    /// Tumour variants the draw tested (for a call when the line tracks nothing).
    func tumourTested(at j: Int) -> [Int] {
        let id = draws[j].report.identity.id
        return variants.indices.filter { i in variants[i].isTumour && variants[i].series.points.contains { $0.reportID == id } }
    }

    /// The segment's nadir: the first not-detected draw with a category, else the lowest detected level.
    func nadirDraw(_ list: [(j: Int, detection: SampleDetection, response: DrawResponse)]) -> Int? {
        let usable = list.filter { $0.response.category != .notEvaluable }
        if let nd = usable.first(where: { $0.detection.call == .notDetected }) { return nd.j }
        return usable.filter { $0.detection.level != nil }.min { $0.detection.level! < $1.detection.level! }?.j
    }

    func respond(_ j: Int, segment s: Segment, detection d: SampleDetection, baselineDetection: SampleDetection?,
                 baselineLevel: Double?, prior: [(j: Int, detection: SampleDetection, response: DrawResponse)]) -> DrawResponse {
        let r = rules.response
        if draws[j].report.quality == .fail { return DrawResponse(category: .notEvaluable, reason: .qcFailed) }
        guard let b = s.baseline else { return DrawResponse(category: .notEvaluable, reason: .noBaseline) }
        guard let base = baselineLevel, !s.tracked.isEmpty else {
            return DrawResponse(category: .notEvaluable, reason: .undetectableBaseline)
        }
        if j == b { return DrawResponse(category: .baseline, changeFromBaseline: 0) }
        if j < b { return DrawResponse(category: .notEvaluable, reason: .noBaseline) }
        guard comparable(draws[j].report.assay, draws[b].report.assay) else {
            return DrawResponse(category: .notEvaluable, reason: .differentAssay)
        }
        guard d.call != .nonInformative else {
            return DrawResponse(category: .notEvaluable,
                                reason: d.variantsTested < d.variantsTracked ? .notAllTrackedTested : .insufficientSensitivity)
        }
        guard d.variantsTested == d.variantsTracked else {
            return DrawResponse(category: .notEvaluable, reason: .notAllTrackedTested)
        }
        let evaluated = prior.filter { $0.response.category != .notEvaluable }
        if d.call == .detected, let level = d.level {
            let nadirLevel = evaluated.compactMap(\.detection.level).min()
            let fold = nadirLevel.flatMap { $0 > 0 ? level / $0 : nil }
            let change = level / base - 1
            let afterNotDetected = evaluated.contains { $0.detection.call == .notDetected }
            let inLysis = s.line != nil && date(j) < s.start.adding(days: r.lysisWindowDays)
            let riseSignal = !inLysis
                && ((fold.map { $0 >= r.riseFoldFromNadir } ?? false)
                    || (afterNotDetected && someVariantSignificant(at: j, in: s.tracked)))
            if riseSignal {
                // Confirmed when the rise began at a draw at least confirmationDays earlier and every
                // evaluated draw since has risen too.
                var first: Int?
                for p in evaluated.reversed() {
                    guard p.response.category == .riseUnconfirmed || p.response.category == .rise else { break }
                    first = p.j
                }
                let confirmed = first.map { date(j).daysSinceEpoch - date($0).daysSinceEpoch >= r.confirmationDays } ?? false
                return DrawResponse(category: confirmed ? .rise : .riseUnconfirmed, changeFromBaseline: change,
                                    foldFromNadir: fold)
            }
            if change <= -r.decrease90, let lod = d.lod95, base >= r.decrease90MinBaselineOverLod * lod {
                return DrawResponse(category: .decrease90, changeFromBaseline: change, foldFromNadir: fold)
            }
            if change <= -r.decrease50 {
                return DrawResponse(category: .decrease50, changeFromBaseline: change, foldFromNadir: fold)
            }
            return DrawResponse(category: .stable, changeFromBaseline: change, foldFromNadir: fold)
        }
        // Not detected: left-censored below the LoD95; a fall only as far as the LoD95 can show.
        guard let lod = d.lod95 else { return DrawResponse(category: .notEvaluable, reason: .insufficientSensitivity) }
        if base >= r.notDetectedMinBaselineOverLod * lod { return DrawResponse(category: .notDetected) }
        if lod <= base * (1 - r.decrease50) { return DrawResponse(category: .decrease50) }
        return DrawResponse(category: .notEvaluable, reason: .insufficientSensitivity)
    }
}
