import Foundation
import Testing
@testable import Installation

/// Where templates are found: option, environment, install prefix (through symlinks),
/// source tree; never the working folder; no silent fallback.
@Suite struct InstallationTests {
    /// A temp folder laid out like `make install PREFIX=…`, with a symlink to the binary elsewhere.
    final class Prefix {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("inst-\(UUID().uuidString)")
            let fm = FileManager.default
            try fm.createDirectory(at: root.appendingPathComponent("inst/bin"), withIntermediateDirectories: true)
            try fm.createDirectory(at: root.appendingPathComponent("inst/share/ctdna/Templates/rules"), withIntermediateDirectories: true)
            try Data("name: x\n".utf8).write(to: root.appendingPathComponent("inst/share/ctdna/Templates/rules/response-rules.yaml"))
            try Data().write(to: root.appendingPathComponent("inst/bin/ctdna"))
            try fm.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
            try fm.createSymbolicLink(at: root.appendingPathComponent("elsewhere/ctdna"),
                                      withDestinationURL: root.appendingPathComponent("inst/bin/ctdna"))
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        var templates: String { root.appendingPathComponent("inst/share/ctdna/Templates").resolvingSymlinksInPath().path }
    }

    @Test func installPrefixIsFoundThroughASymlink() throws {
        let p = try Prefix()
        let i = try Installation.locate(templateDir: nil, environment: [:],
                                        executable: p.root.appendingPathComponent("elsewhere/ctdna"))
        #expect(i.origin == .prefix)
        #expect(URL(fileURLWithPath: i.templates).resolvingSymlinksInPath().path == p.templates)
    }

    @Test func optionComesFirstThenEnvironment() throws {
        let p = try Prefix()
        let exe = p.root.appendingPathComponent("elsewhere/ctdna")
        let byOption = try Installation.locate(templateDir: p.templates, environment: ["CTDNA_TEMPLATES": "/nonexistent"],
                                               executable: exe)
        #expect(byOption.origin == .option)
        let byEnv = try Installation.locate(templateDir: nil, environment: ["CTDNA_TEMPLATES": p.templates], executable: exe)
        #expect(byEnv.origin == .environment)
    }

    /// An explicit folder without rules is an error naming it, not a fall back to the prefix.
    @Test func explicitFolderWithoutRulesFailsNamingIt() throws {
        let p = try Prefix()
        let exe = p.root.appendingPathComponent("elsewhere/ctdna")
        #expect {
            _ = try Installation.locate(templateDir: nil, environment: ["CTDNA_TEMPLATES": "/nonexistent/T"], executable: exe)
        } throws: { error in
            "\(error)".contains("/nonexistent/T/rules/response-rules.yaml ($CTDNA_TEMPLATES)")
        }
    }

    /// No rules anywhere: the message names every place looked at; the working folder is not one.
    @Test func nothingFoundNamesEveryPlaceAndNeverTheWorkingFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("noinst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src/.build/debug"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let exe = dir.appendingPathComponent("src/.build/debug/ctdna")
        let candidates = Installation.candidates(templateDir: nil, environment: [:], executable: exe)
        #expect(candidates.map(\.origin) == [.prefix, .sourceTree])
        #expect(candidates[1].path.hasSuffix("/src/Templates"))
        #expect(!candidates.contains { $0.path == FileManager.default.currentDirectoryPath + "/Templates" })
        #expect {
            _ = try Installation.locate(templateDir: nil, environment: [:], executable: exe)
        } throws: { error in
            let text = "\(error)"
            return text.contains("(install prefix)") && text.contains("/src/Templates/rules/response-rules.yaml (source tree)")
        }
    }

    /// The rules are read from the file found, and the label names path, name and version.
    @Test func loadedRulesNameTheirFile() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates").path
        let i = try Installation.locate(templateDir: here, environment: [:], executable: nil)
        let loaded = try i.rules()
        #expect(loaded.path == here + "/rules/response-rules.yaml")
        #expect(loaded.label == "\(here)/rules/response-rules.yaml (ctdna-monitor-myeloma-ctdna v\(loaded.rules.version))")
    }

    /// The compact CJK font: $CTDNA_FONTS alone when set; else PREFIX/share/ctdna/fonts, then
    /// the source tree's .build-fonts for a .build binary; the first folder holding the file.
    @Test func fontFoldersAreFoundLikeTheTemplates() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fonts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let exe = dir.appendingPathComponent("src/.build/debug/ctdna")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src/.build-fonts"), withIntermediateDirectories: true)
        #expect(FontInstallation.candidates(environment: [:], executable: exe)
                == [dir.appendingPathComponent("src/.build/share/ctdna/fonts").path, dir.appendingPathComponent("src/.build-fonts").path])
        #expect(FontInstallation.candidates(environment: ["CTDNA_FONTS": "/opt/f"], executable: exe) == ["/opt/f"])
        #expect(FontInstallation.locate(file: "a.otf", environment: [:], executable: exe) == nil)
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("src/.build-fonts/a.otf").path, contents: Data([1]))
        #expect(FontInstallation.locate(file: "a.otf", environment: [:], executable: exe) == dir.appendingPathComponent("src/.build-fonts").path)
        let installed = dir.appendingPathComponent("inst/bin/ctdna")
        #expect(FontInstallation.candidates(environment: [:], executable: installed) == [dir.appendingPathComponent("inst/share/ctdna/fonts").path])
    }
}
