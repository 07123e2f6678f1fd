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
        return max(lab.size.height, 40) + 10 + title.size.height + sub.size.height + 8 + grid + 10
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let (lab, title, sub, cells) = try parts(width: width, style: style)
        if let logo { style.canvas.draw(logo, x: x, y: y, height: 36) }
        lab.draw(x: x + width - width * 0.62, y: y, colour: style.text)
        var yy = y + max(lab.size.height, 40) + 6
        style.canvas.colour(style.accent)
        style.canvas.lineWidth(1.2)
        style.canvas.strokeLine(x, yy, x + width, yy)
        yy += 4
        title.draw(x: x, y: yy, colour: style.accent)
        yy += title.size.height
        sub.draw(x: x, y: yy, colour: style.muted)
        yy += sub.size.height + 8
        for rowStart in stride(from: 0, to: cells.count, by: 4) {
            let row = cells[rowStart..<min(rowStart + 4, cells.count)]
            for (k, cell) in row.enumerated() { cell.draw(x: x + Double(k) * width / 4, y: yy, colour: style.text) }
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

    var outline: String? { heading }

    func parts(width: Double, style: Style) throws(RenderError) -> (TextBlock, [TextBlock], TextBlock) {
        let head = try style.block("<b>\(Markup.escape(heading))</b>", font: style.font(style.layout.fonts.heading), width: width - 16)
        var cells: [TextBlock] = []
        for (label, value) in facts {
            cells.append(try style.block("<span foreground='#5F5F5F' size='smaller'>\(Markup.escape(label))</span>\n<b>\(value)</b>",
                                         font: style.body, width: (width - 16) / 3 - 8, source: "summary"))
        }
        let alertMarkup = alerts.isEmpty ? Markup.escape(noAlerts)
            : alerts.map { "<span foreground='\(style.layout.colours.alert)'>▲</span> \($0)" }.joined(separator: "\n")
        let alertBlock = try style.block("<b>\(Markup.escape(alertsHeading))</b>\n\(alertMarkup)", font: style.body,
                                         width: width - 16, source: "alerts")
        return (head, cells, alertBlock)
    }

    func rowsHeight(_ cells: [TextBlock]) -> Double {
        gridHeight(cells, perRow: 3, gap: 5)
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        let (head, cells, alerts) = try parts(width: width, style: style)
        return 8 + head.size.height + 4 + rowsHeight(cells) + 4 + alerts.size.height + 8 + 10
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let (head, cells, alerts) = try parts(width: width, style: style)
        let h = try height(width: width, style: style) - 10
        style.canvas.colour(style.layout.colour(style.layout.colours.summaryBox))
        style.canvas.rect(x, y, width, h)
        style.canvas.fill()
        style.canvas.colour(style.accent)
        style.canvas.lineWidth(1)
        style.canvas.rect(x, y, width, h)
        style.canvas.stroke()
        var yy = y + 8
        head.draw(x: x + 8, y: yy, colour: style.accent)
        yy += head.size.height + 4
        for rowStart in stride(from: 0, to: cells.count, by: 3) {
            let row = cells[rowStart..<min(rowStart + 3, cells.count)]
            for (k, cell) in row.enumerated() { cell.draw(x: x + 8 + Double(k) * (width - 16) / 3, y: yy, colour: style.text) }
            yy += (row.map(\.size.height).max() ?? 0) + 5
        }
        alerts.draw(x: x + 8, y: yy + 4, colour: style.text)
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
