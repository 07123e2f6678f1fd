import Foundation
import Testing

/// The README's command examples run as written.
///
/// Every fenced ```sh block of README.md is read in order. In it, each command line
/// (`\` continuations joined) that starts with `ctdna ` — or with environment assignments
/// and then `ctdna `, as in `CTDNA_STORE=lab.sqlite ctdna trend MM-1002` — is run with
/// /bin/sh in one fresh temporary folder, with the built binary's folder first on PATH and
/// `CTDNA_TEMPLATES` and `CTDNA_STORE` unset. It must exit 0, or the status written in a
/// trailing `# exit N` comment. A `make` line is not run: each target it names must be a
/// rule of the Makefile. Any other command line in a ```sh block fails the test (show
/// output as ```text or ```console instead).
///
/// The folder is prepared as the quick start describes it: `incoming/` is a copy of
/// SampleData/ (the sample results a lab would have received).
@Suite(.serialized) struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    enum Step {
        case run(line: Int, command: String, status: Int32)
        case make(line: Int, command: String, targets: [String])
        case unknown(line: Int, command: String)
    }

    /// The steps of every ```sh block, in README order.
    static func steps(_ markdown: String) -> [Step] {
        var steps: [Step] = []
        var inBlock = false, isShell = false
        var pending = "", pendingLine = 0
        for (index, raw) in markdown.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if inBlock {
                    inBlock = false
                } else {
                    inBlock = true
                    let info = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    isShell = info.split(separator: " ").first.map(String.init) == "sh"
                }
                continue
            }
            guard inBlock, isShell else { continue }
            if pending.isEmpty { pendingLine = number }
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast().trimmingCharacters(in: .whitespaces) + " "
                continue
            }
            let command = (pending + trimmed).trimmingCharacters(in: .whitespaces)
            pending = ""
            if command.isEmpty || command.hasPrefix("#") { continue }
            steps.append(classify(command, line: pendingLine))
        }
        return steps
    }

    static func classify(_ command: String, line: Int) -> Step {
        var words = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        while let first = words.first, isAssignment(first) { words.removeFirst() }
        switch words.first {
        case "ctdna":
            return .run(line: line, command: command, status: expectedStatus(command))
        case "make":
            let targets = words.dropFirst().prefix { $0 != "#" && !$0.hasPrefix("#") }
                .filter { !$0.hasPrefix("-") && !$0.contains("=") }
            return .make(line: line, command: command, targets: targets.isEmpty ? ["all"] : Array(targets))
        default:
            return .unknown(line: line, command: command)
        }
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].allSatisfy { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// A trailing `# exit N` comment, else 0.
    static func expectedStatus(_ command: String) -> Int32 {
        guard let hash = command.range(of: " #", options: .backwards) else { return 0 }
        let words = command[hash.upperBound...].split(separator: " ")
        guard words.count == 2, words[0] == "exit", let n = Int32(words[1]) else { return 0 }
        return n
    }

    /// The rule names of the Makefile (`name:` or `a b:` at the start of a line, not `:=`).
    static func makeTargets() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        var targets: Set<String> = []
        for line in text.components(separatedBy: "\n") {
            guard let first = line.first, first != "\t", first != "#", first != " ",
                  let colon = line.firstIndex(of: ":") else { continue }
            let after = line.index(after: colon)
            if after < line.endIndex, line[after] == "=" { continue }
            let names = line[..<colon]
            if names.contains("=") || names.contains("$") { continue }
            targets.formUnion(names.split(separator: " ").map(String.init))
        }
        return targets
    }

    /// The built `ctdna`: `$CTDNA_BIN`, else beside the running test executable
    /// (SwiftPM's products folder, e.g. .build/x86_64-unknown-linux-gnu/debug).
    /// The built `ctdna`, found as every end-to-end test finds it.
    static func binary() -> URL { CLI.binary }

    static func shell(_ command: String, in folder: URL, path: String, logs: URL, step: Int) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let outURL = logs.appendingPathComponent("\(step).out"), errURL = logs.appendingPathComponent("\(step).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CTDNA_TEMPLATES")
        environment.removeValue(forKey: "CTDNA_STORE")
        environment["PATH"] = path
        p.environment = environment
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    static func tail(_ text: String, lines: Int = 12) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    @Test func everyCommandExampleRunsAsWritten() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let steps = Self.steps(readme)
        let runs = steps.filter { if case .run = $0 { true } else { false } }
        #expect(runs.count >= 5, "found only \(runs.count) `ctdna` lines in README.md's ```sh blocks")

        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("ctdna-readme-\(UUID().uuidString)")
        let folder = base.appendingPathComponent("work"), logs = base.appendingPathComponent("logs")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        try fm.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: base) }
        try fm.copyItem(at: Self.root.appendingPathComponent("SampleData"), to: folder.appendingPathComponent("incoming"))

        var binary = Self.binary()
        try #require(fm.isExecutableFile(atPath: binary.path),
                     "no ctdna binary at \(binary.path): build it first, or set CTDNA_BIN")
        if binary.lastPathComponent != "ctdna" {  // CTDNA_BIN under another name: reach it as `ctdna`
            let bin = base.appendingPathComponent("bin")
            try fm.createDirectory(at: bin, withIntermediateDirectories: true)
            try fm.createSymbolicLink(at: bin.appendingPathComponent("ctdna"), withDestinationURL: binary)
            binary = bin.appendingPathComponent("ctdna")
        }
        let path = binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        print("README examples: ctdna = \(binary.path), folder = \(folder.path) (incoming/ = SampleData/)")

        let targets = try Self.makeTargets()
        for (index, step) in steps.enumerated() {
            switch step {
            case .run(let line, let command, let status):
                print("README.md:\(line): $ \(command)")
                let r = try Self.shell(command, in: folder, path: path, logs: logs, step: index)
                print("  exit \(r.status)")
                #expect(r.status == status, """
                    README.md:\(line): `\(command)` exited \(r.status), expected \(status)
                    stderr:
                    \(Self.tail(r.stderr))
                    stdout:
                    \(Self.tail(r.stdout))
                    """)
            case .make(let line, let command, let named):
                print("README.md:\(line): $ \(command)   (not run; checking the Makefile's targets)")
                for target in named {
                    #expect(targets.contains(target), "README.md:\(line): `\(command)`: the Makefile has no target `\(target)`")
                }
            case .unknown(let line, let command):
                Issue.record("""
                    README.md:\(line): `\(command)` is in a ```sh block but is neither a `ctdna` nor a `make` \
                    command, so no test runs it: fence output as ```text or ```console, or move the line to prose
                    """)
            }
        }
    }

    /// Relative links in README.md and docs/*.md lead to files that exist.
    @Test func relativeLinksResolve() throws {
        let fm = FileManager.default
        var files = [Self.root.appendingPathComponent("README.md")]
        let docs = Self.root.appendingPathComponent("docs")
        for name in (try? fm.contentsOfDirectory(atPath: docs.path)) ?? [] where name.hasSuffix(".md") {
            files.append(docs.appendingPathComponent(name))
        }
        #expect(files.count > 1, "docs/ has no .md files")
        let pattern = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                guard let r = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[r])
                if target.contains("://") || target.hasPrefix("#") || target.hasPrefix("mailto:") { continue }
                let pathPart = String(target.split(separator: "#", maxSplits: 1).first ?? "")
                let resolved = file.deletingLastPathComponent().appendingPathComponent(pathPart).standardizedFileURL
                #expect(fm.fileExists(atPath: resolved.path),
                        "\(file.lastPathComponent): link \(target) leads nowhere (\(resolved.path))")
            }
        }
    }

    /// The parser itself, on a small README.
    @Test func extractsCommandsFromShellBlocksOnly() {
        let text = """
            ```sh
            make demo   # everything
            ctdna ingest --store lab.sqlite \\
              incoming/
            CTDNA_STORE=lab.sqlite ctdna trend MM-9999   # exit 66
            # a comment
            ```

            ```console
            $ ctdna trend MM-1002
            ```

            ```text
            ctdna patients
            ```
            """
        let steps = Self.steps(text)
        #expect(steps.count == 3)
        if case .make(let line, _, let targets) = steps[0] { #expect(line == 2 && targets == ["demo"]) } else { Issue.record("step 1") }
        if case .run(let line, let command, let status) = steps[1] {
            #expect(line == 3 && command == "ctdna ingest --store lab.sqlite incoming/" && status == 0)
        } else { Issue.record("step 2") }
        if case .run(_, let command, let status) = steps[2] {
            #expect(command.hasPrefix("CTDNA_STORE=lab.sqlite ctdna trend") && status == 66)
        } else { Issue.record("step 3") }
    }
}
