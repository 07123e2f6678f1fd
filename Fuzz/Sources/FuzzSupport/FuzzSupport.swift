import AssayXML
import CtDNAModel

/// One fuzz input through the strict parser and the given readers. A thrown InputError
/// is the expected outcome for bad input; a crash, a sanitizer report or a hang is a bug.
public func fuzzOne(_ reader: DocumentReader, _ data: UnsafePointer<UInt8>, _ size: Int) {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? reader.read(bytes: bytes, context: ReadContext(path: "fuzz", today: fuzzToday))
}

let fuzzToday = CalendarDate(daysSinceEpoch: 20_417)  // 2025-11-25: fixed, so runs repeat
