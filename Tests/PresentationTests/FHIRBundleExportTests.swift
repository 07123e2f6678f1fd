import AssayXML
import CtDNAModel
import Foundation
import Presentation
import Testing
import Tracking

/// Issue 17, item 4: a release as a FHIR R4 Bundle, read back by our own FHIR reader as
/// the latest draw with the same values.
@Suite struct FHIRBundleExportTests {
    static let patient = Patient(identifier: PatientIdentifier(mrn: "FHIR-0001", issuer: "NBH"),
                                 name: PersonName(family: "Quill", given: ["Ada", "B."]), sex: .female,
                                 birthDate: CalendarDate(iso: "1955-05-05"))

    static func draw(_ i: Int, collected: String, calls: [VariantCall]) -> Draw {
        Draw(report: ResultReport(
            identity: ReportIdentity(id: "FX-\(i)", version: 1), issued: Timestamp(iso: collected), laboratory: "Lab",
            patient: patient,
            specimen: Specimen(accession: "ACC-\(i)", collected: Timestamp(iso: collected)!, tubeType: "Streck cfDNA BCT",
                               cfDNANanogramsPerMl: 10),
            assay: Assay(name: "MyeloTrack-cf", version: "2.1", limitOfDetection: AlleleFraction(fraction: 0.0005)),
            variants: calls),
             provenance: Provenance(source: SourceFile(path: "in/\(i).xml", sha256: String(repeating: "\(i)", count: 64),
                                                       format: .ctdnaResult, byteCount: 100),
                                    ingestedAt: Timestamp(iso: "2026-01-01T00:00:00Z")!))
    }

    static func calls(_ nras: Double?, _ kras: Double?) -> [VariantCall] {
        [
            VariantCall(gene: "NRAS", transcript: "NM_002524.5", codingChange: "c.181C>A", proteinChange: "p.Q61K",
                        location: GenomicLocation(chromosome: "chr1", position: 114_713_909, reference: "G", alternate: "T"),
                        altReads: nras.map { Int(($0 * 4665).rounded()) } ?? 0, depth: 4665,
                        alleleFraction: nras.flatMap { AlleleFraction(fraction: $0) },
                        status: nras == nil ? .notDetected : .detected, origin: .somatic, clinicalSignificance: .pathogenic),
            VariantCall(gene: "KRAS", codingChange: "c.35G>A", proteinChange: "p.G12D", altReads: kras.map { Int(($0 * 3001).rounded()) } ?? 0,
                        depth: 3001, alleleFraction: kras.flatMap { AlleleFraction(fraction: $0) },
                        status: kras == nil ? .notDetected : .detected, origin: .unknown, clinicalSignificance: .tierII),
            VariantCall(gene: "TP53", proteinChange: "p.R248Q", depth: 12, status: .notCovered),
        ]
    }

    static var assessment: PatientAssessment {
        let timeline = PatientTimeline(patient: patient, draws: [
            draw(1, collected: "2024-01-08T08:30:00Z", calls: calls(0.0279, 0.0151)),
            draw(2, collected: "2024-03-18", calls: calls(0.0031, nil)),
            // No zone and no seconds: read as UTC, written as a FHIR dateTime with both.
            draw(3, collected: "2024-05-27T09:15", calls: calls(0.012_345_678_9, 0.004)),
        ], therapyLines: [TherapyLine(regimen: "Dara-VRd", start: CalendarDate(iso: "2024-01-10")!)])
        return Tracker.assess(timeline)
    }

    static func release(amendment: String? = nil) -> FHIRRelease {
        FHIRRelease(version: amendment == nil ? 1 : 2, supersedesVersion: amendment == nil ? nil : 1, authorisedBy: "Dr A. Lead",
                    role: "clinical scientist", authorisedAt: "2026-11-25T22:00:00Z", dataHash: String(repeating: "ab", count: 32),
                    amendmentReason: amendment, interpretation: "ctDNA was detected & fell.", laboratory: "Northbridge Lab",
                    pdf: Array("abc".utf8), language: "en", title: "ctDNA report – FHIR-0001")
    }

    static func readBack(_ text: String) throws -> ResultReport {
        let (format, parsed) = try DocumentReader.standard.read(bytes: Array(text.utf8),
                                                                 context: ReadContext(path: "bundle.json", today: CalendarDate(iso: "2026-12-01")!))
        #expect(format == .fhirJSON)
        guard case .result(let r) = parsed else { Issue.record("not a result"); throw CancellationError() }
        return r
    }

