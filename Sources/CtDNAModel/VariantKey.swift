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
