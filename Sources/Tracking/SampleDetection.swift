import CtDNAModel
import Foundation

/// The sample-level call at one draw.
public enum DetectionCall: String, Sendable, Hashable, CaseIterable {
    case detected
    case notDetected = "not-detected"
    /// No informative reads over the tracked set (failed QC, nothing tracked tested with a depth).
    case nonInformative = "non-informative"
}

/// One draw's ctDNA detection over the segment's tracked variant set: pooled alt reads
/// against the background error (Wan et al. 2020, Sci Transl Med 12:eaaz8084, integrated
/// tumour-informed detection; a Poisson background test, our formulation).
public struct SampleDetection: Sendable, Hashable {
    public var call: DetectionCall
    /// P(Poisson(Λ₀) ≥ A); nil when non-informative.
    public var pValue: Double?
    /// Tracked variants with at least one alt read.
    public var variantsWithReads: Int
    /// Variants in the set the call is made over.
    public var variantsTracked: Int
    /// Tracked variants that the draw tested (not-covered, failed and untested ones are not).
    public var variantsTested: Int
    /// Σ depth over the tested tracked variants (reads).
    public var informativeDepth: Int
    /// Σ alt reads (A) and expected background reads (Λ₀ = Σ dᵢ εᵢ).
    public var altReads: Int
    public var backgroundReads: Double
    /// True when some alt reads were not reported and were taken as round(VAF × depth).
    public var altReadsFromVaf: Bool
    /// True when some εᵢ came from the rules file's default, not the assay.
    public var backgroundFromDefault: Bool
    /// The VAF detected with 95 % probability at this draw (never below the assay's LoD,
    /// the depth's or the cfDNA input's limit).
    public var lod95: Double?
    /// What limits the LoD95 most.
    public var lodLimitedBy: LimitSource?
    /// Background-subtracted pooled VAF (A − Λ₀)/Σdᵢ with its 95 % interval; nil when
    /// not detected (left-censored: below `lod95`).
    public var level: Double?
    public var levelLow: Double?
    public var levelHigh: Double?
    /// Mutant haploid genome equivalents per mL of plasma (level × ng/mL ÷ 0.0033 ng).
    public var mutantMoleculesPerMl: Double?
}

/// Where a draw's LoD95 comes from.
public enum LimitSource: String, Sendable, Codable, Hashable {
    /// The assay's reported LoD.
    case assay
    /// The read depth against the background (the Poisson test's 95 % detection VAF).
    case depth
    /// The cfDNA input: fewer genome copies than reads.
    case input
}

/// One variant's evidence at a draw, for the pooled test.
struct VariantEvidence: Sendable, Hashable {
    var altReads: Int
    var depth: Int
    var errorRate: Double
    var altFromVaf: Bool
    var errorFromDefault: Bool
}

/// Pure functions behind `SampleDetection` (rules.detection).
enum DetectionTest {
    /// Mass of one haploid human genome: 3.3 pg = 0.0033 ng (Devonshire et al. 2014, Anal
    /// Bioanal Chem 406:6499).
    static let nanogramsPerHaploidGenome = 0.0033

    /// The evidence one point gives, or nil when the variant was not tested at this draw
    /// with a depth (not covered, failed, inferred from a detected-only report).
    static func evidence(_ p: SeriesPoint, assay: Assay, rules: ResponseRules) -> VariantEvidence? {
        guard p.status == .detected || p.status == .notDetected, let depth = p.depth, depth > 0 else { return nil }
        var alt = 0
        var fromVaf = false
        if p.status == .detected {
            if let reads = p.altReads {
                alt = reads
            } else if let f = p.alleleFraction?.fraction {
                alt = Int((f * Double(depth)).rounded())
                fromVaf = true
            }
        }
        let error = assay.backgroundErrorRate?.fraction
        return VariantEvidence(altReads: alt, depth: depth, errorRate: error ?? rules.detection.backgroundErrorRate,
                               altFromVaf: fromVaf, errorFromDefault: error == nil)
    }

    /// One variant alone against its own background: P(Poisson(dε) ≥ a) < α.
    static func significant(_ e: VariantEvidence, alpha: Double) -> Bool {
        e.altReads > 0 && Statistics.poissonAtLeast(e.altReads, mean: Double(e.depth) * e.errorRate) < alpha
    }

