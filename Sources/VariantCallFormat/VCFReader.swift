import CtDNAModel

/// The genome build a VCF's coordinates are on, as its header says.
public enum Assembly: String, Sendable, Hashable {
    case grch37 = "GRCh37"
    case grch38 = "GRCh38"
}

/// One sample's calls from a tumour-informed VCF, with what the header said.
public struct VCFSampleCalls: Sendable, Hashable {
    public var calls: [VariantCall]
    public var assembly: Assembly?
    public var compressed: Bool
}

/// Reads a tumour-informed genotyping VCF (plain or bgzipped) through htslib, for one
/// sample's column. Conventions, FILTER rule, keys and assembly rule: docs/vcf.md.
public enum VCFReader {
    /// Longest VCF line read (a header or data line), in bytes after decompression.
    public static let maxLineBytes = 1 << 20
    /// Most decompressed bytes read from one VCF (a bgzip bomb stops here).
    public static let maxDecompressedBytes = 256 << 20

    /// FILTER values that say the site itself could not be assessed (too few reads):
    /// such a call is `failed-qc`. Every other filter but PASS makes the call
    /// `not-detected` (the caller judged the alt reads artefact, germline or noise).
    /// Compared case-insensitively; VarDict's `dN` (total depth < N) counts too.
    public static let siteFailureFilters: Set<String> = ["lowdepth", "low_depth", "lowdp", "mindp", "lowcoverage", "low_coverage", "nocoverage"]

    public static func isSiteFailure(_ filter: String) -> Bool {
        let f = filter.lowercased()
        if siteFailureFilters.contains(f) { return true }
        if f.count >= 2, f.hasPrefix("d"), f.dropFirst().allSatisfy(\.isNumber) { return true }
        return false
    }

    /// Reads `sample`'s column. `sampleLocation` is where the sample was named (a sample
    /// sheet's line): a sample the VCF lacks is reported there.
    public static func read(bytes: [UInt8], path: String, sample: String,
                            sampleLocation: SourceLocation) throws(InputError) -> VCFSampleCalls {
        let input = try HTSInput(bytes: bytes, path: path)
        if input.isCompressed {
            // A BGZF file ends with the 28-byte empty EOF block; without it the file was cut.
            if bytes.count >= 4, bytes[3] & 0x04 != 0, !bytes.suffix(28).elementsEqual(bgzfEOF) {
                throw .malformed(SourceLocation(file: path), reason: "truncated: the bgzip end-of-file block is missing")
            }
        } else if let last = bytes.last, last != 0x0A {
            throw .malformed(SourceLocation(file: path, line: lineCount(bytes)), reason: "truncated: the last line has no newline")
        }
        let line = try KString(path: path)
        var number = 0
        var total = 0
        func next() throws(InputError) -> Bool {
            let n = input.readLine(into: line)
            if n == -1 { return false }
            number += 1
            guard n >= 0 else {
                throw .malformed(SourceLocation(file: path, line: number), reason: "htslib could not read the line (truncated or corrupt compressed data)")
            }
            total += Int(n) + 1
            guard Int(n) <= maxLineBytes else {
                throw .tooLarge(SourceLocation(file: path, line: number), bytes: Int(n), limit: maxLineBytes)
            }
            guard total <= maxDecompressedBytes else {
                throw .tooLarge(SourceLocation(file: path, line: number), bytes: total, limit: maxDecompressedBytes)
            }
            return true
        }

        // Header: every `##` line, then `#CHROM`.
        var headerLines: [String] = []
        var annotations = AnnotationLayout()
        var votes: [Assembly: Int] = [:]
        var chromLine = 0
        while true {
            guard try next() else {
                throw .malformed(SourceLocation(file: path, line: max(number, 1)), reason: "truncated: no #CHROM header line")
            }
            let text = line.text
            guard text.hasPrefix("#") else {
                throw .malformed(SourceLocation(file: path, line: number), reason: "data line before the #CHROM header line")
            }
            if number == 1, !text.hasPrefix("##fileformat=VCFv4") {
                throw .malformed(SourceLocation(file: path, line: 1), reason: "first line is not ##fileformat=VCFv4.x")
            }
            headerLines.append(text)
            if let a = assemblyVote(text), votes[a] == nil { votes[a] = number }
            annotations.note(headerLine: text)
            if text.hasPrefix("#CHROM") { chromLine = number; break }
        }
        if let l37 = votes[.grch37], let l38 = votes[.grch38] {
            throw .conflict(SourceLocation(file: path, line: max(l37, l38)), reason: "the header names both GRCh37 and GRCh38 (##reference / ##contig)")
        }
        if let l37 = votes[.grch37] {
            throw .invalidValue(SourceLocation(file: path, line: l37), field: "assembly",
                                reason: "is GRCh37 (##reference or ##contig chr1 length 249250621): positions must be GRCh38; lift the VCF over with the lab's chain file first", value: nil)
        }
        let assembly: Assembly? = votes[.grch38] != nil ? .grch38 : nil
        let header = try VCFHeader(text: headerLines.joined(separator: "\n") + "\n", path: path, line: chromLine)
        let samples = header.sampleNames
        guard let sampleIndex = samples.firstIndex(of: sample) else {
            throw .invalidValue(sampleLocation, field: "sample",
                                reason: "is not a sample of \(path) (it has \(samples.count) sample column\(samples.count == 1 ? "" : "s"))",
                                value: sample + " not in [" + samples.joined(separator: ", ") + "]")
        }

        var calls: [(VariantCall, SourceLocation)] = []
        let record = try VCFRecord(header: header, path: path)
        while try next() {
            let here = SourceLocation(file: path, line: number)
            if line.count == 0 { continue }  // a blank line carries nothing
            let status = record.parse(line)
            let code = record.errorCode
            // Undefined contigs and tags are defined on the fly by htslib (and checked
            // below as values); anything else is a broken line.
            let fatal = code & ~Int32(1 | 2)
            guard status == 0, fatal == 0 else {
                throw .malformed(here, reason: "htslib refused the record (\(describe(errorCode: code, status: status)))")
            }
            if calls.count >= FieldBounds.variantsPerReport {
                throw .invalidValue(here, field: "records", reason: "are more than \(FieldBounds.variantsPerReport) in one VCF", value: nil)
            }
            calls += try readRecord(record, sample: sampleIndex, annotations: annotations, assembly: assembly, at: here)
        }
        return VCFSampleCalls(calls: try unique(calls), assembly: assembly, compressed: input.isCompressed)
    }

