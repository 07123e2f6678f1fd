import CtDNAModel

/// A file's syntax once parsed: an XML document with its root element, or JSON.
public enum InputSyntax {
    case xml(XMLDocument, root: XMLElement)
    case json(JSONDocument)
}

/// What a reader may need besides the file: its path and today's date (for
/// "date in the future" checks; passed in so tests can fix it).
public struct ReadContext: Sendable {
    public var path: String
    public var today: CalendarDate

    public init(path: String, today: CalendarDate) {
        self.path = path
        self.today = today
    }
}

/// One input format. Adding a format is one new type conforming to this protocol,
/// registered in `DocumentReader.standard`.
public protocol ResultFormatReader: Sendable {
    var format: SourceFormat { get }
    /// Whether this reader claims the input (by root element and namespace, or JSON shape).
    func accepts(_ input: InputSyntax) -> Bool
    func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument
}
