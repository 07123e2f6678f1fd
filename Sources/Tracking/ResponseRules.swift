import Yams

/// The tracker's thresholds, read from Templates/rules/response-rules.yaml (documented
/// there with their sources). `ResponseRules.defaults` equals the shipped file; a test
/// keeps the two in step.
public struct ResponseRules: Sendable, Hashable, Codable {
    public struct Response: Sendable, Hashable, Codable {
        public var molecularResponseFall: Double
        public var majorMolecularResponseFall: Double
        public var progressionFoldFromNadir: Double
        public var requireConfirmation: Bool
    }

    public struct DetectionLimit: Sendable, Hashable, Codable {
        public var minimumAltReads: Int
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
        public var discordanceBurdenFold: Double
        public var mProteinFlatMaxRise: Double
    }

    public var name: String
    public var version: String
    public var response: Response
    public var detectionLimit: DetectionLimit
    public var chip: CHIP
    public var germline: Germline
    public var highRisk: HighRisk
    public var clinical: Clinical

    /// Parses rules YAML; a missing or mistyped key is an error naming it. The shipped
    /// file, unchanged, gives `.defaults` without parsing (YAML decoding was a tenth of
    /// `ctdna trend`; a test keeps `.defaults` equal to the parsed shipped file).
    public init(yaml: String) throws(RulesError) {
        if yaml == ShippedRulesText.yaml || yaml == ShippedRulesText.yaml + "\n" {
            self = .defaults
            return
        }
        try self.init(parsing: yaml)
    }

    /// Parses rules YAML, whatever it is.
    init(parsing yaml: String) throws(RulesError) {
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

    init(name: String, version: String, response: Response, detectionLimit: DetectionLimit, chip: CHIP,
         germline: Germline, highRisk: HighRisk, clinical: Clinical) {
        self.name = name
        self.version = version
        self.response = response
        self.detectionLimit = detectionLimit
        self.chip = chip
        self.germline = germline
        self.highRisk = highRisk
        self.clinical = clinical
    }

    private func check() throws(RulesError) {
        let r = response
        guard r.molecularResponseFall > 0, r.molecularResponseFall < r.majorMolecularResponseFall,
              r.majorMolecularResponseFall < 1 else {
            throw .invalid("response: need 0 < molecularResponseFall < majorMolecularResponseFall < 1")
        }
        guard r.progressionFoldFromNadir > 1 else { throw .invalid("response.progressionFoldFromNadir must be > 1") }
        guard detectionLimit.minimumAltReads >= 1, detectionLimit.probability > 0, detectionLimit.probability < 1 else {
            throw .invalid("detectionLimit: minimumAltReads >= 1 and 0 < probability < 1")
        }
        guard clinical.pairingWindowDays >= 0, clinical.minimumPairsForCorrelation >= 3 else {
            throw .invalid("clinical: pairingWindowDays >= 0 and minimumPairsForCorrelation >= 3")
        }
    }

    /// The shipped rules (Templates/rules/response-rules.yaml).
    public static let defaults = ResponseRules(
        name: "ctdna-monitor-myeloma-ctdna", version: "1.0",
        response: Response(molecularResponseFall: 0.5, majorMolecularResponseFall: 0.9,
                           progressionFoldFromNadir: 2.0, requireConfirmation: false),
        detectionLimit: DetectionLimit(minimumAltReads: 3, probability: 0.95),
        chip: CHIP(genes: ["DNMT3A", "TET2", "ASXL1", "PPM1D", "JAK2", "SF3B1", "SRSF2", "CBL", "GNB1", "GNAS",
                           "U2AF1", "ZRSR2", "IDH1", "IDH2", "BCOR", "BCORL1", "STAG2", "CHEK2", "KDM6A", "RAD21"],
                   neverOnGeneAlone: ["TP53", "KRAS", "NRAS", "BRAF"], whiteCellMaxVaf: 0.2,
                   flatMaxFold: 2.0, tumourMinFold: 4.0, minimumDraws: 3),
        germline: Germline(heterozygousLow: 0.4, heterozygousHigh: 0.6, homozygousMin: 0.9, minimumDraws: 2,
                           stableMaxFold: 1.5),
        highRisk: HighRisk(genes: ["TP53", "KRAS", "NRAS", "CIC", "MYC"], variants: ["BRAF p.V600E"]),
        clinical: Clinical(pairingWindowDays: 21, minimumPairsForCorrelation: 4, discordanceBurdenFold: 2.0,
                           mProteinFlatMaxRise: 0.25))
}

public enum RulesError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let r): return "response rules: \(r)"
        }
    }
}
