@testable import AssayXML
import CtDNAModel
import Foundation
import Testing

/// What issue 13 added to our XML (clinical context and result) is read whole; files of
/// the first release read as before.
@Suite struct ClinicalAdditionsTests {
    func clinical(_ name: String) throws -> ClinicalContext {
        let (format, doc) = try read("ctdna-xml/good/\(name)")
        #expect(format == .ctdnaClinical)
        guard case .clinical(let c) = doc else { throw InputError.conflict(SourceLocation(file: name), reason: "not clinical") }
        return c
    }

    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func everyNewClinicalFieldIsRead() throws {
        let c = try clinical("clinical-context-full.xml")
        #expect(c.identity == ReportIdentity(id: "FX-CLIN-13", version: 2))
        #expect(c.lightChain == .lambda)
        #expect(c.labValues.map(\.marker) == [.mProtein, .lambdaFLC, .urineMProtein, .serumImmunofixation, .urineImmunofixation,
                                              .beta2Microglobulin, .creatinine, .circulatingPlasmaCells])
        #expect(c.labValues.first { $0.marker == .urineMProtein }?.value == 350)
        #expect(c.labValues.first { $0.marker == .urineImmunofixation } == LabValue(marker: .urineImmunofixation, value: 0, measured: day("2024-06-03")))
        #expect(c.marrow.count == 2)
        #expect(c.marrow[0].mrdMethod == nil)
        #expect(c.marrow[0].cytogenetics == [
            CytogeneticResult(kind: .del17p, detected: true, clonalFraction: 0.45, allelic: .biallelic),
            CytogeneticResult(kind: .amp1q, detected: true, clonalFraction: 0.8),
            CytogeneticResult(kind: .t4_14, detected: false),
            CytogeneticResult(kind: .del1p32, detected: true, allelic: .monoallelic),
        ])
        #expect(c.marrow[1] == MarrowAssessment(performed: day("2024-06-04"), plasmaCellPercent: 0.5, mrd: .negative,
                                                mrdSensitivity: 0.000001, mrdMethod: .ngs))
        #expect(c.imaging.count == 1)
        #expect(c.imaging[0].lesions == [
            Lesion(site: .kidney, lesionClass: .extramedullary),
            Lesion(site: .paraskeletal, lesionClass: .paraskeletal),  // class from the site
            Lesion(site: .cns, lesionClass: .cns),
            Lesion(site: .softTissue, lesionClass: .paraskeletal),    // a class given wins
        ])
        #expect(c.imaging[0].summary == "Renal plasmacytoma; a paraskeletal mass at T8.")
        // Keys normalised as variant calls' keys are; a repeat within one biopsy once.
        #expect(c.biopsies == [
            BiopsyResult(performed: day("2024-01-08"), source: .marrow,
                         variants: ["TP53 p.R175H", "KRAS p.G12D", "DIS3 c.2300A>G"]),
            BiopsyResult(performed: day("2024-02-20"), source: .extramedullary, variants: ["TP53 p.R175H"]),
            BiopsyResult(performed: day("2024-03-01"), source: .extramedullary, variants: []),
        ])
        // The same keys as the draws' calls of those variants.
        let call = VariantCall(gene: "TP53", proteinChange: "p.Arg175His", status: .notDetected)
        #expect(c.biopsies[0].variants[0] == call.key.description)
    }

    @Test func firstReleaseSitesReadAsLesionsOfTheirDefaultClass() throws {
        let c = try clinical("clinical-context-v1-sites.xml")
        #expect(c.imaging.count == 1)
        #expect(c.imaging[0].lesions == [
            Lesion(site: .skinSoftTissue, lesionClass: .extramedullary),
            Lesion(site: .cns, lesionClass: .cns),
            Lesion(site: .paraskeletal, lesionClass: .paraskeletal),
            Lesion(site: .lymphNode, lesionClass: .extramedullary),
        ])
        #expect(c.imaging[0].extramedullarySites == [.skinSoftTissue, .cns, .paraskeletal, .lymphNode])
        #expect(c.lightChain == nil && c.biopsies.isEmpty)
        // The first release's own fixture, unchanged.
        let old = try clinical("clinical-context.xml")
        #expect(old.imaging.last?.lesions == [Lesion(site: .pleura), Lesion(site: .skinSoftTissue)])
        #expect(old.marrow.allSatisfy { $0.cytogenetics.isEmpty && $0.mrdMethod == nil })
    }

    @Test func resultFieldsOfIssue13AreRead() throws {
        let (_, doc) = try read("ctdna-xml/good/result-issue-13-fields.xml")
        guard case .result(let r) = doc else { Issue.record("not a result"); return }
        #expect(r.specimen.processingHours == 26.5)
        #expect(r.specimen.tubeType == "Streck cfDNA BCT")
        #expect(r.specimen.plasmaVolumeMl == 4.0)
        #expect(r.assay.backgroundErrorRate?.fraction == 0.00012)
        #expect(r.variants.map(\.clinicalSignificance) == [.pathogenic, .tierII])
        #expect(r.variants[0].origin == .somatic)
        // Absent, as in every first-release file: no classification.
        let (_, old) = try read("ctdna-xml/good/minimal-one-variant.xml")
        guard case .result(let o) = old else { return }
        #expect(o.variants.allSatisfy { $0.clinicalSignificance == nil })
        #expect(o.specimen.processingHours == nil && o.assay.backgroundErrorRate == nil)
    }
}

