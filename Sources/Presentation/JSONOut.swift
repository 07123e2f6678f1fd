import Foundation

/// A JSON value built in code, written with keys sorted, absent values as explicit
/// nulls, doubles in shortest round-trip form and non-finite doubles as null. Written by
/// hand: JSONEncoder was a tenth of `ctdna trend`.
public indirect enum JSONOut: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONOut])
    case object([String: JSONOut])

    /// The JSON text: indented by two spaces when `pretty`, else on one line.
    public func text(pretty: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        write(to: &out, pretty: pretty, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], pretty: Bool, depth: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): out.append(contentsOf: (d.isFinite ? Self.number(d) : "null").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): Self.quote(s, to: &out)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), to: &out, pretty: pretty, depth: depth)
        case .object(let members):
            let sorted = members.sorted { $0.key < $1.key }.map { (Optional($0.key), $0.value) }
            writeContainer(sorted, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), to: &out, pretty: pretty, depth: depth)
        }
    }

    private func writeContainer(_ entries: [(String?, JSONOut)], open: UInt8, close: UInt8,
                                to out: inout [UInt8], pretty: Bool, depth: Int) {
        out.append(open)
        for (index, (key, value)) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if pretty { Self.newline(depth + 1, to: &out) }
            if let key {
                Self.quote(key, to: &out)
                if pretty { out.append(contentsOf: " : ".utf8) } else { out.append(UInt8(ascii: ":")) }
            }
            value.write(to: &out, pretty: pretty, depth: depth + 1)
        }
        if pretty, !entries.isEmpty { Self.newline(depth, to: &out) }
        out.append(close)
    }

    private static func newline(_ depth: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * depth) { out.append(UInt8(ascii: " ")) }
    }

    /// Integral values without a fraction (`3`, not `3.0`); others in Swift's shortest
    /// round-trip form, which is valid JSON (`0.0279`, `1e-05`).
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }

    /// A JSON string: quote, backslash and control characters escaped; "/" and non-ASCII as is.
    static func quote(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONOut {
    public static func of(_ s: String?) -> JSONOut { s.map(JSONOut.string) ?? .null }
    public static func of(_ d: Double?) -> JSONOut { d.map(JSONOut.number) ?? .null }
    public static func of(_ i: Int?) -> JSONOut { i.map(JSONOut.integer) ?? .null }
    public static func of(_ b: Bool) -> JSONOut { .bool(b) }
    public static func of<T: CustomStringConvertible>(_ v: T?) -> JSONOut { v.map { .string($0.description) } ?? .null }
}

/// Prints a JSON document, indented.
public func printJSON(_ value: JSONOut) {
    print(value.text(pretty: true))
}

/// Prints a JSON document on one line (JSON Lines).
public func printJSONLine(_ value: JSONOut) {
    print(value.text(pretty: false))
}
