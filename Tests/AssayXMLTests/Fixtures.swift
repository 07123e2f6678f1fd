import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Tests/Fixtures, found from this source file so tests read the committed files.
enum Fixtures {
    /// The package root: three levels above this file (Tests/AssayXMLTests/Fixtures.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let root = packageRoot.appendingPathComponent("Tests/Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func files(in folder: String, ext: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder))
            .filter { $0.hasSuffix("." + ext) }.sorted()
    }
}

/// Real public example files other people wrote. They are not ours to redistribute, so
/// they are not in the repository: they are read from `../shared/real-examples` beside
/// the package root (its SOURCES.md says where each came from), or from the folder
/// named by `CTDNA_SHARED_EXAMPLES`. Tests that need them are skipped when it is absent.
enum RealExamples {
    static let root: URL = {
        if let folder = ProcessInfo.processInfo.environment["CTDNA_SHARED_EXAMPLES"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/real-examples")
    }()

    /// Whether the folder is there; says so once on standard output when it is not.
    static let available: Bool = {
        var isFolder: ObjCBool = false
        let found = FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) && isFolder.boolValue
        if !found {
            print("note: \(root.path) is absent: the real public example tests are skipped"
                  + " (set CTDNA_SHARED_EXAMPLES to the folder holding them)")
        }
        return found
    }()

    static let skipNote: Comment = "needs the real public examples in ../shared/real-examples or CTDNA_SHARED_EXAMPLES"

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }
}

/// Reads one of the real examples as the tool would (the path in messages is the relative one).
func readReal(_ relative: String) throws -> (SourceFormat, ParsedDocument) {
    try DocumentReader.standard.read(bytes: try RealExamples.bytes(relative),
                                     context: ReadContext(path: relative, today: fixedToday))
}