    @Test func readsBackAsTheLatestDraw() throws {
        let a = Self.assessment
        let text = FHIRBundleExport.text(a, release: Self.release())
        let r = try Self.readBack(text)
        let last = a.draws[a.draws.count - 1].draw.report
        #expect(r.patient.identifier == Self.patient.identifier)
        #expect(r.patient.name?.family == "Quill" && r.patient.name?.given == ["Ada", "B."])
        #expect(r.patient.sex == .female && r.patient.birthDate == Self.patient.birthDate)
        #expect(r.specimen.accession == "ACC-3")
        #expect(r.specimen.collected.date == last.specimen.collected.date)
        #expect(r.specimen.collected.epochSeconds == last.specimen.collected.epochSeconds)
        #expect(!r.specimen.collectedIsEstimated)
        #expect(r.identity.id == "urn:ctdna-monitor:report|FHIR-0001-v1")
        #expect(r.status == .final)
        #expect(r.laboratory == "Northbridge Lab")
        #expect(r.variants.count == last.variants.count)
        for (got, want) in zip(r.variants, last.variants) {
            #expect(got.gene == want.gene)
            #expect(got.proteinChange == want.proteinChange)
            #expect(got.codingChange == want.codingChange)
            #expect(got.transcript == want.transcript)
            #expect(got.location == want.location)
            #expect(got.depth == want.depth)
            #expect(got.status == want.status)
            #expect(got.clinicalSignificance == want.clinicalSignificance)
            if let w = want.alleleFraction {
                #expect(abs((got.alleleFraction?.fraction ?? -1) - w.fraction) < 1e-9)
            } else {
                #expect(got.alleleFraction == nil)
            }
        }
        #expect(r.variants[0].origin == .somatic)
        // The same input, the same bytes.
        #expect(FHIRBundleExport.text(a, release: Self.release()) == text)
    }

    @Test func bundleShape() throws {
        let a = Self.assessment
        let text = FHIRBundleExport.text(a, release: Self.release(amendment: "Typo corrected"))
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(bundle["resourceType"] as? String == "Bundle")
        #expect(bundle["type"] as? String == "collection")
        let identifier = try #require(bundle["identifier"] as? [String: Any])
        #expect(identifier["system"] as? String == "urn:ctdna-monitor:release")
        #expect(identifier["value"] as? String == "FHIR-0001-2")
        let resources = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
        let types = resources.compactMap { $0["resourceType"] as? String }
        #expect(types.filter { $0 == "Patient" }.count == 1)
        #expect(types.filter { $0 == "Specimen" }.count == 3)
        #expect(types.filter { $0 == "DiagnosticReport" }.count == 1)
        // A level per draw, the current category, three variants.
        #expect(types.filter { $0 == "Observation" }.count == 3 + 1 + 3)
        let report = try #require(resources.first { $0["resourceType"] as? String == "DiagnosticReport" })
        #expect(report["status"] as? String == "amended")
        #expect(report["conclusion"] as? String == "ctDNA was detected & fell.")
        #expect(report["effectiveDateTime"] as? String == "2024-05-27T09:15:00Z")
        #expect((report["specimen"] as? [Any])?.count == 1)
        let form = try #require((report["presentedForm"] as? [[String: Any]])?.first)
        #expect(form["contentType"] as? String == "application/pdf")
        #expect(form["data"] as? String == "YWJj")
        // SHA-1("abc") = a9993e36…, in base64.
        #expect(form["hash"] as? String == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        let code = try #require(((report["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first)
        #expect(code["code"] as? String == "81247-9")
        // The not-detected draw's level is left-censored at its LoD95.
        let levels = resources.filter { (($0["code"] as? [String: Any])?["text"] as? String) == "ctDNA level (pooled VAF)" }
        #expect(levels.count == 3)
        for (level, d) in zip(levels, a.draws) {
            let q = level["valueQuantity"] as? [String: Any]
            switch d.detection.call {
            case .detected:
                #expect(q?["comparator"] == nil)
                #expect(abs((q?["value"] as? Double ?? -1) - (d.detection.level ?? 0) * 100) < 1e-9)
            case .notDetected:
                #expect(q?["comparator"] as? String == "<")
            case .nonInformative:
                #expect(level["dataAbsentReason"] != nil)
            }
        }
        // Amended reads back as amended.
        #expect(try Self.readBack(text).status == .amended)
    }

    @Test func plainTextFromMarkup() {
        #expect(FHIRBundleExport.plainText(markup: "<span foreground='#123'><b>Interpretation.</b></span> ctDNA &lt;0.05&#37; &amp;\n  more")
                == "Interpretation. ctDNA <0.05% & more")
        #expect(FHIRBundleExport.plainText(markup: "a & b") == "a & b")
    }
}
