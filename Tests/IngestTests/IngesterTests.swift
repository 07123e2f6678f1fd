import CtDNAModel
import Foundation
import Ingest
import Store
import Testing
import Tracking

enum Paths {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repo.appendingPathComponent("Tests/Fixtures")
    static let sampleData = repo.appendingPathComponent("SampleData")

    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

let fixedNow: @Sendable () -> Timestamp = { Timestamp(iso: "2026-11-25T10:00:00Z")! }

func ingestAll(_ ingester: Ingester, _ files: [String]) throws -> (IngestSummary, [FileOutcome]) {
    var summary = IngestSummary()
    var outcomes: [FileOutcome] = []
    for f in files {
        let o = try ingester.ingest(f)
        summary.add(o)
        outcomes.append(o)
    }
    return (summary, outcomes)
}

@Suite struct IngesterTests {
    @Test func badFileInABatchLeavesEveryOtherFileStored() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        let good = InputFiles.expand([Paths.sampleData.appendingPathComponent("ctdna-xml/MM-1003").path])
        let bad = Paths.fixtures.appendingPathComponent("ctdna-xml/bad/vaf-above-one.xml").path
        // The bad file sits in the middle of the batch.
        let batch = Array(good.prefix(3)) + [bad] + Array(good.dropFirst(3))
        let (summary, outcomes) = try ingestAll(ingester, batch)
        #expect(summary.rejected == 1)
        #expect(summary.ingested == good.count)
        #expect(outcomes[3].error?.location.line == 24)
        let t = try #require(try store.timeline(mrn: "MM-1003", issuer: "NBH"))
        #expect(t.draws.count == 6)
        #expect(t.therapyLines.count == 2)
        // Nothing of the bad file (patient FX-0001) is stored.
        #expect(try store.timeline(mrn: "FX-0001", issuer: nil) == nil)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func reingestChangesNothingAndAmendmentSupersedes() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        let files = InputFiles.expand([Paths.sampleData.appendingPathComponent("ctdna-xml/MM-1001").path])
        let (first, _) = try ingestAll(ingester, files)
        // 7 draws + 1 clinical file, and one amended version of draw 2.
        #expect(first.ingested == 8 && first.superseded == 1 && first.rejected == 0)
        let before = try store.timeline(mrn: "MM-1001", issuer: "NBH")
        let (second, _) = try ingestAll(ingester, files)
        #expect(second.unchanged == 9 && second.ingested == 0 && second.superseded == 0)
        #expect(try store.timeline(mrn: "MM-1001", issuer: "NBH") == before)
        let draw2 = try #require(before?.draws[1].report)
        #expect(draw2.identity == ReportIdentity(id: "NBH-1001-02", version: 2))
        #expect(draw2.variants.first { $0.gene == "DIS3" }?.alleleFraction?.fraction == 0.01896)
        #expect(before?.amendments.map(\.identity) == [ReportIdentity(id: "NBH-1001-02", version: 1)])
    }

    @Test func rejectArchiveKeepsTheFileAndItsError() throws {
        let dir = try Paths.temporaryFolder()
        let archive = try RejectArchive(directory: dir.appendingPathComponent("rejected").path)
        let bad = Paths.fixtures.appendingPathComponent("ctdna-xml/bad/empty.xml").path
        let error = InputError.malformed(SourceLocation(file: bad, line: 1), reason: "file is empty")
        try archive.keep(bad, error: error, verbose: false)
        try archive.keep(bad, error: error, verbose: false)
        // Content-addressed: the same file and error twice is kept once.
        let names = try FileManager.default.contentsOfDirectory(atPath: archive.directory).sorted()
        #expect(names.count == 2 && names[0].hasSuffix("-empty.xml") && names[1] == names[0] + ".error.txt")
        let text = try String(contentsOfFile: archive.directory + "/" + names[1], encoding: .utf8)
        #expect(text == "\(bad):1: error: not well-formed: file is empty\n")
    }

    @Test func folderWalkTakesXMLAndJSONOnly() throws {
        let dir = try Paths.temporaryFolder()
        for name in ["b.xml", "a.JSON", "notes.txt", ".hidden.xml", "sub/c.xml", ".git/d.xml", "xml"] {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        // A link to a file is read; a link to a folder is not followed (it could loop).
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/sub/link.xml", withDestinationPath: dir.path + "/b.xml")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/sub/loop", withDestinationPath: dir.path)
        let found = InputFiles.expand([dir.path]).map { String($0.dropFirst(dir.path.count + 1)) }
        #expect(found == ["a.JSON", "b.xml", "sub/c.xml", "sub/link.xml"])
    }
}

