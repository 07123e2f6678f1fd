import CtDNAModel
import Tracking

/// Small timelines written in the test, so every expected number can be worked by hand.
struct TimelineBuilder {
    var draws: [Draw] = []
    var labs: [LabValue] = []
    var imaging: [ImagingStudy] = []
    var lines: [TherapyLine] = []
    var marrow: [MarrowAssessment] = []
    var biopsies: [BiopsyResult] = []

    mutating func lab(_ marker: LabMarker, _ date: String, _ value: Double) {
        labs.append(LabValue(marker: marker, value: value, measured: CalendarDate(iso: date)!))
    }

    mutating func imaging(_ date: String, _ lesions: [Lesion], modality: ImagingModality = .petCT) {
        imaging.append(ImagingStudy(modality: modality, performed: CalendarDate(iso: date)!, lesions: lesions))
    }

    mutating func fish(_ date: String, _ results: [CytogeneticResult]) {
        marrow.append(MarrowAssessment(performed: CalendarDate(iso: date)!, cytogenetics: results))
    }

    mutating func line(_ regimen: String, _ start: String) {
        lines.append(TherapyLine(regimen: regimen, start: CalendarDate(iso: start)!))
    }

    /// A draw on `date` with calls `(gene, protein, vaf or nil for not detected)` at `depth`.
    mutating func draw(_ date: String, _ calls: [(String, String, Double?)], depth: Int = 2000,
                       lod: Double? = 0.001, cfDNA: Double? = nil, plasmaMl: Double? = nil, errorRate: Double? = nil,
                       assay: String = "P", quality: QualityStatus = .pass, alt: [String: Int] = [:],
                       tumourFraction: Double? = nil, significance: [String: ClinicalSignificance] = [:],
                       findings: [StructuralFinding] = [], tube: String? = nil, processingHours: Double? = nil,
                       detectedOnly: Bool = false, panel: [String] = [], altReads: Bool = true,
                       whiteCell: [String: Double] = [:], origin: [String: VariantOrigin] = [:]) {
        let id = "R\(draws.count + 1)"
        let variants = calls.map { gene, protein, vaf in
            VariantCall(gene: gene, proteinChange: protein,
                        altReads: alt[gene] ?? (vaf.map { altReads ? Int(($0 * Double(depth)).rounded()) : nil } ?? (altReads ? 0 : nil)),
                        depth: depth, alleleFraction: vaf.flatMap { AlleleFraction(fraction: $0) },
                        status: vaf == nil ? .notDetected : .detected, origin: origin[gene] ?? .unknown,
                        whiteCellFraction: whiteCell[gene].flatMap { AlleleFraction(fraction: $0) },
                        clinicalSignificance: significance[gene])
        }
        let report = ResultReport(
            identity: ReportIdentity(id: id, version: 1),
            patient: Patient(identifier: PatientIdentifier(mrn: "T")),
            specimen: Specimen(accession: "S" + id, collected: Timestamp(iso: date)!, tubeType: tube, plasmaVolumeMl: plasmaMl,
                               cfDNANanogramsPerMl: cfDNA, processingHours: processingHours),
            assay: Assay(name: assay, panelGenes: panel, limitOfDetection: lod.flatMap { AlleleFraction(fraction: $0) },
                         backgroundErrorRate: errorRate.flatMap { AlleleFraction(fraction: $0) }),
            variants: variants, findings: findings, tumourFraction: tumourFraction.flatMap { AlleleFraction(fraction: $0) },
            quality: quality, listsDetectedOnly: detectedOnly)
        draws.append(Draw(report: report, provenance: Provenance(
            source: SourceFile(path: id, sha256: id, format: .ctdnaResult, byteCount: 1),
            ingestedAt: Timestamp(iso: "2026-01-01")!)))
    }

    mutating func mProtein(_ date: String, _ value: Double) {
        labs.append(LabValue(marker: .mProtein, value: value, measured: CalendarDate(iso: date)!))
    }

    var timeline: PatientTimeline {
        PatientTimeline(patient: Patient(identifier: PatientIdentifier(mrn: "T")), draws: draws, therapyLines: lines,
                        labValues: labs, marrow: marrow, imaging: imaging, biopsies: biopsies)
    }

    func assess(rules: ResponseRules = .defaults) -> PatientAssessment {
        Tracker.assess(timeline, rules: rules)
    }
}

extension PatientAssessment {
    func variant(_ key: String) -> VariantAssessment? { variants.first { $0.series.key.description == key } }
    var categories: [ResponseCategory] { draws.map(\.response.category) }
    var reasons: [NotEvaluableReason?] { draws.map(\.response.reason) }
}

func close(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}
