@testable import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Issue 15, item 1: FHIR Genomics Reporting read version-aware (STU2 and STU3).
/// Fixtures: Tests/Fixtures/fhir/stu3/ (the IG's STU3 FHIR Shorthand examples written out
/// by hand, see make_stu3.py there) and the hand-made cases in fhir/good and fhir/bad
/// (make_version_cases.py); expected values are read off the sources by eye.
func report(_ relative: String) throws -> ResultReport {
    let (_, doc) = try read(relative)
    guard case .result(let r) = doc else { throw InputError.conflict(SourceLocation(file: relative), reason: "not a result") }
    return r
}

func call(_ r: ResultReport, _ key: String) throws -> VariantCall {
    try #require(r.variants.first { $0.key.description == key }, "no \(key) in \(r.variants.map(\.key.description))")
}

/// The resources of a fixture, for reading single Observations.
func resources(_ relative: String) throws -> FHIRResources {
    let bytes = try Fixtures.bytes(relative)
    switch try DocumentReader.parse(bytes, path: relative) {
    case .xml(_, let root): return try FHIRResources(root: FHIRElement(xmlResource: root), path: relative)
    case .json(let doc): return try FHIRResources(root: FHIRElement(json: doc.root, name: "root"), path: relative)
    }
}

@Suite struct FHIRSTU3ExampleTests {
    /// somaticReportPDFexamples.fsh: report → GenomicStudy → analyses → tumour + normal specimens.
    @Test(arguments: ["fhir/stu3/somatic-report-pdf.json", "fhir/stu3/somatic-report-pdf.xml"])
    func somaticReport(_ path: String) throws {
        let r = try report(path)
        #expect(r.identity == ReportIdentity(id: "23-0000345", version: 1))
        #expect(r.status == .final)
        #expect(r.patient.identifier == PatientIdentifier(mrn: "1234567", issuer: "http://www.somesystemabc.net/identifiers/persons"))
        #expect(r.patient.sex == .male)
        #expect(r.patient.birthDate?.description == "1987-09-01")
        // The analysis lists the lung biopsy and a blood normal: the tumour specimen is the draw.
        #expect(r.specimen.accession == "222333")
        #expect(r.specimen.collected.text == "2023-01-01T01:01:00Z")
        #expect(!r.specimen.collectedIsEstimated)
        #expect(r.specimen.received?.text == "2023-01-23T01:01:01Z")
        #expect(r.laboratory == "My Test Pathology Laboratories")
        #expect(r.assay.name == "Genetic analysis report")
        // Studied regions are a BED file plus three example genes: no panel is claimed.
        #expect(r.assay.panelGenes.isEmpty && !r.listsDetectedOnly)
        #expect(r.variants.map(\.key.description) == [
            "NOTCH1 p.A1931T", "ZFHX3 p.G585S", "MSH2 p.V611fs", "NTHL1 p.W243*", "STAG2 p.S1178*",
            "ATR c.2878_2879insAGTAA", "EGFR p.L858R",
        ])
        #expect(r.variants.allSatisfy { $0.status == .detected && $0.origin == .somatic && $0.location == nil })
        let notch1 = try call(r, "NOTCH1 p.A1931T")
        #expect(notch1.codingChange == "c.5791G>A")
        #expect(notch1.transcript == "NM_017617.5")
        #expect(notch1.alleleFraction?.fraction == 0.15)
        // 221 reads at VAF 0.15 is a depth (33 alt reads), not supporting reads.
        #expect(notch1.depth == 221 && notch1.altReads == nil)
        #expect(notch1.clinicalSignificance == .uncertain)
        let zfhx3 = try call(r, "ZFHX3 p.G585S")
        #expect(zfhx3.alleleFraction?.fraction == 0.10 && zfhx3.depth == 212)
        // No c./p. components: the ClinVar variation name gives them.
        let msh2 = try call(r, "MSH2 p.V611fs")
        #expect(msh2.codingChange == "c.1832del")
        #expect(msh2.transcript == "NM_006885.4")  // as the FSH gives it (51958-7)
        #expect(msh2.clinicalSignificance == .pathogenic)
        #expect(msh2.alleleFraction == nil && msh2.depth == nil)
        let nthl1 = try call(r, "NTHL1 p.W243*")
        #expect(nthl1.codingChange == "c.728G>A" && nthl1.transcript == "NM_002528.7")
        #expect(nthl1.clinicalSignificance == .pathogenic)
        let stag2 = try call(r, "STAG2 p.S1178*")
        #expect(stag2.codingChange == "c.3530_3531insGTGACTATTAATAT")
        #expect(stag2.alleleFraction?.fraction == 0.08 && stag2.depth == 88)
        #expect(stag2.clinicalSignificance == .likelyPathogenic)
        let atr = try call(r, "ATR c.2878_2879insAGTAA")
        #expect(atr.alleleFraction?.fraction == 0.075 && atr.depth == 131)
        #expect(atr.clinicalSignificance == .likelyPathogenic)
        let egfr = try call(r, "EGFR p.L858R")
        #expect(egfr.codingChange == "c.2573T>G" && egfr.alleleFraction?.fraction == 0.066 && egfr.depth == nil)
        #expect(egfr.clinicalSignificance == .pathogenic)
        // The ROS1 fusion, given as in a PDF without HGVS, is a rearrangement finding.
        #expect(r.findings == [StructuralFinding(kind: .rearrangement, gene: "ROS1", detail: "fusion")])
        #expect(r.biomarkers == [
            Biomarker(name: "TMB", value: "29.8"), Biomarker(name: "MSI", value: "MSI-H"),
            Biomarker(name: "PD-L1 by clone 22C3 in Tissue by Immune stain Report", value: "Positive"),
        ])
        #expect(r.tumourFraction == nil)
    }

    @Test func jsonAndXMLReadAlike() throws {
        #expect(try report("fhir/stu3/somatic-report-pdf.json") == report("fhir/stu3/somatic-report-pdf.xml"))
        #expect(try report("fhir/stu3/oncology-report-bundle.json") == report("fhir/stu3/oncology-report-bundle.xml"))
    }

    /// Molecular consequences repeat c. and p. HGVS (other transcripts): never variants.
    @Test func molecularConsequencesAreNotVariants() throws {
        let somatic = try resources("fhir/stu3/somatic-report-pdf.json")
        let consequences = somatic.all.filter { ($0.value("id") ?? "").hasSuffix("-molc") }
        #expect(consequences.count == 7)
        #expect(consequences.allSatisfy { !FHIRMapping.isVariant($0) })
        let molec = try resources("fhir/stu3/variant-with-molec-consequences.json")
        let variants = molec.all.filter(FHIRMapping.isVariant)
        #expect(variants.map { $0.value("id") } == ["variant-with-molec-consequences"])
        // molec-conseq2 and 3 carry 48004-6 c.HGVS, and the variant code would not keep them out.
        #expect(molec.ofType("Observation").count == 5)
    }

    /// bundle-oncology-report-example.fsh: the STU2 JSON's report in STU3 form.
    @Test func oncologyBundle() throws {
        let r = try report("fhir/stu3/oncology-report-bundle.json")
        #expect(r.identity == ReportIdentity(id: "http://molit.eu/fhir/genomics/NamingSystem/cegat/reportID|42867", version: 1))
        #expect(r.patient.identifier == PatientIdentifier(mrn: "11111", issuer: "http://molit.eu/fhir/genomics/NamingSystem/cegat/patID"))
        #expect(r.laboratory == "CEGAT")
        #expect(r.specimen.accession == "UNKNOWN")
        // No collection time: the variants' effective date (STU3 added one) stands in, estimated.
        #expect(r.specimen.collected.text == "2023-03-05")
        #expect(r.specimen.collectedIsEstimated)
        #expect(r.issued?.text == "2019-09-15T11:35:05.722-04:00")
        #expect(r.variants.count == 12)
        #expect(r.variants.map(\.key.description) == [
            "PIK3CA p.H1047R", "NRAS c.34G>T", "FBXW7 p.R465H", "KMT2D c.7900_7901delCA", "PIK3CA c.333G>T",
            "IRS2 c.3960C>T", "CDKN2A p.A4_P11del", "RECQL4 p.R696C", "RYR1 p.R1655L", "SACS c.12118G>A",
            "SLIT2 c.1290C>A", "SMARCA4 p.A791V",
        ])
        let pik3ca = try call(r, "PIK3CA p.H1047R")
        #expect(pik3ca.codingChange == "c.3140A>G" && pik3ca.transcript == "NM_006218.4")
        #expect(pik3ca.alleleFraction?.fraction == 0.2188 && pik3ca.depth == 64 && pik3ca.altReads == nil)
        let cdkn2a = try call(r, "CDKN2A p.A4_P11del")
        // 112 reads at VAF 0.0536: 6 alt reads, a depth.
        #expect(cdkn2a.depth == 112 && cdkn2a.alleleFraction?.fraction == 0.0536)
        #expect(r.variants.allSatisfy { $0.status == .detected && $0.origin == .somatic && $0.location == nil })
    }

    /// CGOpsRequests.fsh: BRAF V600E at 140753335 in 0-based interval counting on
    /// NC_000007.14 is VCF position 140753336. The example has no gene or patient.
    @Test func zeroBasedCoordinatesOfTheOperationExample() throws {
        let path = "fhir/stu3/cgops-find-subject-variants-braf.json"
        let braf = try #require(try resources(path).ofType("Observation").first)
        var components: [String: FHIRElement] = [:]
        for c in braf.all("component") { if let code = c.first("code")?.codings.first?.code { components[code] = c } }
        let location = try FHIRMapping.genomicLocation(components, concept: { components[$0]?.value("valueString") },
                                                       at: SourceLocation(file: path))
        #expect(location == GenomicLocation(chromosome: "chr7", position: 140753336, reference: "A", alternate: "T"))
        let error = #expect(throws: InputError.self) { _ = try read(path) }
        #expect(error?.message() == "fhir/stu3/cgops-find-subject-variants-braf.json:8: error: subject Patient (a result cannot be placed on a timeline without one): required but missing")
    }

    @Test func variantWithMolecularConsequencesIsRefusedForWhatItLacks() throws {
        let error = #expect(throws: InputError.self) { _ = try read("fhir/stu3/variant-with-molec-consequences.json") }
        #expect(error?.message() == "fhir/stu3/variant-with-molec-consequences.json:8: error: subject Patient (a result cannot be placed on a timeline without one): required but missing")
    }
}

