/// Flows blocks onto pages. Pass one places every block (measuring with the real
/// canvas); pass two draws, so that each footer can say "page n / N".
struct Composer {
    struct Placed {
        var block: Block
        var y: Double
    }

    let style: Style
    let top: Double
    let bottom: Double
    let left: Double
    let width: Double

    /// Pages of placed blocks; the first page starts at `firstPageTop`.
    func paginate(_ blocks: [Block], firstPageTop: Double) throws(RenderError) -> [[Placed]] {
        // Each block is measured once.
        var heights: [Double] = []
        heights.reserveCapacity(blocks.count)
        for b in blocks { heights.append(try b.height(width: width, style: style)) }
        var blocks = blocks
        var pages: [[Placed]] = [[]]
        var y = firstPageTop
        for i in blocks.indices {
            var needed = heights[i]
            // A heading (or table header) must fit with what follows it: the whole chain
            // of keep-with-next blocks and the first block after the chain.
            var j = i
            while blocks[j].keepWithNext, j + 1 < blocks.count {
                j += 1
                needed += heights[j]
            }
            // On page 1, a block that can give up some height (the chart) does, so that page 1
            // holds the answer, the interpretation and the chart together.
            if y + needed > bottom, pages.count == 1, let c = blocks[j] as? Compressible,
               let smaller = try c.compressed(by: y + needed - bottom, width: width, style: style) {
                let h = try smaller.height(width: width, style: style)
                if y + needed - heights[j] + h <= bottom {
                    blocks[j] = smaller
                    needed += h - heights[j]
                    heights[j] = h
                }
            }
            let block = blocks[i]
            if y + needed > bottom, !pages[pages.count - 1].isEmpty {
                pages.append([])
                y = top
                if let row = block as? TableRow, let header = row.header {
                    pages[pages.count - 1].append(Placed(block: header.row, y: y))
                    y += try header.row.height(width: width, style: style)
                }
            }
            pages[pages.count - 1].append(Placed(block: block, y: y))
            y += heights[i]
        }
        return try balanceLastPage(pages)
    }

    /// The share of the body a last page must fill, counting block heights with their
    /// spacing (our choice, from issue 16: no page holds only the sign-off or a few lines
    /// of a section; 0.17 of block height is about 0.15 of printed text, the measure of
    /// `scripts/page_fill.py`).
    static let minimumLastPageFill = 0.17

    /// When the last page would hold less than `minimumLastPageFill` of the body, blocks
    /// move to it from the end of the page before (whole paragraphs and headings, never
    /// a table row, never leaving a heading at a page foot), until it holds enough.
    func balanceLastPage(_ pages: [[Placed]]) throws(RenderError) -> [[Placed]] {
        guard pages.count > 1 else { return pages }
        var pages = pages
        let body = bottom - top
        func used(_ page: [Placed]) throws(RenderError) -> Double {
            guard let last = page.last else { return 0 }
            return last.y + (try last.block.height(width: width, style: style)) - top
        }
        var moved = 0
        while try used(pages[pages.count - 1]) < Self.minimumLastPageFill * body, moved < 12 {
            var previous = pages[pages.count - 2]
            guard previous.count > 1, let candidate = previous.last,
                  !(candidate.block is HeaderBlock), !(candidate.block is TrendChart) else { break }
            var carried: [Block] = []
            if let row = candidate.block as? TableRow, !row.isHeader {
                // The end of a table: its last rows (at most eight) move together, with the
                // table's header, or its header repeated when the table began earlier.
                var rows: [Block] = []
                while let tail = previous.last?.block as? TableRow, !tail.isHeader, rows.count < 8, previous.count > 1 {
                    rows.insert(tail, at: 0)
                    previous.removeLast()
                }
                if let head = previous.last?.block as? TableRow, head.isHeader, previous.count > 1 {
                    previous.removeLast()
                    carried = [head] + rows
                } else if let header = row.header {
                    carried = [header.row] + rows
                } else {
                    break
                }
            } else {
                previous.removeLast()
                carried = [candidate.block]
            }
            // Never leave a heading (or any keep-with-next block) at the foot of the page.
            while let tail = previous.last, tail.block.keepWithNext, previous.count > 1 {
                guard !(tail.block is TableRow) else { break }
                carried.insert(tail.block, at: 0)
                previous.removeLast()
            }
            var h = 0.0
            for b in carried { h += try b.height(width: width, style: style) }
            guard try used(pages[pages.count - 1]) + h <= body else { break }
            var y = top
            var last: [Placed] = []
            for b in carried + pages[pages.count - 1].map(\.block) {
                last.append(Placed(block: b, y: y))
                y += try b.height(width: width, style: style)
            }
            pages[pages.count - 2] = previous
            pages[pages.count - 1] = last
            moved += carried.count
        }
        return pages
    }
}

/// A block that can be drawn smaller (the trend chart, down to a readable minimum).
protocol Compressible: Block {
    /// The block `by` points shorter, or nil when it cannot give that much.
    func compressed(by points: Double, width: Double, style: Style) throws(RenderError) -> Block?
}
