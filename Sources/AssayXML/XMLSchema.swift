import CLibXML2
import CtDNAModel

/// A compiled W3C XML Schema. Owns the `xmlSchema`; validation makes a fresh
/// validation context per call, so one schema serves many threads.
public final class XMLSchema: @unchecked Sendable {
    // Unchecked, as a C pointer cannot be checked: never changed after init; libxml2 only reads it to validate.
    private let schema: xmlSchemaPtr

    /// Compiles schema text. A schema that does not compile is a programming error in
    /// the shipped schema, reported as a thrown error all the same.
    public init(text: String, name: String) throws(InputError) {
        let collector = LibXMLErrorCollector()
        let compiled: xmlSchemaPtr? = collector.capture { _ in
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { buffer -> xmlSchemaPtr? in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                    guard let parser = xmlSchemaNewMemParserCtxt(base, Int32(buffer.count)) else { return nil }
                    defer { xmlSchemaFreeParserCtxt(parser) }
                    return xmlSchemaParse(parser)
                }
            }
        }
        guard let compiled else {
            throw .malformed(SourceLocation(file: name, line: collector.first?.line),
                             reason: collector.first?.message ?? "schema does not compile")
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates a parsed document; the first violation is thrown with its line.
    public func validate(_ document: XMLDocument) throws(InputError) {
        let collector = LibXMLErrorCollector()
        let result: Int32 = collector.capture { _ in
            guard let ctxt = xmlSchemaNewValidCtxt(schema) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(ctxt) }
            return xmlSchemaValidateDoc(ctxt, document.doc)
        }
        guard result != 0 else { return }
        let first = collector.first
        let message = first?.message ?? "document does not match the schema"
        // What is wrong, in the schema's words ("patient: mrn is missing"); libxml2's own
        // text, with the values it quotes, only with --verbose.
        let parent = first.flatMap { f in SchemaMessage.element(in: message).flatMap { Self.parentName(of: $0, line: f.line, in: document) } }
        throw .schemaViolation(document.location(line: first?.line),
                               reason: SchemaMessage.plain(message, parent: parent) ?? SchemaMessage.redacted(message),
                               detail: message)
    }

    /// The name of the parent of the element `name` on `line`, if found.
    static func parentName(of name: String, line: Int?, in document: XMLDocument) -> String? {
        guard let line, let root = document.root else { return nil }
        var stack: [XMLElement] = [root]
        while let e = stack.popLast() {
            for c in e.children {
                if c.line == line, c.name == name { return e.name }
                stack.append(c)
            }
        }
        return nil
    }

    /// The ctDNA Monitor result schema (Schemas/ctdna-result-1.xsd), compiled once.
    public static let ctdnaResult: Result<XMLSchema, InputError> = {
        do throws(InputError) {
            return .success(try XMLSchema(text: ResultSchemaText.xsd, name: "ctdna-result-1.xsd"))
        } catch {
            return .failure(error)
        }
    }()

    /// The schema text shipped in the binary.
    public static var ctdnaResultText: String { ResultSchemaText.xsd }
}

/// libxml2's schema messages quote the offending value (`The value '1.5' is greater
/// than ...`). Values from a patient's file stay out of messages unless `--verbose`.
enum SchemaMessage {
    /// The local name of the element a libxml2 schema message is about (`Element '{ns}sex': …`).
    static func element(in message: String) -> String? {
        guard message.hasPrefix("Element '"), let end = message.dropFirst(9).firstIndex(of: "'") else { return nil }
        return localName(String(message[message.index(message.startIndex, offsetBy: 9)..<end]))
    }

    static func localName(_ qualified: String) -> String {
        qualified.split(separator: "}").last.map(String.init) ?? qualified
    }

