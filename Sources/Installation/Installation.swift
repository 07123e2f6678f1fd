import Foundation
import Tracking

/// Where this copy of `ctdna` finds its templates (rules, layout, wording), resolved
/// once per command, in this order:
/// 1. `--template-dir DIR`;
/// 2. `$CTDNA_TEMPLATES`;
/// 3. `PREFIX/share/ctdna/Templates`, PREFIX being the folder above the one that holds the
///    real executable (symlinks resolved), as `make install PREFIX=…` lays it out;
/// 4. the source tree's `Templates/` when the executable runs from its `.build` folder.
/// Never the current folder: a file planted there is never read. The first two are the
/// user's explicit word: when they name a folder without a rules file, that is an error,
/// not a reason to look elsewhere.
public struct Installation: Sendable, Hashable {
    /// How the templates folder was found.
    public enum Origin: String, Sendable, Hashable {
        case option = "--template-dir"
        case environment = "$CTDNA_TEMPLATES"
        case prefix = "install prefix"
        case sourceTree = "source tree"
    }

    /// The templates folder (absolute).
    public let templates: String
    public let origin: Origin

    /// Every place looked at, in order, with how it was reached (for the error message).
    public struct Candidate: Sendable, Hashable {
        public var path: String
        public var origin: Origin
    }

    static let rulesRelativePath = "rules/response-rules.yaml"

    /// The rules file inside the templates folder.
    public var rulesPath: String { (templates as NSString).appendingPathComponent(Self.rulesRelativePath) }

    /// Resolves the templates folder. `executable`: the running binary (default
    /// `Bundle.main.executableURL`); `environment`: the process environment.
    public static func locate(templateDir: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) throws(InstallationError) -> Installation {
        let candidates = Self.candidates(templateDir: templateDir, environment: environment, executable: executable)
        let fm = FileManager.default
        for c in candidates {
            let rules = (c.path as NSString).appendingPathComponent(rulesRelativePath)
            if fm.isReadableFile(atPath: rules) { return Installation(templates: c.path, origin: c.origin) }
            // An explicit folder that lacks the rules is the user's mistake: say so, look no further.
            if c.origin == .option || c.origin == .environment { throw InstallationError(looked: [c]) }
        }
        throw InstallationError(looked: candidates)
    }

    /// The places to look, in order (only the first explicit one when one is given).
    public static func candidates(templateDir: String?, environment: [String: String],
                                  executable: URL?) -> [Candidate] {
        if let templateDir { return [Candidate(path: absolute(templateDir), origin: .option)] }
        if let env = environment["CTDNA_TEMPLATES"], !env.isEmpty {
            return [Candidate(path: absolute(env), origin: .environment)]
        }
        guard let executable else { return [] }
        let binDir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        var out = [Candidate(path: binDir.deletingLastPathComponent().appendingPathComponent("share/ctdna/Templates").path,
                             origin: .prefix)]
        // Run from a build folder (…/SRC/.build/CONFIG/ctdna or …/SRC/.build/TRIPLE/CONFIG/ctdna):
        // the source tree is the folder that holds `.build` (or a `.build-NAME` scratch folder).
        var dir = binDir
        while dir.path != "/" {
            let name = dir.lastPathComponent
            if name == ".build" || name.hasPrefix(".build-") || name.hasPrefix(".build_") {
                out.append(Candidate(path: dir.deletingLastPathComponent().appendingPathComponent("Templates").path,
                                     origin: .sourceTree))
                break
            }
            dir.deleteLastPathComponent()
        }
        return out
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// Reads and parses the rules file.
    public func rules() throws(InstallationError) -> LoadedRules {
        guard let text = try? String(contentsOfFile: rulesPath, encoding: .utf8) else {
            throw InstallationError(looked: [Candidate(path: templates, origin: origin)], reason: "cannot read \(rulesPath)")
        }
        do {
            return LoadedRules(rules: try ResponseRules(yaml: text), path: rulesPath)
        } catch {
            throw InstallationError(looked: [], reason: "\(rulesPath): \(error)")
        }
    }
}

/// The response rules with the file they came from.
public struct LoadedRules: Sendable, Hashable {
    public var rules: ResponseRules
    public var path: String

    /// `PATH (NAME vVERSION)`: what `trend`, `report` and the PDF print.
    public var label: String { "\(path) (\(rules.name) v\(rules.version))" }
}

/// No usable rules file: names every place looked at, or what was wrong with the file found.
public struct InstallationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var looked: [Installation.Candidate]
    public var reason: String?

