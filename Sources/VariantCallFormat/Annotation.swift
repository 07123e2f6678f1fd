import CtDNAModel

/// Gene, transcript and HGVS changes of one ALT allele, from snpEff `ANN` or VEP `CSQ`.
struct Annotation: Hashable {
    var gene: String?
    var transcript: String?
    var coding: String?
    var protein: String?
}

/// Where each field sits in the `|`-separated ANN / CSQ entries, from the header's
/// `##INFO=<ID=ANN|CSQ,...,Description="...">` (VEP: `Format: Allele|Consequence|...`;
/// snpEff: `Functional annotations: 'Allele | Annotation | ...'`).
struct AnnotationLayout: Hashable {
    /// snpEff's documented ANN fields, used when the header does not list them.
    static let snpEffFields = ["Allele", "Annotation", "Annotation_Impact", "Gene_Name", "Gene_ID", "Feature_Type",
                               "Feature_ID", "Transcript_BioType", "Rank", "HGVS.c", "HGVS.p", "cDNA.pos / cDNA.length",
                               "CDS.pos / CDS.length", "AA.pos / AA.length", "Distance", "ERRORS / WARNINGS / INFO"]
    var ann: [String]?
    var csq: [String]?

    mutating func note(headerLine line: String) {
        if line.hasPrefix("##INFO=<ID=ANN,") {
            ann = Self.fields(in: line, after: "'", separator: "|") ?? Self.snpEffFields
        } else if line.hasPrefix("##INFO=<ID=CSQ,") {
            csq = Self.fields(in: line, after: "Format: ", separator: "|")
        }
    }

    /// The field names listed after `marker` in the description, up to the closing quote.
    static func fields(in line: String, after marker: String, separator: Character) -> [String]? {
        guard let start = line.range(of: marker)?.upperBound else { return nil }
        let rest = line[start...].prefix { $0 != "\"" && $0 != "'" }
        let names = rest.split(separator: separator, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return names.count >= 2 ? names : nil
    }

    /// The annotation for this ALT: snpEff's first entry for the allele (snpEff sorts by
    /// impact), VEP's entry flagged PICK, else CANONICAL, else the first with a protein
    /// change, else the first for the allele.
    func annotation(_ record: VCFRecord, ref: String, alt: String) -> Annotation? {
        if let ann, let value = record.infoString("ANN") {
            let entries = Self.entries(value, fields: ann)
            let mine = entries.filter { ($0["Allele"] ?? "").uppercased() == alt }
            if let e = mine.first(where: { !($0["HGVS.p"] ?? "").isEmpty || !($0["HGVS.c"] ?? "").isEmpty }) ?? mine.first {
                return Annotation(gene: e["Gene_Name"].flatMap(Self.nonEmpty), transcript: e["Feature_ID"].flatMap(Self.nonEmpty),
                                  coding: e["HGVS.c"].flatMap(Self.nonEmpty), protein: e["HGVS.p"].flatMap(Self.nonEmpty))
            }
        }
        if let csq, let value = record.infoString("CSQ") {
            let entries = Self.entries(value, fields: csq)
            let vepAllele = Self.vepAllele(ref: ref, alt: alt)
            let mine = entries.filter { let a = ($0["Allele"] ?? "").uppercased(); return a == alt || a == vepAllele }
            let chosen = mine.first(where: { $0["PICK"] == "1" })
                ?? mine.first(where: { $0["CANONICAL"] == "YES" && !($0["HGVSp"] ?? "").isEmpty })
                ?? mine.first(where: { !($0["HGVSp"] ?? "").isEmpty })
                ?? mine.first(where: { !($0["HGVSc"] ?? "").isEmpty })
                ?? mine.first
            if let e = chosen {
                return Annotation(gene: e["SYMBOL"].flatMap(Self.nonEmpty), transcript: e["Feature"].flatMap(Self.nonEmpty),
                                  coding: e["HGVSc"].flatMap(Self.nonEmpty), protein: e["HGVSp"].flatMap(Self.nonEmpty))
            }
        }
        return nil
    }

    static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

    /// VEP's allele string: the ALT without the first base it shares with REF (`-` when
    /// nothing is left), for an indel; the ALT itself for a substitution.
    static func vepAllele(ref: String, alt: String) -> String {
        guard ref.count != alt.count, let r = ref.first, let a = alt.first, r == a else { return alt }
        let rest = String(alt.dropFirst())
        return rest.isEmpty ? "-" : rest
    }

    /// Entries (comma-separated) as field → value, `%XX` escapes decoded (VEP writes
    /// `p.%3D`; the VCF spec escapes `,;=%` in INFO values this way).
    static func entries(_ value: String, fields: [String]) -> [[String: String]] {
        value.split(separator: ",").prefix(10_000).map { entry in
            var out: [String: String] = [:]
            for (name, v) in zip(fields, entry.split(separator: "|", omittingEmptySubsequences: false)) {
                out[name] = percentDecoded(String(v))
            }
            return out
        }
    }

    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
