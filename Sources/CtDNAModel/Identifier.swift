import Foundation

/// Why an identifier or a text field from a file was refused. It names the field, never
/// the value: `value` (escaped, so it is safe on a terminal) is shown only with --verbose.
public struct IdentifierProblem: Error, Sendable, Hashable {
    public var field: String
    public var reason: String
    public var value: String

    public init(field: String, reason: String, value: String) {
        self.field = field
        self.reason = reason
        self.value = value
    }
}

/// Identifiers (MRN, issuer, accession, report id) are validated, not trusted: they
/// decide which patient and which draw a file belongs to, and they are printed in
/// reports, file names and terminals. Names and free text are bounded and kept free of
/// characters that could rewrite a terminal line.
public enum Identifier {
    /// The longest identifier accepted, in Unicode scalars after NFC.
    public static let maxLength = 64
    /// The longest family or given name accepted.
    public static let maxNameLength = 200
    /// The longest free-text field (laboratory, clinician, regimen, summary) accepted.
    public static let maxTextLength = 2_000

    /// The identifier in Unicode NFC, trimmed of white space; refused when empty, longer
    /// than `maxLength`, or holding a control character (Cc, including NUL, newline, ESC,
    /// BEL), a bidirectional control (U+061C, U+200E/F, U+202A–202E, U+2066–2069) or any
    /// other default-ignorable code point (U+00AD, U+200B–200D, U+2060, U+FEFF, …).
    public static func validate(_ text: String, field: String) throws(IdentifierProblem) -> String {
        let value = normalized(text)
        func refuse(_ reason: String) -> IdentifierProblem {
            IdentifierProblem(field: field, reason: reason, value: escaped(text))
        }
        if value.isEmpty { throw refuse("is empty") }
        if let problem = forbidden(in: value, allowLineBreaks: false, allowFormatting: false) { throw refuse(problem) }
        if value.unicodeScalars.count > maxLength { throw refuse("is longer than \(maxLength) characters") }
        return value
    }

    /// A family or given name: NFC, trimmed; refused when longer than `maxNameLength` or
    /// holding a control or bidirectional control character. Never truncated.
    public static func validateName(_ text: String, field: String) throws(IdentifierProblem) -> String {
        let value = normalized(text)
        if let problem = forbidden(in: value, allowLineBreaks: false, allowFormatting: true) {
            throw IdentifierProblem(field: field, reason: problem, value: escaped(text))
        }
        if value.unicodeScalars.count > maxNameLength {
            throw IdentifierProblem(field: field, reason: "is longer than \(maxNameLength) characters", value: escaped(String(text.prefix(40))) + "…")
        }
        return value
    }

    /// Free text (laboratory, clinician, regimen, summary): NFC, kept as written
    /// otherwise; refused when longer than `maxTextLength` or holding a control character
    /// other than tab and newline, or a bidirectional control. Never truncated.
    public static func validateText(_ text: String, field: String) throws(IdentifierProblem) -> String {
        let value = text.precomposedStringWithCanonicalMapping
        if let problem = forbidden(in: value, allowLineBreaks: true, allowFormatting: true) {
            throw IdentifierProblem(field: field, reason: problem, value: escaped(String(text.prefix(80))))
        }
        if value.unicodeScalars.count > maxTextLength {
            throw IdentifierProblem(field: field, reason: "is longer than \(maxTextLength) characters", value: escaped(String(text.prefix(40))) + "…")
        }
        return value
    }

    /// NFC, then white space trimmed from both ends.
    static func normalized(_ text: String) -> String {
        let scalars = text.precomposedStringWithCanonicalMapping.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Whether `s` is a bidirectional formatting control.
    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The first reason `text` is refused, or nil. `allowFormatting` lets through the
    /// default-ignorable code points that are not bidi controls (a soft hyphen or a
    /// zero-width joiner in a name), which identifiers never allow.
    static func forbidden(in text: String, allowLineBreaks: Bool, allowFormatting: Bool) -> String? {
        for s in text.unicodeScalars {
            if s.properties.generalCategory == .control {
                if allowLineBreaks, s == "\t" || s == "\n" { continue }
                return "contains a control character"
            }
            if isBidiControl(s) { return "contains a bidirectional control character" }
            if !allowFormatting, s.properties.isDefaultIgnorableCodePoint || s.properties.generalCategory == .format {
                return "contains an invisible (default-ignorable) character"
            }
        }
        return nil
    }

    /// The text with every control, format and default-ignorable scalar written as `\u{…}`, safe
    /// to print on a terminal.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars {
            if s.isASCII, s.properties.generalCategory != .control {
                out.unicodeScalars.append(s)
            } else if s.properties.generalCategory == .control || s.properties.generalCategory == .format
                        || s.properties.isDefaultIgnorableCodePoint || isBidiControl(s) {
                out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }
}
