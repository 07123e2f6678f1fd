import CtDNAModel
import Testing
import Tracking

let patient = Patient(identifier: PatientIdentifier(mrn: "T-1"), sex: .male)

func draw(_ id: String, _ date: String, detectedOnly: Bool = false, panel: [String] = ["KRAS", "NRAS", "BRAF"],
          _ calls: [VariantCall]) -> Draw {
    Draw(report: ResultReport(identity: ReportIdentity(id: id, version: 1), patient: patient,
                              specimen: Specimen(accession: "S" + id, collected: Timestamp(iso: date)!),
                              assay: Assay(name: "P", panelGenes: panel), variants: calls,
                              listsDetectedOnly: detectedOnly),
         provenance: Provenance(source: SourceFile(path: id, sha256: id, format: .ctdnaResult, byteCount: 1),
                                ingestedAt: Timestamp(iso: "2026-01-01")!))
}

func kras(_ vaf: Double?, protein: String = "p.G12D") -> VariantCall {
    VariantCall(gene: "KRAS", proteinChange: protein, depth: 1000,
                alleleFraction: vaf.flatMap { AlleleFraction(fraction: $0) }, status: vaf == nil ? .notDetected : .detected)
}

@Suite struct TrendTests {
    @Test func oneSeriesPerVariantAcrossSpellings() {
        // The same variant spelled two ways in two draws is one series of two points.
        let t = Trend.build(PatientTimeline(patient: patient, draws: [
            draw("2", "2024-03-01", [kras(0.01, protein: "p.Gly12Asp")]),
            draw("1", "2024-01-01", [kras(0.05)]),
        ]))
        #expect(t.variants.count == 1)
        #expect(t.variants[0].points.map(\.collected.description) == ["2024-01-01", "2024-03-01"])
        #expect(t.variants[0].points.map { $0.alleleFraction?.fraction } == [0.05, 0.01])
    }

    @Test func detectedOnlyReportMeansNotDetectedInACoveredGene() {
        let t = Trend.build(PatientTimeline(patient: patient, draws: [
            draw("1", "2024-01-01", [kras(0.05)]),
            draw("2", "2024-02-01", detectedOnly: true, []),
            draw("3", "2024-03-01", detectedOnly: true, panel: ["TP53"], []),
            draw("4", "2024-04-01", [VariantCall(gene: "NRAS", proteinChange: "p.Q61K", alleleFraction: AlleleFraction(fraction: 0.01), status: .detected)]),
        ]))
        let krasSeries = t.variants[0].points
        // Draw 2 covers KRAS and does not list it: not detected, inferred; never VAF 0.
        // Draw 3 names its panel (TP53 only): KRAS was not tested there, not covered (issue
        // 15: studied regions tell not-detected from not-covered). Draw 4 lists all its
        // calls and says nothing of KRAS or of its panel: no point.
        #expect(krasSeries.map(\.reportID) == ["1", "2", "3"])
        #expect(krasSeries[1].status == .notDetected)
        #expect(krasSeries[1].inferredNotDetected)
        #expect(krasSeries[1].alleleFraction == nil)
        #expect(krasSeries[2].status == .notCovered)
        #expect(!krasSeries[2].inferredNotDetected)
        #expect(t.variants[1].key.description == "NRAS p.Q61K")
        #expect(t.variants[1].points.map(\.reportID) == ["2", "3", "4"])
        #expect(t.variants[1].points.map(\.status) == [.notDetected, .notCovered, .detected])
    }
}