    public init(looked: [Installation.Candidate], reason: String? = nil) {
        self.looked = looked
        self.reason = reason
    }

    public var description: String {
        if let reason { return reason }
        guard !looked.isEmpty else {
            return "no rules file found: the executable's location is unknown; pass --template-dir or set CTDNA_TEMPLATES"
        }
        let places = looked.map { "\(($0.path as NSString).appendingPathComponent(Installation.rulesRelativePath)) (\($0.origin.rawValue))" }
        return "no rules file found; looked in: " + places.joined(separator: ", ")
            + ". Pass --template-dir DIR or set CTDNA_TEMPLATES to a folder holding rules/response-rules.yaml"
    }
}

/// Where this copy of `ctdna` finds the fonts `make` built (the compact Noto Sans CJK SC),
/// in this order: `$CTDNA_FONTS` (when set, the only place looked); `PREFIX/share/ctdna/fonts` (as `make install` lays it
/// out, PREFIX found from the real executable as for the templates); the source tree's
/// `.build-fonts/` when the executable runs from its `.build` folder. The first folder that
/// holds `file` wins; nil when none does (the report then uses the system's fonts).
public enum FontInstallation {
    public static let sourceTreeFolder = ".build-fonts"

    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment,
                                  executable: URL? = Bundle.main.executableURL) -> [String] {
        // Like $CTDNA_TEMPLATES, an explicit folder is the only place looked.
        if let env = environment["CTDNA_FONTS"], !env.isEmpty { return [Installation.absolute(env)] }
        var out: [String] = []
        for c in Installation.candidates(templateDir: nil, environment: [:], executable: executable) {
            let templates = URL(fileURLWithPath: c.path)
            switch c.origin {
            case .prefix: out.append(templates.deletingLastPathComponent().appendingPathComponent("fonts").path)
            case .sourceTree: out.append(templates.deletingLastPathComponent().appendingPathComponent(sourceTreeFolder).path)
            default: break
            }
        }
        return out
    }

    /// The first candidate folder holding `file` (a regular, readable file), or nil.
    public static func locate(file: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) -> String? {
        candidates(environment: environment, executable: executable).first {
            FileManager.default.isReadableFile(atPath: ($0 as NSString).appendingPathComponent(file))
        }
    }
}

/// Where the running binary came from, for `ctdna --version`.
public enum BuildInfo {
    /// The commit the binary was built from: `PREFIX/share/ctdna/BUILD_COMMIT` (written by
    /// `make install`), else the HEAD of the source tree a `.build` binary runs from (read
    /// from `.git` without running git), else nil.
    public static func commit(executable: URL? = Bundle.main.executableURL) -> String? {
        guard let executable else { return nil }
        let binDir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = binDir.deletingLastPathComponent().appendingPathComponent("share/ctdna/BUILD_COMMIT").path
        if let text = try? String(contentsOfFile: installed, encoding: .utf8) {
            let c = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !c.isEmpty { return c }
        }
        var dir = binDir
        while dir.path != "/" {
            let name = dir.lastPathComponent
            if name == ".build" || name.hasPrefix(".build-") || name.hasPrefix(".build_") {
                return gitHead(dir.deletingLastPathComponent().appendingPathComponent(".git").path)
            }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    /// The commit `HEAD` names in a `.git` folder (or a `gitdir:` file of a worktree).
    static func gitHead(_ git: String) -> String? {
        var gitDir = git
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: git, isDirectory: &isDir) else { return nil }
        if !isDir.boolValue {
            guard let text = try? String(contentsOfFile: git, encoding: .utf8), text.hasPrefix("gitdir:") else { return nil }
            gitDir = text.dropFirst(7).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let head = try? String(contentsOfFile: gitDir + "/HEAD", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst(5))
        // A worktree's refs live in the main repository (commondir).
        var common = gitDir
        if let c = try? String(contentsOfFile: gitDir + "/commondir", encoding: .utf8) {
            let p = c.trimmingCharacters(in: .whitespacesAndNewlines)
            common = p.hasPrefix("/") ? p : gitDir + "/" + p
        }
        for base in [gitDir, common] {
            if let sha = try? String(contentsOfFile: base + "/" + ref, encoding: .utf8) {
                return sha.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let packed = try? String(contentsOfFile: base + "/packed-refs", encoding: .utf8) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                    return String(line.prefix { $0 != " " })
                }
            }
        }
        return nil
    }
}
