import CtDNAModel
import Foundation
import Testing
@testable import VariantCallFormat

enum VCFFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/vcf")
    static let good = root.appendingPathComponent("good")
    static let bad = root.appendingPathComponent("bad")

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    /// `KEY|status|alt|depth|vaf` lines, `#` comments skipped.
    static func expected(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The sample each good fixture is read for.
    static let samples = [
        "mutect2.vcf": "MM1005-cf3", "mutect2.vcf.gz": "MM1005-cf3", "dragen.vcf": "MM1005-cf3",
        "bcftools.vcf": "cf3", "vardict.vcf": "cf3", "strelka2-snvs.vcf": "TUMOR", "strelka2-indels.vcf": "TUMOR",
    ]
}

@Suite struct VCFReaderTests {
    /// One tumour-informed VCF per caller, each call against the values worked out by hand
    /// in NAME.expected beside it.
    @Test(arguments: VCFFixtures.samples.keys.sorted())
    func goodFixtureGivesItsExpectedCalls(_ name: String) throws {
        let url = VCFFixtures.good.appendingPathComponent(name)
        let read = try VCFReader.read(bytes: try VCFFixtures.bytes(url), path: name, sample: VCFFixtures.samples[name]!,
                                      sampleLocation: SourceLocation(file: "sheet.csv", line: 2))
        let expected = try VCFFixtures.expected(VCFFixtures.good.appendingPathComponent(name + ".expected"))
        #expect(read.calls.count == expected.count)
        #expect(read.assembly == .grch38)
        #expect(read.compressed == name.hasSuffix(".gz"))
        for (call, e) in zip(read.calls, expected) {
            #expect(call.key.description == e[0])
            #expect(call.status.rawValue == e[1], "\(e[0])")
            #expect(call.altReads == Int(e[2]), "\(e[0])")
            #expect(call.depth == Int(e[3]), "\(e[0])")
            if e[4] == "-" {
                #expect(call.alleleFraction == nil, "\(e[0])")
            } else {
                let vaf = try #require(call.alleleFraction?.fraction, "\(e[0])")
                #expect(abs(vaf - Double(e[4])!) < 5e-7, "\(e[0]): \(vaf)")
            }
        }
    }

    @Test func bgzippedAndPlainGiveTheSameCalls() throws {
        let plain = try VCFReader.read(bytes: try VCFFixtures.bytes(VCFFixtures.good.appendingPathComponent("mutect2.vcf")),
                                       path: "a", sample: "MM1005-cf3", sampleLocation: SourceLocation(file: "s"))
        let gz = try VCFReader.read(bytes: try VCFFixtures.bytes(VCFFixtures.good.appendingPathComponent("mutect2.vcf.gz")),
                                    path: "b", sample: "MM1005-cf3", sampleLocation: SourceLocation(file: "s"))
        #expect(plain.calls == gz.calls)
    }

    /// The keys match the XML and FHIR readers' keys for the same variant.
    @Test func annotatedKeysAreTheProteinChange() throws {
        let read = try VCFReader.read(bytes: try VCFFixtures.bytes(VCFFixtures.good.appendingPathComponent("dragen.vcf")),
                                      path: "d", sample: "MM1005-cf3", sampleLocation: SourceLocation(file: "s"))
        let kras = try #require(read.calls.first { $0.gene == "KRAS" })
        #expect(kras.key == VariantKey(gene: "KRAS", proteinChange: "NP_004976.2:p.(Gly12Val)", codingChange: nil, location: nil))
        #expect(kras.transcript == "ENST00000311936.8")  // the PICK=1 entry
        #expect(kras.codingChange == "c.35G>T")
        #expect(kras.location == GenomicLocation(chromosome: "chr12", position: 25245350, reference: "C", alternate: "A"))
    }

    /// Each bad VCF fails with the message beside it (NAME.expected), at the VCF's line.
    @Test(arguments: ["truncated.vcf", "truncated.vcf.gz", "ad-dp-disagree.vcf", "grch37.vcf"])
    func badVCFFailsWithItsExpectedMessage(_ name: String) throws {
        let url = VCFFixtures.bad.appendingPathComponent(name)
        let expected = try String(contentsOf: VCFFixtures.bad.appendingPathComponent(name + ".expected"), encoding: .utf8)
            .replacingOccurrences(of: "{DIR}", with: VCFFixtures.bad.path).trimmingCharacters(in: .newlines)
        do {
            _ = try VCFReader.read(bytes: try VCFFixtures.bytes(url), path: url.path, sample: "MM1005-cf3",
                                   sampleLocation: SourceLocation(file: "sheet.csv", line: 2))
            Issue.record("\(name) was read")
        } catch let error as InputError {
            #expect(error.message() == expected)
        }
    }

