import Yams

/// The tracker's thresholds, read from Templates/rules/response-rules.yaml (documented
/// there with their sources). `ResponseRules.defaults` equals the shipped file; a test
/// keeps the two in step.
public struct ResponseRules: Sendable, Hashable, Codable {
    /// ctDNA response per therapy line (the file cites each value's source).
    public struct Response: Sendable, Hashable, Codable {
        public var baselineWindowDays: Int
        public var lysisWindowDays: Int
        public var confirmationDays: Int
        public var decrease50: Double
        public var decrease90: Double
        public var decrease90MinBaselineOverLod: Double
        public var notDetectedMinBaselineOverLod: Double
        public var riseFoldFromNadir: Double
        /// Groups of assay labels (`NAME VERSION`) the lab declares comparable.
        public var comparableAssays: [[String]]
    }

    /// The sample-level detection test.
    public struct Detection: Sendable, Hashable, Codable {
        public var alpha: Double
        public var backgroundErrorRate: Double
        public var probability: Double
    }

    public struct CHIP: Sendable, Hashable, Codable {
        public var genes: [String]
        public var neverOnGeneAlone: [String]
        public var whiteCellMaxVaf: Double
        public var flatMaxFold: Double
        public var tumourMinFold: Double
        public var minimumDraws: Int
    }

    public struct Germline: Sendable, Hashable, Codable {
        public var heterozygousLow: Double
        public var heterozygousHigh: Double
        public var homozygousMin: Double
        public var minimumDraws: Int
        public var stableMaxFold: Double
    }

    public struct HighRisk: Sendable, Hashable, Codable {
        public var genes: [String]
        public var variants: [String]
    }

    public struct Clinical: Sendable, Hashable, Codable {
        public var pairingWindowDays: Int
        public var minimumPairsForCorrelation: Int
    }

    public struct Origin: Sendable, Hashable, Codable {
        public var whiteCellChMax: Double
        public var whiteCellGermlineMin: Double
        public var chProneGenes: [String]
    }

    public struct Risk: Sendable, Hashable, Codable {
        public var del17pMinFraction: Double
        public var beta2mMin: Double
        public var creatinineNormalMax: Double
        public var emdAssociatedGenes: [String]
        public var emdAssociatedVariants: [String]
        public var actionableVariants: [String]
    }

    public struct IMWG: Sendable, Hashable, Codable {
        public var progressionRise: Double
        public var mProteinRiseMin: Double
        public var urineRiseMin: Double
        public var dflcRiseMin: Double
        public var marrowRiseMin: Double
        public var measurableMProtein: Double
        public var measurableUrine: Double
        public var measurableFlc: Double
        public var baselineWindowDays: Int
    }

    public struct Preanalytics: Sendable, Hashable, Codable {
        public var edtaMaxHours: Double
        public var highCfdnaNgPerMl: Double
    }

    public var name: String
    public var version: String
    public var response: Response
    public var detection: Detection
    public var chip: CHIP
    public var germline: Germline
    public var highRisk: HighRisk
    public var clinical: Clinical
    public var origin: Origin
    public var risk: Risk
    public var imwg: IMWG
    public var preanalytics: Preanalytics

    /// Parses rules YAML; a missing or mistyped key is an error naming it.
    public init(yaml: String) throws(RulesError) {
        do {
            // The basic resolver: scalars are typed by the fields they fill, not guessed by
            // YAML 1.1's regular expressions (faster, and "no" stays a string).
            guard let node = try Yams.compose(yaml: yaml, .basic) else { throw RulesError.invalid("the rules file is empty") }
            self = try YAMLDecoder().decode(ResponseRules.self, from: node)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .invalid("missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalid("wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch let error as RulesError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
        try check()
    }

    private func check() throws(RulesError) {
        let r = response
        guard r.decrease50 > 0, r.decrease50 < r.decrease90, r.decrease90 < 1 else {
            throw .invalid("response: need 0 < decrease50 < decrease90 < 1")
        }
        guard r.riseFoldFromNadir > 1 else { throw .invalid("response.riseFoldFromNadir must be > 1") }
        guard r.baselineWindowDays >= 0, r.lysisWindowDays >= 0, r.confirmationDays >= 0 else {
            throw .invalid("response: baselineWindowDays, lysisWindowDays and confirmationDays must be >= 0")
        }
        guard r.decrease90MinBaselineOverLod >= 1, r.notDetectedMinBaselineOverLod >= 1 else {
            throw .invalid("response: decrease90MinBaselineOverLod and notDetectedMinBaselineOverLod must be >= 1")
        }
        let d = detection
        guard d.alpha > 0, d.alpha < 1, d.probability > 0, d.probability < 1, d.backgroundErrorRate > 0,
              d.backgroundErrorRate < 1 else {
            throw .invalid("detection: need 0 < alpha, probability, backgroundErrorRate < 1")
        }
        guard clinical.pairingWindowDays >= 0, clinical.minimumPairsForCorrelation >= 8 else {
            throw .invalid("clinical: pairingWindowDays >= 0 and minimumPairsForCorrelation >= 8")
        }
    }

    /// The shipped rules: Templates/rules/response-rules.yaml as built into the binary (the
    /// file exists once; tests and library callers use this, commands read the installed file).
    /// A test parses the shipped text and checks it is valid; `try!` cannot fail on it.
    public static let defaults: ResponseRules = try! ResponseRules(yaml: ShippedRulesText.yaml)
}

public enum RulesError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let r): return "response rules: \(r)"
        }
    }
}
