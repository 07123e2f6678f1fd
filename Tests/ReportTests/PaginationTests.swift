import Foundation
@testable import Report
import Testing

/// Issue 16, item 5: no last page holding only the sign-off, no table starting with one
/// row at a page foot or ending with one row on the next page, no heading at a page foot.
@Suite struct PaginationTests {
    func composer() throws -> Composer {
        let layout = try Layout.parse(try String(contentsOfFile: Repo.templates + "/layout.yaml", encoding: .utf8), file: "layout.yaml")
        let surface = try PDFSurface(path: try Repo.temporaryFolder() + "/p.pdf", width: 595, height: 842)
        let style = Style(canvas: try Canvas(surface: surface.surface), layout: layout, language: "en")
        // A body of 750 points: from 40 to 790.
        return Composer(style: style, top: 40, bottom: 790, left: 40, width: 515)
    }

    @Test func aLastPageHoldingOnlyTheSignOffTakesBlocksFromThePageBefore() throws {
        let c = try composer()
        // Page 1 fills to 40 + 560 + 3 × 60 = 780; the sign-off heading and its 10 points
        // do not fit (keep-with-next) and would open page 2 alone: about 35 of 750 points
        // (5 %). Balanced, the two last 60-point blocks follow it: 35 + 120 = 155 points,
        // 21 % ≥ 17 %; one block (95 points, 13 %) is not enough.
        let blocks: [Block] = [Spacer(points: 560), Spacer(points: 60), Spacer(points: 60), Spacer(points: 60),
                               Heading(title: "Authorisation"), Spacer(points: 10)]
        let pages = try c.paginate(blocks, firstPageTop: 40)
        #expect(pages.count == 2)
        #expect(pages[0].count == 2)
        #expect(pages[1].count == 4)
        #expect(pages[1].first?.y == 40)
        #expect(pages[1][2].block is Heading)
        // Never a heading at the foot of page 1.
        #expect(!(pages[0].last?.block is Heading))
    }

    @Test func aWellFilledLastPageIsLeftAlone() throws {
        let c = try composer()
        let blocks: [Block] = [Spacer(points: 700), Heading(title: "Methods"), Spacer(points: 200)]
        let pages = try c.paginate(blocks, firstPageTop: 40)
        #expect(pages.map(\.count) == [1, 2])
    }

    @Test func tableRowsKeepTheFirstTwoAndTheLastTwoTogether() {
        let table = Table(columns: [1, 1], header: ["a", "b"], rows: [["1", "x"], ["2", "y"], ["3", "z"], ["4", "w"]])
        let keeps = table.blocks().map(\.keepWithNext)
        // header, row 1 (with row 2), row 2, row 3 (with the last row), row 4.
        #expect(keeps == [true, true, false, true, false])
        // Two rows: the header keeps with the first; nothing else to hold.
        #expect(Table(columns: [1], header: ["a"], rows: [["1"], ["2"]]).blocks().map(\.keepWithNext) == [true, false, false])
    }
}
