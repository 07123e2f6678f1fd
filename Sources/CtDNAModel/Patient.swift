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
