import AssayXML
import CtDNAModel
import Foundation
import Store
import VariantCallFormat

/// Sample sheets (docs/vcf.md): each row is one draw, read from a VCF the row names and
/// stored like any other file's report, in its own savepoint, by content hash.
extension Ingester {
    /// What an input path is, by name (and, for a name that says nothing, its first line).
    public enum InputKind: Sendable, Equatable {
        case document, sampleSheet, bareVCF
    }

    public static func kind(of path: String) -> InputKind {
        let lower = path.lowercased()
        if lower.hasSuffix(".vcf") || lower.hasSuffix(".vcf.gz") || lower.hasSuffix(".vcf.bgz") || lower.hasSuffix(".bcf") {
            return .bareVCF
        }
        if lower.hasSuffix(".csv") { return .sampleSheet }
        if lower.hasSuffix(".xml") || lower.hasSuffix(".json") { return .document }
        // Any other name: a sample sheet when its first line is a sheet's header.
        let fd = FileLoader.openLong(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .document }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .document }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return .document }
        return SampleSheet.looksLikeSheet(Array(buffer[..<n])) ? .sampleSheet : .document
    }

    /// The content hash of one sheet row's draw: the row's values and the VCF's bytes.
    /// Re-ingesting the same row over the same VCF is `unchanged`; a changed VCF or row is
    /// a new draw document (which the store refuses as a conflict unless `version` moved).
    static func rowHash(_ row: SampleSheetRow, vcf: [UInt8]) -> String {
        let text = "ctdna-vcf-sample-sheet-1\n\(row.canonical)\nvcf-sha256=\(FileLoader.sha256(vcf))\n"
        return FileLoader.sha256(Array(text.utf8))
    }

    /// Reads a sheet and the VCFs its rows name: one prepared draw (or refusal) a row, with
    /// the row's line. A sheet that cannot be read at all is one refusal.
    func prepareSheet(_ path: String, now: Timestamp) throws(StoreError) -> [(Prepared, line: Int?)] {
        willWork?(path)
        let rows: [Result<SampleSheetRow, InputError>]
        do throws(InputError) {
            let bytes = try FileLoader.load(path, limit: reader.sizeLimit)
            rows = try SampleSheet.read(bytes: bytes, path: path, today: now.date)
        } catch {
            return [(.decided(FileOutcome(path: path, result: .failure(error))), nil)]
        }
        var out: [(Prepared, line: Int?)] = []
        for result in rows {
            let row: SampleSheetRow
            switch result {
            case .failure(let error):
                out.append((.decided(FileOutcome(path: path, result: .failure(error))), nil))
                continue
            case .success(let r): row = r
            }
            let vcf: [UInt8]
            do throws(InputError) { vcf = try Self.loadVCF(row, sheet: path, limit: reader.sizeLimit) } catch {
                out.append((.decided(FileOutcome(path: path, result: .failure(error))), row.line))
                continue
            }
            let hash = Self.rowHash(row, vcf: vcf)
            if try store.contains(sha256: hash) {
                out.append((.decided(FileOutcome(path: path, result: .success((nil, .unchanged)))), row.line))
                continue
            }
            do throws(InputError) {
                let report = try Self.report(row, vcf: vcf, sheet: path)
                let source = SourceFile(path: "\(row.vcfPath) (sample \(row.sample), sheet \(path):\(row.line))", sha256: hash,
                                        format: .vcfSampleSheet, byteCount: vcf.count)
                out.append((.parsed(path: path, source: source, document: .result(report)), row.line))
            } catch {
                // A VCF problem is the VCF's (archived as such); a row problem the sheet's.
                let file = error.location.file == row.vcfPath ? row.vcfPath : path
                out.append((.decided(FileOutcome(path: file, result: .failure(error))), row.line))
            }
        }
        return out
    }

    /// The VCF a row names; a VCF that is not there (or unusable) is the row's error, at
    /// the sheet's line.
    static func loadVCF(_ row: SampleSheetRow, sheet path: String, limit: Int) throws(InputError) -> [UInt8] {
        do throws(InputError) {
            return try FileLoader.load(row.vcfPath, limit: limit)
        } catch {
            let reason: String
            switch error {
            case .unreadable(_, let r): reason = "names a VCF that cannot be read (\(r))"
            case .tooLarge(_, let bytes, let limit): reason = "names a VCF of \(bytes) bytes, over the \(limit)-byte limit"
            default: reason = "names a VCF that cannot be read"
            }
            throw .invalidValue(SourceLocation(file: path, line: row.line), field: "vcf", reason: reason, value: row.vcfAsWritten)
        }
    }

    /// The row's report: its VCF's calls for its sample, every field within FieldBounds.
    static func report(_ row: SampleSheetRow, vcf: [UInt8], sheet path: String) throws(InputError) -> ResultReport {
        let here = SourceLocation(file: path, line: row.line)
        let read = try VCFReader.read(bytes: vcf, path: row.vcfPath, sample: row.sample, sampleLocation: here)
        let report = row.report(calls: read.calls)
        do throws(IdentifierProblem) { try FieldBounds.check(report) } catch {
            throw .invalidValue(here, field: error.field, reason: error.reason, value: error.value)
        }
        return report
    }

    /// Reads and checks a sheet and its VCFs without storing anything (`ctdna validate`):
    /// each row's report (with the row's line) or its error. A sheet that cannot be read at
    /// all is one error.
    public static func checkSheet(_ path: String, sizeLimit: Int = DocumentReader.standard.sizeLimit,
                                  today: CalendarDate) -> [Result<(line: Int, report: ResultReport), InputError>] {
        let rows: [Result<SampleSheetRow, InputError>]
        do throws(InputError) {
            rows = try SampleSheet.read(bytes: try FileLoader.load(path, limit: sizeLimit), path: path, today: today)
        } catch {
            return [.failure(error)]
        }
        return rows.map { result in
            Result { () throws(InputError) in
                let row = try result.get()
                let vcf = try loadVCF(row, sheet: path, limit: sizeLimit)
                return (row.line, try report(row, vcf: vcf, sheet: path))
            }
        }
    }

    /// Stores every row of a sheet; outcomes in row order. A store refusal (another
    /// patient's accession, an older version) names the row's line.
    public func ingestSheet(_ path: String, now: Timestamp) throws(StoreError) -> [FileOutcome] {
        let prepared = try prepareSheet(path, now: now)
        let outcomes = try commit(batch: prepared.map(\.0), now: now)
        return zip(outcomes, prepared).map { outcome, p in
            guard case .failure(.conflict(let l, let reason)) = outcome.result, l.line == nil, let line = p.line else { return outcome }
            return FileOutcome(path: outcome.path, result: .failure(.conflict(SourceLocation(file: l.file, line: line), reason: reason)))
        }
    }

    /// Why a VCF given without its sample sheet is refused.
    public static func bareVCFError(_ path: String) -> InputError {
        .unsupportedFormat(SourceLocation(file: path),
            root: "VCF without a sample sheet: a VCF carries no patient, so it is ingested through the sample sheet row that names it (docs/vcf.md)",
            namespace: nil)
    }

    static func bareVCF(_ path: String) -> FileOutcome {
        FileOutcome(path: path, result: .failure(bareVCFError(path)))
    }
}
