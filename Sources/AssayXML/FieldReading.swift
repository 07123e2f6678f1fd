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

    func timestamp(_ text: String?, field: String) throws(InputError) -> Timestamp? {
        guard let text else { return nil }
        guard let t = Timestamp(iso: text) else {
            throw .invalidValue(location, field: field, reason: "not an ISO 8601 date or date-time", value: text)
        }
        return t
    }

    func date(_ text: String?, field: String) throws(InputError) -> CalendarDate? {
        guard let text else { return nil }
        guard let d = CalendarDate(iso: text) else {
            throw .invalidValue(location, field: field, reason: "not an ISO 8601 date (YYYY-MM-DD)", value: text)
        }
        return d
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
