import CtDNAModel
import Foundation
@testable import Ingest
import Testing

/// Issue 14, item 6: the reject folder is the tool's own, and the walk has no PATH_MAX
/// or open-file limit.
@Suite struct RejectArchiveTests {
    let bad = Paths.fixtures.appendingPathComponent("ctdna-xml/bad/vaf-above-one.xml").path

    func error(_ path: String) -> InputError {
        .malformed(SourceLocation(file: path, line: 1), reason: "test")
    }

    @Test func namesAreContentAddressedAndPrivate() throws {
        let dir = try Paths.temporaryFolder().appendingPathComponent("rejects").path
        let archive = try RejectArchive(directory: dir)
        try archive.keep(bad, error: error(bad), verbose: false)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: bad)))
        let hash = String(FileLoader.sha256(bytes).prefix(12))
        #expect(names == ["\(hash)-vaf-above-one.xml", "\(hash)-vaf-above-one.xml.error.txt"])
        for name in names {
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        // Another error for the same bytes: a new suffix, nothing overwritten.
        try archive.keep(bad, error: .malformed(SourceLocation(file: bad, line: 2), reason: "other"), verbose: false)
        let after = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(after.count == 4 && after.contains("\(hash)-2-vaf-above-one.xml.error.txt"))
    }

    @Test func aPlantedDanglingLinkIsNeverWrittenThrough() throws {
        let root = try Paths.temporaryFolder()
        let dir = root.appendingPathComponent("rejects").path
        let archive = try RejectArchive(directory: dir)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: bad)))
        let hash = String(FileLoader.sha256(bytes).prefix(12))
        let outside = root.appendingPathComponent("outside.txt").path
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/\(hash)-vaf-above-one.xml.error.txt", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/\(hash)-vaf-above-one.xml", withDestinationPath: outside + "2")
        try archive.keep(bad, error: error(bad), verbose: false)
        #expect(!FileManager.default.fileExists(atPath: outside))
        #expect(!FileManager.default.fileExists(atPath: outside + "2"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/\(hash)-2-vaf-above-one.xml.error.txt"))
    }

    @Test func aFIFOOrSocketIsNotReadAndOnlyItsErrorKept() throws {
        let root = try Paths.temporaryFolder()
        let fifo = root.appendingPathComponent("pipe.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(RejectArchive.regularFileBytes(fifo) == nil)
        let archive = try RejectArchive(directory: root.appendingPathComponent("rejects").path)
        try archive.keep(fifo, error: error(fifo), verbose: false)
        let names = try FileManager.default.contentsOfDirectory(atPath: archive.directory)
        #expect(names.count == 1 && names[0].hasSuffix("-pipe.xml.error.txt"))
    }

    @Test func aRejectDirThatIsAFileOrFIFOIsRefused() throws {
        let root = try Paths.temporaryFolder()
        let file = root.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: RejectArchive.Failure.self) { try RejectArchive(directory: file) }
        #expect(throws: RejectArchive.Failure.self) { try RejectArchive(directory: file + "/sub") }
        let fifo = root.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try RejectArchive(directory: fifo)
            Issue.record("a FIFO accepted")
        } catch {
            #expect(error.description.contains("not a folder (a FIFO)"))
        }
    }

    @Test func escapedForTerminal() {
        #expect(InputFiles.escapedForTerminal("a\nb\u{1B}[31m\\c") == "a\\nb\\u{1B}[31m\\\\c")
        #expect(InputFiles.escapedForTerminal("x\u{202E}y") == "x\\u{202E}y")
    }

    @Test func theWalkHasNoDepthOrOpenFileLimit() throws {
        let root = try Paths.temporaryFolder()
        var fd = open(root.path, O_RDONLY | O_DIRECTORY)
        let name = String(repeating: "d", count: 200)
        let depth = 40  // 40 × 201 bytes: deeper than PATH_MAX (4096)
        for _ in 0..<depth {
            #expect(mkdirat(fd, name, 0o700) == 0)
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let file = openat(fd, "deep.xml", O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(file >= 0)
        close(file)
        close(fd)
        let expansion = InputFiles.expandReporting([root.path])
        #expect(expansion.unreadable.isEmpty)
        #expect(expansion.files.count == 1)
        #expect(expansion.files.first?.hasSuffix("/deep.xml") == true)
        #expect((expansion.files.first?.utf8.count ?? 0) > 4096)
        var info = stat()
        #expect(FileLoader.statLong(expansion.files[0], &info) == 0)
        let loaded = try FileLoader.load(expansion.files[0], limit: 100)
        #expect(loaded.isEmpty)
    }

    @Test func anUnreadableFolderIsReported() throws {
        guard getuid() != 0 else { return }  // root reads any folder
        let root = try Paths.temporaryFolder()
        let locked = root.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o700) }
        let expansion = InputFiles.expandReporting([root.path])
        #expect(expansion.unreadable.map(\.path) == [locked.path])
    }
}
