import Foundation
import Testing

/// Issue 15 item 3: VCFs through a sample sheet join the same series as XML and FHIR draws.
@Suite struct VCFIngestTests {
    static let fixtures = CLI.repo.appendingPathComponent("Tests/Fixtures")
    static let issuer = "https://northbridge.example/fhir/mrn"

    /// Draw 1 in our XML (2023-05-15), for the FHIR fixture's patient MM-1005.
    static let draw1 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ctdnaResult xmlns="urn:ctdna-monitor:result:1" reportId="TI-23-0515" version="1" status="final">
          <patient>
            <mrn issuer="\(issuer)">MM-1005</mrn>
            <sex>female</sex>
            <birthDate>1962-08-14</birthDate>
          </patient>
          <specimen accession="STI-23-0515">
            <collected>2023-05-15T09:00:00+01:00</collected>
          </specimen>
          <assay name="Tumour-informed panel">
            <limitOfDetection>0.0005</limitOfDetection>
          </assay>
          <qc status="pass"/>
          <variants>
            <variant status="detected">
              <gene>KRAS</gene>
              <cHGVS>NM_004985.5:c.35G&gt;T</cHGVS>
              <pHGVS>p.Gly12Val</pHGVS>
              <altReads>60</altReads>
              <depth>3000</depth>
              <vaf>0.02</vaf>
            </variant>
            <variant status="detected">
              <gene>TP53</gene>
              <pHGVS>p.Arg175His</pHGVS>
              <altReads>30</altReads>
              <depth>3000</depth>
              <vaf>0.01</vaf>
            </variant>
          </variants>
        </ctdnaResult>

        """

    /// The three draws in one folder: XML, the FHIR JSON fixture, and a sample sheet whose
    /// row names a Mutect2 VCF in a subfolder (relative to the sheet).
    static func patientFolder() throws -> URL {
        let dir = try CLI.temporaryFolder().appendingPathComponent("MM-1005")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("vcf"), withIntermediateDirectories: true)
        try draw1.write(to: dir.appendingPathComponent("draw1.xml"), atomically: true, encoding: .utf8)
        try fm.copyItem(at: fixtures.appendingPathComponent("fhir/good/bundle-absent-variant.json"),
                        to: dir.appendingPathComponent("draw2.json"))
        try fm.copyItem(at: fixtures.appendingPathComponent("vcf/good/mutect2.vcf"),
                        to: dir.appendingPathComponent("vcf/draw3.vcf"))
        try """
            mrn,issuer,collected,accession,vcf,sample,assay,lod
            MM-1005,\(issuer),2023-11-20,SEQ-23-1120,vcf/draw3.vcf,MM1005-cf3,Tumour-informed panel,0.0005

