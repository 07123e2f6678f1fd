import AssayXML
import CtDNAModel
import Foundation
import Store

/// `ctdna verify`: the store's own checks, and optionally each stored document against
/// its source file (same hash, and each stored variant call equal, field by field, to the
/// one read again).
public struct Verifier: Sendable {
    public let store: any CtDNAStore

    public init(store: any CtDNAStore) { self.store = store }

    public struct Report: Sendable {
        public var audit: StoreAudit
        public var problems: [String]
        public var sourcesChecked: Int
        public var sourcesMissing: Int
    }

    public func run(checkSources: Bool, today: CalendarDate) throws(StoreError) -> Report {
        let audit = try store.audit()
        var problems = audit.problems
        var checked = 0, missing = 0
        if checkSources {
            for d in audit.documents {
                // A sample-sheet row is a row of a sheet and a VCF, not one file: not re-read here.
                if d.format == "vcf-sample-sheet" { continue }
                // A source that is gone is a problem: the store can no longer show where a value came from.
                guard FileManager.default.fileExists(atPath: d.sourcePath) else {
                    missing += 1
                    problems.append("\(d.sourcePath): the source file is missing (stored \(d.kind) \(d.reportID) v\(d.version))")
                    continue
                }
                let bytes: [UInt8]
                do { bytes = try FileLoader.load(d.sourcePath, limit: DocumentReader.standard.sizeLimit) } catch {
                    problems.append("\(d.sourcePath): cannot read: \(error.message())")
                    continue
                }
                checked += 1
                guard FileLoader.sha256(bytes) == d.sha256 else {
                    problems.append("\(d.sourcePath): the file changed since it was stored (SHA-256 differs)")
                    continue
                }
                // The same file read again must give what is stored: all of it, not part.
                guard case .success(let (_, parsed)) = Result(catching: { () throws(InputError) in
                    try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: d.sourcePath, today: today))
                }) else { continue }
                if case .result(let r) = parsed {
                    if r.variants.count != d.variantCalls {
                        problems.append("\(d.sourcePath): \(d.variantCalls) variant calls stored, the file holds \(r.variants.count)")
                    } else if d.kind == "result" {
                        let stored = try store.storedVariantCalls(sha256: d.sha256, reportID: d.reportID, version: d.version)
                        problems += Self.differences(stored: stored, read: r.variants).map { "\(d.sourcePath): \($0)" }
                        if let report = try store.storedResultReport(sha256: d.sha256, reportID: d.reportID, version: d.version) {
                            // The patient's identifier is the stored patient's: a FoundationOne
                            // file without an issuer joins the patient of its MRN.
                            let fields = Self.differingFields(report, r, skipping: ["variants", "patient.identifier"])
                            if !fields.isEmpty {
                                problems.append("\(d.sourcePath): stored \(fields.joined(separator: ", ")) differ\(fields.count == 1 ? "s" : "") from the file")
                            }
                        }
                    }
                }
                if case .result = parsed, !d.hasDraw { problems.append("\(d.sourcePath): stored without its draw") }
            }
        }
        return Report(audit: audit, problems: problems, sourcesChecked: checked, sourcesMissing: missing)
    }

    /// Each stored variant call against the one read again from the file, field by field:
    /// `variant call N (GENE): stored FIELD differs from the file`. Values are not quoted
    /// (they are patient data printed to a terminal); the field names come from the model.
    /// The fields (one level into nested values: `specimen.collected`) where two values of
    /// one model type differ.
    static func differingFields(_ a: Any, _ b: Any, skipping: Set<String> = []) -> [String] {
        var fields: [String] = []
        for (x, y) in zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children) {
            guard let label = x.label, !skipping.contains(label) else { continue }
            guard String(describing: x.value) != String(describing: y.value) else { continue }
            let inner = zip(Mirror(reflecting: x.value).children, Mirror(reflecting: y.value).children)
                .filter { String(describing: $0.0.value) != String(describing: $0.1.value) }
                .compactMap { $0.0.label }
            let structure = Mirror(reflecting: x.value).displayStyle
            fields += ((structure == .struct && !inner.isEmpty) ? inner.map { "\(label).\($0)" } : [label])
                .filter { !skipping.contains($0) }
        }
        return fields
    }

    static func differences(stored: [VariantCall], read: [VariantCall]) -> [String] {
        var found: [String] = []
        for (i, (s, r)) in zip(stored, read).enumerated() where s != r {
            let fields = zip(Mirror(reflecting: s).children, Mirror(reflecting: r).children)
                .filter { String(describing: $0.0.value) != String(describing: $0.1.value) }
                .compactMap { $0.0.label }
            let gene = r.gene.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F } ? r.gene : "?"
            found.append("variant call \(i + 1) (\(gene)): stored \(fields.isEmpty ? "value" : fields.joined(separator: ", ")) differ\(fields.count == 1 ? "s" : "") from the file")
        }
        return found
    }
}
