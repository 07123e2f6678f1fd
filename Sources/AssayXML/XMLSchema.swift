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
        throw .schemaViolation(document.location(line: first?.line),
                               reason: SchemaMessage.redacted(message), detail: message)
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