@Suite struct FHIRVersionAwareTests {
    @Test(arguments: [
        ("LA9633-4", nil, CallStatus.detected), ("LA9634-2", nil, .notDetected), ("LA18198-4", nil, .notCovered),
        ("LA11884-6", nil, .failedQC), (nil, "present", .detected), (nil, "ABSENT", .notDetected),
        (nil, "No call", .notCovered), (nil, "no-call", .notCovered), (nil, "Indeterminate", .failedQC),
    ] as [(String?, String?, CallStatus)])
    func assessmentByCodeOrDisplay(_ code: String?, _ display: String?, _ expected: CallStatus) throws {
        func el(_ name: String, _ value: String? = nil, _ children: [FHIRElement] = []) -> FHIRElement {
            FHIRElement(name: name, value: value, resourceType: nil, children: children, line: 1)
        }
        var coding = [el("system", "http://loinc.org")]
        if let code { coding.append(el("code", code)) }
        if let display { coding.append(el("display", display)) }
        let o = el("Observation", nil, [el("valueCodeableConcept", nil, [el("coding", nil, coding)])])
        #expect(try FHIRMapping.assessment(o, at: SourceLocation(file: "x")).status == expected)
    }

    /// A No call after a not-detected draw is not covered: neither a detection nor a not-detected.
    @Test func noCallAfterNotDetected() throws {
        let first = try report("fhir/good/stu3-draw1-tp53-absent.json")
        let second = try report("fhir/good/stu3-draw2-tp53-no-call.json")
        #expect(try call(first, "TP53 p.R248Q").status == .notDetected)
        let noCall = try call(second, "TP53 p.R248Q")
        #expect(noCall.status == .notCovered)
        #expect(noCall.alleleFraction == nil && noCall.depth == 12)
        #expect(try call(second, "KRAS p.G12D").status == .detected)
        #expect(try call(second, "KRAS p.G12D").alleleFraction?.fraction == 0.009)
    }

