import CtDNAModel
import Foundation

// MARK: - IMS/IMWG 2025 risk

public enum RiskStatus: String, Sendable, Codable, CaseIterable {
    case highRisk = "high-risk"
    case standardRisk = "standard-risk"
    case notAssessable = "not-assessable"
}

/// IMS/IMWG 2025 high-risk criteria (Avet-Loiseau et al. 2025, J Clin Oncol; rules.risk).
public enum RiskCriterion: String, Sendable, Codable, CaseIterable {
    case del17p = "del17p"
    case tp53Mutation = "tp53-mutation"
    case translocationWith1qOrDel1p = "igh-translocation-with-1q-or-del1p32"
    case biallelicDel1p32 = "biallelic-del1p32"
    case monoallelicDel1p32With1q = "monoallelic-del1p32-with-1q"
    case beta2mNormalCreatinine = "b2m-normal-creatinine"
}

/// Inputs the risk needs that are not stored.
public enum RiskInput: String, Sendable, Codable, CaseIterable {
    case del17p = "del17p"
    case del17pFraction = "del17p-clonal-fraction"
    case tp53 = "tp53"
    case ighTranslocations = "igh-translocations"
    case chromosome1q = "1q"
    case del1p32 = "del1p32"
    case del1p32Allelic = "del1p32-allelic-state"
    case beta2Microglobulin = "beta2-microglobulin"
    case creatinine = "creatinine"
}

public struct RiskAssessment: Sendable, Hashable {
    public var status: RiskStatus
    public var criteria: [RiskCriterion]
    public var missing: [RiskInput]
}

enum RiskRules {
    /// Every cytogenetic result stored: marrow FISH (with fractions and allelic state) and the
    /// structural findings of result files (no fraction).
    static func cytogenetics(_ timeline: PatientTimeline) -> [CytogeneticResult] {
        var out = timeline.marrow.flatMap(\.cytogenetics)
        for d in timeline.draws {
            for f in d.report.findings {
                let kind: CytogeneticKind? = switch f.kind {
                case .del17p: .del17p
                case .gain1q: .gain1q
                case .t4_14: .t4_14
                case .t14_16: .t14_16
                case .t14_20: .t14_20
                default: nil
                }
                if let kind { out.append(CytogeneticResult(kind: kind, detected: f.detected)) }
            }
        }
        return out
    }

    static func assess(_ timeline: PatientTimeline, variants: [VariantAssessment], rules: ResponseRules) -> RiskAssessment {
        let r = rules.risk
        let cyto = cytogenetics(timeline)
        func results(_ k: CytogeneticKind) -> [CytogeneticResult] { cyto.filter { $0.kind == k } }
        var criteria: [RiskCriterion] = []
        var missing: [RiskInput] = []

        // del(17p) ≥ 20 % of cells, and/or a TP53 mutation.
        let del17p = results(.del17p)
        if del17p.contains(where: { $0.detected && ($0.clonalFraction ?? 0) >= r.del17pMinFraction }) {
            criteria.append(.del17p)
        } else if del17p.isEmpty {
            missing.append(.del17p)
        } else if del17p.contains(where: { $0.detected && $0.clonalFraction == nil }) {
            missing.append(.del17pFraction)
        }
        if variants.contains(where: { $0.isTumour && $0.series.gene == "TP53" && $0.series.points.contains(where: \.detected) }) {
            criteria.append(.tp53Mutation)
        } else if !tp53Tested(timeline) {
            missing.append(.tp53)
        }
        // 1q+ and del(1p32).
        let oneQ = results(.gain1q) + results(.amp1q)
        let oneQPlus = oneQ.contains(where: \.detected)
        let del1p = results(.del1p32)
        let del1pDetected = del1p.filter(\.detected)
        // t(4;14), t(14;16), t(14;20) with 1q+ and/or del(1p32).
        let translocations = [CytogeneticKind.t4_14, .t14_16, .t14_20].map(results)
        let translocationFound = translocations.contains { $0.contains(where: \.detected) }
        if translocationFound && (oneQPlus || !del1pDetected.isEmpty) {
            criteria.append(.translocationWith1qOrDel1p)
        } else if !translocationFound && translocations.contains(where: \.isEmpty) {
            missing.append(.ighTranslocations)
        }
        if del1pDetected.contains(where: { $0.allelic == .biallelic }) {
            criteria.append(.biallelicDel1p32)
        } else if !del1pDetected.isEmpty && oneQPlus {
            criteria.append(.monoallelicDel1p32With1q)
        } else if del1pDetected.contains(where: { $0.allelic == nil }) && oneQ.isEmpty {
            missing.append(.del1p32Allelic)
        }
        if del1p.isEmpty { missing.append(.del1p32) }
        if oneQ.isEmpty { missing.append(.chromosome1q) }
        // β2-microglobulin ≥ 5.5 mg/L with a normal creatinine: the first β2M (diagnosis)
        // and the creatinine nearest to it within the pairing window.
        let b2m = timeline.labValues.filter { $0.marker == .beta2Microglobulin }.min { $0.measured < $1.measured }
        if let b2m {
            let creatinine = timeline.labValues.filter { $0.marker == .creatinine }
                .map { ($0.value, abs($0.measured.daysSinceEpoch - b2m.measured.daysSinceEpoch)) }
                .filter { $0.1 <= rules.clinical.pairingWindowDays }.min { $0.1 < $1.1 }?.0
            if b2m.value >= r.beta2mMin {
                if let creatinine {
                    if creatinine < r.creatinineNormalMax { criteria.append(.beta2mNormalCreatinine) }
                } else {
                    missing.append(.creatinine)
                }
            }
        } else {
            missing.append(.beta2Microglobulin)
        }
        let status: RiskStatus = !criteria.isEmpty ? .highRisk : missing.isEmpty ? .standardRisk : .notAssessable
        return RiskAssessment(status: status, criteria: criteria, missing: missing)
    }

