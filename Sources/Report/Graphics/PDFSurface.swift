import CCairo

/// A Cairo PDF surface writing to a file. Owns the `cairo_surface_t`; the status is
/// checked at creation (the surface is destroyed before throwing) and it is destroyed
/// in `deinit`.
final class PDFSurface {
    let surface: OpaquePointer
    let width: Double
    let height: Double

    init(path: String, width: Double, height: Double) throws(RenderError) {
        guard let s = cairo_pdf_surface_create(path, width, height) else { throw .cairo("cannot create a PDF surface") }
        let status = cairo_surface_status(s)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(s)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        surface = s
        self.width = width
        self.height = height
    }

    deinit { cairo_surface_destroy(surface) }

    enum Metadata {
        case title, author, subject, creator, createDate, modDate, keywords

        var cairo: cairo_pdf_metadata_t {
            switch self {
            case .title: CAIRO_PDF_METADATA_TITLE
            case .author: CAIRO_PDF_METADATA_AUTHOR
            case .subject: CAIRO_PDF_METADATA_SUBJECT
            case .creator: CAIRO_PDF_METADATA_CREATOR
            case .createDate: CAIRO_PDF_METADATA_CREATE_DATE
            case .modDate: CAIRO_PDF_METADATA_MOD_DATE
            case .keywords: CAIRO_PDF_METADATA_KEYWORDS
            }
        }
    }

    func set(_ key: Metadata, _ value: String) {
        cairo_pdf_surface_set_metadata(surface, key.cairo, value)
    }

    /// Adds a bookmark to `page` (1-based); returns its id for children.
    @discardableResult
    func addOutline(_ title: String, page: Int, parent: Int32 = 0) -> Int32 {
        cairo_pdf_surface_add_outline(surface, parent, title, "page=\(page)", cairo_pdf_outline_flags_t(rawValue: 0))
    }

    /// Writes everything out; reports Cairo's status (a full disk shows here).
    func finish() throws(RenderError) {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }
}

/// A PNG image (the lab's logo). Owns its image surface.
final class PNGImage {
    let surface: OpaquePointer
    let width: Double
    let height: Double

    init(path: String) throws(RenderError) {
        guard let s = cairo_image_surface_create_from_png(path) else { throw .cairo("cannot read \(path)") }
        let status = cairo_surface_status(s)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(s)
            throw .template("logo \(path): \(String(cString: cairo_status_to_string(status)))")
        }
        surface = s
        width = Double(cairo_image_surface_get_width(s))
        height = Double(cairo_image_surface_get_height(s))
    }

    deinit { cairo_surface_destroy(surface) }
}
