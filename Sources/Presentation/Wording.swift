import Foundation
import Mustache
import Yams

/// A wording problem: a missing key or template, a bad value; names the file and key.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One language's wording: Templates/<lang>/strings.yaml (labels) and the Mustache
/// paragraphs beside it, for the terminal, the JSON messages and the PDF alike. Every
/// lookup is strict: a missing key or template is an error naming it, never a blank.
public struct Wording: Sendable {
    public let language: String
    public let folder: String
    private let strings: [String: String]
    private let templates: [String: MustacheTemplate]


    public static let paragraphs = ["synopsis", "interpretation", "methods", "limitations", "signoff"]

    /// Loads FOLDER/strings.yaml and, when `paragraphs`, the Mustache paragraph templates.
    public init(folder: String, language: String, paragraphs: Bool = true) throws(TemplateError) {
        self.language = language
        self.folder = folder
        let stringsPath = (folder as NSString).appendingPathComponent("strings.yaml")
        guard let text = try? String(contentsOfFile: stringsPath, encoding: .utf8) else {
            throw TemplateError("cannot read \(stringsPath)")
        }
        let node: Any?
        // The basic resolver keeps every value a string (YAML 1.1 would read "no" as false).
        do { node = try Yams.load(yaml: text, .basic) } catch { throw TemplateError("\(stringsPath): \(error)") }
        guard let root = node as? [String: Any] else { throw TemplateError("\(stringsPath): not a mapping") }
        var flat: [String: String] = [:]
        Self.flatten(root, prefix: "", into: &flat)
        strings = flat
        var compiled: [String: MustacheTemplate] = [:]
        for name in paragraphs ? Self.paragraphs : [] {
            let path = (folder as NSString).appendingPathComponent("\(name).mustache")
            guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { throw TemplateError("cannot read \(path)") }
            do { compiled[name] = try MustacheTemplate(string: source) } catch { throw TemplateError("\(path): \(error)") }
        }
        templates = compiled
    }

    private static func flatten(_ node: [String: Any], prefix: String, into out: inout [String: String]) {
        for (k, v) in node {
            let key = prefix.isEmpty ? k : "\(prefix).\(k)"
            if let d = v as? [String: Any] { flatten(d, prefix: key, into: &out) } else { out[key] = "\(v)" }
        }
    }

    /// The label at a dotted key (`summary.heading`).
    public func text(_ key: String) throws(TemplateError) -> String {
        guard let v = strings[key] else { throw TemplateError("\(language)/strings.yaml: missing key '\(key)'") }
        return v
    }

    /// The label at `key` when the wording has one (a lab's term for a value that comes
    /// from the data, such as a finding's `amplification`), else nil.
    public func optionalText(_ key: String) -> String? { strings[key] }

    /// A label rendered as a Mustache template with `values`.
    public func text(_ key: String, _ values: [String: Any]) throws(TemplateError) -> String {
        let source = try text(key)
        do {
            return try Self.render(try MustacheTemplate(string: source), values, name: "\(language)/strings.yaml '\(key)'")
        } catch let e as TemplateError {
            throw e
        } catch {
            throw TemplateError("\(language)/strings.yaml '\(key)': \(error)")
        }
    }

    /// A paragraph template (`interpretation`) rendered with `values`.
    public func paragraph(_ name: String, _ values: [String: Any]) throws(TemplateError) -> String {
        guard let t = templates[name] else { throw TemplateError("\(language)/\(name).mustache: missing") }
        do {
            return try Self.render(t, values, name: "\(language)/\(name).mustache")
        } catch let e as TemplateError {
            throw e
        } catch {
            throw TemplateError("\(language)/\(name).mustache: \(error)")
        }
    }

    /// Renders with a context that records every name the template asks for; a name
    /// found nowhere in the context is a missing key. (Values are escaped for Pango
    /// markup, which uses the same entities as HTML.)
    static func render(_ template: MustacheTemplate, _ values: [String: Any], name: String) throws -> String {
        let recorder = LookupRecorder()
        let output = template.render(StrictContext(values, recorder: recorder))
        let missing = recorder.missing.subtracting(recorder.found)
        if let first = missing.sorted().first {
            throw TemplateError("\(name): the template asks for '\(first)', which the report does not provide")
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Notes which names a template looked up and whether any context level had them.
final class LookupRecorder {
    var found = Set<String>()
    var missing = Set<String>()
}

/// A dictionary context for Mustache that reports the names it could not supply.
struct StrictContext: MustacheParent {
    let values: [String: Any]
    let recorder: LookupRecorder

    init(_ values: [String: Any], recorder: LookupRecorder) {
        self.values = values.mapValues { v in
            if let d = v as? [String: Any] { return StrictContext(d, recorder: recorder) }
            if let a = v as? [[String: Any]] { return a.map { StrictContext($0, recorder: recorder) } }
            return v
        }
        self.recorder = recorder
    }

    func child(named name: String) -> Any? {
        if let v = values[name] {
            recorder.found.insert(name)
            return v
        }
        recorder.missing.insert(name)
        return nil
    }
}
