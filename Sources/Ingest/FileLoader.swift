import Crypto
import CtDNAModel
import Foundation

/// Reads a file's bytes, refusing one over the size limit before reading it.
enum FileLoader {
    /// open(2)/fstat(2)/read(2) straight into the array: FileHandle and Data cost more
    /// than parsing a small result file.
    static func load(_ path: String, limit: Int) throws(InputError) -> [UInt8] {
        let location = SourceLocation(file: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the batch
        guard fd >= 0 else { throw .unreadable(location, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(location, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(location, reason: "not a regular file") }
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
