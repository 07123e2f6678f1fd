import Foundation
import Testing

/// A greyscale raster (PGM, "P5") as pdftoppm writes it.
struct GreyImage: Equatable {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    init?(pgm data: Data) {
        let bytes = [UInt8](data)
        var fields: [String] = []
        var i = 0
        while fields.count < 4, i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
            var token = ""
            while i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) {
                token.append(Character(UnicodeScalar(bytes[i])))
                i += 1
            }
            fields.append(token)
        }
        i += 1
        guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]), fields[3] == "255",
              bytes.count - i == w * h else { return nil }
        width = w
        height = h
        pixels = Array(bytes[i...])
    }
}

/// What a person sees: page 1 of the standard fixture, rasterised, against the committed
/// reference. Set CTDNA_UPDATE_REFERENCE=1 to rewrite the reference after a deliberate change.
@Suite struct PixelTests {
    static let reference = Repo.fixtures.appendingPathComponent("standard-en-page1.pgm")

    func rasterise(_ pdf: String) throws -> GreyImage? {
        let out = try tool("pdftoppm", ["-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", pdf])
        return GreyImage(pgm: out.data)
    }

    @Test func pageOneMatchesTheReference() throws {
        let image = try #require(try rasterise(try render(Cohort.standard)))
        if ProcessInfo.processInfo.environment["CTDNA_UPDATE_REFERENCE"] == "1" {
            let out = try tool("pdftoppm", ["-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", try render(Cohort.standard)])
            try out.data.write(to: Self.reference)
        }
        let reference = try #require(GreyImage(pgm: try Data(contentsOf: Self.reference)))
        #expect(image.width == reference.width && image.height == reference.height)
        guard image.pixels.count == reference.pixels.count else { return }
        // Tolerance: font hinting and anti-aliasing may differ by a few levels between
        // machines; a layout change moves whole blocks and fails both bounds.
        let differences = zip(image.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }
        let mean = Double(differences.reduce(0, +)) / Double(differences.count)
        let far = Double(differences.filter { $0 > 64 }.count) / Double(differences.count)
        #expect(mean < 1.5, "mean difference \(mean)")
        #expect(far < 0.005, "share of pixels far off: \(far)")
    }

    @Test func theReferenceIsNotBlank() throws {
        let reference = try #require(GreyImage(pgm: try Data(contentsOf: Self.reference)))
        let dark = reference.pixels.filter { $0 < 128 }.count
        // Text, the summary box and the chart: several per cent of the page is ink.
        #expect(Double(dark) / Double(reference.pixels.count) > 0.02)
    }

    @Test func aLayoutShiftIsCaught() throws {
        // The comparison must fail for a visibly different page: the same page with the
        // margins moved by 20 points.
        let dir = try templateCopy { try replace($0 + "/layout.yaml", "left: 40", "left: 60") }
        let moved = try #require(try rasterise(try render(Cohort.standard, templates: dir)))
        let reference = try #require(GreyImage(pgm: try Data(contentsOf: Self.reference)))
        let differences = zip(moved.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }
        #expect(Double(differences.reduce(0, +)) / Double(differences.count) > 1.5)
    }
}
