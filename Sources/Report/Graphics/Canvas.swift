import CCairo
import Foundation

/// An sRGB colour, 0–1 per channel.
struct Colour: Hashable, Sendable {
    var r: Double, g: Double, b: Double, a: Double = 1

    /// `#RRGGBB` from the layout file.
    init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        r = Double((v >> 16) & 0xFF) / 255
        g = Double((v >> 8) & 0xFF) / 255
        b = Double(v & 0xFF) / 255
    }

    init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    func with(alpha: Double) -> Colour { Colour(r: r, g: g, b: b, a: alpha) }

    static let black = Colour(r: 0, g: 0, b: 0)
    static let white = Colour(r: 1, g: 1, b: 1)
    static let grey = Colour(r: 0.55, g: 0.55, b: 0.55)
}

/// A Cairo drawing context on a surface. Owns the `cairo_t`.
final class Canvas {
    let cr: OpaquePointer

    init(surface: OpaquePointer) throws(RenderError) {
        guard let c = cairo_create(surface) else { throw .cairo("cannot create a context") }
        let status = cairo_status(c)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(c)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        cr = c
    }

    deinit { cairo_destroy(cr) }

    func colour(_ c: Colour) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }
    func lineWidth(_ w: Double) { cairo_set_line_width(cr, w) }
    func dash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }
    func move(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { cairo_rectangle(cr, x, y, w, h) }
    func circle(_ x: Double, _ y: Double, _ r: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, r, 0, 2 * Double.pi)
    }
    func stroke() { cairo_stroke(cr) }
    func fill() { cairo_fill(cr) }
    func fillPreserve() { cairo_fill_preserve(cr) }
    func newPath() { cairo_new_path(cr) }
    func closePath() { cairo_close_path(cr) }
    func save() { cairo_save(cr) }
    func restore() { cairo_restore(cr) }
    func clip() { cairo_clip(cr) }
    func showPage() { cairo_show_page(cr) }

    /// A marker of one of five shapes (greyscale-distinguishable), open or filled.
    /// Distinct marker shapes (circle, square, triangles up, down, left and right, diamond,
    /// pentagon, hexagon, star), each drawable open (not detected) or filled.
    static let markerShapes = 10

    func marker(_ shape: Int, x: Double, y: Double, size: Double, colour c: Colour, filled: Bool) {
        let r = size / 2
        newPath()
        func polygon(_ n: Int, _ radius: Double, rotation: Double, inner: Double? = nil) {
            let steps = inner == nil ? n : 2 * n
            for k in 0..<steps {
                let a = rotation + Double(k) * 2 * Double.pi / Double(steps)
                let rr = inner.map { k % 2 == 1 ? $0 : radius } ?? radius
                if k == 0 { move(x + rr * cos(a), y + rr * sin(a)) } else { line(x + rr * cos(a), y + rr * sin(a)) }
            }
            closePath()
        }
        switch shape % Self.markerShapes {
        case 0: circle(x, y, r)
        case 1: rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8)
        case 2: move(x, y - r * 1.1); line(x + r, y + r * 0.8); line(x - r, y + r * 0.8); closePath()
        case 3: move(x, y - r * 1.2); line(x + r, y); line(x, y + r * 1.2); line(x - r, y); closePath()
        case 4: move(x, y + r * 1.1); line(x + r, y - r * 0.8); line(x - r, y - r * 0.8); closePath()
        case 5: polygon(5, r * 1.1, rotation: -Double.pi / 2)
        case 6: polygon(6, r * 1.05, rotation: 0)
        case 7: move(x - r * 1.1, y); line(x + r * 0.8, y - r); line(x + r * 0.8, y + r); closePath()
        case 8: move(x + r * 1.1, y); line(x - r * 0.8, y - r); line(x - r * 0.8, y + r); closePath()
        default: polygon(5, r * 1.25, rotation: -Double.pi / 2, inner: r * 0.55)
        }
        if filled {
            colour(c)
            fillPreserve()
        } else {
            colour(.white)
            fillPreserve()
        }
        colour(c)
        lineWidth(0.9)
        dash([])
        stroke()
    }

    /// Tags what `body` draws as one structure element of type `name` (Cairo 1.16 writes
    /// the structure tree and marks the PDF as tagged).
    func tagged<T>(_ name: String, _ body: () throws(RenderError) -> T) throws(RenderError) -> T {
        beginTag(name)
        defer { endTag(name) }
        return try body()
    }

    /// `tagged` for drawing that cannot fail.
    func tagged(_ name: String, _ body: () -> Void) {
        beginTag(name)
        body()
        endTag(name)
    }

    /// Draws `body` turned by `angle` (radians) about (x, y).
    func turned(x: Double, y: Double, angle: Double, _ body: () -> Void) {
        save()
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        body()
        restore()
    }

    /// Draws `body` turned a quarter left about (x, y): text reading upwards.
    func turnedLeft(x: Double, y: Double, _ body: () -> Void) {
        save()
        cairo_translate(cr, x, y)
        cairo_rotate(cr, -Double.pi / 2)
        body()
        restore()
    }

    func beginTag(_ name: String) { cairo_tag_begin(cr, name, "") }
    func endTag(_ name: String) { cairo_tag_end(cr, name) }

    func strokeLine(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        move(x1, y1)
        line(x2, y2)
        stroke()
    }

    func draw(_ image: PNGImage, x: Double, y: Double, height: Double) {
        save()
        let scale = height / image.height
        cairo_translate(cr, x, y)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, image.surface, 0, 0)
        cairo_paint(cr)
        restore()
    }

    /// The context's status: an error here means the drawing is not what was asked.
    func check() throws(RenderError) {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }
}
