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
        let document = try XMLDocument(bytes: bytes, path: context.path)
        guard let root = document.root else {
            throw .malformed(SourceLocation(file: context.path, line: 1), reason: "no root element")
        }
        let input = InputSyntax.xml(document, root: root)
        guard let reader = readers.first(where: { $0.accepts(input) }) else {
            throw .unsupportedFormat(root.location, root: root.name, namespace: root.namespace)
        }
        return (reader.format, try reader.read(input, context: context))
    }
}
