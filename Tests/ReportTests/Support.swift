import CtDNAModel
import Foundation
import Report
import Tracking

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates").path
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/report")

    static func temporaryFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}

/// Runs a command-line tool (pdftotext, pdffonts, pdfinfo, qpdf, pdftoppm) and returns its output.
func tool(_ name: String, _ args: [String]) throws -> (status: Int32, output: String, data: Data) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [name] + args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self), data)
}

/// Builds a patient's timeline in code.
struct Cohort {
    static let patient = Patient(identifier: PatientIdentifier(mrn: "RPT-0001", issuer: "T"),
                                 name: PersonName(family: "Quill", given: ["Ada"]), sex: .female,
                                 birthDate: CalendarDate(iso: "1955-05-05"))

    static func draw(_ i: Int, date: CalendarDate, calls: [VariantCall], quality: QualityStatus = .pass,
                     patient: Patient = patient) -> Draw {
        Draw(report: ResultReport(
            identity: ReportIdentity(id: "RPT-\(i)", version: 1), issued: Timestamp(date: date), patient: patient,
            specimen: Specimen(accession: "S\(i)", collected: Timestamp(date: date), cfDNANanogramsPerMl: 10),
            assay: Assay(name: "MyeloTrack-cf", version: "2.1", limitOfDetection: AlleleFraction(fraction: 0.0005)),
            variants: calls, findings: i == 0 ? [StructuralFinding(kind: .del17p)] : [], quality: quality),
             provenance: Provenance(source: SourceFile(path: "in/\(i).xml", sha256: String(repeating: "\(i % 10)", count: 64),
                                                       format: .ctdnaResult, byteCount: 100),
                                    ingestedAt: Timestamp(iso: "2026-01-01T00:00:00Z")!))
    }

    static func call(_ gene: String, _ protein: String, _ vaf: Double?, depth: Int = 3000,
                     origin: VariantOrigin = .unknown) -> VariantCall {
        VariantCall(gene: gene, proteinChange: protein, altReads: vaf.map { Int(($0 * Double(depth)).rounded()) } ?? 0,
                    depth: depth, alleleFraction: vaf.flatMap { AlleleFraction(fraction: $0) },
                    status: vaf == nil ? .notDetected : .detected, origin: origin)
    }

    /// The standard fixture: a responder who relapses with a new BRAF clone, with therapy,
    /// M-protein and a PET-CT showing pleural disease.
    static var standard: PatientTimeline {
        let vafs: [(Double?, Double?, Double?)] = [(0.12, 0.05, nil), (0.03, 0.012, nil), (0.004, nil, nil),
                                                   (0.009, 0.002, 0.003), (0.04, 0.015, 0.02)]
        let start = CalendarDate(iso: "2024-01-08")!
        let draws = vafs.enumerated().map { i, v in
            draw(i, date: start.adding(days: i * 70), calls: [call("NRAS", "p.Q61K", v.0), call("TP53", "p.R248Q", v.1),
                                                             call("BRAF", "p.V600E", v.2), call("DNMT3A", "p.R882H", 0.03)])
        }
        return PatientTimeline(
            patient: patient, draws: draws,
            therapyLines: [TherapyLine(regimen: "Dara-VRd", start: start.adding(days: 5), end: start.adding(days: 200)),
                           TherapyLine(regimen: "ASCT", start: start.adding(days: 210), end: start.adding(days: 211)),
                           TherapyLine(regimen: "Teclistamab", start: start.adding(days: 285))],
            labValues: (0..<5).map { LabValue(marker: .mProtein, value: [3.0, 1.2, 0.4, 0.4, 0.3][$0],
                                              measured: start.adding(days: $0 * 70 - 2)) },
            marrow: [MarrowAssessment(performed: start, plasmaCellPercent: 40, mrd: .positive)],
            imaging: [ImagingStudy(modality: .petCT, performed: start.adding(days: 282), lesions: [Lesion(site: .pleura)])])
    }
}

/// The report date of every test report: fixed, so that files and pixels do not change
/// with the day the tests run.
let fixedReportDate = CalendarDate(iso: "2025-06-02")

func render(_ timeline: PatientTimeline, language: String = "en", templates folder: String = Repo.templates,
            name: String = "r.pdf") throws -> String {
    let templates = try ReportTemplates(folder: folder, language: language)
    let writer = ReportWriter(templates: templates, rules: .defaults, toolVersion: "test", reportDate: fixedReportDate)
    let dir = try Repo.temporaryFolder()
    return try writer.write(Tracker.assess(timeline), to: dir, name: name)
}
