import CtDNAModel
import Foundation
import Tracking

/// Writes one patient's longitudinal PDF. The file appears only when complete: it is
/// drawn to a temporary name in the output folder and renamed.
public struct ReportWriter: Sendable {
    public let templates: ReportTemplates
    public let rules: ResponseRules
    /// The rules file the report was made with (named in the methods section).
    public let rulesFile: String?
    public let toolVersion: String

    public init(templates: ReportTemplates, rules: ResponseRules, rulesFile: String? = nil, toolVersion: String) {
        self.templates = templates
        self.rules = rules
        self.rulesFile = rulesFile
        self.toolVersion = toolVersion
    }

    /// `ctdna-report-<MRN>-<language>.pdf`, the MRN reduced to letters, digits, `.`, `_`
    /// and `-` (anything else becomes `_`), so that no MRN can leave the output folder.
    public static func fileName(mrn: String, language: String, suffix: String = "") -> String {
        var safe = String(mrn.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
        }.prefix(64))
        while safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.isEmpty { safe = "_" }
        return "ctdna-report-\(safe)\(suffix)-\(language).pdf"
    }

    /// The report's date: the latest draw's issue date, else its collection date.
    public static func reportDate(_ a: PatientAssessment) -> CalendarDate {
        let last = a.draws.last?.draw.report
        return last?.issued?.date ?? last?.specimen.collected.date ?? .unixEpoch
    }

    /// A stable report id from the MRN and the source files (FNV-1a, folded to 32 bits):
    /// the same data gives the same id; any new or amended draw gives another.
    public static func reportID(_ a: PatientAssessment) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (a.patient.identifier.description + a.draws.map(\.draw.provenance.source.sha256).joined()).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(format: "CTD-%08X", UInt32(truncatingIfNeeded: hash ^ (hash >> 32)))
    }

    /// Renders `assessment` to `directory/name`; returns the final path. A worker that
    /// writes many reports passes its own `cache` (one per thread) to reuse text layouts.
    @discardableResult
    public func write(_ assessment: PatientAssessment, to directory: String, name: String,
                      cache: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> String {
        let final = (directory as NSString).appendingPathComponent(name)
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try render(assessment, to: temporary, cache: cache)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .io("cannot rename the report into \(final): \(reason)")
        }
        return final
    }

    func render(_ assessment: PatientAssessment, to path: String, cache: TextLayoutCache = TextLayoutCache()) throws(RenderError) {
        let layout = templates.layout
        let (pw, ph) = layout.pageSize
        let surface = try PDFSurface(path: path, width: pw, height: ph)
        let canvas = try Canvas(surface: surface.surface)
        cache.beginReport()
        let style = Style(canvas: canvas, layout: layout, language: templates.language, cache: cache)
        let identity = ReportIdentityInfo(id: Self.reportID(assessment), reportDate: Self.reportDate(assessment), rules: rules,
                                          rulesFile: rulesFile)
        let content = ReportContent(assessment: assessment, templates: templates, identity: identity, toolVersion: toolVersion)
        let logo = try templates.logoPath.map { p throws(RenderError) in try PNGImage(path: p) }
        let m = layout.page.margins
        let composer = Composer(style: style, top: m.top, bottom: ph - m.bottom, left: m.left, width: pw - m.left - m.right)
        let pages = try composer.paginate(try content.blocks(logo: logo), firstPageTop: m.top)
        let wording = templates.wording
        let title = try wording.text("report.title")
        surface.set(.title, "\(title) – \(assessment.patient.identifier.mrn)")
        surface.set(.author, try wording.text("lab.name"))
        surface.set(.subject, try wording.text("report.subject"))
        surface.set(.creator, "ctDNA Monitor \(toolVersion)")
        let stamp = "\(identity.reportDate.description)T00:00:00Z"
        surface.set(.createDate, stamp)
        surface.set(.modDate, stamp)
        for (index, page) in pages.enumerated() {
            for placed in page {
                try placed.block.draw(x: m.left, y: placed.y, width: composer.width, style: style)
                if let outline = placed.block.outline { surface.addOutline(outline, page: index + 1) }
            }
            let footer = try wording.text("footer", ["reportId": identity.id, "mrn": Markup.escape(assessment.patient.identifier.mrn),
                                                     "page": index + 1, "pages": pages.count])
            let t = try style.block(footer, font: style.small, width: composer.width, alignment: .centre, source: "footer")
            canvas.colour(style.rule)
            canvas.lineWidth(0.4)
            canvas.strokeLine(m.left, ph - m.bottom + 14, pw - m.right, ph - m.bottom + 14)
            t.draw(x: m.left, y: ph - m.bottom + 18, colour: style.muted)
            try canvas.check()
            canvas.showPage()
        }
        if let first = style.audit.missing.first {
            throw .template("\(style.audit.missing.count) text item(s) have characters the fonts cannot draw (first: \(first)); install the fonts named in layout.yaml")
        }
        try surface.finish()
    }
}
