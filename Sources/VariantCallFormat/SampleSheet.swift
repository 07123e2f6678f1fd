import CtDNAModel
import Foundation

/// One row of a sample sheet: one draw, whose calls are in `sample`'s column of `vcf`.
public struct SampleSheetRow: Sendable, Hashable {
    /// The sheet's line the row starts on.
    public var line: Int
    public var patient: PatientIdentifier
    public var collected: Timestamp
    public var accession: String
    /// The VCF as written in the sheet, and resolved against the sheet's folder.
    public var vcfAsWritten: String
    public var vcfPath: String
    public var sample: String
    public var assay: String
    public var limitOfDetection: AlleleFraction?
    public var backgroundErrorRate: AlleleFraction?
    public var plasmaMl: Double?
    public var cfdnaNgPerMl: Double?
    public var version: Int
    /// The row's values in a fixed order (column order in the sheet does not matter):
    /// part of the draw's content hash.
    public var canonical: String

    /// The report this row and its VCF's calls make.
    public func report(calls: [VariantCall]) -> ResultReport {
        ResultReport(identity: ReportIdentity(id: "vcf:" + accession, version: version), status: .final,
                     patient: Patient(identifier: patient),
                     specimen: Specimen(accession: accession, collected: collected, plasmaVolumeMl: plasmaMl,
                                        cfDNANanogramsPerMl: cfdnaNgPerMl),
                     assay: Assay(name: assay, limitOfDetection: limitOfDetection, backgroundErrorRate: backgroundErrorRate),
                     variants: calls, listsDetectedOnly: false)
    }
}

/// The CSV sample sheet that gives VCFs their patient and draw (docs/vcf.md): a header
/// row naming at least `mrn,issuer,collected,accession,vcf,sample,assay` (any order,
/// any case), optionally `lod,backgroundErrorRate,plasmaMl,cfdnaNgPerMl,version`; one
/// draw a row. RFC 4180: comma-separated, `"`-quoted fields with `""` for a quote, LF or
/// CRLF line ends, a UTF-8 BOM allowed. Blank lines are skipped.
public enum SampleSheet {
    public static let required = ["mrn", "issuer", "collected", "accession", "vcf", "sample", "assay"]
    public static let optional = ["lod", "backgroundErrorRate", "plasmaMl", "cfdnaNgPerMl", "version"]
    /// Most rows read from one sheet.
    public static let maxRows = 100_000

    /// Whether the text begins with a sample sheet's header row (all required columns).
    public static func looksLikeSheet(_ prefix: [UInt8]) -> Bool {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
        let names = Set(String(decoding: first, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased() })
        return required.allSatisfy { names.contains($0.lowercased()) }
    }

    /// The sheet's rows, each read or refused on its own (a bad row names its line). A
    /// sheet that cannot be read at all (no header, a required column missing, an unknown
    /// column, a quote never closed) is thrown.
    public static func read(bytes: [UInt8], path: String, today: CalendarDate) throws(InputError) -> [Result<SampleSheetRow, InputError>] {
        let records = try CSV.records(bytes, path: path)
        guard let header = records.first else {
            throw .malformed(SourceLocation(file: path, line: 1), reason: "empty sample sheet: no header row")
        }
        var column: [String: Int] = [:]
        let known = required + optional
        for (i, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let canonical = known.first(where: { $0.lowercased() == name.lowercased() }) else {
                throw .invalidValue(SourceLocation(file: path, line: header.line), field: "header",
                                    reason: "names an unknown column '\(Identifier.escaped(String(name.prefix(40))))' (known: \(known.joined(separator: ", ")))", value: nil)
            }
            guard column[canonical] == nil else {
                throw .invalidValue(SourceLocation(file: path, line: header.line), field: "header", reason: "names column '\(canonical)' twice", value: nil)
            }
            column[canonical] = i
        }
        let missing = required.filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw .missingField(SourceLocation(file: path, line: header.line), field: "sample sheet column \(missing.joined(separator: ", "))")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var rows: [Result<SampleSheetRow, InputError>] = []
        for record in records.dropFirst() {
            if record.fields.count == 1, record.fields[0].isEmpty { continue }
            guard rows.count < maxRows else {
                throw .invalidValue(SourceLocation(file: path, line: record.line), field: "rows", reason: "are more than \(maxRows) in one sheet", value: nil)
            }
            rows.append(Result { () throws(InputError) in
                try row(record, columns: column, headerCount: header.fields.count, path: path, folder: folder, today: today)
            })
        }
        return rows
    }

