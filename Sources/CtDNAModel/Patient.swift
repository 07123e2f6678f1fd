import Foundation

/// How a patient is matched across files: the medical record number and, when the
/// lab gives it, the issuing authority (a FHIR identifier system, a hospital code).
public struct PatientIdentifier: Sendable, Hashable, Codable, CustomStringConvertible {
    public let mrn: String
    public let issuer: String?

    public init(mrn: String, issuer: String? = nil) {
        self.mrn = mrn
        self.issuer = issuer.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String { issuer.map { "\(mrn) (\($0))" } ?? mrn }
}

/// Administrative sex as result files state it (FHIR `AdministrativeGender`).
public enum Sex: String, Sendable, Codable, CaseIterable {
    case female, male, other, unknown
}

public struct Patient: Sendable, Hashable {
    public var identifier: PatientIdentifier
    public var name: PersonName?
    public var sex: Sex
    public var birthDate: CalendarDate?

    public init(identifier: PatientIdentifier, name: PersonName? = nil, sex: Sex = .unknown,
                birthDate: CalendarDate? = nil) {
        self.identifier = identifier
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
    }
}

public struct PersonName: Sendable, Hashable {
    public var family: String?
    public var given: [String]

    public init(family: String?, given: [String] = []) {
        self.family = family
        self.given = given
    }

    /// The form names are compared in: NFC, lower case, white space removed, so
    /// "van der Berg" and "VAN DERBERG" match and a decomposed É matches a precomposed one.
    public static func matchKey(_ text: String) -> String {
        String(text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// Whether two names certainly name different people: a part both give (family, or
    /// the given names together) differs after `matchKey`. A part one side lacks is no
    /// evidence either way.
    public func differs(from other: PersonName) -> Bool {
        if let a = family, let b = other.family, Self.matchKey(a) != Self.matchKey(b) { return true }
        let g1 = Self.matchKey(given.joined()), g2 = Self.matchKey(other.given.joined())
        return !g1.isEmpty && !g2.isEmpty && g1 != g2
    }

    /// "Family, Given Middle", the order lab reports use.
    public var display: String {
        let g = given.joined(separator: " ")
        switch (family, g.isEmpty) {
        case let (f?, false): return "\(f), \(g)"
        case let (f?, true): return f
        case (nil, _): return g
        }
    }
}
