import CtDNAModel

/// Reads one input file: checks its size, parses it strictly, finds the reader for its
/// root element and namespace, and returns the document with the format that read it.
public struct DocumentReader: Sendable {
    public let readers: [any ResultFormatReader]
    public let sizeLimit: Int

    /// Every format ctDNA Monitor reads: the one place a new format is registered.
    public static let standard = DocumentReader(readers: [
        CtDNAResultReader(),
        ClinicalContextReader(),
        FHIRXMLReader(),
        FHIRJSONReader(),
        FoundationOneReader(),
    ])

    public init(readers: [any ResultFormatReader], sizeLimit: Int = XMLDocument.defaultSizeLimit) {
        self.readers = readers
        self.sizeLimit = sizeLimit
    }

    /// Reads bytes already in memory.
    public func read(bytes: [UInt8], context: ReadContext) throws(InputError) -> (SourceFormat, ParsedDocument) {
        guard bytes.count <= sizeLimit else {
            throw .tooLarge(SourceLocation(file: context.path), bytes: bytes.count, limit: sizeLimit)
        }
        let input = try Self.parse(bytes, path: context.path)
        guard let reader = readers.first(where: { $0.accepts(input) }) else {
            switch input {
            case .xml(_, let root):
                throw .unsupportedFormat(root.location, root: root.name, namespace: root.namespace)
            case .json(let doc):
                throw .unsupportedFormat(SourceLocation(file: context.path, line: doc.root.line),
                                         root: "JSON \(Self.jsonShape(doc))", namespace: nil)
            }
        }
        let document = try reader.read(input, context: context)
        // Every short field within FieldBounds, whatever reader produced it; the
        // readers have already checked the variant fields at their own lines.
        do throws(IdentifierProblem) {
            switch document {
            case .result(let report): try FieldBounds.check(report)
            case .clinical(let clinical): try FieldBounds.check(clinical)
            }
        } catch {
            throw .invalidValue(SourceLocation(file: context.path, line: Self.rootLine(input)), field: error.field,
                                reason: error.reason, value: error.value)
        }
        return (reader.format, document)
    }

    static func rootLine(_ input: InputSyntax) -> Int? {
        switch input {
        case .xml(_, let root): root.location.line
        case .json(let doc): doc.root.line
        }
    }

    /// JSON when the first character (after a UTF-8 BOM and white space) is `{` or `[`;
    /// XML otherwise.
    static func parse(_ bytes: [UInt8], path: String) throws(InputError) -> InputSyntax {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        if start < bytes.count, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
            return .json(try JSONDocument(bytes: bytes, path: path))
        }
        let document = try XMLDocument(bytes: bytes, path: path)
        guard let root = document.root else {
            throw .malformed(SourceLocation(file: path, line: 1), reason: "no root element")
        }
        return .xml(document, root: root)
    }

    static func jsonShape(_ doc: JSONDocument) -> String {
        guard case .object(let members) = doc.root.value else { return "array" }
        if let t = members.first(where: { $0.key == "resourceType" }), case .string(let type) = t.node.value {
            return "resourceType '\(type)'"
        }
        return "object without resourceType"
    }
}