    static func row(_ record: CSV.Record, columns: [String: Int], headerCount: Int, path: String, folder: String,
                    today: CalendarDate) throws(InputError) -> SampleSheetRow {
        let here = SourceLocation(file: path, line: record.line)
        guard record.fields.count == headerCount else {
            throw .malformed(here, reason: "the row has \(record.fields.count) fields, the header \(headerCount)")
        }
        func value(_ name: String) -> String? {
            guard let i = columns[name] else { return nil }
            let v = record.fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        func required(_ name: String) throws(InputError) -> String {
            guard let v = value(name) else { throw .missingField(here, field: name) }
            return v
        }
        func identifier(_ name: String) throws(InputError) -> String {
            let text = try required(name)
            do throws(IdentifierProblem) { return try Identifier.validate(text, field: name) } catch {
                throw .invalidValue(here, field: error.field, reason: error.reason, value: error.value)
            }
        }
        func fraction(_ name: String) throws(InputError) -> AlleleFraction? {
            guard let text = value(name) else { return nil }
            guard let d = Double(text), d.isFinite, let f = AlleleFraction(fraction: d) else {
                throw .invalidValue(here, field: name, reason: "is not a fraction between 0 and 1", value: text)
            }
            return f
        }
        func amount(_ name: String) throws(InputError) -> Double? {
            guard let text = value(name) else { return nil }
            guard let d = Double(text), d.isFinite, d >= 0 else {
                throw .invalidValue(here, field: name, reason: "is not a number of at least 0", value: text)
            }
            return d
        }
        let mrn = try identifier("mrn")
        let issuer = try identifier("issuer")
        let accession = try identifier("accession")
        let sample = try identifier("sample")
        let collectedText = try required("collected")
        guard let collected = Timestamp(iso: collectedText) else {
            throw .invalidValue(here, field: "collected", reason: "is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])", value: collectedText)
        }
        if collected.date < CalendarDate(year: 1900, month: 1, day: 1)! {
            throw .invalidValue(here, field: "collected", reason: "lies before 1900-01-01", value: collectedText)
        }
        if collected.date.daysSinceEpoch > today.daysSinceEpoch + 1 {
            throw .invalidValue(here, field: "collected", reason: "lies in the future", value: collectedText)
        }
        let assay: String
        let assayText = try required("assay")
        do throws(IdentifierProblem) {
            assay = try FieldBounds.checkText(try Identifier.validateName(assayText, field: "assay"), field: "assay", max: FieldBounds.label)
        } catch {
            throw .invalidValue(here, field: error.field, reason: error.reason, value: error.value)
        }
        let vcf = try required("vcf")
        guard !vcf.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), vcf.utf8.count <= 4096 else {
            throw .invalidValue(here, field: "vcf", reason: "is not a usable path (a control character, or over 4,096 bytes)", value: vcf)
        }
        let resolved = vcf.hasPrefix("/") || folder.isEmpty ? vcf : folder + "/" + vcf
        var version = 1
        if let text = value("version") {
            guard let v = Int(text), v >= 1, v <= 1_000_000 else {
                throw .invalidValue(here, field: "version", reason: "is not a whole number from 1", value: text)
            }
            version = v
        }
        let lod = try fraction("lod"), ber = try fraction("backgroundErrorRate")
        let plasma = try amount("plasmaMl"), cfdna = try amount("cfdnaNgPerMl")
        let canonical = (SampleSheet.required + SampleSheet.optional).map { "\($0)=\(value($0) ?? "")" }.joined(separator: "\n")
        return SampleSheetRow(line: record.line, patient: PatientIdentifier(mrn: mrn, issuer: issuer), collected: collected,
                              accession: accession, vcfAsWritten: vcf, vcfPath: resolved, sample: sample, assay: assay,
                              limitOfDetection: lod, backgroundErrorRate: ber, plasmaMl: plasma, cfdnaNgPerMl: cfdna,
                              version: version, canonical: canonical)
    }
}

/// RFC 4180 CSV, strict: a quote inside an unquoted field, or text after a closing quote,
/// is an error at its line.
enum CSV {
    struct Record: Hashable {
        var line: Int
        var fields: [String]
    }

    static func records(_ input: [UInt8], path: String) throws(InputError) -> [Record] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .malformed(SourceLocation(file: path, line: 1), reason: "the sample sheet is not UTF-8 text")
        }
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var quoted = false, afterQuote = false, inRecord = false
        var i = bytes.startIndex
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        while i < bytes.endIndex {
            let b = bytes[i]
            i += 1
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField(); afterQuote = false; inRecord = true
            case 0x0D where i < bytes.endIndex && bytes[i] == 0x0A:
                continue
            case 0x0A:
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll()
                afterQuote = false; inRecord = false
                line += 1
                recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty, !afterQuote else {
                    throw .malformed(SourceLocation(file: path, line: line), reason: "a quote inside an unquoted field (RFC 4180: quote the whole field, double the quote)")
                }
                quoted = true; inRecord = true
            default:
                if afterQuote {
                    throw .malformed(SourceLocation(file: path, line: line), reason: "text after a field's closing quote")
                }
                field.append(b); inRecord = true
            }
        }
        if quoted {
            throw .malformed(SourceLocation(file: path, line: recordLine), reason: "a quoted field is never closed")
        }
        if inRecord || !field.isEmpty || afterQuote {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
