import CtDNAModel

/// A JSON value with the line it starts on. Numbers keep their text, so `47` and `0.47`
/// reach the FHIR mapping exactly as the lab wrote them.
public enum JSONValue: Sendable, Hashable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
}

public struct JSONNode: Sendable, Hashable {
    public var value: JSONValue
    public var line: Int
}

public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var node: JSONNode
}

/// A strict RFC 8259 parser that remembers lines, for `PATH:LINE: error:` messages.
/// Foundation's JSONSerialization gives neither lines nor exact decimals, hence this
/// small parser. Input must be UTF-8 (a leading BOM is skipped); duplicate keys, trailing
/// commas, comments, NaN and nesting deeper than `maxDepth` are errors.
public struct JSONDocument {
    public let root: JSONNode
    public let path: String
    public static let maxDepth = 200
    /// Bytes of the file per JSON value (object, array, string, number, literal) at the
    /// least. Each value costs about 40 bytes in the parsed tree and 70 more as a FHIR
    /// element; a real FHIR report spends 19 (compact) to 41 (indented) bytes per value,
    /// a hostile one 2 (`[0,0,0,…]`), which took 34 times the file size in memory. With
    /// this floor a file's parse stays within about 20 times its size (measured in
    /// docs/robustness.md). Our choice.
    public static let minBytesPerValue = 8
    /// Files this small are never refused for their density (a tiny array-only test file).
    public static let valueAllowance = 4_096

    public init(bytes: [UInt8], path: String) throws(InputError) {
        self.path = path
        var parser = JSONParser(bytes: bytes, path: path)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3 }
        root = try parser.parseDocument()
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let path: String
    var i = 0
    var line = 1
    var values = 0
    let maxValues: Int

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        maxValues = JSONDocument.valueAllowance + bytes.count / JSONDocument.minBytesPerValue
    }

    func fail(_ reason: String) -> InputError {
        .malformed(SourceLocation(file: path, line: line), reason: "JSON: \(reason)")
    }

    mutating func parseDocument() throws(InputError) -> JSONNode {
        if let bad = Self.firstInvalidUTF8Line(bytes) {
            throw .malformed(SourceLocation(file: path, line: bad), reason: "JSON: input is not valid UTF-8")
        }
        skipSpace()
        guard i < bytes.count else { throw fail("empty document") }
        let node = try parseValue(depth: 0)
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected text after the document") }
        return node
    }

    /// The line of the first byte sequence that is not UTF-8, or nil when all of it is.
    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): if s == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: i += 1; line += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(InputError) -> JSONNode {
        guard depth < JSONDocument.maxDepth else { throw fail("nested deeper than \(JSONDocument.maxDepth) levels") }
        values += 1
        guard values <= maxValues else {
            throw fail("more than \(maxValues) values, over one per \(JSONDocument.minBytesPerValue) bytes of the file: not a result document")
        }
        guard i < bytes.count else { throw fail("unexpected end of input") }
        let start = line
        switch bytes[i] {
        case UInt8(ascii: "{"): return JSONNode(value: try parseObject(depth: depth), line: start)
        case UInt8(ascii: "["): return JSONNode(value: try parseArray(depth: depth), line: start)
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), line: start)
        case UInt8(ascii: "t"): try expect("true"); return JSONNode(value: .bool(true), line: start)
        case UInt8(ascii: "f"): try expect("false"); return JSONNode(value: .bool(false), line: start)
        case UInt8(ascii: "n"): try expect("null"); return JSONNode(value: .null, line: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber()), line: start)
        default: throw fail("unexpected character")
        }
    }

    mutating func expect(_ word: String) throws(InputError) {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("unexpected character") }
        i += w.count
    }

    mutating func parseObject(depth: Int) throws(InputError) -> JSONValue {
        i += 1
        var members: [JSONMember] = []
        var keys = Set<String>()
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let key = try parseString()
            guard keys.insert(key).inserted else { throw fail("duplicate member \"\(key)\"") }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members.append(JSONMember(key: key, node: try parseValue(depth: depth + 1)))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws(InputError) -> JSONValue {
        i += 1
        var items: [JSONNode] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
            skipSpace()
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func parseString() throws(InputError) -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw fail("unterminated string") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate in a string")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
            case 0x00..<0x20:
                throw fail("control character in a string")
            default:
                out.append(b)
                i += 1
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(InputError) -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
            throw fail("invalid \\u escape")
        }
        i += 4
        return v
    }

    mutating func parseNumber() throws(InputError) -> String {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
            return p.i - s
        }
        let intStart = i
        guard digits(&self) > 0 else { throw fail("invalid number") }
        if bytes[intStart] == UInt8(ascii: "0"), i - intStart > 1 { throw fail("invalid number (leading zero)") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }
}
