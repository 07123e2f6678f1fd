import CCairo
import CPango

/// A paragraph of Pango markup laid out for a canvas. Owns its `PangoLayout`. A block
/// may be reused on another report's canvas of the same kind (`attach(to:)`): all our
/// PDF surfaces share resolution and font options, so the layout stays valid.
final class TextBlock {
    private let layout: OpaquePointer
    /// The canvas it was last handed out for (weak: an earlier report's canvas is gone).
    private weak var canvas: Canvas?
    /// Characters no font has: Pango draws each as a box showing its hex code.
    let missingCharacters: [MissingCharacter]

    enum Alignment { case left, centre, right }

    /// Lays out `markup` in `font` (a Pango font description, e.g. "DejaVu Sans 9"),
    /// wrapped at `width` points (nil: one line). Invalid markup throws, naming `source`.
    init(_ markup: String, font: String, width: Double?, canvas: Canvas, alignment: Alignment = .left,
         source: String = "text", ellipsize: Bool = false, language: String? = nil) throws(RenderError) {
        var message: UnsafeMutablePointer<CChar>?
        guard ctdna_pango_markup_is_valid(markup, &message) == 1 else {
            let reason = message.map { String(cString: $0) } ?? "invalid markup"
            ctdna_g_free(message)
            throw .markup(template: source, reason: reason)
        }
        guard let l = pango_cairo_create_layout(canvas.cr) else { throw .cairo("cannot create a text layout") }
        layout = l
        self.canvas = canvas
        // The report is left-to-right: a paragraph that starts in Arabic or Hebrew (a name)
        // keeps the column's alignment; its words are still drawn right-to-left (bidi).
        pango_layout_set_auto_dir(l, 0)
        // The report's language on the layout's own context (pango_cairo_create_layout
        // makes one per layout): Pango then picks the Simplified Chinese forms and applies
        // the language's line-breaking rules (no line starting with closing punctuation).
        if let language, let context = pango_layout_get_context(l) {
            pango_context_set_language(context, pango_language_from_string(language))
            pango_layout_context_changed(l)
        }
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(l, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(l, Int32(max(1, width) * Double(PANGO_SCALE)))
            if ellipsize {
                pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END)
            } else {
                pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR)
            }
        }
        switch alignment {
        case .left: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT)
        case .centre: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_markup(l, markup, -1)
        if pango_layout_get_unknown_glyphs_count(l) > 0 {
            var codes = [UInt32](repeating: 0, count: 64)
            let n = Int(ctdna_pango_layout_unknown_characters(l, &codes, Int32(codes.count)))
            missingCharacters = Set(codes.prefix(min(n, codes.count)).map { MissingCharacter(codePoint: $0) }).sorted()
        } else {
            missingCharacters = []
        }
    }

    /// Moves the block to `canvas` (a later report's), as if it had been made there.
    func attach(to canvas: Canvas) {
        guard self.canvas !== canvas else { return }
        self.canvas = canvas
        pango_cairo_update_layout(canvas.cr, layout)
    }

    deinit { ctdna_pango_layout_free(layout) }

    /// Width and height in points.
    var size: (width: Double, height: Double) {
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
    }

    func draw(x: Double, y: Double, colour: Colour = .black) {
        guard let canvas else { return }  // unreachable: Style.block attaches before handing out
        canvas.colour(colour)
        canvas.move(x, y)
        pango_cairo_show_layout(canvas.cr, layout)
    }
}