    /// The names in `( {ns}a, {ns}b )`.
    static func expected(in message: String) -> [String] {
        guard let open = message.range(of: "Expected is"), let l = message[open.upperBound...].firstIndex(of: "("),
              let r = message[l...].firstIndex(of: ")") else { return [] }
        return message[message.index(after: l)..<r].split(separator: ",")
            .map { localName($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
    }

    static func quoted(after marker: String, in message: String) -> String? {
        guard let m = message.range(of: marker) else { return nil }
        let rest = message[m.upperBound...]
        guard let a = rest.firstIndex(of: "'") else { return nil }
        let after = rest[rest.index(after: a)...]
        guard let b = after.firstIndex(of: "'") else { return nil }
        return String(after[..<b])
    }

    /// What a schema violation means, in plain words, or nil when the message is of a kind
    /// not translated (the redacted libxml2 text is shown then). Never quotes a value.
    static func plain(_ message: String, parent: String?) -> String? {
        guard let element = element(in: message) else { return nil }
        let attribute = quoted(after: ", attribute ", in: message)
        let field = attribute.map { "\(element)/@\($0)" } ?? element
        func list(_ names: [String]) -> String {
            names.count <= 1 ? (names.first ?? "") : names.dropLast().joined(separator: ", ") + " or " + names.last!
        }
        if message.contains("This element is not expected.") {
            let want = expected(in: message)
            let place = parent.map { "\($0): " } ?? ""
            if message.contains("Expected is ( ") && want.count == 1 {
                return "\(place)\(want[0]) is missing (found \(element) where \(want[0]) must come)"
            }
            return want.isEmpty ? "\(place)\(element) is not allowed here"
                : "\(place)\(element) is not allowed here (expected \(list(want)))"
        }
        if message.contains("Missing child element(s).") {
            return "\(element): \(list(expected(in: message))) is missing"
        }
        if message.contains("is required but missing") { return "\(element): attribute \(attribute ?? "?") is missing" }
        if message.contains("[facet 'enumeration']"), let set = message.range(of: "of the set {"),
           let r = message.lastIndex(of: "}"), set.upperBound <= r {
            let allowed = message[set.upperBound..<r].replacingOccurrences(of: "'", with: "")
            return "\(field): not one of the allowed values (\(allowed))"
        }
        if message.contains("[facet 'minInclusive']"), let v = quoted(after: "minimum value allowed (", in: message) {
            return "\(field): less than \(v)"
        }
        if message.contains("[facet 'maxInclusive']"), let v = quoted(after: "maximum value allowed (", in: message) {
            return "\(field): greater than \(v)"
        }
        if message.contains("[facet 'maxLength']"), let v = quoted(after: "allowed maximum length of ", in: message) {
            return "\(field): longer than \(v) characters"
        }
        if message.contains("[facet 'minLength']") { return "\(field): is empty or too short" }
        if message.contains("[facet 'pattern']") { return "\(field): not in the required form" }
        if let type = quoted(after: "is not a valid value of the ", in: message).map(localName)
            ?? quoted(after: "type ", in: message).map(localName), message.contains("is not a valid value") {
            let words = ["Fraction": "a fraction in [0, 1]", "Percent": "a percent in [0, 100]",
                         "DateOrDateTime": "an ISO 8601 date or date-time", "xs:positiveInteger": "a whole number above 0",
                         "xs:nonNegativeInteger": "a whole number", "xs:date": "an ISO 8601 date",
                         "NonNegativeDecimal": "a number of 0 or more", "xs:decimal": "a number"]
            return "\(field): not \(words[type] ?? "a valid \(type)")"
        }
        return nil
    }

    static func redacted(_ message: String) -> String {
        var out = ""
        var inQuote = false
        var quoted = ""
        for ch in message {
            if ch == "'" {
                if inQuote {
                    // Keep element, attribute, facet and type names; drop values.
                    out += isName(quoted, after: out) ? "'\(quoted)'" : "'…'"
                    quoted = ""
                }
                inQuote.toggle()
            } else if inQuote {
                quoted.append(ch)
            } else {
                out.append(ch)
            }
        }
        if inQuote { out += "'…" }
        return out
    }

    private static func isName(_ quoted: String, after text: String) -> Bool {
        if quoted.hasPrefix("{") { return true }
        // A value the schema itself enumerates is vocabulary, not patient data.
        if ResultSchemaText.xsd.contains("<xs:enumeration value=\"\(quoted)\"/>") { return true }
        let lowered = text.lowercased()
        return ["element ", "attribute ", "facet ", "type ", "allowed ("].contains { lowered.hasSuffix($0) }
    }
}