    @Test func sampleNotInTheVCFIsReportedWhereItWasNamed() throws {
        do {
            _ = try VCFReader.read(bytes: try VCFFixtures.bytes(VCFFixtures.good.appendingPathComponent("mutect2.vcf")),
                                   path: "m.vcf", sample: "nobody", sampleLocation: SourceLocation(file: "sheet.csv", line: 7))
            Issue.record("read")
        } catch let error as InputError {
            #expect(error.message() == "sheet.csv:7: error: sample: is not a sample of m.vcf (it has 2 sample columns)")
            // The VCF's sample names only with --verbose.
            #expect(error.message(verbose: true).contains("MM1005-cf3"))
        }
    }

    @Test func unknownAssemblyIsRefusedOnlyForAGenomicKey() throws {
        let plain = try String(contentsOf: VCFFixtures.good.appendingPathComponent("bcftools.vcf"), encoding: .utf8)
        let noBuild = plain.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("##contig") && !$0.hasPrefix("##reference") }.joined(separator: "\n")
        #expect(throws: InputError.self) {
            try VCFReader.read(bytes: Array(noBuild.utf8), path: "x.vcf", sample: "cf3", sampleLocation: SourceLocation(file: "s"))
        }
        // An annotated VCF (VarDict's has no ##contig) keys by gene and protein change.
        let vardict = try String(contentsOf: VCFFixtures.good.appendingPathComponent("vardict.vcf"), encoding: .utf8)
            .replacingOccurrences(of: "##reference=/ref/hg38.fa\n", with: "")
        let read = try VCFReader.read(bytes: Array(vardict.utf8), path: "v.vcf", sample: "cf3", sampleLocation: SourceLocation(file: "s"))
        #expect(read.assembly == nil)
        #expect(read.calls.count == 3)
    }

    @Test func notVCFAtAllIsRefusedWithAReason() {
        for text in ["", "hello\n", "<xml/>\n", "##fileformat=VCFv4.2\n", "##fileformat=VCFv4.2\n#CHROM\tPOS\n1\t2\n"] {
            #expect(throws: InputError.self) {
                try VCFReader.read(bytes: Array(text.utf8), path: "x", sample: "s", sampleLocation: SourceLocation(file: "s"))
            }
        }
    }

    @Test func normalisationTrimsSharedBases() {
        #expect(VCFReader.normalized(chrom: "17", position: 100, ref: "CTT", alt: "CT")
                == GenomicLocation(chromosome: "17", position: 100, reference: "CT", alternate: "C"))
        #expect(VCFReader.normalized(chrom: "1", position: 10, ref: "GAC", alt: "GTC")
                == GenomicLocation(chromosome: "1", position: 11, reference: "A", alternate: "T"))
        #expect(VCFReader.normalized(chrom: "1", position: 10, ref: "A", alt: "AT")
                == GenomicLocation(chromosome: "1", position: 10, reference: "A", alternate: "AT"))
    }

    @Test func siteFailureFilters() {
        #expect(VCFReader.isSiteFailure("LowDepth"))
        #expect(VCFReader.isSiteFailure("low_depth"))
        #expect(VCFReader.isSiteFailure("d5"))
        #expect(!VCFReader.isSiteFailure("strand_bias"))
        #expect(!VCFReader.isSiteFailure("p8"))
        #expect(!VCFReader.isSiteFailure("d"))
    }
}

@Suite struct SampleSheetTests {
    let today = CalendarDate(year: 2026, month: 11, day: 25)!

