import CtDNAModel
import Foundation
import Ingest
import Store
import Testing

/// Sample-sheet rows are stored with the same idempotence and supersession as every format.
@Suite struct SheetIngestTests {
    static let vcf = Paths.fixtures.appendingPathComponent("vcf/good/mutect2.vcf")

    func sheet(in dir: URL, version: Int? = nil, name: String = "draws.csv") throws -> String {
        let url = dir.appendingPathComponent(name)
        try """
            mrn,issuer,collected,accession,vcf,sample,assay\(version == nil ? "" : ",version")
            MM-1005,NBH,2023-11-20,SEQ-1,d3.vcf,MM1005-cf3,Panel\(version.map { ",\($0)" } ?? "")

            """.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func outcomes(_ ingester: Ingester, _ paths: [String]) throws -> [FileOutcome] {
        var out: [FileOutcome] = []
        try ingester.ingest(paths, workers: 1) { out.append($0) }
        return out
    }

    @Test func reingestIsUnchangedAndAHigherVersionSupersedes() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        try FileManager.default.copyItem(at: Self.vcf, to: dir.appendingPathComponent("d3.vcf"))
        let v1 = try sheet(in: dir)
        var summary = IngestSummary()
        for o in try outcomes(ingester, [v1]) { summary.add(o) }
        #expect(summary.ingested == 1)

        // Same row, same VCF: unchanged (even with the columns in another order).
        try """
            sample,vcf,assay,accession,collected,issuer,mrn
            MM1005-cf3,d3.vcf,Panel,SEQ-1,2023-11-20,NBH,MM-1005

            """.write(toFile: v1, atomically: true, encoding: .utf8)
        #expect(try outcomes(ingester, [v1]).map { try? $0.result.get().outcome } == [.unchanged])

        // The VCF re-analysed (KRAS now 12 of 3000) under the same version: refused, at the row.
        let text = try String(contentsOf: Self.vcf, encoding: .utf8).replacingOccurrences(of: "0/1:2990,10:0.0035:3050", with: "0/1:2988,12:0.004:3050")
        try text.write(to: dir.appendingPathComponent("d3.vcf"), atomically: true, encoding: .utf8)
        let refused = try outcomes(ingester, [v1])
        #expect(refused.first?.error?.location == SourceLocation(file: v1, line: 2), "\(refused)")

        // As version 2 it supersedes version 1.
        let v2 = try sheet(in: dir, version: 2)
        #expect(try outcomes(ingester, [v2]).map { try? $0.result.get().outcome } == [.superseded(previous: 1)])
        let t = try #require(try store.timeline(mrn: "MM-1005", issuer: "NBH"))
        #expect(t.draws.count == 1)
        let kras = try #require(t.draws.first?.report.variants.first { $0.gene == "KRAS" })
        #expect(kras.altReads == 12)
        #expect(kras.depth == 3000)
        #expect(t.draws.first?.provenance.source.format == .vcfSampleSheet)
        #expect(try store.integrityProblems().isEmpty)
    }
}
