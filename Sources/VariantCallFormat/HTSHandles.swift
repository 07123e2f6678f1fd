import CHTSlib
import CtDNAModel

// One `final class` per htslib handle: the C call's status is checked in `init` (a nil
// pointer is a thrown InputError, never a force-unwrap), the handle is freed in `deinit`,
// and no pointer into a handle is kept past the closure or call that read it.

/// htslib logs to stderr by default; the reader reports problems itself, as InputError.
/// (htslib's log level is process-wide; setting it more than once is harmless.)
let quietHTSlib: Void = { ctdna_hts_quiet() }()

/// An htsFile over bytes already in memory (plain or BGZF/gzip-compressed VCF text).
final class HTSInput {
    let file: UnsafeMutablePointer<htsFile>
    let isCompressed: Bool

    init(bytes: [UInt8], path: String) throws(InputError) {
        _ = quietHTSlib
        let opened = bytes.withUnsafeBufferPointer { buffer in
            ctdna_hts_open_memory(buffer.baseAddress, buffer.count)
        }
        guard let opened else {
            throw .malformed(SourceLocation(file: path, line: 1), reason: "htslib could not open the file as VCF")
        }
        file = opened
        isCompressed = ctdna_hts_is_compressed(opened) != 0
        guard ctdna_hts_is_vcf_text(opened) != 0 else {
            throw .unsupportedFormat(SourceLocation(file: path, line: 1),
                                     root: "not VCF text (a VCF starts with ##fileformat=VCFv4.x; BCF is not read)", namespace: nil)
        }
    }

    deinit { _ = hts_close(file) }

    /// The next line into `line` (without its newline): its length, -1 at the end, < -1 on error.
    func readLine(into line: KString) -> Int {
        Int(ctdna_hts_getline(file, line.pointer))
    }
}

/// A growable C string buffer (kstring_t) for `hts_getline`.
final class KString {
    let pointer: UnsafeMutablePointer<kstring_t>

    init(path: String) throws(InputError) {
        guard let p = ctdna_kstring_new() else {
            throw .unreadable(SourceLocation(file: path), reason: "out of memory")
        }
        pointer = p
    }

    deinit { ctdna_kstring_free(pointer) }

    /// The current contents as Swift text (invalid UTF-8 repaired, which the caller's
    /// own checks then refuse where it matters).
    var text: String {
        let n = ctdna_kstring_length(pointer)
        guard let base = ctdna_kstring_text(pointer) else { return "" }
        return base.withMemoryRebound(to: UInt8.self, capacity: n) {
            String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
        }
    }

    var count: Int { ctdna_kstring_length(pointer) }
}

/// A VCF header, parsed by htslib from the header lines' text.
final class VCFHeader {
    let header: UnsafeMutablePointer<bcf_hdr_t>

    init(text: String, path: String, line: Int) throws(InputError) {
        guard let h = bcf_hdr_init("r") else {
            throw .unreadable(SourceLocation(file: path), reason: "htslib could not allocate a VCF header")
        }
        header = h
        var cText = Array(text.utf8CString)  // bcf_hdr_parse writes into the text
        let status = cText.withUnsafeMutableBufferPointer { bcf_hdr_parse(h, $0.baseAddress) }
        guard status == 0 else {
            throw .malformed(SourceLocation(file: path, line: line), reason: "htslib refused the VCF header")
        }
    }

    deinit { bcf_hdr_destroy(header) }

    var sampleNames: [String] {
        (0..<Int(ctdna_hdr_nsamples(header))).map { i in
            ctdna_hdr_sample(header, Int32(i)).map { String(cString: $0) } ?? ""
        }
    }
}

/// One VCF record, parsed by htslib (`vcf_parse`) against its header.
final class VCFRecord {
    let record: UnsafeMutablePointer<bcf1_t>
    /// Kept alive for as long as the record is read.
    let header: VCFHeader

    init(header: VCFHeader, path: String) throws(InputError) {
        guard let r = bcf_init() else {
            throw .unreadable(SourceLocation(file: path), reason: "htslib could not allocate a VCF record")
        }
        record = r
        self.header = header
    }

    deinit { bcf_destroy(record) }

    /// Parses one data line (the kstring's text; htslib writes into it).
    func parse(_ line: KString) -> Int32 {
        vcf_parse(line.pointer, header.header, record)
    }

    var errorCode: Int32 { ctdna_rec_errcode(record) }

    var chromosome: String? { ctdna_rec_chrom(header.header, record).map { String(cString: $0) } }

    /// 1-based position.
    var position: Int { Int(ctdna_rec_pos(record)) + 1 }

    /// REF then the ALT alleles; nil when htslib could not unpack them.
    var alleles: [String]? {
        let n = ctdna_rec_nallele(record)
        guard n >= 0 else { return nil }
        return (0..<Int(n)).map { i in ctdna_rec_allele(record, Int32(i)).map { String(cString: $0) } ?? "" }
    }

    /// FILTER names; empty for `.` (no filter applied).
    var filters: [String]? {
        let n = ctdna_rec_nfilter(record)
        guard n >= 0 else { return nil }
        return (0..<Int(n)).map { i in ctdna_rec_filter(header.header, record, Int32(i)).map { String(cString: $0) } ?? "?" }
    }

    /// One sample's integer FORMAT values (`nil` for a missing value), or nil when the tag
    /// is absent from the record or not an integer tag.
    func integers(_ tag: String, sample: Int) -> [Int?]? {
        var values: UnsafeMutablePointer<Int32>? = nil
        var capacity: Int32 = 0
        defer { free(values) }
        let n = ctdna_fmt_int32(header.header, record, tag, &values, &capacity)
        let samples = Int(ctdna_hdr_nsamples(header.header))
        guard n > 0, samples > 0, let values, Int(n) % samples == 0 else { return nil }
        let per = Int(n) / samples
        var out: [Int?] = []
        for k in 0..<per {
            let v = values[sample * per + k]
            if v == bcf_int32_vector_end { break }
            out.append(ctdna_int32_is_value(v) != 0 ? Int(v) : nil)
        }
        return out
    }

    /// One sample's real FORMAT values, as `integers`.
    func reals(_ tag: String, sample: Int) -> [Double?]? {
        var values: UnsafeMutablePointer<Float>? = nil
        var capacity: Int32 = 0
        defer { free(values) }
        let n = ctdna_fmt_float(header.header, record, tag, &values, &capacity)
        let samples = Int(ctdna_hdr_nsamples(header.header))
        guard n > 0, samples > 0, let values, Int(n) % samples == 0 else { return nil }
        let per = Int(n) / samples
        var out: [Double?] = []
        for k in 0..<per {
            let v = values[sample * per + k]
            if ctdna_float_is_value(v) == 0 {
                // vector end stops the list; a missing value is kept as nil
                if v.bitPattern == 0x7F80_0002 { break }
                out.append(nil)
            } else {
                out.append(Double(v))
            }
        }
        return out
    }

    /// An INFO string value, or nil when absent.
    func infoString(_ tag: String) -> String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        var capacity: Int32 = 0
        defer { free(value) }
        let n = ctdna_info_string(header.header, record, tag, &value, &capacity)
        guard n > 0, let value else { return nil }
        return value.withMemoryRebound(to: UInt8.self, capacity: Int(n)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(n)), as: UTF8.self)
        }
    }
}
