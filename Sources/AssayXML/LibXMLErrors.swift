import CLibXML2
import CtDNAModel

/// The one place that reads and resets libxml2's errors. libxml2 reports through a
/// per-thread structured-error callback; `capture` installs a collector for the
/// duration of one call, keeps the first error (the one that names the real line),
/// restores the previous handler and resets libxml2's last-error state.
final class LibXMLErrorCollector {
    struct Entry {
        var line: Int?
        var message: String
        var level: xmlErrorLevel
    }

    private(set) var first: Entry?
    private(set) var count = 0
    /// Set by the DOCTYPE guard: the file declared a DTD, which we never accept.
    var doctypeLine: Int?

    func record(_ error: xmlErrorPtr?) {
        guard let e = error?.pointee, e.level != XML_ERR_WARNING else { return }
        count += 1
        guard first == nil else { return }
        let text = e.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        // One line per error: libxml2 puts detail (the offending bytes) on a second line.
        let oneLine = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: [" "]) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        first = Entry(line: e.line > 0 ? Int(e.line) : nil, message: oneLine, level: e.level)
    }

    /// Runs `body` with this collector receiving every libxml2 error on this thread.
    func capture<T>(_ body: (UnsafeMutableRawPointer) throws -> T) rethrows -> T {
        let me = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(me) { context, error in
            guard let context else { return }
            Unmanaged<LibXMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error)
        }
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            xmlResetLastError()
        }
        return try body(me)
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
