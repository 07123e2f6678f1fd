import CStdio

/// `printf("%.Nf")` for one number: the C library's rounding, without Foundation's
/// `String(format:)`, whose first use (locale set-up) was a twentieth of `ctdna trend`.
enum FixedPoint {
    static func text(_ value: Double, digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 352)  // enough for any finite double
        let written = ctdna_format_fixed(&buffer, buffer.count, Int32(max(0, min(digits, 17))), value)
        guard written > 0 else { return "\(value)" }
        return String(decoding: buffer.prefix(Int(min(written, Int32(buffer.count - 1)))).map { UInt8(bitPattern: $0) },
                      as: UTF8.self)
    }
}
