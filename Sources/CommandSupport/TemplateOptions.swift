import ArgumentParser
import Foundation
import Tracking

/// `--template-dir DIR`, else `$CTDNA_TEMPLATES`, else `./Templates`, else the
/// `Templates/` of the source tree the binary was built in (.build/CONFIG/ctdna).
public struct TemplateOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "Templates folder (rules, layout, wording). Default: $CTDNA_TEMPLATES, ./Templates.")
    public var templateDir: String?

    public var resolved: String? {
        if let templateDir { return templateDir }
        if let env = getenv("CTDNA_TEMPLATES").map({ String(cString: $0) }), !env.isEmpty { return env }
        let fm = FileManager.default
        if fm.fileExists(atPath: "Templates/rules") { return "Templates" }
        // Beside the binary, or in a folder above it (the source tree of .build/.../ctdna).
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("Templates")
            if fm.fileExists(atPath: candidate.appendingPathComponent("rules").path) { return candidate.path }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    public func validate() throws {
        if let templateDir, !FileManager.default.fileExists(atPath: templateDir) {
            throw ValidationError("no such templates folder: \(templateDir)")
        }
    }

    /// The response rules: DIR/rules/response-rules.yaml, or the built-in defaults when
    /// no templates folder is found.
    public func rules() throws -> ResponseRules {
        guard let dir = resolved else { return .defaults }
        let path = (dir as NSString).appendingPathComponent("rules/response-rules.yaml")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            if templateDir != nil { throw CommandFailure.templates("cannot read \(path)") }
            return .defaults
        }
        do {
            return try ResponseRules(yaml: text)
        } catch {
            throw CommandFailure.templates("\(path): \(error)")
        }
    }
}
