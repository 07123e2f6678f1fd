import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Issue 14, item 4: every short field bounded at the reader (FieldBounds), and JSON's
/// parse bounded by the file's size. Each bound: the longest accepted value passes, one
/// character more is refused with the field and the file's line named.
@Suite struct FieldBoundsTests {
    func read(_ text: String, path: String) throws(InputError) -> ParsedDocument {
        try DocumentReader.standard.read(bytes: Array(text.utf8), context: ReadContext(path: path, today: fixedToday)).1
    }

    func fixture(_ path: String) throws -> String {
        String(decoding: try Fixtures.bytes(path), as: UTF8.self)
    }

    /// The error's text for `text` read as `path`, or nil when it was accepted.
    func refusal(_ text: String, path: String) -> String? {
        do { _ = try read(text, path: path); return nil } catch { return error.message() }
    }

    func calls(_ doc: ParsedDocument) -> [VariantCall] {
        if case .result(let r) = doc { return r.variants }
        return []
    }

    // FHIR JSON: gene (64), HGVS (1,000), transcript (200).

    @Test func fhirGeneSymbolIsBoundedAt64() throws {
        let json = try fixture("fhir/good/bundle-absent-variant.json")
        let ok = json.replacingOccurrences(of: "\"display\": \"KRAS\"", with: "\"display\": \"\(String(repeating: "K", count: 64))\"")
        #expect(calls(try read(ok, path: "gene64.json")).contains { $0.gene.count == 64 })
        let long = json.replacingOccurrences(of: "\"display\": \"KRAS\"", with: "\"display\": \"\(String(repeating: "K", count: 65))\"")
        let message = try #require(refusal(long, path: "gene65.json"))
        #expect(message.hasPrefix("gene65.json:"))
        #expect(message.contains("error: gene (48018-6): is longer than 64 characters"))
    }

    @Test func aMegabyteGeneNameIsRefusedNotProcessed() throws {
        let json = try fixture("fhir/good/bundle-absent-variant.json")
        let huge = json.replacingOccurrences(of: "\"display\": \"KRAS\"", with: "\"display\": \"\(String(repeating: "K", count: 1 << 20))\"")
        #expect(refusal(huge, path: "gene1m.json")?.contains("gene (48018-6): is longer than 64 characters") == true)
    }

    @Test func fhirHGVSIsBoundedAt1000() throws {
        let json = try fixture("fhir/good/bundle-absent-variant.json")
        // "p.Gly12Val" is 10 characters; pad the change to exactly 1,000 and to 1,001.
        let ok = json.replacingOccurrences(of: "\"p.Gly12Val\"", with: "\"p.Gly12Val\(String(repeating: "A", count: 990))\"")
        #expect(refusal(ok, path: "hgvs1000.json") == nil)
        let long = json.replacingOccurrences(of: "\"p.Gly12Val\"", with: "\"p.Gly12Val\(String(repeating: "A", count: 991))\"")
        #expect(refusal(long, path: "hgvs1001.json")?.contains("pHGVS (48005-3): is longer than 1000 characters") == true)
    }

    @Test func fhirCodingHGVSWithAControlCharacterIsRefused() throws {
        let json = try fixture("fhir/good/bundle-absent-variant.json")
        let bad = json.replacingOccurrences(of: "\"NM_004985.5:c.35G>T\"", with: "\"NM_004985.5:c.35G>T\\u001b[2J\"")
        #expect(refusal(bad, path: "hgvs-esc.json")?.contains("cHGVS (48004-6): contains a control character") == true)
    }

    // FoundationOne: gene, transcript, HGVS at the variant's line; tube and assay by the
    // report-wide check at the root's line.

    @Test func foundationOneTranscriptIsBoundedAt200() throws {
        let xml = try fixture("foundationone/good/no-colldate.xml")
        let ok = xml.replacingOccurrences(of: "transcript=\"NM_004985\"", with: "transcript=\"\(String(repeating: "N", count: 200))\"")
        #expect(calls(try read(ok, path: "t200.xml")).contains { $0.transcript?.count == 200 })
        let long = xml.replacingOccurrences(of: "transcript=\"NM_004985\"", with: "transcript=\"\(String(repeating: "N", count: 201))\"")
        #expect(refusal(long, path: "t201.xml")?.contains("t201.xml:30: error: @transcript: is longer than 200 characters") == true)
    }

    @Test func foundationOneGeneAndCDSAreBounded() throws {
        let xml = try fixture("foundationone/good/no-colldate.xml")
        let gene = xml.replacingOccurrences(of: "gene=\"KRAS\"", with: "gene=\"\(String(repeating: "K", count: 65))\"")
        #expect(refusal(gene, path: "g.xml")?.contains("g.xml:30: error: @gene: is longer than 64 characters") == true)
        let cds = xml.replacingOccurrences(of: "cds-effect=\"35G>T\"", with: "cds-effect=\"35G>T\(String(repeating: "A", count: 996))\"")
        #expect(refusal(cds, path: "c.xml")?.contains("c.xml:30: error: @cds-effect: is longer than 1000 characters") == true)
    }