            """.write(to: dir.appendingPathComponent("draws.csv"), atomically: true, encoding: .utf8)
        // A CSV that is not a sample sheet (an export) is left alone by the walk.
        try "mrn,collected,vaf\nMM-1005,2023-05-15,0.02\n".write(to: dir.appendingPathComponent("cohort-export.csv"),
                                                              atomically: true, encoding: .utf8)
        return dir
    }

    @Test func threeDrawsInThreeFormatsMakeOneSeriesPerVariant() throws {
        let store = try CLI.temporaryStore()
        let folder = try Self.patientFolder()
        let ingest = try CLI.run(["ingest", "--store", store, folder.path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // The VCF in vcf/ is not tried on its own: the sheet's row reads it.
        #expect(ingest.stdout.contains("ingested 3, unchanged 0, superseded 0, rejected 0 (3 files)"), "\(ingest.stdout)")

        let r = try CLI.run(["trend", "MM-1005", "--issuer", Self.issuer, "--json", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let draws = try #require(json["draws"] as? [[String: Any]])
        #expect(draws.map { $0["collected"] as? String } == ["2023-05-15", "2023-08-21", "2023-11-20"])
        #expect(draws.map { $0["format"] as? String } == ["ctdna-result-1", "fhir-r4-json", "vcf-sample-sheet"])
        let variants = try #require(json["variants"] as? [[String: Any]])
        let keys = variants.compactMap { $0["key"] as? String }
        // One series per variant: no key twice, KRAS and TP53 each across all three draws.
        #expect(Set(keys).count == keys.count)
        #expect(Set(keys) == ["KRAS p.G12V", "TP53 p.R175H", "NRAS p.Q61R"])
        func series(_ key: String) throws -> [[String: Any]] {
            try #require(variants.first { $0["key"] as? String == key }?["series"] as? [[String: Any]])
        }
        let kras = try series("KRAS p.G12V")
        #expect(kras.map { $0["collected"] as? String } == ["2023-05-15", "2023-08-21", "2023-11-20"])
        #expect(kras.map { $0["status"] as? String } == ["detected", "detected", "detected"])
        // By hand: 60/3000 = 0.02 (XML); 0.004 (FHIR); Mutect2 AD 2990,10 -> 10/(2990+10) = 0.003333.
        let vafs = kras.compactMap { $0["vaf"] as? Double }
        #expect(vafs.count == 3)
        #expect(abs(vafs[0] - 0.02) < 1e-9)
        #expect(abs(vafs[1] - 0.004) < 1e-9)
        #expect(abs(vafs[2] - 10.0 / 3000.0) < 1e-9)
        #expect(kras[2]["altReads"] as? Int == 10)
        #expect(kras[2]["depth"] as? Int == 3000)
        let tp53 = try series("TP53 p.R175H")
        // 30/3000 detected; FHIR absent at depth 4300; VCF AD 2500,0: ref-only, not detected at depth 2500.
        #expect(tp53.map { $0["status"] as? String } == ["detected", "not-detected", "not-detected"])
        #expect(tp53[2]["depth"] as? Int == 2500)
        // NRAS is only in the VCF, filtered strand_bias: not a detection.
        #expect(try series("NRAS p.Q61R").map { $0["status"] as? String } == ["not-detected"])

        // The document still matches the trend schema (format vcf-sample-sheet included).
        let file = (store as NSString).deletingLastPathComponent + "/trend.json"
        try r.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let check = try CLI.execute(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import json, sys, jsonschema
            v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            bad = [e.message for e in v.iter_errors(json.load(open(sys.argv[2])))]
            print("\\n".join(bad)); sys.exit(1 if bad else 0)
            """, CLI.repo.appendingPathComponent("Schemas/trend-2.schema.json").path, file], in: CLI.repo)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // Idempotent: the same folder again changes nothing.
        let again = try CLI.run(["ingest", "--store", store, folder.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("ingested 0, unchanged 3, superseded 0, rejected 0 (3 files)"), "\(again.stdout)")
    }

    @Test func aVCFGivenAloneIsRefusedWithTheReason() throws {
        let store = try CLI.temporaryStore()
        let vcf = Self.fixtures.appendingPathComponent("vcf/good/mutect2.vcf").path
        let r = try CLI.run(["ingest", "--store", store, vcf])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(vcf): error: unsupported format: VCF without a sample sheet"), "\(r.stderr)")
    }

    /// Each bad sheet fails with the message beside it; a good row in the same sheet is stored.
    @Test(arguments: ["missing-vcf.csv", "sample-not-in-vcf.csv", "bad-date.csv"])
    func badSheetRowNamesTheSheetLine(_ name: String) throws {
        let store = try CLI.temporaryStore()
        let bad = Self.fixtures.appendingPathComponent("vcf/bad")
        let expected = try String(contentsOf: bad.appendingPathComponent(name + ".expected"), encoding: .utf8)
            .replacingOccurrences(of: "{DIR}", with: bad.path).trimmingCharacters(in: .newlines)
        let r = try CLI.run(["ingest", "--store", store, bad.appendingPathComponent(name).path])
        #expect(r.status == 65)
        #expect(r.stderr.trimmingCharacters(in: .newlines) == expected)
        if name == "bad-date.csv" {
            #expect(r.stdout.contains("ingested 1, unchanged 0, superseded 0, rejected 1 (2 files)"), "\(r.stdout)")
        }
    }

    /// `ctdna validate` reads a sheet's rows and their VCFs without storing: one line a row.
    @Test func validateChecksEachRowOfASheet() throws {
        let sheet = Self.fixtures.appendingPathComponent("vcf/bad/bad-date.csv").path
        let r = try CLI.run(["validate", sheet])
        #expect(r.status == 65)
        #expect(r.stdout == "\(sheet):2: ok: vcf-sample-sheet, report vcf:SEQ-23-1120 v1, 3 variant call(s), collected 2023-11-20\n")
        #expect(r.stderr.hasPrefix("\(sheet):3: error: collected: is not a date"), "\(r.stderr)")
    }
}
