import AssayXML
import FuzzSupport

/// libFuzzer entry for this format's reader (see FuzzSupport).
enum Target {
    static let reader = DocumentReader(readers: [CtDNAResultReader(), ClinicalContextReader()])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzOne(Target.reader, data, size)
    return 0
}
