import AssayXML
import CtDNAModel

/// libFuzzer entry: any bytes through the strict parser and this format's reader. A
/// thrown InputError is the expected outcome for bad input; a crash, a sanitizer
/// report or a hang is a bug.
enum Target {
    static let reader = DocumentReader(readers: [FoundationOneReader()])
    static let today = CalendarDate(year: 2026, month: 11, day: 25)!
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Target.reader.read(bytes: bytes, context: ReadContext(path: "fuzz", today: Target.today))
    return 0
}
