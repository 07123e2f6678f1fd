/// Why a report could not be drawn or written.
public enum RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Cairo refused (a surface or context in an error state), with Cairo's own words.
    case cairo(String)
    /// Template text that is not valid Pango markup.
    case markup(template: String, reason: String)
    /// A template or layout problem: a missing key, a bad value; names the file and key.
    case template(String)
    case io(String)

    public var description: String {
        switch self {
        case .cairo(let r): return "cairo: \(r)"
        case .markup(let t, let r): return "template \(t): not valid markup: \(r)"
        case .template(let r): return "templates: \(r)"
        case .io(let r): return r
        }
    }
}
