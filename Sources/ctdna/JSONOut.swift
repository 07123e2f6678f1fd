import Foundation

/// A JSON value built in code, encoded with JSONEncoder (keys sorted, absent values as
/// explicit nulls, doubles in shortest round-trip form).
indirect enum JSONOut: Encodable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONOut])
    case object([String: JSONOut])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let d):
            var c = encoder.singleValueContainer()
            if d.isFinite { try c.encode(d) } else { try c.encodeNil() }
        case .integer(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in members { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }
}

extension JSONOut {
    static func of(_ s: String?) -> JSONOut { s.map(JSONOut.string) ?? .null }
    static func of(_ d: Double?) -> JSONOut { d.map(JSONOut.number) ?? .null }
    static func of(_ i: Int?) -> JSONOut { i.map(JSONOut.integer) ?? .null }
    static func of(_ b: Bool) -> JSONOut { .bool(b) }
    static func of<T: CustomStringConvertible>(_ v: T?) -> JSONOut { v.map { .string($0.description) } ?? .null }
}

func printJSON(_ value: JSONOut) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    FileHandle.standardOutput.write(try encoder.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
}