    /// TP53 was sequenced: a draw reported a TP53 call, or its panel lists TP53, or a biopsy did.
    static func tp53Tested(_ t: PatientTimeline) -> Bool {
        t.draws.contains { d in d.report.variants.contains { $0.gene == "TP53" } || d.report.assay.covers(gene: "TP53") }
            || t.biopsies.contains { $0.variants.contains { $0.hasPrefix("TP53 ") } }
    }

    /// Markers kept apart from risk: associated with EMD (the seed review) and potentially actionable.
    static func markers(_ variants: [VariantAssessment], genes: [String], keys: [String]) -> [String] {
        variants.filter { v in
            v.isTumour && v.series.points.contains(where: \.detected)
                && (genes.contains(v.series.gene) || keys.contains(v.series.key.description))
        }.map(\.series.key.description)
    }
}

// MARK: - Lesions

public enum LesionStatus: String, Sendable, Codable, CaseIterable {
    case new
    case persistent
    case resolved
}

public struct LesionFinding: Sendable, Hashable {
    public var site: ExtramedullarySite
    public var lesionClass: LesionClass
    public var status: LesionStatus
}

public struct ImagingAssessment: Sendable, Hashable {
    public var date: CalendarDate
    public var modality: ImagingModality
    public var lesions: [LesionFinding]

    /// Active (new or persistent) lesions of a class.
    public func active(_ c: LesionClass) -> [LesionFinding] {
        lesions.filter { $0.lesionClass == c && $0.status != .resolved }
    }
}

enum LesionRules {
    /// Each study's lesions against the previous study: new, persistent; and the previous
    /// study's lesions now absent, resolved.
    static func assess(_ studies: [ImagingStudy]) -> [ImagingAssessment] {
        var previous: Set<Lesion> = []
        return studies.sorted { $0.performed < $1.performed }.map { s in
            let now = Set(s.lesions)
            var findings = s.lesions.map {
                LesionFinding(site: $0.site, lesionClass: $0.lesionClass, status: previous.contains($0) ? .persistent : .new)
            }
            findings += previous.subtracting(now).sorted { $0.site.rawValue < $1.site.rawValue }.map {
                LesionFinding(site: $0.site, lesionClass: $0.lesionClass, status: .resolved)
            }
            previous = now
            return ImagingAssessment(date: s.performed, modality: s.modality, lesions: findings)
        }
    }
}

// MARK: - IMWG serological response

/// IMWG response categories (Kumar et al. 2016, Lancet Oncol 17:e328). NE: not evaluable.
public enum IMWGCategory: String, Sendable, Codable, CaseIterable {
    case sCR, CR, VGPR, PR, MR, SD, PD, NE

    var depth: Int {
        switch self {
        case .sCR: 6
        case .CR: 5
        case .VGPR: 4
        case .PR: 3
        case .MR: 2
        case .SD: 1
        case .PD, .NE: 0
        }
    }
}

