/// Where in an input file a problem is.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }
}

/// Why an input file was not accepted. Each case carries the file and, where known, the
/// line; `message(verbose:)` renders the `PATH:LINE: error: WHAT` line. Values taken
/// from the file (a VAF, a date) appear only in verbose form, never a patient's name, and
/// then with control and bidi characters escaped (`\u{1B}`) so they cannot reach a terminal raw.
public enum InputError: Error, Sendable, Hashable {
    case unreadable(SourceLocation, reason: String)
    case tooLarge(SourceLocation, bytes: Int, limit: Int)
    case malformed(SourceLocation, reason: String)
    case schemaViolation(SourceLocation, reason: String, detail: String?)
    case unsupportedFormat(SourceLocation, root: String, namespace: String?)
    case invalidValue(SourceLocation, field: String, reason: String, value: String?)
    case missingField(SourceLocation, field: String)
    case conflict(SourceLocation, reason: String)

    public var location: SourceLocation {
        switch self {
        case .unreadable(let l, _), .tooLarge(let l, _, _), .malformed(let l, _),
             .schemaViolation(let l, _, _), .unsupportedFormat(let l, _, _),
             .invalidValue(let l, _, _, _), .missingField(let l, _), .conflict(let l, _):
            return l
        }
    }

    /// The text after `error: `.
    public func reason(verbose: Bool) -> String {
        switch self {
        case .unreadable(_, let r): return "cannot read file: \(r)"
        case .tooLarge(_, let bytes, let limit):
            return "file is \(bytes) bytes, over the \(limit)-byte limit"
        case .malformed(_, let r): return "not well-formed: \(r)"
        case .schemaViolation(_, let r, let detail):
            // What is wrong in plain words; libxml2's own text (with values) only with --verbose.
            return verbose && detail != nil ? "\(r) (schema: \(detail!))" : r
        case .unsupportedFormat(_, let root, let ns) where ns == nil && (root.hasPrefix("JSON") || root.hasPrefix("VCF") || root.hasPrefix("not VCF")):
            return "unsupported format: \(root)"
        case .unsupportedFormat(_, let root, let ns):
            return "unsupported format: root element <\(root)> in namespace \(ns.map { "'\($0)'" } ?? "(none)")"
        case .invalidValue(_, let field, let r, let value):
            if verbose, let value { return "\(field): \(r) (value '\(Identifier.escaped(value))')" }
            return "\(field): \(r)"
        case .missingField(_, let field): return "\(field): required but missing"
        case .conflict(_, let r): return r
        }
    }

    /// `PATH:LINE: error: WHAT` (or `PATH: error: WHAT` when no line applies).
    public func message(verbose: Bool = false) -> String {
        let l = location
        let place = l.line.map { "\(l.file):\($0)" } ?? l.file
        return "\(place): error: \(reason(verbose: verbose))"
    }
}

extension InputError: CustomStringConvertible {
    public var description: String { message() }
}
