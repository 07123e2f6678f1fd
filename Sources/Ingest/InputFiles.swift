import Foundation
import VariantCallFormat

/// Expands command-line paths into the files to read: files as given, folders walked
/// recursively for `*.xml`, `*.json` and sample sheets (`*.csv` whose first line is a
/// sample sheet's header; other CSV files are skipped), hidden entries skipped, symbolic
/// links to folders not followed, in a stable order.
///
/// The walk goes by `openat`/`fdopendir` relative to the folder's descriptor, so no path
/// it opens is longer than one name (no PATH_MAX limit), depth first; each folder's
/// entries are read into a list and the folder is closed again, and at most
/// `openLimit` folders are open at once (an ancestor closed on the way down is reopened
/// through `..` of its child, checked by device and inode), so any depth is walked.
/// A folder that cannot be opened or read is listed in `Expansion.unreadable`.
public enum InputFiles {
    /// `.csv`: sample sheets (docs/vcf.md). VCFs are not collected: a sheet names them.
    public static let extensions: Set<String> = ["xml", "json", "csv"]
    static let openLimit = 16

    public struct Expansion: Sendable {
        public var files: [String] = []
        /// The files found by walking a folder (not named on the command line): one that is
        /// not a result of any known format is skipped and counted, not rejected.
        public var walked: Set<String> = []
        /// Folders that could not be read: the path and the reason.
        public var unreadable: [(path: String, reason: String)] = []
    }

    public static func expand(_ paths: [String]) -> [String] { expandReporting(paths).files }

    /// `paths` with `-` replaced by the paths read from standard input, one a line (blank
    /// lines skipped), as `find … | ctdna ingest -` gives them.
    public static func withStandardInput(_ paths: [String]) -> [String] {
        guard paths.contains("-") else { return paths }
        var listed: [String] = []
        while let line = readLine(strippingNewline: true) {
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { listed.append(line) }
        }
        return paths.flatMap { $0 == "-" ? listed : [$0] }
    }

    public static func expandReporting(_ paths: [String]) -> Expansion {
        var out = Expansion()
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                out.files.append(path)  // a file, or reported as unreadable by the reader
                continue
            }
            var found: [String] = []
            walk(path, into: &found, unreadable: &out.unreadable)
            out.files += found.sorted()
            out.walked.formUnion(found)
        }
        return out
    }

    /// `path` with control characters escaped (`\n`, `\u{1B}`, `\\`), for one line on a
    /// terminal: a file name can never forge a second message line.
    public static func escapedForTerminal(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// "a FIFO", "a socket", … for a message.
    public static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        case S_IFREG: return "a regular file"
        default: return "not a regular file"
        }
    }

    private struct Frame {
        var fd: Int32
        let path: String
        let dev: UInt64
        let ino: UInt64
        var subfolders: [String]
    }

    /// Reads one open folder's entries (closing nothing): matching files into `found`,
    /// subfolder names returned, in reverse order so popping takes them in order.
    private static func entries(_ fd: Int32, _ path: String, into found: inout [String]) -> (folders: [String], error: String?) {
        let dup = dup(fd)
        guard dup >= 0 else { return ([], String(cString: strerror(errno))) }
        guard let dir = fdopendir(dup) else { close(dup); return ([], String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var folders: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { return (folders, String(cString: strerror(errno))) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var info = stat()
                guard fstatat(fd, name, &info, 0) == 0 else { continue }
                let isDir = (info.st_mode & S_IFMT) == S_IFDIR
                if isDir && type == Int32(DT_LNK) { continue }
                type = isDir ? Int32(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFREG ? Int32(DT_REG) : Int32(DT_UNKNOWN))
            }
            if type == Int32(DT_DIR) {
                folders.append(name)
            } else if type == Int32(DT_REG), let dot = name.lastIndex(of: "."),
                      extensions.contains(name[name.index(after: dot)...].lowercased()) {
                // A CSV found in a folder is a sample sheet by its header line; any other
                // CSV (an export, a lab's QC table) is not ours and is left alone.
                if name[name.index(after: dot)...].lowercased() == "csv", !startsLikeSampleSheet(fd, name) { continue }
                found.append(path.hasSuffix("/") ? path + name : path + "/" + name)
            }
        }
        return (folders.sorted(by: >), nil)
    }

    /// Whether the file's first line names a sample sheet's required columns.
    static func startsLikeSampleSheet(_ dirfd: Int32, _ name: String) -> Bool {
        let fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return n > 0 && SampleSheet.looksLikeSheet(Array(buffer[..<n]))
    }

    private static func walk(_ root: String, into found: inout [String], unreadable: inout [(path: String, reason: String)]) {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        let rootfd = open(root, flags)
        guard rootfd >= 0 else { unreadable.append((root, String(cString: strerror(errno)))); return }
        var info = stat()
        fstat(rootfd, &info)
        var stack: [Frame] = []
        var openCount = 1
        func push(_ fd: Int32, _ path: String, _ info: stat) {
            let (folders, error) = entries(fd, path, into: &found)
            if let error { unreadable.append((path, error)) }
            stack.append(Frame(fd: fd, path: path, dev: UInt64(info.st_dev), ino: UInt64(info.st_ino), subfolders: folders))
            // Bound the open descriptors: close the oldest still-open ancestor.
            if openCount > openLimit, let i = stack.firstIndex(where: { $0.fd >= 0 }), i < stack.count - 1 {
                close(stack[i].fd)
                stack[i].fd = -1
                openCount -= 1
            }
        }
        push(rootfd, root, info)
        while !stack.isEmpty {
            let top = stack.count - 1
            if let name = stack[top].subfolders.popLast() {
                let path = stack[top].path.hasSuffix("/") ? stack[top].path + name : stack[top].path + "/" + name
                let fd = openat(stack[top].fd, name, flags | O_NOFOLLOW)
                guard fd >= 0 else { unreadable.append((path, String(cString: strerror(errno)))); continue }
                openCount += 1
                var child = stat()
                fstat(fd, &child)
                push(fd, path, child)
                continue
            }
            // Done with this folder: make sure its parent is open before closing it.
            let done = stack.removeLast()
            if let parent = stack.indices.last, stack[parent].fd < 0 {
                let fd = openat(done.fd, "..", flags | O_NOFOLLOW)
                var up = stat()
                if fd >= 0, fstat(fd, &up) == 0, UInt64(up.st_dev) == stack[parent].dev, UInt64(up.st_ino) == stack[parent].ino {
                    stack[parent].fd = fd
                    openCount += 1
                } else {
                    if fd >= 0 { close(fd) }
                    unreadable.append((stack[parent].path, "moved while it was read"))
                    stack[parent].subfolders.removeAll()
                    // The parent cannot be reached again; its remaining ancestors are
                    // reopened from it in turn, so drop it and let them be skipped too.
                    while let last = stack.last, last.fd < 0 { stack.removeLast() }
                }
            }
            close(done.fd)
            openCount -= 1
        }
    }
}
