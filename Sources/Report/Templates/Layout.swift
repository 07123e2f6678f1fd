import Yams

/// Templates/layout.yaml: page, fonts, colours, chart and table settings, section order.
struct Layout: Decodable, Sendable {
    struct Page: Decodable, Sendable {
        var size: String
        var margins: Margins
    }

    struct Margins: Decodable, Sendable {
        var top: Double, right: Double, bottom: Double, left: Double
    }

    struct Fonts: Decodable, Sendable {
        var latin: String
        var cjk: String
        /// Families for other scripts (Thai, Arabic, …), after the Latin and CJK ones.
        var fallback: [String]?
        var title: Double
        var heading: Double
        var body: Double
        var small: Double
    }

    struct Colours: Decodable, Sendable {
        var accent: String, text: String, muted: String, rule: String, lodBand: String, burden: String
        var chip: String, alert: String, summaryBox: String
        var variants: [String]
        var therapy: [String]
    }

    struct Laboratory: Decodable, Sendable {
        var logo: String?
    }

    struct Chart: Decodable, Sendable {
        var height: Double
        var vafMin: Double
        var vafMax: Double
    }

    struct Tables: Decodable, Sendable {
        var drawsPerTable: Int
    }

    var page: Page
    var fonts: Fonts
    var colours: Colours
    var laboratory: Laboratory
    var chart: Chart
    var tables: Tables
    var sections: [Section]

    enum Section: String, Decodable, Sendable, CaseIterable {
        case chart, variants, nonTumour, findings, clinical, interpretation, methods, limitations, amendments, signoff
    }

    /// Page size in points.
    var pageSize: (width: Double, height: Double) {
        page.size.lowercased() == "letter" ? (612, 792) : (595.276, 841.89)
    }

    static func parse(_ text: String, file: String) throws(RenderError) -> Layout {
        let layout: Layout
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else { throw RenderError.template("\(file): empty") }
            layout = try YAMLDecoder().decode(Layout.self, from: node)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .template("\(file): missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.dataCorrupted(context) {
            throw .template("\(file): bad value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
        } catch let error as RenderError {
            throw error
        } catch {
            throw .template("\(file): \(error)")
        }
        try layout.check(file: file)
        return layout
    }

    private func check(file: String) throws(RenderError) {
        guard ["a4", "letter"].contains(page.size.lowercased()) else { throw .template("\(file): page.size must be A4 or Letter") }
        let all = [colours.accent, colours.text, colours.muted, colours.rule, colours.lodBand, colours.burden, colours.chip,
                   colours.alert, colours.summaryBox] + colours.variants + colours.therapy
        if let bad = all.first(where: { Colour(hex: $0) == nil }) {
            throw .template("\(file): colour '\(bad)' is not #RRGGBB")
        }
        guard !colours.variants.isEmpty, !colours.therapy.isEmpty else {
            throw .template("\(file): colours.variants and colours.therapy need at least one colour")
        }
        guard chart.vafMin > 0, chart.vafMax <= 1, chart.vafMin < chart.vafMax, chart.height >= 100 else {
            throw .template("\(file): chart needs 0 < vafMin < vafMax <= 1 and height >= 100")
        }
        guard tables.drawsPerTable >= 2 else { throw .template("\(file): tables.drawsPerTable must be at least 2") }
    }

    func colour(_ hex: String) -> Colour { Colour(hex: hex) ?? .black }
}
