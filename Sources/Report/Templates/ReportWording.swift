import Presentation
import Tracking

/// The language's wording (Presentation's `Wording`) as the report composer uses it:
/// errors as `RenderError`, values escaped for Pango markup.
struct ReportWording: Sendable {
    let wording: Wording
    let phrases: Phrases

    init(_ wording: Wording) {
        self.wording = wording
        phrases = Phrases(wording: wording, escape: { Markup.escape($0) })
    }

    var language: String { wording.language }

    func text(_ key: String) throws(RenderError) -> String {
        do { return try wording.text(key) } catch { throw .template(error.description) }
    }

    /// The wording's term for a value from the data (`findingDetail.amplification`), else the value.
    func term(_ group: String, _ value: String) -> String {
        wording.optionalText("\(group).\(value.lowercased())") ?? value
    }

    func text(_ key: String, _ values: [String: Any]) throws(RenderError) -> String {
        do { return try wording.text(key, values) } catch { throw .template(error.description) }
    }

    func paragraph(_ name: String, _ values: [String: Any]) throws(RenderError) -> String {
        do { return try wording.paragraph(name, values) } catch { throw .template(error.description) }
    }

    /// Any phrase built from the typed values (template errors as render errors).
    func phrase<T>(_ body: (Phrases) throws(TemplateError) -> T) throws(RenderError) -> T {
        do { return try body(phrases) } catch { throw .template(error.description) }
    }

    /// An alert in words (markup-safe).
    func alert(_ a: Alert) throws(RenderError) -> String {
        do { return try phrases.alert(a) } catch { throw .template(error.description) }
    }
}