    @Test func tubeTypeAndAssayNameAreBoundedAt200() throws {
        let xml = try fixture("foundationone/good/no-colldate.xml")
        let tube200 = xml.replacingOccurrences(of: "<SpecSite>Blood</SpecSite>", with: "<SpecSite>\(String(repeating: "B", count: 200))</SpecSite>")
        #expect(refusal(tube200, path: "tube200.xml") == nil)
        let tube = xml.replacingOccurrences(of: "<SpecSite>Blood</SpecSite>", with: "<SpecSite>\(String(repeating: "B", count: 201))</SpecSite>")
        #expect(refusal(tube, path: "tube.xml")?.contains("error: tube type: is longer than 200 characters") == true)
        let assay = xml.replacingOccurrences(of: "<TestType>FoundationOne Liquid CDx</TestType>",
                                             with: "<TestType>\(String(repeating: "F", count: 201))</TestType>")
        #expect(refusal(assay, path: "assay.xml")?.contains("error: assay name: is longer than 200 characters") == true)
    }

    // The report-wide bounds, on the model.

    func report(variants: [VariantCall] = [], panel: [String] = []) -> ResultReport {
        ResultReport(identity: ReportIdentity(id: "R-1", version: 1), status: .final,
                     patient: Patient(identifier: PatientIdentifier(mrn: "MM-1")),
                     specimen: Specimen(accession: "S-1", collected: Timestamp(iso: "2025-01-02")!),
                     assay: Assay(name: "Panel", panelGenes: panel), variants: variants)
    }

    func problem(_ r: ResultReport) -> IdentifierProblem? {
        do { try FieldBounds.check(r); return nil } catch { return error }
    }

    @Test func aPanelHoldsAtMost20000Genes() {
        #expect(problem(report(panel: (0..<20_000).map { "G\($0)" })) == nil)
        #expect(problem(report(panel: (0..<20_001).map { "G\($0)" }))?.reason == "lists more than 20000 genes")
        #expect(problem(report(panel: ["KRAS", String(repeating: "G", count: 65)]))?.field == "panel gene")
    }

    @Test func aReportHoldsAtMost100000Calls() {
        let call = VariantCall(gene: "KRAS", proteinChange: "p.G12V", alleleFraction: AlleleFraction(fraction: 0.01), status: .detected)
        #expect(problem(report(variants: Array(repeating: call, count: 100_000))) == nil)
        #expect(problem(report(variants: Array(repeating: call, count: 100_001)))?.reason == "are more than 100000 in one report")
    }

    @Test func allelesAreBoundedAt1000() {
        func call(_ alt: String) -> VariantCall {
            VariantCall(gene: "KRAS", location: GenomicLocation(chromosome: "chr12", position: 25_245_350, reference: "C", alternate: alt),
                        alleleFraction: AlleleFraction(fraction: 0.01), status: .detected)
        }
        #expect(problem(report(variants: [call(String(repeating: "A", count: 1_000))])) == nil)
        #expect(problem(report(variants: [call(String(repeating: "A", count: 1_001))]))?.field == "alternate allele")
    }

    @Test func lengthIsCountedInCharactersNotBytes() throws {
        // 64 CJK characters are 192 UTF-8 bytes: within the 64-character bound.
        #expect(try FieldBounds.checkText(String(repeating: "\u{7D30}", count: 64), field: "gene", max: 64).count == 64)
        #expect(throws: IdentifierProblem.self) {
            try FieldBounds.checkText(String(repeating: "\u{7D30}", count: 65), field: "gene", max: 64)
        }
    }

    // JSON: at least 8 bytes of file per value (beyond an allowance of 4,096 values).

    @Test func jsonDenserThanOneValuePer8BytesIsRefused() throws {
        // 100,000 zeros: 200,001 bytes, 100,001 values; the limit is 4,096 + 200,001 / 8 = 29,096.
        let zeros = "[" + Array(repeating: "0", count: 100_000).joined(separator: ",") + "]"
        #expect(zeros.utf8.count == 200_001)
        let message = try #require(refusal(zeros, path: "zeros.json"))
        #expect(message.contains("zeros.json:1: error: not well-formed: JSON: more than 29096 values"))
        // The same count with 8 bytes each ("0000000," is not JSON; "\"abcde\"," is 8): accepted
        // by the parser, refused only as an unsupported shape.
        let strings = "[" + Array(repeating: "\"abcde\"", count: 100_000).joined(separator: ",") + "]"
        #expect(refusal(strings, path: "strings.json")?.contains("unsupported format") == true)
    }

    @Test func aRealFHIRReportIsFarFromTheDensityLimit() throws {
        // The fixture, re-encoded without white space, still spends over 8 bytes a value.
        let json = try fixture("fhir/good/bundle-absent-variant.json")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let compact = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(refusal(compact, path: "compact.json") == nil)
    }
}
