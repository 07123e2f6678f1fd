/// A table whose rows flow across pages; the header row repeats on each page.
struct Table {
    var columns: [Double]          // relative widths
    var header: [String]           // markup
    var rows: [[String]]           // markup
    var firstColumnBold = false
    var note: String? = nil

    /// The blocks the composer flows: one per row, each knowing the header to repeat.
    func blocks() -> [Block] {
        let head = TableRow(table: self, cells: header, isHeader: true)
        // Orphans and widows: the first body row stays with the second (a table never
        // starts at a page foot with one row), and the second-to-last with the last (a
        // last row never lands alone on the next page).
        var out: [Block] = rows.enumerated().map { k, cells in
            var row = TableRow(table: self, cells: cells, isHeader: false, header: head)
            row.keepsWithNext = rows.count >= 3 && (k == 0 || k == rows.count - 2)
            return row
        }
        if rows.isEmpty { out = [] }
        // The original header opens the Table structure element and the last row closes
        // it (a header repeated after a page break opens nothing).
        var opening = head
        opening.opensTable = true
        if var last = out.last as? TableRow {
            last.closesTable = true
            out[out.count - 1] = last
        } else {
            opening.closesTable = true
        }
        if let note { out.append(Paragraph(markup: note, size: nil, colour: nil, spaceAfter: 6)) }
        return [opening] + out
    }
}

/// One row of a table. A body row carries its header so a page break can repeat it.
struct TableRow: Block {
    let table: Table
    let cells: [String]
    let isHeader: Bool
    var header: TableRowHeader? = nil
    var keepsWithNext = false
    var opensTable = false
    var closesTable = false

    init(table: Table, cells: [String], isHeader: Bool, header: TableRow? = nil) {
        self.table = table
        self.cells = cells
        self.isHeader = isHeader
        self.header = header.map { TableRowHeader(row: $0) }
    }

    var keepWithNext: Bool { isHeader || keepsWithNext }

    func widths(_ total: Double) -> [Double] {
        let sum = table.columns.reduce(0, +)
        return table.columns.map { $0 / sum * total }
    }

    func layouts(width: Double, style: Style) throws(RenderError) -> [TextBlock] {
        var out: [TextBlock] = []
        for (i, w) in widths(width).enumerated() {
            let bold = isHeader || (i == 0 && table.firstColumnBold)
            let markup = i < cells.count ? cells[i] : ""
            out.append(try style.block(markup, font: style.font(isHeader ? style.layout.fonts.small : style.layout.fonts.body - 0.5,
                                                                  bold: bold),
                                       width: w - 6, source: "table cell"))
        }
        return out
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        (try layouts(width: width, style: style).map(\.size.height).max() ?? 0) + 5
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let h = try height(width: width, style: style)
        if isHeader {
            style.canvas.colour(style.layout.colour(style.layout.colours.summaryBox))
            style.canvas.rect(x, y, width, h)
            style.canvas.fill()
        }
        let c = style.canvas
        if opensTable { c.beginTag("Table") }
        var cx = x
        c.beginTag("TR")
        for (t, w) in zip(try layouts(width: width, style: style), widths(width)) {
            c.tagged(isHeader ? "TH" : "TD") { t.draw(x: cx + 3, y: y + 2.5, colour: isHeader ? style.accent : style.text) }
            cx += w
        }
        c.endTag("TR")
        if closesTable { c.endTag("Table") }
        style.canvas.colour(style.rule)
        style.canvas.lineWidth(0.4)
        style.canvas.strokeLine(x, y + h, x + width, y + h)
    }
}

/// The header to repeat after a page break inside a table (a box breaks the recursion).
final class TableRowHeader {
    let row: TableRow
    init(row: TableRow) { self.row = row }
}
