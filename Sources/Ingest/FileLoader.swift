import Crypto
import CtDNAModel
import Foundation

/// Reads a file's bytes, refusing one over the size limit before reading it.
enum FileLoader {
    static func load(_ path: String, limit: Int) throws(InputError) -> [UInt8] {
        let location = SourceLocation(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unreadable(location, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(location, reason: "not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw .tooLarge(location, bytes: Int(info.st_size), limit: limit)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(location, reason: "cannot open")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else { throw InputError.tooLarge(location, bytes: data.count, limit: limit) }
            return [UInt8](data)
        } catch let error as InputError {
            throw error
        } catch {
            throw .unreadable(location, reason: "\(error.localizedDescription)")
        }
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
