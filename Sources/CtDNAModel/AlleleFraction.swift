/// A variant allele fraction: mutant reads over all reads at a locus, in [0, 1].
/// Labs write it as a fraction (UCUM `1`) or a percent (UCUM `%`); the store and the
/// tracker only ever hold the fraction.
public struct AlleleFraction: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let fraction: Double

    public init?(fraction: Double) {
        guard fraction.isFinite, (0...1).contains(fraction) else { return nil }
        self.fraction = fraction
    }

    public init?(percent: Double) {
        guard percent.isFinite, (0...100).contains(percent) else { return nil }
        self.fraction = percent / 100
    }

    public var percent: Double { fraction * 100 }

    public static func < (a: AlleleFraction, b: AlleleFraction) -> Bool { a.fraction < b.fraction }
    public var description: String { "\(fraction)" }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(fraction)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let v = try c.decode(Double.self)
        guard let f = AlleleFraction(fraction: v) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "allele fraction outside [0, 1]")
        }
        self = f
    }
}