public struct IMWGAssessment: Sendable, Hashable {
    public var date: CalendarDate
    public var category: IMWGCategory
    /// The next assessment of the line holds the category (as good a response, or PD again).
    public var confirmed: Bool
    public var line: Int?
    /// Why NE (the missing input), when NE.
    public var missing: String?
}

enum IMWGRules {
    static func nearest(_ values: [LabValue], _ m: LabMarker, to d: CalendarDate, window: Int) -> Double? {
        values.filter { $0.marker == m }.map { ($0.value, abs($0.measured.daysSinceEpoch - d.daysSinceEpoch)) }
            .filter { $0.1 <= window }.min { $0.1 < $1.1 }?.0
    }

    /// Involved minus uninvolved free light chain (mg/L), and the κ/λ ratio.
    static func flc(_ t: PatientTimeline, at d: CalendarDate, window: Int) -> (dflc: Double, ratio: Double)? {
        guard let k = nearest(t.labValues, .kappaFLC, to: d, window: window),
              let l = nearest(t.labValues, .lambdaFLC, to: d, window: window), l > 0 else { return nil }
        let involvedKappa = t.lightChain.map { $0 == .kappa } ?? (k >= l)
        return (involvedKappa ? k - l : l - k, k / l)
    }

    /// A new extramedullary or CNS lesion (not paraskeletal) on a study in (after, through].
    static func newLesion(_ imaging: [ImagingAssessment], after: CalendarDate, through: CalendarDate) -> Bool {
        imaging.contains { s in
            s.date > after && s.date <= through && s.lesions.contains { $0.status == .new && $0.lesionClass != .paraskeletal }
        }
    }

