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

extension PersonName {
    /// Whether both names give a family name and given names, and each is the same after
    /// `matchKey`: positive evidence of one person, where `differs` is evidence of two.
    public func sameAs(_ other: PersonName) -> Bool {
        guard let a = family, let b = other.family, !given.isEmpty, !other.given.isEmpty else { return false }
        return Self.matchKey(a) == Self.matchKey(b) && Self.matchKey(given.joined()) == Self.matchKey(other.given.joined())
    }
}

/// An issuer the lab declared to be another name of an issuer (`ctdna patients alias`):
/// patients of `issuer` and of `canonical` with one MRN are one patient.
public struct IssuerAlias: Sendable, Hashable {
    public var issuer: String
    public var canonical: String
    public var declaredBy: String
    public var declaredAt: String

    public init(issuer: String, canonical: String, declaredBy: String, declaredAt: String) {
        self.issuer = issuer
        self.canonical = canonical
        self.declaredBy = declaredBy
        self.declaredAt = declaredAt
    }
}

/// Two patient identities the lab declared to be two people (`ctdna patients distinct`),
/// although their MRN, or their name, birth date and sex, match.
public struct DistinctPatients: Sendable, Hashable {
    public var first: PatientIdentifier
    public var second: PatientIdentifier
    public var declaredBy: String
    public var declaredAt: String

    public init(first: PatientIdentifier, second: PatientIdentifier, declaredBy: String, declaredAt: String) {
        self.first = first
        self.second = second
        self.declaredBy = declaredBy
        self.declaredAt = declaredAt
    }
}
