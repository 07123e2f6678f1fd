@testable import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Real public files other people wrote, read from ../shared/real-examples (its SOURCES.md
/// says where from; see RealExamples). Expected values are read off the files by eye; the
/// line numbers are the files' own.
@Suite(.enabled(if: RealExamples.available, RealExamples.skipNote)) struct FoundationOneRealTests {
    func report(_ copy: String) throws -> ResultReport {
        let (format, doc) = try readReal("\(copy)/sample.xml")
        #expect(format == .foundationOne)
        guard case .result(let r) = doc else { throw InputError.conflict(SourceLocation(file: copy), reason: "not a result") }
        return r
    }

    @Test(arguments: ["lifeomic-foundation-ingest", "lifeomic-foundation-xml-fhir"])
    func headerAndPatient(_ copy: String) throws {
        let r = try report(copy)
        #expect(r.identity == ReportIdentity(id: "SMP37669", version: 1))
        #expect(r.patient.identifier == PatientIdentifier(mrn: "12345678"))
        #expect(r.patient.name == PersonName(family: "Patient", given: ["Test"]))
        #expect(r.patient.sex == .male)
        #expect(r.patient.birthDate?.description == "2002-12-12")
        // No CollDate: the received date stands in, marked estimated.
        #expect(r.specimen.collected.date.description == "2016-07-21")
        #expect(r.specimen.collectedIsEstimated)
        #expect(r.assay.name == "FoundationOne Heme")
        #expect(r.assay.version == "v2.7.0")
        #expect(r.quality == .qualified)
        #expect(r.listsDetectedOnly)
        #expect(r.biomarkers.contains(Biomarker(name: "MSI", value: "MSS")))
        #expect(r.biomarkers.contains(Biomarker(name: "TMB", value: "0.73 mutations-per-megabase, low")))
    }

    @Test(arguments: ["lifeomic-foundation-ingest", "lifeomic-foundation-xml-fhir"])
    func shortVariantsWithTheirEdgeCases(_ copy: String) throws {
        let r = try report(copy)
        // 48 short-variant elements; WDR90 M1T is listed twice with the same values: stored once.
        #expect(r.variants.count == 47)
        #expect(r.variants.filter { $0.gene == "WDR90" }.count == 1)
        let hdac1 = try #require(r.variants.first { $0.gene == "HDAC1" })
        #expect(hdac1.key.description == "HDAC1 p.R77S")
        #expect(hdac1.codingChange == "c.229C>A")
        #expect(hdac1.alleleFraction?.fraction == 0.48)
        #expect(hdac1.depth == 536)
        // Subclonal, no equivocal attribute, no dna-evidence child.
        let flt3 = try #require(r.variants.first { $0.gene == "FLT3" })
        #expect(flt3.subclonal && !flt3.equivocal)
        #expect(flt3.alleleFraction?.fraction == 0.0319)
        #expect(flt3.proteinChange == "p.E604_F605ins23")
        // Equivocal low-VAF call.
        let mdm2 = try #require(r.variants.first { $0.gene == "MDM2" })
        #expect(mdm2.equivocal)
        #expect(mdm2.alleleFraction?.fraction == 0.0038)
        #expect(mdm2.depth == 30626)
        // A splice site has no protein change: keyed by the coding change.
        let brca1 = try #require(r.variants.first { $0.gene == "BRCA1" })
        #expect(brca1.proteinChange == nil)
        #expect(brca1.key.description == "BRCA1 c.594-2A>C")
    }

    @Test(arguments: ["lifeomic-foundation-ingest", "lifeomic-foundation-xml-fhir"])
    func copyNumberAndRearrangement(_ copy: String) throws {
        let r = try report(copy)
        let cna = r.findings.filter { $0.kind == .copyNumber }
        #expect(cna.map { $0.gene ?? "" } == ["CDK4", "CCND3", "MYC", "PIM1", "RAD21"])
        let myc = try #require(cna.first { $0.gene == "MYC" })
        #expect(myc.copyNumber == 41 && myc.detail == "amplification" && !myc.equivocal)
        #expect(cna.first { $0.gene == "CCND3" }?.equivocal == true)
        // `targeted-gene` in one copy, `target-gene` in the other; other-gene N/A is none.
        let nf1 = try #require(r.findings.first { $0.kind == .rearrangement })
        #expect(nf1.gene == "NF1" && nf1.otherGene == nil && nf1.detail == "truncation")
    }

    @Test func lohScoreOnlyInTheIngestCopy() throws {
        #expect(try report("lifeomic-foundation-ingest").biomarkers.contains(Biomarker(name: "LOH", value: "21.1%")))
        #expect(try !report("lifeomic-foundation-xml-fhir").biomarkers.contains { $0.name == "LOH" })
    }
}

@Suite(.enabled(if: RealExamples.available, RealExamples.skipNote)) struct FHIRRealTests {
    @Test func jsonOncologyReportIngests() throws {
        let (format, doc) = try readReal("hl7-genomics-reporting/oncology-report-example.json")
        #expect(format == .fhirJSON)
        guard case .result(let r) = doc else { Issue.record("not a result"); return }
        #expect(r.identity == ReportIdentity(id: "http://molit.eu/fhir/genomics/NamingSystem/cegat/reportID|42867", version: 1))
        #expect(r.patient.identifier == PatientIdentifier(mrn: "11111", issuer: "http://molit.eu/fhir/genomics/NamingSystem/cegat/patID"))
        // The specimen has no collection time: DiagnosticReport.issued stands in, estimated.
        #expect(r.specimen.collected.text == "2019-09-15T11:35:05.722-04:00")
        #expect(r.specimen.collectedIsEstimated)
        #expect(r.variants.count == 12)
        let pik3ca = try #require(r.variants.first { $0.key.description == "PIK3CA p.H1047R" })
        #expect(pik3ca.codingChange == "c.3140A>G")
        #expect(pik3ca.alleleFraction?.fraction == 0.2188)  // UCUM "1": a fraction
        #expect(pik3ca.depth == 64)
        #expect(pik3ca.origin == .somatic)
        // p.= (synonymous) is no protein key: the coding change keys it.
        #expect(r.variants.contains { $0.key.description == "IRS2 c.3960C>T" })
        #expect(r.variants.contains { $0.key.description == "KMT2D p.Q2634Afs*20" })
    }

    /// Variant Observations read on their own, for files the tool cannot put on a timeline.
    func observations(_ name: String) throws -> [Result<VariantCall, InputError>] {
        let path = "hl7-genomics-reporting/\(name)"
        guard case .xml(_, let root) = try DocumentReader.parse(try RealExamples.bytes(path), path: path) else { return [] }
        let resources = try FHIRResources(root: FHIRElement(xmlResource: root), path: path)
        let context = ReadContext(path: path, today: fixedToday)
        return resources.all.filter(FHIRMapping.isVariant).map { o in
            Result { () throws(InputError) in try FHIRMapping.variant(o, context: context) }
        }
    }

    @Test func percentVAFIsConverted() throws {
        // diagnosticreport-cgexample.xml: ACAD9 VAF 47 with UCUM "%", depth 208.
        let acad9 = try #require(try observations("diagnosticreport-cgexample.xml").compactMap { try? $0.get() }.first)
        #expect(acad9.gene == "ACAD9")
        #expect(acad9.alleleFraction?.fraction == 0.47)
        #expect(acad9.depth == 208)
        #expect(acad9.origin == .germline)
        #expect(acad9.key.description == "ACAD9 p.R417C")
    }

    @Test func geneWithDisplayAndNoCode() throws {
        let calls = try observations("oncologyexamples-r4.xml").compactMap { try? $0.get() }
        #expect(calls.map(\.key.description) == ["JAK2 p.V617F", "KDR p.Q472H"])
        #expect(calls.allSatisfy { $0.alleleFraction == nil && $0.depth == nil })
    }

    @Test func singleObservationWithDecimalUnit() throws {
        let ar = try #require(try observations("SNVexample.xml").first?.get())
        #expect(ar.key.description == "AR p.A412V")
        #expect(ar.alleleFraction?.fraction == 0.44)
        #expect(ar.depth == 120)
        #expect(ar.transcript == "NM_000044.3")
    }

    @Test func transcriptPrefixIsSplitOff() throws {
        let calls = try observations("compound-heterozygote.xml")
        // Two calls carry c.HGVS with NM_ prefixes; they name no gene, so they cannot be keyed.
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { if case .failure(.missingField(_, let f)) = $0 { f.hasPrefix("gene") } else { false } })
    }

    /// Files that hold variants but lack what a timeline needs are rejected, naming what is missing.
    @Test(arguments: [
        ("SNVexample.xml", "SNVexample.xml:1: error: subject Patient (a result cannot be placed on a timeline without one): required but missing"),
        ("complexVariant-nonHGVS.xml", "complexVariant-nonHGVS.xml:7: error: subject Patient (a result cannot be placed on a timeline without one): required but missing"),
        ("compound-heterozygote.xml", "compound-heterozygote.xml:16: error: subject Patient (a result cannot be placed on a timeline without one): required but missing"),
        ("diagnosticreport-cgexample.xml", "diagnosticreport-cgexample.xml:161: error: Patient.identifier (the MRN): required but missing"),
        ("oncology-diagnostic.xml", "oncology-diagnostic.xml:362: error: a collection date (Specimen.collection.collectedDateTime, effective[x] or issued): required but missing"),
        ("oncologyexamples-r4.xml", "oncologyexamples-r4.xml:1031: error: a collection date (Specimen.collection.collectedDateTime, effective[x] or issued): required but missing"),
        // Added later (issue 15): the grouper versions, CYP2C19, pharmacogenomic and HLA reports.
        ("diagnosticreport-cgexample-withGrouping.xml", "diagnosticreport-cgexample-withGrouping.xml:161: error: Patient.identifier (the MRN): required but missing"),
        ("oncologyexamples-r4-withGrouping.xml", "oncologyexamples-r4-withGrouping.xml:1025: error: a collection date (Specimen.collection.collectedDateTime, effective[x] or issued): required but missing"),
        ("report-CYP2C19.xml", "report-CYP2C19.xml:9942: error: subject Patient (a result cannot be placed on a timeline without one): required but missing"),
        ("sequence-phase-relation-CYP2C19.xml", "sequence-phase-relation-CYP2C19.xml:319: error: subject Patient (a result cannot be placed on a timeline without one): required but missing"),
        ("diagnosticreport-pgxexample.xml", "diagnosticreport-pgxexample.xml:74: error: Patient.identifier (the MRN): required but missing"),
        // Genotypes, haplotypes and an implication: no variant Observation at all.
        ("CG-IG-HLA-FullBundle-01.xml", "CG-IG-HLA-FullBundle-01.xml:23: error: variant Observation (profile variant or code 69548-6): required but missing"),
        ("obs-idh-ex.xml", "obs-idh-ex.xml:1: error: variant Observation (profile variant or code 69548-6): required but missing"),
    ])
    func unplaceableFilesAreRejected(_ name: String, _ message: String) throws {
        let bytes = try RealExamples.bytes("hl7-genomics-reporting/\(name)")
        let error = #expect(throws: InputError.self) {
            _ = try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: name, today: fixedToday))
        }
        #expect(error?.message() == message)
    }

    /// Every STU2 file in the shared folder is either ingested with its values checked
    /// (jsonOncologyReportIngests) or refused naming what is missing (unplaceableFilesAreRejected).
    @Test func everySTU2FileHasATest() throws {
        let folder = RealExamples.root.appendingPathComponent("hl7-genomics-reporting").path
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        let ingested: Set<String> = ["oncology-report-example.json"]
        let refused = Set(["SNVexample.xml", "complexVariant-nonHGVS.xml", "compound-heterozygote.xml",
                           "diagnosticreport-cgexample.xml", "oncology-diagnostic.xml", "oncologyexamples-r4.xml",
                           "diagnosticreport-cgexample-withGrouping.xml", "oncologyexamples-r4-withGrouping.xml",
                           "report-CYP2C19.xml", "sequence-phase-relation-CYP2C19.xml", "diagnosticreport-pgxexample.xml",
                           "CG-IG-HLA-FullBundle-01.xml", "obs-idh-ex.xml"])
        #expect(files == ingested.union(refused), "untested: \(files.subtracting(ingested.union(refused)).sorted())")
    }

    /// The report reaches its variants through grouper Observations (hasMember): the same
    /// variants as the file without groupers.
    @Test(arguments: ["diagnosticreport-cgexample", "oncologyexamples-r4"])
    func groupersAreFollowed(_ name: String) throws {
        func variants(_ file: String) throws -> [String?] {
            let path = "hl7-genomics-reporting/\(file).xml"
            guard case .xml(_, let root) = try DocumentReader.parse(try RealExamples.bytes(path), path: path) else { return [] }
            let resources = try FHIRResources(root: FHIRElement(xmlResource: root), path: path)
            let report = resources.ofType("DiagnosticReport").first
            return try FHIRMapping.variantObservations(resources, report: report,
                                                       context: ReadContext(path: path, today: fixedToday)).map { $0.value("id") }
        }
        let plain = try variants(name)
        #expect(!plain.isEmpty)
        // The grouper file renames its resources with a "-1a" suffix.
        let grouped = try variants(name + "-withGrouping").map { $0.map { $0.hasSuffix("-1a") ? String($0.dropLast(3)) : $0 } }
        #expect(Set(grouped) == Set(plain))
    }

    /// The STU3 form of the oncology report (hand-translated from FSH) reads as the STU2 JSON does.
    @Test func stu3OncologyBundleMatchesTheSTU2JSON() throws {
        let (_, stu2) = try readReal("hl7-genomics-reporting/oncology-report-example.json")
        let (_, stu3) = try read("fhir/stu3/oncology-report-bundle.json")
        guard case .result(let a) = stu2, case .result(let b) = stu3 else { Issue.record("not results"); return }
        #expect(a.identity == b.identity)
        #expect(a.patient == b.patient)
        #expect(a.variants.map(\.gene) == b.variants.map(\.gene))
        #expect(a.variants.map(\.codingChange) == b.variants.map(\.codingChange))
        #expect(a.variants.map(\.alleleFraction) == b.variants.map(\.alleleFraction))
        // The FSH comments out five one-letter p. changes (p.G12C, p.Q2634Afs*20, p.K111N,
        // p.A4040T, p.N430K) and gives RYR1 p.Arg1655Leu where the STU2 JSON has p.R1655H:
        // those variants key by c. (or the other p.) in the STU3 form. Keys are the sources', not ours.
        let differing = zip(a.variants, b.variants).filter { $0.key != $1.key }.map { "\($0.key) / \($1.key)" }
        #expect(differing == ["NRAS p.G12C / NRAS c.34G>T", "KMT2D p.Q2634Afs*20 / KMT2D c.7900_7901delCA",
                              "PIK3CA p.K111N / PIK3CA c.333G>T", "RYR1 p.R1655H / RYR1 p.R1655L",
                              "SACS p.A4040T / SACS c.12118G>A", "SLIT2 p.N430K / SLIT2 c.1290C>A"])
        #expect(a.variants.map(\.depth) == b.variants.map(\.depth))
    }

    @Test(arguments: [("somatic_report.xml", "SomaticNgsReport"), ("tumor_only_report.xml", "DiagnosticNgsReport")])
    func otherLabsXMLIsNamedAndRejected(_ name: String, _ root: String) throws {
        let bytes = try RealExamples.bytes("imgag-ngs-bits/\(name)")
        let error = #expect(throws: InputError.self) {
            _ = try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: name, today: fixedToday))
        }
        #expect(error?.message() == "\(name):2: error: unsupported format: root element <\(root)> in namespace (none)")
    }
}