    @Test func rowsWithQuotingAndOptionalColumns() throws {
        let text = "\u{FEFF}MRN,Issuer,collected,accession,vcf,sample,assay,lod,backgroundErrorRate,plasmaMl,cfdnaNgPerMl\r\n"
            + "MM-1005,NBH,2023-11-20T09:30:00+01:00,SEQ-1,draws/d3.vcf.gz,\"cf,3\",\"Panel \"\"TI\"\" v2\",0.0005,0.0001,4.5,12\r\n"
            + "\r\n"
        let rows = try SampleSheet.read(bytes: Array(text.utf8), path: "/data/sheets/s.csv", today: today)
        #expect(rows.count == 1)
        let row = try rows[0].get()
        #expect(row.line == 2)
        #expect(row.patient == PatientIdentifier(mrn: "MM-1005", issuer: "NBH"))
        #expect(row.vcfPath == "/data/sheets/draws/d3.vcf.gz")
        #expect(row.sample == "cf,3")
        #expect(row.assay == "Panel \"TI\" v2")
        #expect(row.limitOfDetection?.fraction == 0.0005)
        #expect(row.backgroundErrorRate?.fraction == 0.0001)
        #expect(row.plasmaMl == 4.5)
        #expect(row.cfdnaNgPerMl == 12)
        #expect(row.collected.date == CalendarDate(year: 2023, month: 11, day: 20)!)
        let report = row.report(calls: [])
        #expect(report.identity == ReportIdentity(id: "vcf:SEQ-1", version: 1))
        #expect(report.specimen.accession == "SEQ-1")
        #expect(report.assay.limitOfDetection?.fraction == 0.0005)
    }

    @Test func aQuotedFieldMaySpanLinesAndLinesAreCountedFromTheRowStart() throws {
        let text = "mrn,issuer,collected,accession,vcf,sample,assay\nA,B,2023-01-01,S1,x.vcf,s,\"two\nlines\"\nA,B,bad,S2,x.vcf,s,p\n"
        let rows = try SampleSheet.read(bytes: Array(text.utf8), path: "s.csv", today: today)
        #expect(rows.count == 2)
        #expect(throws: IdentifierProblem.self) { try Identifier.validateName("two\nlines", field: "assay") }
        guard case .failure(let e1) = rows[0] else { Issue.record("a line break in the assay name was accepted"); return }
        #expect(e1.location.line == 2)
        guard case .failure(let e2) = rows[1] else { Issue.record("bad date accepted"); return }
        #expect(e2.location.line == 4)
    }

    @Test func sheetLevelProblemsAreThrown() {
        let cases = [
            "mrn,issuer,collected,accession,vcf,sample\n",  // assay missing
            "mrn,issuer,collected,accession,vcf,sample,assay,colour\n",  // unknown column
            "mrn,issuer,collected,accession,vcf,sample,assay\n\"A,B\n",  // quote never closed
            "mrn,issuer,collected,accession,vcf,sample,assay\nA\"x,B,2023-01-01,S,v,s,a\n",  // stray quote
            "",
        ]
        for text in cases {
            #expect(throws: InputError.self, "\(text)") {
                try SampleSheet.read(bytes: Array(text.utf8), path: "s.csv", today: today)
            }
        }
    }

    @Test func rowProblemsNameTheirField() throws {
        let text = """
            mrn,issuer,collected,accession,vcf,sample,assay,lod
            ,B,2023-01-01,S1,x.vcf,s,p,
            A,B,2023-01-01,S2,x.vcf,s,p,1.5
            A,B,2031-01-01,S3,x.vcf,s,p,
            A,B,2023-01-01,S4,x.vcf,s,p
            A,B\u{202E},2023-01-01,S5,x.vcf,s,p,

            """
        let rows = try SampleSheet.read(bytes: Array(text.utf8), path: "s.csv", today: today)
        let messages = rows.map { r -> String in
            if case .failure(let e) = r { return e.message() }
            return "ok"
        }
        #expect(messages == [
            "s.csv:2: error: mrn: required but missing",
            "s.csv:3: error: lod: is not a fraction between 0 and 1",
            "s.csv:4: error: collected: lies in the future",
            "s.csv:5: error: not well-formed: the row has 7 fields, the header 8",
            "s.csv:6: error: issuer: contains a bidirectional control character",
        ])
    }

    @Test func headerDetection() {
        #expect(SampleSheet.looksLikeSheet(Array("sample,vcf,assay,accession,collected,issuer,mrn,lod\nx".utf8)))
        #expect(SampleSheet.looksLikeSheet(Array("\u{FEFF}\"mrn\",\"issuer\",\"collected\",\"accession\",\"vcf\",\"sample\",\"assay\"\r\n".utf8)))
        #expect(!SampleSheet.looksLikeSheet(Array("mrn,issuer,collected\n".utf8)))
        #expect(!SampleSheet.looksLikeSheet(Array("<?xml version=\"1.0\"?>".utf8)))
    }
}