    /// The pooled call. `tracked`: how many variants the set has; `tested`: the evidence of
    /// those the draw tested with a depth; `testedWithoutDepth`: tested (e.g. inferred
    /// not detected) but without reads to count.
    static func detect(tracked: Int, tested: [VariantEvidence], testedWithoutDepth: Int, report: ResultReport,
                       rules: ResponseRules) -> SampleDetection {
        let depth = tested.map(\.depth).reduce(0, +)
        let alt = tested.map(\.altReads).reduce(0, +)
        let background = tested.map { Double($0.depth) * $0.errorRate }.reduce(0, +)
        var d = SampleDetection(call: .nonInformative, pValue: nil, variantsWithReads: tested.filter { $0.altReads > 0 }.count,
                                variantsTracked: tracked, variantsTested: tested.count + testedWithoutDepth,
                                informativeDepth: depth, altReads: alt, backgroundReads: background,
                                altReadsFromVaf: tested.contains(where: \.altFromVaf),
                                backgroundFromDefault: tested.contains(where: \.errorFromDefault),
                                lod95: nil, lodLimitedBy: nil, level: nil, levelLow: nil, levelHigh: nil,
                                mutantMoleculesPerMl: nil)
        guard report.quality != .fail, depth > 0 else {
            // A detected-only report without depths: the assay's LoD is all there is.
            if report.quality != .fail, testedWithoutDepth > 0, let lod = report.assay.limitOfDetection?.fraction {
                d.lod95 = lod
                d.lodLimitedBy = .assay
            }
            return d
        }
        let p = Statistics.poissonAtLeast(alt, mean: background)
        d.pValue = alt == 0 ? 1 : p
        d.call = alt > 0 && p < rules.detection.alpha ? .detected : .notDetected
        (d.lod95, d.lodLimitedBy) = lod95(tested: tested, background: background, report: report, rules: rules)
        let cfDNA = report.specimen.cfDNANanogramsPerMl
        if d.call == .detected {
            let level = max(0, (Double(alt) - background) / Double(depth))
            let ci = Statistics.poissonInterval(alt)
            d.level = level
            d.levelLow = max(0, (ci.low - background) / Double(depth))
            d.levelHigh = min(1, max(0, (ci.high - background) / Double(depth)))
            if let cfDNA { d.mutantMoleculesPerMl = level * cfDNA / nanogramsPerHaploidGenome }
        }
        return d
    }

    /// LoD95: the pooled VAF f at which P(Poisson(Λ₀ + f·Σ min(dᵢ, G)) ≥ k*) = 0.95, where
    /// k* is the smallest count the test calls at α and G the haploid genome copies the
    /// cfDNA input holds (ng/mL × plasma mL ÷ 0.0033; a read cannot find more mutant
    /// molecules than the tube held). Never below the assay's reported LoD.
    static func lod95(tested: [VariantEvidence], background: Double, report: ResultReport,
                      rules: ResponseRules) -> (Double?, LimitSource?) {
        let k = Statistics.poissonThreshold(background: background, alpha: rules.detection.alpha)
        let genomes: Double? = {
            guard let ng = report.specimen.cfDNANanogramsPerMl, let ml = report.specimen.plasmaVolumeMl, ng > 0, ml > 0 else {
                return nil
            }
            return ng * ml / nanogramsPerHaploidGenome
        }()
        let readDepth = tested.map { Double($0.depth) }.reduce(0, +)
        let effective = tested.map { min(Double($0.depth), genomes ?? .infinity) }.reduce(0, +)
        guard effective > 0 else { return (report.assay.limitOfDetection?.fraction, .assay) }
        // The mean μ with P(Poisson(μ) ≥ k) = 0.95, by bisection.
        let probability = rules.detection.probability
        var lo = 0.0, hi = Double(k) * 4 + 20
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if Statistics.poissonAtLeast(k, mean: mid) < probability { lo = mid } else { hi = mid }
        }
        let signal = max(0, hi - background)
        let computed = min(1, signal / effective)
        let limitedBy: LimitSource = effective < readDepth ? .input : .depth
        if let assay = report.assay.limitOfDetection?.fraction, assay >= computed { return (assay, .assay) }
        return (computed, limitedBy)
    }
}