    static func assess(_ t: PatientTimeline, imaging: [ImagingAssessment], rules: ResponseRules) -> [IMWGAssessment] {
        let r = rules.imwg
        let w = rules.clinical.pairingWindowDays
        let lines = t.therapyLines.sorted { $0.start < $1.start }
        var out: [IMWGAssessment] = []
        let serumDates = Array(Set(t.labValues.filter { $0.marker == .mProtein || $0.marker == .kappaFLC }.map(\.measured))).sorted()
        for (k, line) in lines.enumerated() {
            let next = k + 1 < lines.count ? lines[k + 1].start : nil
            let base = { (m: LabMarker) -> Double? in
                t.labValues.filter { $0.marker == m && $0.measured <= line.start && $0.measured >= line.start.adding(days: -r.baselineWindowDays) }
                    .max { $0.measured < $1.measured }?.value
            }
            let mp0 = base(.mProtein), urine0 = base(.urineMProtein)
            let flc0 = flc(t, at: line.start, window: r.baselineWindowDays)
            let pc0 = t.marrow.filter { $0.performed <= line.start && $0.performed >= line.start.adding(days: -r.baselineWindowDays) }
                .max { $0.performed < $1.performed }?.plasmaCellPercent
            enum Path { case serum, urine, flc }
            let path: Path? = (mp0 ?? 0) >= r.measurableMProtein ? .serum
                : (urine0 ?? 0) >= r.measurableUrine ? .urine
                : (flc0.map { $0.dflc >= r.measurableFlc && ($0.ratio < 0.26 || $0.ratio > 1.65) } ?? false) ? .flc : nil
            var mpSeen = mp0.map { [$0] } ?? [], urineSeen = urine0.map { [$0] } ?? []
            var dflcSeen = flc0.map { [$0.dflc] } ?? [], pcSeen = pc0.map { [$0] } ?? []
            var previous = line.start
            let dates = serumDates.filter { d in d > line.start && (next.map { d < $0 } ?? true) }
            var lineOut: [IMWGAssessment] = []
            for d in dates {
                defer { previous = d }
                guard let path else {
                    // Not measurable serologically: a new extramedullary lesion is still progression.
                    if newLesion(imaging, after: previous, through: d) {
                        lineOut.append(IMWGAssessment(date: d, category: .PD, confirmed: false, line: k + 1, missing: nil))
                    } else {
                        lineOut.append(IMWGAssessment(date: d, category: .NE, confirmed: false, line: k + 1,
                                                      missing: mp0 == nil && urine0 == nil && flc0 == nil ? "baseline" : "measurable-disease"))
                    }
                    continue
                }
                let mp = nearest(t.labValues, .mProtein, to: d, window: 0)
                let urine = nearest(t.labValues, .urineMProtein, to: d, window: w)
                let f = flc(t, at: d, window: w)
                let pc = t.marrow.filter { abs($0.performed.daysSinceEpoch - d.daysSinceEpoch) <= w }.compactMap(\.plasmaCellPercent).first
                func rose(_ value: Double?, _ seen: [Double], _ minimum: Double) -> Bool {
                    guard let value, let low = seen.min() else { return false }
                    return value >= low * (1 + r.progressionRise) && value - low >= minimum
                }
                let newLesion = Self.newLesion(imaging, after: previous, through: d)
                let pd = (path == .serum && rose(mp, mpSeen, r.mProteinRiseMin))
                    || rose(urine, urineSeen, r.urineRiseMin)
                    || (path == .flc && rose(f?.dflc, dflcSeen, r.dflcRiseMin))
                    || (pc.map { v in pcSeen.min().map { v - $0 >= r.marrowRiseMin } ?? false } ?? false)
                    || newLesion
                if let mp { mpSeen.append(mp) }
                if let urine { urineSeen.append(urine) }
                if let f { dflcSeen.append(f.dflc) }
                if let pc { pcSeen.append(pc) }
                if pd {
                    lineOut.append(IMWGAssessment(date: d, category: .PD, confirmed: false, line: k + 1, missing: nil))
                    continue
                }
                let ifeSerum = nearest(t.labValues, .serumImmunofixation, to: d, window: w)
                let ifeUrine = nearest(t.labValues, .urineImmunofixation, to: d, window: w)
                let activeEMD = imaging.last { $0.date <= d }.map { !$0.active(.extramedullary).isEmpty || !$0.active(.cns).isEmpty } ?? false
                let cr = ifeSerum == 0 && ifeUrine == 0 && (pc.map { $0 < 5 } ?? false) && !activeEMD
                if cr {
                    let normalRatio = f.map { $0.ratio >= 0.26 && $0.ratio <= 1.65 } ?? false
                    lineOut.append(IMWGAssessment(date: d, category: normalRatio ? .sCR : .CR, confirmed: false, line: k + 1, missing: nil))
                    continue
                }
                let category: IMWGCategory
                switch path {
                case .serum:
                    guard let mp, let mp0, mp0 > 0 else {
                        lineOut.append(IMWGAssessment(date: d, category: .NE, confirmed: false, line: k + 1, missing: "m-protein"))
                        continue
                    }
                    let fall = 1 - mp / mp0
                    let urineOK90 = urine.map { $0 < 100 } ?? (urine0 == nil)
                    let urineOK50 = urine.map { u in urine0.map { u <= $0 * 0.1 || u < 200 } ?? true } ?? (urine0 == nil)
                    if (mp == 0 && ifeSerum == 1) || (fall >= 0.9 && urineOK90) { category = .VGPR }
                    else if fall >= 0.5 && urineOK50 { category = .PR }
                    else if fall >= 0.25 { category = .MR }
                    else { category = .SD }
                case .urine:
                    guard let urine, let urine0, urine0 > 0 else {
                        lineOut.append(IMWGAssessment(date: d, category: .NE, confirmed: false, line: k + 1, missing: "urine-m-protein"))
                        continue
                    }
                    category = urine < 100 ? .VGPR : (urine <= urine0 * 0.1 || urine < 200) ? .PR : urine <= urine0 * 0.5 ? .MR : .SD
                case .flc:
                    guard let f, let flc0, flc0.dflc > 0 else {
                        lineOut.append(IMWGAssessment(date: d, category: .NE, confirmed: false, line: k + 1, missing: "free-light-chains"))
                        continue
                    }
                    category = f.dflc <= flc0.dflc * 0.5 ? .PR : .SD
                }
                lineOut.append(IMWGAssessment(date: d, category: category, confirmed: false, line: k + 1, missing: nil))
            }
            // Confirmation: the next assessment of the line holds the category.
            for i in lineOut.indices where i + 1 < lineOut.count {
                let a = lineOut[i].category, b = lineOut[i + 1].category
                lineOut[i].confirmed = a == .PD ? b == .PD : (a != .NE && a != .SD && b != .PD && b != .NE && b.depth >= a.depth)
            }
            out += lineOut
        }
        return out
    }
}
