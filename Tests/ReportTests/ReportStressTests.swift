import CtDNAModel
import Foundation
import Report
import Testing
import Tracking

/// The cases that break layouts: many variants, many draws, long names, one draw, all CHIP.
@Suite struct ReportStressTests {
    static let genes = ["KRAS", "NRAS", "TP53", "BRAF", "DIS3", "TRAF3", "CYLD", "FGFR3", "CIC", "IRF4", "PRDM1", "FAM46C",
                        "ATM", "ATR", "EGR1", "MAX", "SP140", "LTB", "HIST1H1E", "KMT2B"]

    func pages(_ path: String) throws -> Int {
        let info = try tool("pdfinfo", [path]).output
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }

    @Test func fortyVariantsAndThirtyDraws() throws {
        let start = CalendarDate(iso: "2022-01-03")!
        let draws = (0..<30).map { i in
            Cohort.draw(i, date: start.adding(days: i * 30), calls: (0..<40).map { v in
                let vaf = (i + v) % 7 == 0 ? nil : 0.002 + Double((v * 7 + i * 3) % 50) / 500
                return Cohort.call(Self.genes[v % 20], "p.X\(v + 10)Y".replacingOccurrences(of: "X", with: "G").replacingOccurrences(of: "Y", with: "D"), vaf)
            })
        }
        let timeline = PatientTimeline(patient: Cohort.patient, draws: draws,
                                       therapyLines: [TherapyLine(regimen: "Daratumumab–bortezomib–lenalidomide–dexamethasone followed by autologous stem-cell transplant consolidation and lenalidomide maintenance (extended regimen name)", start: start, end: start.adding(days: 400)),
                                                      TherapyLine(regimen: "Belantamab mafodotin-blmf with pomalidomide and dexamethasone", start: start.adding(days: 420))])
        for language in ["en", "zh-Hans"] {
            let path = try render(timeline, language: language)
            #expect(try tool("qpdf", ["--check", path]).status == 0)
            let text = try tool("pdftotext", [path, "-"]).output
            let keys = Tracker.assess(timeline).variants.map(\.series.key.description)
            #expect(keys.count == 40)
            for key in keys { #expect(text.contains(key), "\(language): \(key) missing") }
            // 30 draws in tables of 5: six tables; each table is 40 rows, so it runs over pages.
            #expect(try pages(path) >= 8)
            #expect(text.contains("page 1 / ") || text.contains("第 1 /"))
        }
    }

    @Test func oneDrawOnly() throws {
        let timeline = PatientTimeline(patient: Cohort.patient, draws: [
            Cohort.draw(0, date: CalendarDate(iso: "2024-05-05")!, calls: [Cohort.call("KRAS", "p.G12D", 0.05)]),
        ])
        let path = try render(timeline)
        #expect(try tool("qpdf", ["--check", path]).status == 0)
        let text = try tool("pdftotext", [path, "-"]).output
        #expect(text.contains("KRAS p.G12D") && text.contains("Baseline"))
    }

    @Test func allVariantsCHIP() throws {
        let start = CalendarDate(iso: "2024-01-01")!
        let draws = (0..<4).map { i in
            Cohort.draw(i, date: start.adding(days: i * 60), calls: [
                Cohort.call("DNMT3A", "p.R882H", 0.03, origin: .clonalHaematopoiesis),
                Cohort.call("TET2", "p.Q1034*", 0.02, origin: .clonalHaematopoiesis),
            ])
        }
        let timeline = PatientTimeline(patient: Cohort.patient, draws: draws)
        let a = Tracker.assess(timeline)
        #expect(a.variants.allSatisfy { $0.chip })
        #expect(a.draws.allSatisfy { $0.response.category == .notEvaluable })
        let text = try tool("pdftotext", [try render(timeline), "-"]).output
        #expect(text.contains("DNMT3A p.R882H") && text.contains("TET2 p.Q1034*") && text.contains("Not evaluable"))
    }

    @Test func emptyTimelineStillRenders() throws {
        let path = try render(PatientTimeline(patient: Cohort.patient, draws: []))
        #expect(try tool("pdftotext", [path, "-"]).output.contains("No evaluable draw"))
    }
}
