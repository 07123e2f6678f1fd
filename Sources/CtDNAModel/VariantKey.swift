/// One variant, whatever file or format it came from: the gene plus the normalised
/// one-letter protein change, else the coding change, else the genomic position.
/// `p.G12D`, `p.Gly12Asp`, `NP_004976.2:p.(Gly12Asp)` and FoundationOne's `G12D`
/// all give `KRAS p.G12D`; transcript versions never split a variant.
public struct VariantKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let gene: String
    public let change: String

    public init(gene: String, proteinChange: String?, codingChange: String?, location: GenomicLocation?) {
        self.gene = gene.uppercased()
        if let p = proteinChange.flatMap(HGVS.normalizedProtein) {
            change = p
        } else if let c = codingChange.flatMap(HGVS.normalizedCoding) {
            change = c
        } else if let g = location?.keyText {
            change = g
        } else {
            change = "?"
        }
    }

    /// Rebuilds a key from its stored text (`GENE change`).
    public init(text: String) {
        let parts = text.split(separator: " ", maxSplits: 1)
        gene = String(parts.first ?? "")
        change = parts.count > 1 ? String(parts[1]) : "?"
    }

    public var description: String { "\(gene) \(change)" }
    public static func < (a: VariantKey, b: VariantKey) -> Bool { a.description < b.description }
}

/// HGVS text normalisation for keys and display.
public enum HGVS {
    static let threeToOne: [String: String] = [
        "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
        "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
        "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
        "Sec": "U", "Pyl": "O", "Xaa": "X",
    ]

    /// `NP_004976.2:p.(Gly12Asp)` → `p.G12D`; `G12D` → `p.G12D`; `p.Arg248Ter` → `p.R248*`.
    /// Returns nil for text that is not a protein change (`splice site 594-2A>C`, `p.?`, empty).
    public static func normalizedProtein(_ raw: String) -> String? {
        // Keys are built for every call of every file: ASCII text (nearly all of it) takes
        // a byte path; anything else the Character path below, which gives the same answer.
        if let fast = ASCIIProtein.normalized(raw) { return fast.text }
        return characterNormalizedProtein(raw)
    }

    static func characterNormalizedProtein(_ raw: String) -> String? {
        var s = Substring(raw.trimmingSpaces)
        if let colon = s.lastIndex(of: ":") { s = s[s.index(after: colon)...] }
        if s.hasPrefix("p.") { s = s.dropFirst(2) }
        if s.hasPrefix("("), s.hasSuffix(")") { s = s.dropFirst().dropLast() }
        guard let first = s.first, first.isLetter || first == "*" else { return nil }
        guard s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "*_=>?".contains($0)) }) else {
            return nil
        }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isUppercase, let end = s.index(i, offsetBy: 3, limitedBy: s.endIndex),
               let one = threeToOne[String(s[i..<end])] {
                out += one
                i = end
            } else {
                out.append(c)
                i = s.index(after: i)
            }
        }
        // "X" as a stop is written "*" in current HGVS.
        if out.hasSuffix("X"), out.dropLast().last?.isNumber == true { out = String(out.dropLast()) + "*" }
        guard out.contains(where: \.isNumber) else { return nil }
        return "p." + out
    }

    /// `NM_004985.5:c.35G>A` → `c.35G>A`; `35G>A` → `c.35G>A`. Nil for empty text.
    public static func normalizedCoding(_ raw: String) -> String? {
        var s = Substring(raw.trimmingSpaces)
        if let colon = s.lastIndex(of: ":") { s = s[s.index(after: colon)...] }
        if s.hasPrefix("c.") { s = s.dropFirst(2) }
        guard !s.isEmpty, s.contains(where: \.isNumber), !s.contains(" ") else { return nil }
        return "c." + s
    }
}

/// `HGVS.normalizedProtein` over ASCII bytes. `normalized` returns nil when the text is
/// not all ASCII (the caller then takes the Character path); `.text` is the answer.
enum ASCIIProtein {
    struct Answer { var text: String? }

    /// Three-letter amino-acid codes packed into an Int (b0 << 16 | b1 << 8 | b2), with
    /// their one-letter code; searched in order (25 entries: no hashing needed).
    static let threeToOne: [(code: Int, one: UInt8)] = HGVS.threeToOne.map { three, one in
        let b = Array(three.utf8)
        return (Int(b[0]) << 16 | Int(b[1]) << 8 | Int(b[2]), one.utf8.first ?? 0)
    }

    static func normalized(_ raw: String) -> Answer? {
        var raw = raw
        return raw.withUTF8 { all -> Answer? in
            guard all.allSatisfy({ $0 < 0x80 }) else { return nil }
            return Answer(text: normalize(all))
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    private static func isLetter(_ b: UInt8) -> Bool { isUpper(b) || (b >= 0x61 && b <= 0x7A) }

    private static func normalize(_ all: UnsafeBufferPointer<UInt8>) -> String? {
        var lo = 0, hi = all.count
        while lo < hi, isSpace(all[lo]) { lo += 1 }
        while hi > lo, isSpace(all[hi - 1]) { hi -= 1 }
        if let colon = all[lo..<hi].lastIndex(of: UInt8(ascii: ":")) { lo = colon + 1 }
        if hi - lo >= 2, all[lo] == UInt8(ascii: "p"), all[lo + 1] == UInt8(ascii: ".") { lo += 2 }
        if hi - lo >= 2, all[lo] == UInt8(ascii: "("), all[hi - 1] == UInt8(ascii: ")") { lo += 1; hi -= 1 }
        guard lo < hi, isLetter(all[lo]) || all[lo] == UInt8(ascii: "*") else { return nil }
        let extra: [UInt8] = Array("*_=>?".utf8)
        guard all[lo..<hi].allSatisfy({ isLetter($0) || isDigit($0) || extra.contains($0) }) else { return nil }
        var out: [UInt8] = Array("p.".utf8)
        out.reserveCapacity(hi - lo + 2)
        var i = lo
        while i < hi {
            if isUpper(all[i]), i + 3 <= hi,
               let one = threeToOne.first(where: { $0.code == Int(all[i]) << 16 | Int(all[i + 1]) << 8 | Int(all[i + 2]) })?.one {
                out.append(one)
                i += 3
            } else {
                out.append(all[i])
                i += 1
            }
        }
        // "X" as a stop is written "*" in current HGVS.
        if out.count >= 4, out[out.count - 1] == UInt8(ascii: "X"), isDigit(out[out.count - 2]) {
            out[out.count - 1] = UInt8(ascii: "*")
        }
        guard out.dropFirst(2).contains(where: isDigit) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
