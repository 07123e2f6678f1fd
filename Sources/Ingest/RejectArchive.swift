import CtDNAModel
import Foundation

/// `--reject-dir`: a copy of each rejected file with its error beside it
/// (`NAME` and `NAME.error.txt`), so a lab can fix and resend.
public struct RejectArchive: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Copies `path` in under a name not yet taken and writes the error beside it.
    public func keep(_ path: String, error: InputError, verbose: Bool) throws {
        let fm = FileManager.default
        let base = (path as NSString).lastPathComponent
        var name = base
        var n = 1
        while fm.fileExists(atPath: target(name)) || fm.fileExists(atPath: target(name + ".error.txt")) {
            n += 1
            name = "\(n)-\(base)"
        }
        if fm.isReadableFile(atPath: path) {
            try fm.copyItem(atPath: path, toPath: target(name))
        }
        try Data((error.message(verbose: verbose) + "\n").utf8).write(to: URL(fileURLWithPath: target(name + ".error.txt")))
    }

    private func target(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}
