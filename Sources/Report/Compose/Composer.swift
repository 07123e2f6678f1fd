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
        var pages: [[Placed]] = [[]]
        var y = firstPageTop
        var i = 0
        while i < blocks.count {
            let block = blocks[i]
            var needed = try block.height(width: width, style: style)
            // A heading (or table header) must fit with what follows it: the whole chain
            // of keep-with-next blocks and the first block after the chain.
            var j = i
            while blocks[j].keepWithNext, j + 1 < blocks.count {
                j += 1
                needed += try blocks[j].height(width: width, style: style)
            }
            if y + needed > bottom, !pages[pages.count - 1].isEmpty {
                pages.append([])
                y = top
                if let row = block as? TableRow, let header = row.header {
                    pages[pages.count - 1].append(Placed(block: header.row, y: y))
                    y += try header.row.height(width: width, style: style)
                }
            }
            pages[pages.count - 1].append(Placed(block: block, y: y))
            y += try block.height(width: width, style: style)
            i += 1
        }
        return pages
    }
}
