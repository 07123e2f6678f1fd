import CtDNAModel
import VariantCallFormat

/// libFuzzer entry for the sample-sheet reader (CSV, RFC 4180, row checks).
enum Target {
    static let today = CalendarDate(daysSinceEpoch: 20_417)  // 2025-11-25: fixed, so runs repeat
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = SampleSheet.looksLikeSheet(bytes)
    if let rows = try? SampleSheet.read(bytes: bytes, path: "/fuzz/sheet.csv", today: Target.today) {
        for case .success(let row) in rows { _ = row.report(calls: []) }
    }
    return 0
}
