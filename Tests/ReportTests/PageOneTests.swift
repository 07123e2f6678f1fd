import CtDNAModel
import Foundation
import Presentation
@testable import Report
import Testing
import Tracking

/// Issue 16, items 1, 2 and 6: page 1 leads with the latest draw's answer, in both
/// languages, with the interpretation and the chart; the PDF is tagged, has a language
/// and XMP metadata.
@Suite struct PageOneTests {
    func pageOne(_ language: String) throws -> String {
        try tool("pdftotext", ["-f", "1", "-l", "1", try render(Cohort.standard, language: language), "-"]).output
    }

    /// The latest draw of `Cohort.standard` as the tracker assessed it.
    var latest: DrawAssessment { Tracker.assess(Cohort.standard).draws.last! }

    @Test func englishPageOneCarriesTheLatestDrawsCallLevelAndLoD() throws {
        let text = try pageOne("en")
        let d = latest.detection
        // The fifth draw: 2024-01-08 + 4 × 70 days = 2024-10-14.
        #expect(text.contains("ctDNA on 2024-10-14"))
        #expect(d.call == .detected)
        #expect(text.contains("detected"))
        #expect(text.contains(try #require(d.level.map { NumberFormat.percent($0) })))
        #expect(text.contains("Sample LoD95"))
        #expect(text.contains(try #require(d.lod95.map { NumberFormat.percent($0) })))
        #expect(text.contains("Mutant molecules/mL"))
        #expect(text.contains("Tracked variants with reads"))
        #expect(text.contains("Risk (IMS/IMWG 2025)"))
        #expect(text.contains("Specimen"))
        // The interpretation and the chart are on page 1 too.
        #expect(text.contains("Interpretation."))
        #expect(text.contains("Trend of variant allele fraction"))
    }

    @Test func chinesePageOneCarriesTheSameFacts() throws {
        let text = try pageOne("zh-Hans")
        let d = latest.detection
        for expected in ["2024-10-14采血ctDNA", "检出", "ctDNA水平", "样本LoD95", "结果解读", "变异等位基因频率趋势",
                         try #require(d.lod95.map { NumberFormat.percent($0) })] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
    }

    @Test func alertsAreNewestFirstMostSeriousFirstOnADay() {
        let day1 = CalendarDate(iso: "2024-05-01")!, day2 = CalendarDate(iso: "2024-06-01")!
        let alerts = [Alert(.estimatedDate, collected: day2), Alert(.rise(line: 1, fold: 3), collected: day1),
                      Alert(.newClone(variant: "KRAS p.G12D", highRisk: false), collected: day2)]
        // Day 2 first (new clone before estimated date: more serious), then day 1.
        #expect(ReportContent.summaryAlerts(alerts).map(\.kind) == [.newClone, .estimatedDate, .rise])
    }

    @Test func twelveVariantsDifferInShapeOrDash() {
        let styles = (0..<12).map { TrendChart.style(of: $0) }
        let keys = Set(styles.map { "\($0.shape)|\($0.dash)" })
        #expect(keys.count == 12)
        // Shapes alone: ten, so variants 11 and 12 reuse shapes 0 and 1 with another dash.
        #expect(styles[10].shape == styles[0].shape && styles[10].dash != styles[0].dash)
    }

    @Test func pdfIsTaggedWithALanguageAndMetadata() throws {
        for language in ["en", "zh-Hans"] {
            let path = try render(Cohort.standard, language: language)
            let info = try tool("pdfinfo", [path]).output
            #expect(info.contains("Tagged:          yes"), "\(language): \(info)")
            #expect(info.contains("Metadata Stream: yes"))
            let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            #expect(bytes.contains("/Lang (\(language))"))
            #expect(bytes.contains("/StructTreeRoot"))
            #expect(bytes.contains("<ctdna:rules>ctdna-monitor-myeloma-ctdna v3.0</ctdna:rules>"))
            // An incremental update: qpdf reads it without error.
            #expect(try tool("qpdf", ["--check", path]).output.contains("No syntax or stream encoding errors"))
        }
    }
}

/// Issue 16, item 2: what the chart joins, and therapy bars that cannot collide.
@Suite struct ChartRuleTests {
    @Test func aClearingPatientsLineStopsAtTheLastDetection() {
        // Detected, detected, then cleared twice: one segment, between the two detections;
        // nothing joins the not-detected draws (drawn open at their LoD95) to each other or
        // to the last measured level.
        #expect(TrendChart.joined([true, true, false, false]).map { [$0.0, $0.1] } == [[0, 1]])
        // Detected again after a not-detected draw: the line starts anew, not across the gap.
        #expect(TrendChart.joined([true, false, true, true]).map { [$0.0, $0.1] } == [[2, 3]])
        #expect(TrendChart.joined([false]).isEmpty)
    }

    @Test func overlappingTherapyLinesGoToSeparateRowsAndAreNumbered() throws {
        let layout = try Layout.parse(try String(contentsOfFile: Repo.templates + "/layout.yaml", encoding: .utf8), file: "layout.yaml")
        let surface = try PDFSurface(path: try Repo.temporaryFolder() + "/c.pdf", width: 595, height: 842)
        let style = Style(canvas: try Canvas(surface: surface.surface), layout: layout, language: "en")
        var timeline = Cohort.standard
        let start = CalendarDate(iso: "2024-01-13")!
        // Three lines in 60 days, with long names: each would cover the next.
        timeline.therapyLines = [
            TherapyLine(regimen: "Ciltacabtagene autoleucel (CAR-T)", start: start, end: start.adding(days: 1)),
            TherapyLine(regimen: "ASCT (melphalan 200 mg/m²)", start: start.adding(days: 3), end: start.adding(days: 4)),
            TherapyLine(regimen: "Lenalidomide maintenance", start: start.adding(days: 6)),
        ]
        let chart = TrendChart(assessment: Tracker.assess(timeline), labels: ChartLabels(
            vafAxis: "", lod: "", burden: "", chip: "", notDetected: "", therapy: "", mProtein: "", marrow: "", imaging: "", emd: ""),
            siteName: { $0.rawValue })
        let f = chart.frame(x: 40, y: 40, width: 515, style: style)
        let rows = try chart.therapyRows(f, style: style)
        // Within a row, each bar (and the number beside a short one) ends before the next starts.
        for row in rows {
            for (a, b) in zip(row, row.dropFirst()) { #expect(a.1 + max(3, a.2) + 15 < b.1 + 2) }
        }
        #expect(rows.count >= 2)
        // The names are in the key, whole, after their numbers.
        let key = try #require(try chart.therapyKey(width: 450, style: style))
        #expect(key.size.width <= 450)
    }
}
