import Crypto
import CtDNAModel
import Foundation

/// Reads a file's bytes, refusing one over the size limit before reading it.
enum FileLoader {
    /// open(2)/fstat(2)/read(2) straight into the array: FileHandle and Data cost more
    /// than parsing a small result file.
    static func load(_ path: String, limit: Int) throws(InputError) -> [UInt8] {
        let location = SourceLocation(file: path)
        // By type first: a FIFO, socket or device is never opened for reading.
        var before = stat()
        if statLong(path, &before) == 0, (before.st_mode & S_IFMT) != S_IFREG {
            throw .unreadable(location, reason: "not a regular file (\(InputFiles.typeName(before.st_mode)))")
        }
        let fd = openLong(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the batch
        guard fd >= 0 else { throw .unreadable(location, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(location, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(location, reason: "not a regular file (\(InputFiles.typeName(info.st_mode)))")
        }
        guard Int(info.st_size) <= limit else { throw .tooLarge(location, bytes: Int(info.st_size), limit: limit) }
        // Read to end of file (it may have grown since fstat), never past limit + 1 bytes.
        var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size), limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw .tooLarge(location, bytes: count, limit: limit) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(count, 4096), limit + 1 - count)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if n > 0 {
                count += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw .unreadable(location, reason: String(cString: strerror(errno)))
            }
        }
        guard count <= limit else { throw .tooLarge(location, bytes: count, limit: limit) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// open(2), or for a path longer than PATH_MAX one name at a time with openat(2)
    /// (at most two descriptors open at once).
    static func openLong(_ path: String, _ flags: Int32) -> Int32 {
        let fd = open(path, flags)
        guard fd < 0, errno == ENAMETOOLONG else { return fd }
        guard let (parent, last) = openParent(path) else { return -1 }
        defer { close(parent) }
        return openat(parent, last, flags)
    }

    /// stat(2), by the parent folder's descriptor for a path longer than PATH_MAX.
    static func statLong(_ path: String, _ info: inout stat) -> Int32 {
        let r = stat(path, &info)
        guard r != 0, errno == ENAMETOOLONG else { return r }
        guard let (parent, last) = openParent(path) else { return -1 }
        defer { close(parent) }
        return fstatat(parent, last, &info, 0)
    }

    private static func openParent(_ path: String) -> (Int32, String)? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = parts.popLast() else { errno = ENOENT; return nil }
        var fd = open(path.hasPrefix("/") ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        for part in parts {
            let next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let saved = errno
            close(fd)
            guard next >= 0 else { errno = saved; return nil }
            fd = next
        }
        return (fd, last)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        // Hex by table: String(format:) per byte cost more than the hash itself.
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