/// FHIR 53037-8 "Genetic variation clinical significance", on the variant or on an
/// Observation derived from it, by LOINC answer code or by display.
@Suite struct FHIRClinicalSignificanceTests {
    func component(code: String?, display: String?) -> FHIRElement {
        func el(_ name: String, _ value: String? = nil, _ children: [FHIRElement] = []) -> FHIRElement {
            FHIRElement(name: name, value: value, resourceType: nil, children: children, line: 1)
        }
        var coding: [FHIRElement] = [el("system", "http://loinc.org")]
        if let code { coding.append(el("code", code)) }
        if let display { coding.append(el("display", display)) }
        return el("component", nil, [
            el("code", nil, [el("coding", nil, [el("system", "http://loinc.org"), el("code", "53037-8")])]),
            el("valueCodeableConcept", nil, [el("coding", nil, coding)]),
        ])
    }

    @Test(arguments: [
        ("LA6668-3", nil, ClinicalSignificance.pathogenic), ("LA26332-9", nil, .likelyPathogenic),
        ("LA26333-7", nil, .uncertain), ("LA26334-5", nil, .likelyBenign), ("LA6675-8", nil, .benign),
        (nil, "Likely Pathogenic", .likelyPathogenic), (nil, "Uncertain Significance", .uncertain),
        (nil, "benign", .benign), (nil, "Tier II", .tierII),
    ] as [(String?, String?, ClinicalSignificance)])
    func answerByCodeOrDisplay(_ code: String?, _ display: String?, _ expected: ClinicalSignificance) {
        #expect(FHIRMapping.significance(component(code: code, display: display)) == expected)
    }

    @Test func otherValuesAreNoClassification() {
        #expect(FHIRMapping.significance(component(code: "LA9999-9", display: "Drug response")) == nil)
        #expect(FHIRMapping.significance(nil) == nil)
    }

    @Test func onTheVariantObservationInJSON() throws {
        let (_, doc) = try read("fhir/good/bundle-clinical-significance.json")
        guard case .result(let r) = doc else { Issue.record("not a result"); return }
        let byKey = Dictionary(uniqueKeysWithValues: r.variants.map { ($0.key.description, $0.clinicalSignificance) })
        #expect(byKey["KRAS p.G12D"] == .pathogenic)       // its own component, by code
        #expect(byKey["TP53 p.R175H"] == .likelyPathogenic) // a diagnostic implication derived from it
        #expect(byKey["DNMT3A p.R882H"] == .some(nil))      // none given
    }

    /// The IG's own example gives BRAF V600E's significance on a diagnostic implication.
    @Test(.enabled(if: RealExamples.available, RealExamples.skipNote))
    func realExampleImplicationReachesItsVariant() throws {
        let path = "hl7-genomics-reporting/oncology-diagnostic.xml"
        guard case .xml(_, let root) = try DocumentReader.parse(try RealExamples.bytes(path), path: path) else {
            Issue.record("not XML"); return
        }
        let resources = try FHIRResources(root: FHIRElement(xmlResource: root), path: path)
        let implied = FHIRMapping.impliedSignificance(resources)
        let variants = resources.all.filter(FHIRMapping.isVariant)
        let braf = try #require(variants.first)
        let call = try FHIRMapping.variant(braf, context: ReadContext(path: path, today: fixedToday), implied: implied[braf])
        #expect(call.key.description == "BRAF p.V600E")
        #expect(call.clinicalSignificance == .pathogenic)
    }
}

/// FoundationOne's short-variant `status`: known, likely, unknown (a VUS).
@Suite(.enabled(if: RealExamples.available, RealExamples.skipNote)) struct FoundationOneSignificanceTests {
    @Test func statusGivesTheClass() throws {
        let (_, doc) = try readReal("lifeomic-foundation-ingest/sample.xml")
        guard case .result(let r) = doc else { Issue.record("not a result"); return }
        let counts = Dictionary(grouping: r.variants, by: \.clinicalSignificance).mapValues(\.count)
        // 48 short variants: 4 known, 20 likely, 24 unknown; WDR90 (unknown) is listed twice, stored once.
        #expect(counts == [.pathogenic: 4, .likelyPathogenic: 20, .uncertain: 23])
        #expect(r.variants.first { $0.gene == "HDAC1" }?.clinicalSignificance == .uncertain)
    }

    @Test func otherStatusIsNoClass() {
        #expect(FoundationOneReader.significance("known") == .pathogenic)
        #expect(FoundationOneReader.significance("likely") == .likelyPathogenic)
        #expect(FoundationOneReader.significance("unknown") == .uncertain)
        #expect(FoundationOneReader.significance("ambiguous") == nil)
        #expect(FoundationOneReader.significance(nil) == nil)
    }
}
