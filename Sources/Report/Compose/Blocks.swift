/// Something that takes vertical space on a page.
protocol Block {
    /// Height at this width, measured with the page's canvas.
    func height(width: Double, style: Style) throws(RenderError) -> Double
    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError)
    /// Keep on one page with the next block (headings).
    var keepWithNext: Bool { get }
    /// Bookmark title when this block starts a section.
    var outline: String? { get }
    /// The PDF structure type its content is tagged with (Tagged PDF, ISO 32000-1 14.8.4:
    /// `P`, `H2`, `Figure`, `Sect`); nil for blocks that tag themselves or draw nothing.
    var structure: String? { get }
}

extension Block {
    var keepWithNext: Bool { false }
    var outline: String? { nil }
    var structure: String? { nil }
}

/// Fonts, colours and the canvas every block draws with.
struct Style {
    let canvas: Canvas
    let layout: Layout
    let language: String
    let audit = GlyphAudit()
    let cache: TextLayoutCache

    /// The Pango family list, e.g. "DejaVu Sans, ctdna Noto Sans CJK SC, Noto Sans CJK SC, Noto Sans Thai, …".
    let families: String

    init(canvas: Canvas, layout: Layout, language: String, cache: TextLayoutCache = TextLayoutCache()) {
        self.canvas = canvas
        self.layout = layout
        self.language = language
        self.cache = cache
        families = Self.families(layout.fonts, language: language)
    }

    /// A Pango font description for a size: the Latin family first (the CJK family first
    /// for Chinese; ctdna's compact copy of it when that stands in), then the fallbacks
    /// for other scripts. A character none of them has comes from any installed font that
    /// has it (fontconfig), else is drawn as a hex box (`GlyphAudit`).
    func font(_ size: Double, bold: Bool = false) -> String {
        "\(families) \(bold ? "Bold " : "")\(size)"
    }

    static func families(_ fonts: Layout.Fonts, language: String) -> String {
        let cjk = ReportFonts.shared.cjkFamilies(fonts.cjk)
        let ordered = language.hasPrefix("zh") ? cjk + [fonts.latin] : [fonts.latin] + cjk
        var seen = Set<String>()
        return (ordered + (fonts.fallback ?? [])).filter { seen.insert($0).inserted }.joined(separator: ", ")
    }

    var body: String { font(layout.fonts.body) }
    var small: String { font(layout.fonts.small) }
    var text: Colour { layout.colour(layout.colours.text) }
    var muted: Colour { layout.colour(layout.colours.muted) }
    var accent: Colour { layout.colour(layout.colours.accent) }
    var rule: Colour { layout.colour(layout.colours.rule) }

    /// The Pango (RFC 3066) tag of a report language: `zh-Hans` is `zh-cn` to Pango and
    /// fontconfig.
    static func pangoLanguage(_ language: String) -> String { language == "zh-Hans" ? "zh-cn" : language }

    func block(_ markup: String, font: String, width: Double?, alignment: TextBlock.Alignment = .left,
               source: String = "text", ellipsize: Bool = false) throws(RenderError) -> TextBlock {
        // Blocks are measured, paginated and drawn, and headings, labels and fixed
        // paragraphs recur in every report: lay each text out once and reuse it.
        let key = TextLayoutCache.Key(markup: markup, font: font, width: width, alignment: alignment, ellipsize: ellipsize,
                                      language: language)
        let t: TextBlock
        if let hit = cache.block(for: key) {
            hit.attach(to: canvas)
            t = hit
        } else {
            t = try TextBlock(markup, font: font, width: width, canvas: canvas, alignment: alignment, source: source,
                              ellipsize: ellipsize, language: Self.pangoLanguage(language))
            cache.insert(t, for: key)
        }
        if !t.missingCharacters.isEmpty { audit.record(t.missingCharacters, source: source) }
        return t
    }
}

/// Laid-out text by everything that decides its layout. One per thread: a report's
/// blocks, or a worker's reports one after another. Texts used in the last two reports
/// are kept (headings, labels, fixed paragraphs); the rest are dropped as the next
/// report starts, so memory stays about two reports' worth.
public final class TextLayoutCache {
    struct Key: Hashable {
        var markup: String
        var font: String
        var width: Double?
        var alignment: TextBlock.Alignment
        var ellipsize: Bool
        /// Layouts differ by language (glyph forms, line breaking): a worker reuses them only
        /// within one.
        var language: String = ""
    }

    private var layouts: [Key: (block: TextBlock, lastUsed: Int)] = [:]
    private var report = 0

    public init() {}

    /// Marks the start of the next report; drops texts neither it nor the last used.
    func beginReport() {
        report += 1
        let keepFrom = report - 1
        layouts = layouts.filter { $0.value.lastUsed >= keepFrom }
    }

    func block(for key: Key) -> TextBlock? {
        guard let hit = layouts[key] else { return nil }
        layouts[key] = (hit.block, report)
        return hit.block
    }

    func insert(_ block: TextBlock, for key: Key) {
        layouts[key] = (block, report)
    }

    var count: Int { layouts.count }
}

/// Characters no installed font has (drawn as hex boxes), with the texts they were in:
/// the report is written and the caller warns.
final class GlyphAudit {
    private(set) var missing: Set<MissingCharacter> = []

    func record(_ characters: [MissingCharacter], source: String) {
        missing.formUnion(characters)
    }
}

/// A paragraph of markup.
struct Paragraph: Block {
    var markup: String
    var size: Double? = nil
    var bold = false
    var colour: Colour? = nil
    var spaceAfter: Double = 4
    var source = "text"
    /// A bookmark for a paragraph that carries its own title (page 1's interpretation).
    var bookmark: String? = nil
    /// A paragraph that titles what follows (a table's title) stays with it.
    var keepsWithNext = false

    var keepWithNext: Bool { keepsWithNext }

    var outline: String? { bookmark }
    var structure: String? { "P" }

    func layout(width: Double, style: Style) throws(RenderError) -> TextBlock {
        try style.block(markup, font: style.font(size ?? style.layout.fonts.body, bold: bold), width: width, source: source)
    }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        try layout(width: width, style: style).size.height + spaceAfter
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        try layout(width: width, style: style).draw(x: x, y: y, colour: colour ?? style.text)
    }
}

/// A section heading with a rule under it; kept with what follows and bookmarked.
struct Heading: Block {
    var title: String
    var bookmark: Bool = true

    var keepWithNext: Bool { true }
    var outline: String? { bookmark ? title : nil }
    var structure: String? { "H2" }

    func height(width: Double, style: Style) throws(RenderError) -> Double {
        try style.block(Markup.escape(title), font: style.font(style.layout.fonts.heading, bold: true), width: width)
            .size.height + 8
    }

    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {
        let t = try style.block(Markup.escape(title), font: style.font(style.layout.fonts.heading, bold: true), width: width)
        t.draw(x: x, y: y + 4, colour: style.accent)
        style.canvas.colour(style.rule)
        style.canvas.lineWidth(0.6)
        style.canvas.strokeLine(x, y + 5 + t.size.height, x + width, y + 5 + t.size.height)
    }
}

/// Vertical space.
struct Spacer: Block {
    var points: Double
    func height(width: Double, style: Style) throws(RenderError) -> Double { points }
    func draw(x: Double, y: Double, width: Double, style: Style) throws(RenderError) {}
}

/// Text helpers for Pango markup.
enum Markup {
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
