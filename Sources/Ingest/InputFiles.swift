import Foundation

/// Expands command-line paths into the files to read: files as given, folders walked
/// recursively for `*.xml` and `*.json` (hidden entries skipped, symbolic links to
/// folders not followed), in a stable order.
public enum InputFiles {
    public static let extensions: Set<String> = ["xml", "json"]

    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                out.append(path)  // a file, or reported as unreadable by the reader
                continue
            }
            var found: [String] = []
            walk(path, into: &found)
            out += found.sorted()
        }
        return out
    }

    /// readdir(3) with d_type: FileManager's enumerator stats every entry and cost more
    /// than parsing a small result file.
    private static func walk(_ folder: String, into found: inout [String]) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var info = stat()
                guard stat(full, &info) == 0 else { continue }
                let isDir = (info.st_mode & S_IFMT) == S_IFDIR
                if isDir && type == Int32(DT_LNK) { continue }
                type = isDir ? Int32(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFREG ? Int32(DT_REG) : Int32(DT_UNKNOWN))
            }
            if type == Int32(DT_DIR) {
                walk(full, into: &found)
            } else if type == Int32(DT_REG), let dot = name.lastIndex(of: "."),
                      extensions.contains(name[name.index(after: dot)...].lowercased()) {
                found.append(full)
            }
        }
    }
}
