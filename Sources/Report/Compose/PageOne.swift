import CtDNAModel
import Foundation
import Tracking

/// Page 1's header: logo, laboratory, title, patient identifiers and report identity.
struct HeaderBlock: Block {
    let lab: (name: String, address: String, accreditation: String)
    let title: String
    let subtitle: String
    let fields: [(String, String)]   // label, value (markup-escaped)
    let logo: PNGImage?

    func parts(width: Double, style: Style) throws(RenderError) -> (TextBlock, TextBlock, TextBlock, [TextBlock]) {
        let labText = "<b>\(Markup.escape(lab.name))</b>\n\(Markup.escape(lab.address))\n<span size='smaller'>\(Markup.escape(lab.accreditation))</span>"
        let labBlock = try style.block(labText, font: style.small, width: width * 0.62, alignment: .right, source: "lab")
        let titleBlock = try style.block(Markup.escape(title), font: style.font(style.layout.fonts.title, bold: true), width: width)
        let subBlock = try style.block(Markup.escape(subtitle), font: style.body, width: width)
        var cells: [TextBlock] = []
        for (label, value) in fields {
            cells.append(try style.block("<span foreground='#5F5F5F' size='smaller'>\(Markup.escape(label))</span>\n<b>\(value)</b>",
                                         font: style.body, width: width / 4 - 8, source: "patient field"))
        }
        return (labBlock, titleBlock, subBlock, cells)
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        let (lab, title, sub, cells) = try parts(width: width, style: style)
        let grid = gridHeight(cells, perRow: 4, gap: 6)
        return max(lab.size.height, 40) + 6 + title.size.height + sub.size.height + 4 + grid + 4
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let (lab, title, sub, cells) = try parts(width: width, style: style)
        if let logo { style.canvas.draw(logo, x: x, y: y, height: 36) }
        // Each text its own structure element (Cairo 1.16 fails on a structure element that
        // holds both content and child elements).
        style.canvas.tagged("P") { lab.draw(x: x + width - width * 0.62, y: y, colour: style.text) }
        var yy = y + max(lab.size.height, 40) + 2
        style.canvas.colour(style.accent)
        style.canvas.lineWidth(1.2)
        style.canvas.strokeLine(x, yy, x + width, yy)
        yy += 4
        style.canvas.tagged("H1") { title.draw(x: x, y: yy, colour: style.accent) }
        yy += title.size.height
        style.canvas.tagged("P") { sub.draw(x: x, y: yy, colour: style.muted) }
        yy += sub.size.height + 4
        for rowStart in stride(from: 0, to: cells.count, by: 4) {
            let row = cells[rowStart..<min(rowStart + 4, cells.count)]
            for (k, cell) in row.enumerated() {
                style.canvas.tagged("P") { cell.draw(x: x + Double(k) * width / 4, y: yy, colour: style.text) }
            }
            yy += (row.map(\.size.height).max() ?? 0) + 6
        }
    }
}

/// The summary box a clinician reads in ten seconds.
struct SummaryBlock: Block {
    let heading: String
    let facts: [(String, String)]    // label, value markup
    let alertsHeading: String
    let alerts: [String]             // markup
    let noAlerts: String
    /// One line under the facts, in the small font: the specimen, assay and QC.
    var footnote: String? = nil      // markup

    var outline: String? { heading }
    /// Facts to a row: the latest draw's answer is the first row.
    static let perRow = 2

    func parts(width: Double, style: Style) throws(RenderError) -> (TextBlock, [TextBlock], TextBlock) {
        let head = try style.block("<b>\(Markup.escape(heading))</b>", font: style.font(style.layout.fonts.heading), width: width - 16)
        var cells: [TextBlock] = []
        // One fact a line, "label  value", in two columns: the latest draw's answer first.
        for (label, value) in facts {
            cells.append(try style.block("<span foreground='#5F5F5F'>\(Markup.escape(label))</span>  <b>\(value)</b>",
                                         font: style.body, width: (width - 16) / Double(Self.perRow) - 8, source: "summary"))
        }
        let alertMarkup = alerts.isEmpty ? Markup.escape(noAlerts)
            : alerts.map { "<span foreground='\(style.layout.colours.alert)'>▲</span> \($0)" }.joined(separator: "\n")
        let alertBlock = try style.block((footnote.map { "<span size='smaller'>\($0)</span>\n" } ?? "")
                                         + "<b>\(Markup.escape(alertsHeading))</b>\n\(alertMarkup)", font: style.body,
                                         width: width - 16, source: "alerts")
        return (head, cells, alertBlock)
    }

    func rowsHeight(_ cells: [TextBlock]) -> Double {
        gridHeight(cells, perRow: Self.perRow, gap: 2)
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        let (head, cells, alerts) = try parts(width: width, style: style)
        return 6 + head.size.height + 3 + rowsHeight(cells) + 3 + alerts.size.height + 6 + 8
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let (head, cells, alerts) = try parts(width: width, style: style)
        let h = try height(width: width, style: style) - 8
        style.canvas.colour(style.layout.colour(style.layout.colours.summaryBox))
        style.canvas.rect(x, y, width, h)
        style.canvas.fill()
        style.canvas.colour(style.accent)
        style.canvas.lineWidth(1)
        style.canvas.rect(x, y, width, h)
        style.canvas.stroke()
        var yy = y + 6
        style.canvas.tagged("H2") { head.draw(x: x + 8, y: yy, colour: style.accent) }
        yy += head.size.height + 3
        for rowStart in stride(from: 0, to: cells.count, by: Self.perRow) {
            let row = cells[rowStart..<min(rowStart + Self.perRow, cells.count)]
            for (k, cell) in row.enumerated() {
                style.canvas.tagged("P") { cell.draw(x: x + 8 + Double(k) * (width - 16) / Double(Self.perRow), y: yy, colour: style.text) }
            }
            yy += (row.map(\.size.height).max() ?? 0) + 2
        }
        style.canvas.tagged("P") { alerts.draw(x: x + 8, y: yy + 3, colour: style.text) }
    }
}

/// Height of text blocks laid `perRow` to a row, each row as tall as its tallest cell.
func gridHeight(_ cells: [TextBlock], perRow: Int, gap: Double) -> Double {
    var total = 0.0
    var start = 0
    while start < cells.count {
        let end = min(start + perRow, cells.count)
        var tallest = 0.0
        for cell in cells[start..<end] { tallest = max(tallest, cell.size.height) }
        total += tallest + gap
        start = end
    }
    return total
}
