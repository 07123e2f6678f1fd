import Foundation

/// Expands command-line paths into the files to read: files as given, folders walked
/// recursively for `*.xml` and `*.json` (hidden entries skipped), in a stable order.
public enum InputFiles {
    public static let extensions: Set<String> = ["xml", "json"]

    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                out.append(path)  // reported as unreadable by the reader
                continue
            }
            if !isDir.boolValue {
                out.append(path)
                continue
            }
            var found: [String] = []
            if let walker = fm.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        walker.skipDescendants()
                        continue
                    }
                    let full = (path as NSString).appendingPathComponent(relative)
                    var childIsDir: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &childIsDir), !childIsDir.boolValue,
                       extensions.contains((name as NSString).pathExtension.lowercased()) {
                        found.append(full)
                    }
                }
            }
            out += found.sorted()
        }
        return out
    }
}