@Suite struct CrossFormatTests {
    @Test func oneSeriesPerVariantAcrossThreeFormats() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        let files = InputFiles.expand([Paths.sampleData.appendingPathComponent("cross-format/MM-1005").path])
        let (summary, _) = try ingestAll(ingester, files)
        #expect(summary.ingested == 7 && summary.rejected == 0)  // six draws and the clinical context
        // Our XML and FHIR name the issuer; FoundationOne gives the MRN alone and joins
        // the one stored patient with that MRN.
        #expect(try store.patients().count == 1)
        let timeline = try #require(try store.timeline(mrn: "MM-1005", issuer: nil))
        #expect(timeline.draws.map(\.provenance.source.format) ==
                [.ctdnaResult, .fhirXML, .fhirJSON, .foundationOne, .foundationOne, .ctdnaResult])
        let trend = Tracking.Trend.build(timeline)
        #expect(trend.variants.map(\.key.description) == ["KRAS p.G12V", "TP53 p.R175H", "ATM p.V2424G", "NRAS p.Q61R"])
        let kras = trend.variants[0].points
        // 2023-05-15 FHIR XML gives 3.1 %: stored as the fraction 0.031.
        #expect(kras.map { $0.alleleFraction?.fraction } == [0.09096, 0.031, 0.004, 0.0021, 0.012, 0.03392])
        let tp53 = trend.variants[1].points
        // FHIR JSON says Absent (LA9634-2); the FoundationOne report of 2023-11-27 does not
        // list TP53: not detected, inferred, never VAF 0.
        #expect(tp53.map(\.status) == [.detected, .detected, .notDetected, .notDetected, .detected, .detected])
        #expect(tp53.map(\.inferredNotDetected) == [false, false, false, true, false, false])
        // The second FoundationOne report has no CollDate: received date, estimated.
        #expect(timeline.draws[4].report.specimen.collected.date.description == "2024-02-28")
        #expect(timeline.draws[4].report.specimen.collectedIsEstimated)
    }
}

@Suite struct LargeInputTests {
    /// A 100 MB file is refused from its size alone: the error carries the size stat()
    /// reported, before any byte is read (the file is sparse: it occupies no disk).
    @Test func hundredMegabytesIsRefusedBeforeReading() throws {
        let path = try Paths.temporaryFolder().appendingPathComponent("huge.xml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("<".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        let result = Ingester.check(path, today: CalendarDate(iso: "2026-11-25")!)
        guard case .failure(.tooLarge(_, let bytes, let limit)) = result else {
            Issue.record("not refused for size: \(result)")
            return
        }
        #expect(bytes == 100 << 20 && limit == 16 << 20)
    }
}

/// Issue 15, item 1: FHIR STU3 answers through the store and the trend.
@Suite struct FHIRVersionIngestTests {
    /// TP53 Absent at the first draw, No call at the second: not detected, then not covered;
    /// neither is a detection nor a VAF of 0.
    @Test func noCallAfterNotDetectedIsNotCoveredInTheTrend() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        let files = ["stu3-draw1-tp53-absent.json", "stu3-draw2-tp53-no-call.json", "stu3-indeterminate.json"]
            .map { Paths.fixtures.appendingPathComponent("fhir/good/\($0)").path }
        let (summary, _) = try ingestAll(ingester, files)
        #expect(summary.ingested == 3 && summary.rejected == 0)
        let timeline = try #require(try store.timeline(mrn: "MM-2001", issuer: "https://northbridge.example/fhir/mrn"))
        let trend = Tracking.Trend.build(timeline)
        let tp53 = try #require(trend.variants.first { $0.key.description == "TP53 p.R248Q" })
        // The third draw (Indeterminate KRAS, NRAS Present) does not mention TP53: no point.
        #expect(tp53.points.map(\.status) == [.notDetected, .notCovered])
        #expect(tp53.points.allSatisfy { $0.alleleFraction == nil && !$0.inferredNotDetected })
        let kras = try #require(trend.variants.first { $0.key.description == "KRAS p.G12D" })
        #expect(kras.points.map(\.status) == [.detected, .detected, .failedQC])
        #expect(kras.points.map { $0.alleleFraction?.fraction } == [0.021, 0.009, nil])
    }

    /// Studied genes (less the uncalled) are stored as the panel, with the tumour fraction;
    /// an Absent TP53 in an uncalled gene is not covered in the trend.
    @Test func studiedGenesInferNotDetectedAndUncalledIsNotCovered() throws {
        let dir = try Paths.temporaryFolder()
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let ingester = Ingester(store: store, clock: fixedNow)
        let files = ["stu3-draw1-tp53-absent.json", "stu3-genomic-study-regions.json"]
            .map { Paths.fixtures.appendingPathComponent("fhir/good/\($0)").path }
        let (summary, _) = try ingestAll(ingester, files)
        #expect(summary.ingested == 2 && summary.rejected == 0)
        let timeline = try #require(try store.timeline(mrn: "MM-2001", issuer: "https://northbridge.example/fhir/mrn"))
        let study = try #require(timeline.draws.last?.report)
        #expect(study.assay.panelGenes == ["KRAS", "NRAS"] && study.listsDetectedOnly)
        #expect(study.tumourFraction?.fraction == 0.032)
        let trend = Tracking.Trend.build(timeline)
        let tp53 = try #require(trend.variants.first { $0.key.description == "TP53 p.R248Q" })
        #expect(tp53.points.map(\.status) == [.notDetected, .notCovered])
    }
}
