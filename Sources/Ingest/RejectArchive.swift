import CtDNAModel
import Foundation

/// `--reject-dir`: a copy of each rejected file with its error beside it, so a lab can
/// fix and resend. The folder is the tool's own: names are content-addressed
/// (`<sha256-12>-NAME` and `<sha256-12>-NAME.error.txt`, the hash of the file's bytes, or
/// of the error text when the file cannot be read), each file is written whole to a fresh
/// temporary created with O_CREAT|O_EXCL|O_NOFOLLOW (mode 0600) and then hard-linked to
/// its name (link(2) never follows a symbolic link planted there and fails if the name is
/// taken). A name already holding the same bytes is already kept (concurrent ingests of
/// one bad file keep one copy); a name holding anything else gets the next suffix
/// (`<sha256-12>-2-NAME`). Only regular files are copied: a FIFO, socket or device is
/// recognised by type and only its error is kept.
public struct RejectArchive: Sendable {
    public let directory: String

    /// Why `--reject-dir` cannot be used: `description` is `--reject-dir DIR: reason`.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let directory: String
        public let reason: String
        public var description: String { "--reject-dir \(InputFiles.escapedForTerminal(directory)): \(reason)" }
    }

    public init(directory: String) throws(Failure) {
        self.directory = directory
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { throw Failure(directory: directory, reason: Self.errnoText()) }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                // errno's reason for the folder itself (ENOTDIR, EACCES, ENOENT, …).
                if mkdir(directory, 0o700) != 0 {
                    throw Failure(directory: directory, reason: "cannot be created: \(Self.errnoText())")
                }
            }
            guard stat(directory, &info) == 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
        } else if (info.st_mode & S_IFMT) == S_IFLNK {
            guard stat(directory, &info) == 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(directory: directory, reason: "not a folder (\(InputFiles.typeName(info.st_mode)))")
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
        close(fd)
        guard access(directory, W_OK | X_OK) == 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
    }

    /// Copies `path` in under its content-addressed name and writes the error beside it.
    public func keep(_ path: String, error: InputError, verbose: Bool) throws(Failure) {
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
        defer { close(dirfd) }
        let text = Array((error.message(verbose: verbose) + "\n").utf8)
        let bytes = Self.regularFileBytes(path)
        let hash = String(FileLoader.sha256(bytes ?? text).prefix(12))
        var base = (path as NSString).lastPathComponent
        base = String(base.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : Character($0) })
        while base.utf8.count > 200 { base.removeLast() }
        var n = 1
        while true {
            let name = n == 1 ? "\(hash)-\(base)" : "\(hash)-\(n)-\(base)"
            n += 1
            if let bytes, try !place(bytes, as: name, in: dirfd) { continue }
            if try !place(text, as: name + ".error.txt", in: dirfd) { continue }
            return
        }
    }

    /// Puts `bytes` at `name`: true when written or already there with the same bytes,
    /// false when the name holds something else.
    private func place(_ bytes: [UInt8], as name: String, in dirfd: Int32) throws(Failure) -> Bool {
        if Self.holds(bytes, name, in: dirfd) { return true }
        let temp = ".tmp-\(UUID().uuidString)"
        let fd = openat(dirfd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(directory: directory, reason: Self.errnoText()) }
        defer { unlinkat(dirfd, temp, 0) }
        var written = 0
        while written < bytes.count {
            let w = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if w < 0 {
                if errno == EINTR { continue }
                let reason = Self.errnoText()
                close(fd)
                throw Failure(directory: directory, reason: reason)
            }
            written += w
        }
        let synced = fsync(fd) == 0
        let reason = Self.errnoText()
        close(fd)
        guard synced else { throw Failure(directory: directory, reason: reason) }
        if linkat(dirfd, temp, dirfd, name, 0) == 0 { return true }
        guard errno == EEXIST else { throw Failure(directory: directory, reason: Self.errnoText()) }
        return Self.holds(bytes, name, in: dirfd)
    }

    /// Whether `name` is a regular file (not a link) holding exactly `bytes`.
    private static func holds(_ bytes: [UInt8], _ name: String, in dirfd: Int32) -> Bool {
        let fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return readRegular(fd, limit: bytes.count) == bytes
    }

    /// The bytes of `path` if it is a regular file (checked by type before it is opened,
    /// and again on the open descriptor), else nil.
    /// The name a rejected file is kept under (`<sha256-12>-NAME`): its reject id.
    public static func rejectID(_ path: String) -> (id: String, sha256: String)? {
        guard let bytes = regularFileBytes(path) else { return nil }
        let sha = FileLoader.sha256(bytes)
        var base = (path as NSString).lastPathComponent
        base = String(base.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : Character($0) })
        while base.utf8.count > 200 { base.removeLast() }
        return ("\(sha.prefix(12))-\(base)", sha)
    }

    static func regularFileBytes(_ path: String) -> [UInt8]? {
        var info = stat()
        guard FileLoader.statLong(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = FileLoader.openLong(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readRegular(fd, limit: Int(info.st_size) + (1 << 20))
    }

    private static func readRegular(_ fd: Int32, limit: Int) -> [UInt8]? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= limit else { return nil }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let r = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if r < 0 { if errno == EINTR { continue }; return nil }
            if r == 0 { return out }
            out += chunk[0..<r]
            if out.count > limit { return nil }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