    @Test func indeterminateIsFailed() throws {
        let r = try report("fhir/good/stu3-indeterminate.json")
        let kras = try call(r, "KRAS p.G12D")
        #expect(kras.status == .failedQC)
        #expect(kras.alleleFraction == nil)  // a VAF given with a failed call is not a measurement
        #expect(try call(r, "NRAS p.Q61K").status == .detected)
    }

    /// The Bundle's (and the report's) first Specimen is the buffy-coat normal: the plasma is the draw.
    @Test func firstSpecimenBuffyCoatIsNotTheDraw() throws {
        let r = try report("fhir/good/stu3-first-specimen-buffy-coat.json")
        #expect(r.specimen.accession == "NB-24-0502-P")
        #expect(r.specimen.collected.text == "2024-05-02T09:05:00Z")
        #expect(r.specimen.tubeType == "Plasma cfDNA")
    }

    @Test func searchsetWithZeroAndOneBasedCoordinates() throws {
        let r = try report("fhir/good/stu3-searchset-zero-based.json")
        #expect(r.specimen.accession == "NB-24-0603")
        #expect(try call(r, "BRAF p.V600E").location
            == GenomicLocation(chromosome: "chr7", position: 140753336, reference: "A", alternate: "T"))
        #expect(try call(r, "KRAS p.G12D").location
            == GenomicLocation(chromosome: "chr12", position: 25245350, reference: "C", alternate: "T"))
    }

    @Test func allelicReadDepthAsSupportingReads() throws {
        let r = try report("fhir/good/stu3-allelic-depth-supporting-reads.json")
        // 12 reads at VAF 0.004 would be 0.05 alt reads as a depth: they are the alt reads.
        let kras = try call(r, "KRAS p.G12D")
        #expect(kras.altReads == 12 && kras.depth == 3000)
        // The component's text says supporting reads.
        let nras = try call(r, "NRAS p.Q61K")
        #expect(nras.altReads == 40 && nras.depth == 160)
        // 900 reads at VAF 0.1: a depth.
        let tp53 = try call(r, "TP53 p.R248Q")
        #expect(tp53.altReads == nil && tp53.depth == 900)
    }

    /// A VAF so small that supporting reads would give an absurd depth is refused, never trapped on.
    @Test func supportingReadsWithATinyVAFAreRefused() throws {
        let path = "fhir/good/stu3-allelic-depth-supporting-reads.json"
        let text = String(decoding: try Fixtures.bytes(path), as: UTF8.self)
            .replacingOccurrences(of: "\"value\": 0.004,", with: "\"value\": 1e-300,")
        let error = #expect(throws: InputError.self) {
            _ = try DocumentReader.standard.read(bytes: Array(text.utf8), context: ReadContext(path: "x.json", today: fixedToday))
        }
        #expect(error?.reason(verbose: false) == "read depth: 82121-5 read as supporting reads gives no plausible depth at this VAF")
    }

    @Test func genomicStudyRegionsAndBiomarkers() throws {
        let r = try report("fhir/good/stu3-genomic-study-regions.json")
        // No DiagnosticReport.specimen: the analysis names a saliva normal first, then the plasma.
        #expect(r.specimen.accession == "NB-24-0802-P")
        #expect(try call(r, "KRAS p.G12D").status == .detected)
        #expect(try call(r, "NRAS p.Q61K").status == .notDetected)
        // TP53 was studied but uncalled: Absent there means not covered.
        #expect(try call(r, "TP53 p.R248Q").status == .notCovered)
        #expect(r.assay.panelGenes == ["KRAS", "NRAS"])
        #expect(r.listsDetectedOnly)
        #expect(r.tumourFraction?.fraction == 0.032)
        #expect(r.biomarkers == [Biomarker(name: "TMB", value: "4.1 /1000000{Base}"), Biomarker(name: "MSI", value: "Stable")])
    }

    /// STU2 RegionStudied: genes and 0-based ranges; an Absent call outside them is not covered.
    @Test func stu2RegionStudiedRanges() throws {
        func el(_ name: String, _ value: String? = nil, _ children: [FHIRElement] = [], type: String? = nil) -> FHIRElement {
            FHIRElement(name: name, value: value, resourceType: type, children: children, line: 1)
        }
        func code(_ c: String) -> FHIRElement { el("code", nil, [el("coding", nil, [el("system", "http://loinc.org"), el("code", c)])]) }
        let region = el("Observation", nil, [
            code("53041-0"),
            el("component", nil, [code("48018-6"), el("valueCodeableConcept", nil, [el("coding", nil, [el("code", "HGNC:6407"), el("display", "KRAS")])])]),
            el("component", nil, [code("92822-6"), el("valueCodeableConcept", nil, [el("coding", nil, [el("code", "LA30100-4")])])]),
            el("component", nil, [code("48013-7"), el("valueCodeableConcept", nil, [el("coding", nil, [el("code", "NC_000007.14")])])]),
            el("component", nil, [code("51959-5"), el("valueRange", nil, [el("low", nil, [el("value", "140753300")]),
                                                                          el("high", nil, [el("value", "140753400")])])]),
        ], type: "Observation")
        let r = try FHIRMapping.regions(observations: [region], analyses: [], context: ReadContext(path: "x", today: fixedToday))
        #expect(r.studiedGenes == ["KRAS"])
        #expect(r.studiedRanges == [FHIRMapping.Region(chromosome: "chr7", start: 140753301, end: 140753400)])
        #expect(r.panel == ["KRAS"])
        let braf = GenomicLocation(chromosome: "chr7", position: 140753336, reference: "A", alternate: "T")
        #expect(!r.uncovered(gene: "BRAF", location: braf))  // inside a studied range
        #expect(!r.uncovered(gene: "KRAS", location: nil))   // a studied gene
        #expect(r.uncovered(gene: "TP53", location: nil))    // neither
        #expect(r.uncovered(gene: "BRAF", location: GenomicLocation(chromosome: "chr7", position: 140753301 - 1, reference: "A", alternate: "T")))
    }

    @Test func chromosomeAnswers() {
        #expect(FHIRMapping.chromosome(named: "Chromosome 7") == "chr7")
        #expect(FHIRMapping.chromosome(named: "chrX") == "chrX")
        #expect(FHIRMapping.chromosome(named: "12") == "chr12")
        #expect(FHIRMapping.chromosome(named: "Chromosome 23") == nil)
        #expect(FHIRMapping.chromosomeAnswers["LA21254-0"] == "chr1")
        #expect(FHIRMapping.chromosomeAnswers["LA21260-7"] == "chr7")
        #expect(FHIRMapping.chromosomeAnswers["LA21276-3"] == "chrX")
        #expect(FHIRMapping.grch38Chromosome(refSeq: "NC_000007.14") == "chr7")
        #expect(FHIRMapping.grch38Chromosome(refSeq: "NC_000007.13") == nil)
        #expect(FHIRMapping.grch38Chromosome(refSeq: "NC_000023.11") == "chrX")
    }

    /// The answer codes the STU3 sources use (somaticReportPDFexamples.fsh) are where the
    /// table puts them; the table is LL2938-0's run LA21254-0 … LA21277-1 in order.
    @Test func chromosomeAnswerCodesOfTheIGExamples() {
        #expect(FHIRMapping.chromosomeAnswers["LA21262-3"] == "chr9")
        #expect(FHIRMapping.chromosomeAnswers["LA21269-8"] == "chr16")
        #expect(FHIRMapping.chromosomeAnswers["LA21276-3"] == "chrX")
        #expect(FHIRMapping.chromosomeAnswers["LA21256-5"] == "chr3")
        #expect(FHIRMapping.chromosomeAnswers.count == 24)
    }
}