    static let bgzfEOF: [UInt8] = [0x1f, 0x8b, 0x08, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x06, 0x00, 0x42, 0x43,
                                   0x02, 0x00, 0x1b, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]

    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    static func describe(errorCode code: Int32, status: Int32) -> String {
        var parts: [String] = []
        if code & 4 != 0 { parts.append("wrong number of columns") }
        if code & 8 != 0 { parts.append("a value beyond htslib's limits") }
        if code & 16 != 0 { parts.append("an invalid character") }
        if code & 32 != 0 { parts.append("an invalid contig") }
        if code & 64 != 0 { parts.append("an invalid tag") }
        if parts.isEmpty { parts.append("parse status \(status)") }
        return parts.joined(separator: ", ")
    }

    /// GRCh37 or GRCh38 when a header line says so: `##reference=` naming the build, or a
    /// `##contig` for chromosome 1 with its length or an `assembly=` attribute.
    static func assemblyVote(_ line: String) -> Assembly? {
        let lower = line.lowercased()
        func byName(_ text: Substring) -> Assembly? {
            if ["grch38", "hg38", "hs38", "assembly38", "gca_000001405.15", "gcf_000001405.26", "b38"].contains(where: text.contains) { return .grch38 }
            if ["grch37", "hg19", "hs37", "b37", "human_g1k_v37", "gca_000001405.1,", "gcf_000001405.13"].contains(where: text.contains) { return .grch37 }
            return nil
        }
        if lower.hasPrefix("##reference=") { return byName(lower.dropFirst(12)) }
        guard lower.hasPrefix("##contig=<") else { return nil }
        var fields: [Substring: Substring] = [:]
        for part in lower.dropFirst(10).dropLast(lower.hasSuffix(">") ? 1 : 0).split(separator: ",") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            fields[part[..<eq]] = part[part.index(after: eq)...]
        }
        if let a = fields["assembly"], let vote = byName(a) { return vote }
        if let id = fields["id"], id == "chr1" || id == "1", let length = fields["length"] {
            if length == "248956422" { return .grch38 }
            if length == "249250621" { return .grch37 }
        }
        return nil
    }

    /// One call per ALT allele of the record (a `*` allele is skipped).
    static func readRecord(_ record: VCFRecord, sample: Int, annotations: AnnotationLayout, assembly: Assembly?,
                           at here: SourceLocation) throws(InputError) -> [(VariantCall, SourceLocation)] {
        guard let chrom = record.chromosome, !chrom.isEmpty else {
            throw .malformed(here, reason: "the record has no chromosome")
        }
        guard let alleles = record.alleles, let filters = record.filters else {
            throw .malformed(here, reason: "htslib could not unpack the record")
        }
        guard alleles.count >= 2 else {
            throw .invalidValue(here, field: "ALT", reason: "is empty ('.'): a tracked site must name its alternate allele", value: nil)
        }
        let ref = alleles[0].uppercased()
        guard isBases(ref) else {
            throw .invalidValue(here, field: "REF", reason: "is not A, C, G, T or N bases", value: alleles[0])
        }
        var out: [(VariantCall, SourceLocation)] = []
        let counts = try ReadCounts.read(record, sample: sample, ref: ref, alts: alleles.dropFirst().map { $0.uppercased() }, at: here)
        for (k, rawAlt) in alleles.dropFirst().enumerated() {
            let alt = rawAlt.uppercased()
            if alt == "*" { continue }
            guard isBases(alt) else {
                throw .invalidValue(here, field: "ALT", reason: "is not A, C, G, T or N bases (symbolic alleles are not read)", value: rawAlt)
            }
            guard alt != ref else { throw .invalidValue(here, field: "ALT", reason: "equals REF", value: rawAlt) }
            let location = normalized(chrom: chrom, position: record.position, ref: ref, alt: alt)
            let annotation = annotations.annotation(record, ref: ref, alt: alt)
            let status: CallStatus
            let c = counts[k]
            let passes = filters.allSatisfy { $0 == "PASS" }
            if c.depth == nil || c.altReads == nil || c.depth == 0 {
                status = .failedQC
            } else if !passes {
                status = filters.contains(where: isSiteFailure) ? .failedQC : .notDetected
            } else {
                status = (c.altReads ?? 0) > 0 ? .detected : .notDetected
            }
            var vaf: AlleleFraction? = nil
            if status == .detected, let a = c.altReads, let d = c.depth, d > 0 {
                vaf = AlleleFraction(fraction: Double(a) / Double(d))
            }
            let gene: String
            if let g = annotation?.gene, !g.isEmpty {
                gene = g
            } else {
                gene = genomicGene
            }
            let hasHGVS = annotation?.protein.flatMap(HGVS.normalizedProtein) != nil || annotation?.coding.flatMap(HGVS.normalizedCoding) != nil
            if !hasHGVS, assembly != .grch38 {
                throw .invalidValue(here, field: "assembly",
                                    reason: "is not stated (no ##reference or ##contig length names GRCh38), and this record has no ANN/CSQ protein or coding change: a genomic key needs GRCh38 positions",
                                    value: nil)
            }
            let call = VariantCall(gene: gene, transcript: annotation?.transcript,
                                   codingChange: annotation?.coding.flatMap(HGVS.normalizedCoding),
                                   proteinChange: annotation?.protein.flatMap(HGVS.normalizedProtein),
                                   location: location, altReads: c.altReads, depth: c.depth, alleleFraction: vaf,
                                   status: status, origin: .somatic)
            do throws(IdentifierProblem) { try FieldBounds.check(call) } catch {
                throw .invalidValue(here, field: error.field, reason: error.reason, value: error.value)
            }
            out.append((call, here))
        }
        return out
    }

    /// The gene of a call keyed by position alone (no ANN/CSQ): the key reads
    /// `GRCH38 chr12:25245350:C>T`.
    public static let genomicGene = "GRCh38"

    static func isBases(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 == 65 || $0 == 67 || $0 == 71 || $0 == 84 || $0 == 78 }
    }

    /// The parsimonious form: the common suffix trimmed, then the common prefix (each
    /// allele keeping at least one base; the position moves with the prefix). This does
    /// not shift an indel left through a repeat: that needs the reference sequence, and
    /// the lab's VCF is required to be left-aligned already (`bcftools norm -f`).
    public static func normalized(chrom: String, position: Int, ref: String, alt: String) -> GenomicLocation {
        var r = Array(ref.utf8), a = Array(alt.utf8), pos = position
        while r.count > 1, a.count > 1, r.last == a.last { r.removeLast(); a.removeLast() }
        var start = 0
        while r.count - start > 1, a.count - start > 1, r[start] == a[start] { start += 1 }
        pos += start
        return GenomicLocation(chromosome: chrom, position: pos,
                               reference: String(decoding: r[start...], as: UTF8.self),
                               alternate: String(decoding: a[start...], as: UTF8.self))
    }

    /// One call per variant: an exact repeat is dropped, two different calls for one
    /// variant are a conflict at the second one's line.
    static func unique(_ calls: [(VariantCall, SourceLocation)]) throws(InputError) -> [VariantCall] {
        var seen: [VariantKey: VariantCall] = [:]
        var out: [VariantCall] = []
        for (call, location) in calls {
            if let earlier = seen[call.key] {
                if earlier != call {
                    throw .conflict(location, reason: "variant \(call.key) is in the VCF twice with different values")
                }
                continue
            }
            seen[call.key] = call
            out.append(call)
        }
        return out
    }
}
