import Foundation
import Testing

/// Issue 14, item 6 end to end: names escaped for the terminal, the reject folder the
/// tool's own (content-addressed, no links followed, only regular files read), and the
/// walk without PATH_MAX or open-file limits.
@Suite struct RejectWalkTests {
    static let bad = CLI.repo.appendingPathComponent("Tests/Fixtures/ctdna-xml/bad/vaf-above-one.xml")

    /// `ctdna` under timeout(1): a hang is status 124, never a stuck test.
    func runBounded(_ args: [String], seconds: Int = 30) throws -> CLI.Result {
        try CLI.execute(URL(fileURLWithPath: "/usr/bin/timeout"), ["-s", "KILL", "\(seconds)", CLI.binary.path] + args, in: CLI.repo)
    }

    @Test func aNewlineOrESCInAFileNameNeverForgesAnErrorLine() throws {
        let dir = try CLI.temporaryFolder()
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let name = "x.xml\nFAKE.xml:1: error: forged\u{1B}[2K.xml"
        try FileManager.default.copyItem(at: Self.bad, to: input.appendingPathComponent(name))
        let store = dir.appendingPathComponent("s.sqlite").path
        for args in [["ingest", "--store", store, "--reject-dir", dir.appendingPathComponent("rejects").path, input.path],
                     ["validate", input.path]] {
            let r = try runBounded(args)
            #expect(r.status == 65)
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "\(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}"))
            #expect(r.stderr.contains("x.xml\\nFAKE.xml:1: error: forged\\u{1B}[2K.xml"))
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("rejects").path)
        #expect(kept.count == 2)
    }

    @Test func aPlantedDanglingErrorLinkIsNotWrittenThrough() throws {
        let dir = try CLI.temporaryFolder()
        let rejects = dir.appendingPathComponent("rejects").path
        try FileManager.default.createDirectory(atPath: rejects, withIntermediateDirectories: true)
        // Plant links at every name the first copy could take.
        let hash = try Self.hash12(Self.bad)
        let outside = dir.appendingPathComponent("outside").path
        try FileManager.default.createSymbolicLink(atPath: "\(rejects)/\(hash)-vaf-above-one.xml.error.txt", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: "\(rejects)/vaf-above-one.xml.error.txt", withDestinationPath: outside + "-old")
        let r = try runBounded(["ingest", "--store", dir.appendingPathComponent("s.sqlite").path, "--reject-dir", rejects, Self.bad.path])
        #expect(r.status == 65)
        #expect(!FileManager.default.fileExists(atPath: outside))
        #expect(!FileManager.default.fileExists(atPath: outside + "-old"))
        #expect(FileManager.default.fileExists(atPath: "\(rejects)/\(hash)-2-vaf-above-one.xml.error.txt"))
    }

    @Test func concurrentIngestsSharingARejectDirKeepOneCopy() throws {
        let dir = try CLI.temporaryFolder()
        let rejects = dir.appendingPathComponent("rejects").path
        let statuses = Mutex4()
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let r = try? runBounded(["ingest", "-q", "--store", dir.appendingPathComponent("s\(i).sqlite").path,
                                     "--reject-dir", rejects, Self.bad.path])
            statuses.set(i, r?.status ?? -1)
        }
        #expect(statuses.all == [65, 65, 65, 65])
        let kept = try FileManager.default.contentsOfDirectory(atPath: rejects).sorted()
        #expect(kept.count == 2, "\(kept)")
        #expect(kept.allSatisfy { !$0.hasPrefix(".tmp-") })
    }

    @Test func aFIFOGivenAsInputIsRejectedWithoutHanging() throws {
        let dir = try CLI.temporaryFolder()
        let fifo = dir.appendingPathComponent("pipe.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let rejects = dir.appendingPathComponent("rejects").path
        let r = try runBounded(["ingest", "--store", dir.appendingPathComponent("s.sqlite").path, "--reject-dir", rejects, fifo], seconds: 20)
        #expect(r.status == 65)
        #expect(r.stderr.contains("not a regular file (a FIFO)"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: rejects)
        #expect(kept.count == 1 && kept[0].hasSuffix("-pipe.xml.error.txt"))
    }

    @Test func aSocketIsRejectedWithAClearMessage() throws {
        let dir = try CLI.temporaryFolder()
        let path = dir.appendingPathComponent("s.xml").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let rejects = dir.appendingPathComponent("rejects").path
        let r = try runBounded(["ingest", "--store", dir.appendingPathComponent("store.sqlite").path, "--reject-dir", rejects, path])
        #expect(r.status == 65)
        #expect(r.stderr == "\(path): error: not a regular file (a socket)\n" || r.stderr.contains("not a regular file (a socket)"))
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aRejectDirThatIsAFileOrFIFOExits73() throws {
        let dir = try CLI.temporaryFolder()
        let file = dir.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for target in [file, fifo, file + "/sub"] {
            let r = try runBounded(["ingest", "--store", dir.appendingPathComponent("s.sqlite").path, "--reject-dir", target, Self.bad.path])
            #expect(r.status == 73, "\(target): \(r.stderr)")
            #expect(r.stderr.hasPrefix("ctdna: --reject-dir \(target): "), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func aResultDeeperThan300LevelsAndPATHMAXIsFound() throws {
        let dir = try CLI.temporaryFolder()
        let root = dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var fd = open(root.path, O_RDONLY | O_DIRECTORY)
        let name = "level-folder"  // 13 bytes a level: 310 levels is past PATH_MAX (4096)
        for _ in 0..<310 {
            #expect(mkdirat(fd, name, 0o700) == 0)
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let good = try Data(contentsOf: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1004/draw-01.xml"))
        let file = openat(fd, "result.xml", O_WRONLY | O_CREAT | O_EXCL, 0o600)
        close(fd)
        #expect(file >= 0)
        _ = good.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        let r = try runBounded(["ingest", "--store", dir.appendingPathComponent("s.sqlite").path, root.path], seconds: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ingested 1, unchanged 0, superseded 0, rejected 0 (1 files)"), "\(r.stdout)")
    }

    static func hash12(_ url: URL) throws -> String {
        let r = try CLI.execute(URL(fileURLWithPath: "/usr/bin/sha256sum"), [url.path], in: CLI.repo)
        return String(r.stdout.prefix(12))
    }
}

/// Four statuses written from concurrent threads.
final class Mutex4: @unchecked Sendable {
    private let lock = NSLock()
    private var values = [Int32](repeating: 0, count: 4)
    func set(_ i: Int, _ v: Int32) { lock.lock(); values[i] = v; lock.unlock() }
    var all: [Int32] { lock.lock(); defer { lock.unlock() }; return values }
}
