import CtDNAModel
import VariantCallFormat

/// libFuzzer entry for the VCF reader (htslib underneath): plain and bgzipped VCF text.
/// The sample is one of the fixtures' sample names (the seed corpus is Tests/Fixtures/vcf),
/// tried in turn while the VCF lacks it, so mutated records are reached, not only headers.
enum Target {
    static let samples = ["TUMOR", "cf3", "MM1005-cf3"]
    static let sheet = SourceLocation(file: "sheet", line: 1)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for sample in Target.samples {
        do {
            _ = try VCFReader.read(bytes: bytes, path: "fuzz.vcf", sample: sample, sampleLocation: Target.sheet)
            break
        } catch {
            // Only a missing sample (reported at the sheet's location) is worth another try.
            guard error.location == Target.sheet else { break }
        }
    }
    return 0
}
