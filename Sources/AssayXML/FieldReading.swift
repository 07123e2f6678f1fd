import CtDNAModel

/// Typed reads of element text and attributes, each failing with the element's line.
extension XMLElement {
    func required(_ name: String) throws(InputError) -> XMLElement {
        guard let c = child(name) else { throw .missingField(location, field: name) }
        return c
    }

    func requiredText(_ name: String) throws(InputError) -> String {
        guard let t = try required(name).text else { throw .missingField(location, field: name) }
        return t
    }

    func requiredAttribute(_ name: String) throws(InputError) -> String {
        guard let v = attribute(name) else { throw .missingField(location, field: "@\(name)") }
        return v
    }

    func decimal(_ text: String?, field: String) throws(InputError) -> Double? {
        guard let text else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw .invalidValue(location, field: field, reason: "not a number", value: text)
        }
        return v
    }

    func nonNegative(_ text: String?, field: String) throws(InputError) -> Double? {
        guard let v = try decimal(text, field: field) else { return nil }
        guard v >= 0 else { throw .invalidValue(location, field: field, reason: "must not be negative", value: text) }
        return v
    }

    func integer(_ text: String?, field: String) throws(InputError) -> Int? {
        guard let text else { return nil }
        guard let v = Int(text), v >= 0 else {
            throw .invalidValue(location, field: field, reason: "not a non-negative whole number", value: text)
        }
        return v
    }

    func fraction(_ text: String?, field: String) throws(InputError) -> AlleleFraction? {
        guard let v = try decimal(text, field: field) else { return nil }
        guard let f = AlleleFraction(fraction: v) else {
            throw .invalidValue(location, field: field, reason: "must be a fraction in [0, 1]", value: text)
        }
        return f
    }

    /// A date or date-time, refused before 1900-01-01 (`ReportChecks.earliestDate`).
    func timestamp(_ text: String?, field: String) throws(InputError) -> Timestamp? {
        guard let text else { return nil }
        guard let t = Timestamp(iso: text) else {
            throw .invalidValue(location, field: field, reason: "not an ISO 8601 date or date-time", value: text)
        }
        try ReportChecks.notTooEarly(t.date, field: field, at: location)
        return t
    }

    /// A date, refused before 1900-01-01 (`ReportChecks.earliestDate`).
    func date(_ text: String?, field: String) throws(InputError) -> CalendarDate? {
        guard let text else { return nil }
        guard let d = CalendarDate(iso: text) else {
            throw .invalidValue(location, field: field, reason: "not an ISO 8601 date (YYYY-MM-DD)", value: text)
        }
        try ReportChecks.notTooEarly(d, field: field, at: location)
        return d
    }

    /// An identifier (MRN, issuer, accession, report id) through `Identifier.validate`.
    func identifier(_ text: String, field: String) throws(InputError) -> String {
        try Checked.identifier(text, field: field, at: location)
    }

    /// Free text (laboratory, clinician) through `Identifier.validateText`.
    func freeText(_ text: String?, field: String) throws(InputError) -> String? {
        try Checked.text(text, field: field, at: location)
    }

    func enumValue<E: RawRepresentable>(_ text: String?, field: String) throws(InputError) -> E?
    where E.RawValue == String {
        guard let text else { return nil }
        guard let v = E(rawValue: text) else {
            throw .invalidValue(location, field: field, reason: "not an allowed value", value: text)
        }
        return v
    }
}

extension XMLElement {
    func requiredDate(attribute name: String) throws(InputError) -> CalendarDate {
        let text = try requiredAttribute(name)
        guard let d = try date(text, field: "@\(name)") else { throw .missingField(location, field: "@\(name)") }
        return d
    }

    func requiredEnum<E: RawRepresentable>(attribute name: String) throws(InputError) -> E
    where E.RawValue == String {
        guard let v: E = try enumValue(try requiredAttribute(name), field: "@\(name)") else {
            throw .missingField(location, field: "@\(name)")
        }
        return v
    }
}

/// `Identifier`'s checks as `InputError`s at a location, for every reader. Identifier
/// and free-text values are shown (escaped) only with --verbose; names never.
enum Checked {
    static func identifier(_ text: String, field: String, at location: SourceLocation) throws(InputError) -> String {
        do throws(IdentifierProblem) { return try Identifier.validate(text, field: field) } catch {
            throw .invalidValue(location, field: error.field, reason: error.reason, value: error.value)
        }
    }

    static func optionalIdentifier(_ text: String?, field: String, at location: SourceLocation) throws(InputError) -> String? {
        guard let text else { return nil }
        return try identifier(text, field: field, at: location)
    }

    static func name(_ text: String?, field: String, at location: SourceLocation) throws(InputError) -> String? {
        guard let text else { return nil }
        do throws(IdentifierProblem) { return try Identifier.validateName(text, field: field) } catch {
            throw .invalidValue(location, field: error.field, reason: error.reason, value: nil)
        }
    }

    static func text(_ text: String?, field: String, at location: SourceLocation) throws(InputError) -> String? {
        guard let text else { return nil }
        do throws(IdentifierProblem) { return try Identifier.validateText(text, field: field) } catch {
            throw .invalidValue(location, field: error.field, reason: error.reason, value: error.value)
        }
    }

    /// A short field (gene, HGVS, transcript, allele) within `FieldBounds`, checked on
    /// the raw text before anything normalises it.
    static func short(_ text: String?, field: String, max: Int, at location: SourceLocation) throws(InputError) -> String? {
        do throws(IdentifierProblem) { return try FieldBounds.check(text, field: field, max: max) } catch {
            throw .invalidValue(location, field: error.field, reason: error.reason, value: error.value)
        }
    }

    static func short(_ text: String, field: String, max: Int, at location: SourceLocation) throws(InputError) -> String {
        do throws(IdentifierProblem) { return try FieldBounds.checkText(text, field: field, max: max) } catch {
            throw .invalidValue(location, field: error.field, reason: error.reason, value: error.value)
        }
    }

    /// A person's name with each part checked; nil when it has no part left.
    static func personName(family: String?, given: [String], at location: SourceLocation) throws(InputError) -> PersonName? {
        let f = try name(family, field: "family name", at: location)
        var g: [String] = []
        for part in given {
            if let n = try name(part, field: "given name", at: location), !n.isEmpty { g.append(n) }
        }
        let family = f.flatMap { $0.isEmpty ? nil : $0 }
        return family == nil && g.isEmpty ? nil : PersonName(family: family, given: g)
    }
}

extension String.UTF8View {
    /// Whether the text contains `needle` byte for byte: `String.contains(String)` goes
    /// through generic string processing, which showed in the ingest profile.
    func containsASCII(_ needle: StaticString) -> Bool {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard n.count > 0 else { return true }
        let hay = Array(self)
        guard hay.count >= n.count else { return false }
        for start in 0...(hay.count - n.count) where hay[start] == n[0] {
            if hay[start..<(start + n.count)].elementsEqual(n) { return true }
        }
        return false
    }
}
