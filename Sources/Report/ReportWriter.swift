import CCairo
import CtDNAModel
import Foundation
import Presentation
import Tracking
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one patient's longitudinal PDF. The file appears only when complete: Cairo's
/// output goes through checked writes to a hidden temporary file made with mkstemp
/// (`.ctdna-report-XXXXXX.tmp`, O_EXCL, mode 0600) in the output folder, which is
/// fsync'd and renamed to its final name only when Cairo finished without error; on any
/// failure the temporary file is removed.
public struct ReportWriter: Sendable {
    public let templates: ReportTemplates
    public let rules: ResponseRules
    /// The rules file the report was made with (named in the methods section).
    public let rulesFile: String?
    public let toolVersion: String
    /// The report's date ("Report date", the sign-off, the PDF's dates): the day given
    /// (`ctdna report --report-date`), else the day it is generated (UTC). The same
    /// stored data and the same date give the same bytes, in any store.
    public let reportDate: CalendarDate?
    /// A draft (marked DRAFT on every page) or a release signed by a named person.
    public var issue: ReportIssue = .draft
    /// The versions released before this one, for the amendment history.
    public var history: [ReportRelease] = []

    public init(templates: ReportTemplates, rules: ResponseRules, rulesFile: String? = nil, toolVersion: String,
                reportDate: CalendarDate? = nil, issue: ReportIssue = .draft, history: [ReportRelease] = []) {
        self.templates = templates
        self.rules = rules
        self.rulesFile = rulesFile
        self.toolVersion = toolVersion
        self.reportDate = reportDate
        self.issue = issue
        self.history = history
    }

    /// Today in UTC.
    public static func today() -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `ctdna-report-<slug>-<hash>-<language>.pdf`: one file per patient, whatever the MRN.
    /// `slug` is the MRN reduced to ASCII letters, digits, `-`, `_` and `.` (anything else
    /// becomes `_`; at most 40 characters; never starting with `.`), so that the name is
    /// readable and cannot leave the output folder. `hash` is 64-bit FNV-1a over the UTF-8
    /// bytes of issuer + NUL + MRN, as 16 hex digits: MRNs that reduce to one slug (`a/b`,
    /// `a_b`, `a:b`; full-width digits; precomposed and decomposed `É`) and one MRN under two
    /// issuers get different files. (FNV-1a, not SHA-256: the Report target has no crypto
    /// dependency; it is not a defence against MRNs crafted to collide, and `report --all`
    /// refuses two patients whose names would still coincide.)
    public static func fileName(for id: PatientIdentifier, language: String) -> String {
        "ctdna-report-\(slug(id.mrn))-\(identityHash(id))-\(language).pdf"
    }

    /// The MRN reduced to safe characters (at most 40, never a leading `.`, never empty).
    public static func slug(_ mrn: String) -> String {
        var safe = String(mrn.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
        }.prefix(40))
        while safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.isEmpty { safe = "_" }
        return safe
    }

    /// 64-bit FNV-1a of issuer + NUL + MRN (UTF-8 bytes as stored, no normalisation), 16 hex digits.
    public static func identityHash(_ id: PatientIdentifier) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (id.issuer ?? "").utf8 + [0] + id.mrn.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The name before issue 14 (`ctdna-report-<MRN>-<language>.pdf`): not one file per
    /// patient (`a/b` and `a_b` coincide). Kept for callers outside the CLI; `ctdna report`
    /// uses `fileName(for:language:)`.
    public static func fileName(mrn: String, language: String, suffix: String = "") -> String {
        var safe = String(mrn.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
        }.prefix(64))
        while safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe.isEmpty { safe = "_" }
        return "ctdna-report-\(safe)\(suffix)-\(language).pdf"
    }

    /// The prefix of the hidden temporary files (`.ctdna-report-XXXXXX.tmp`).
    public static let temporaryPrefix = ".ctdna-report-"

    /// Removes the temporary files a killed `report` left in `directory`: regular files
    /// named `.ctdna-report-*.tmp` last modified more than `age` seconds ago (a running
    /// report's are younger). Returns the names removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String, olderThan age: TimeInterval = 600) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let now = Date().timeIntervalSince1970
        var removed: [String] = []
        for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(".tmp") {
            let path = (directory as NSString).appendingPathComponent(name)
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            guard now - Double(modificationSeconds(st)) > age else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The latest draw's issue date, else its collection date (the report's date before
    /// issue 16; now the day of generation or `--report-date`).
    public static func latestIssueDate(_ a: PatientAssessment) -> CalendarDate {
        let last = a.draws.last?.draw.report
        return last?.issued?.date ?? last?.specimen.collected.date ?? .unixEpoch
    }

    /// A stable report id from the MRN and the source files (FNV-1a, folded to 32 bits):
    /// the same data gives the same id; any new or amended draw gives another.
    public static func reportID(_ a: PatientAssessment) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (a.patient.identifier.description + a.draws.map(\.draw.provenance.source.sha256).joined()).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(format: "CTD-%08X", UInt32(truncatingIfNeeded: hash ^ (hash >> 32)))
    }

    /// Renders `assessment` to `directory/name` (created with `mode`, 0600 unless given);
    /// returns the final path. A worker that writes many reports passes its own `cache`
    /// (one per thread) to reuse text layouts. The final name appears only when the whole
    /// PDF was written, flushed and synced; on any failure nothing is left behind.
    @discardableResult
    public func write(_ assessment: PatientAssessment, to directory: String, name: String, mode: mode_t = 0o600,
                      cache: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> String {
        try writeReport(assessment, to: directory, name: name, mode: mode, cache: cache).path
    }

    /// A written report: its path and the characters no installed font has (drawn as
    /// boxes showing their hex code; the caller warns).
    public struct Written: Sendable {
        public var path: String
        public var missingCharacters: [MissingCharacter]
    }

    /// As `write`, and says which characters no installed font could draw.
    public func writeReport(_ assessment: PatientAssessment, to directory: String, name: String, mode: mode_t = 0o600,
                            cache: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> Written {
        let file: OutputFile
        do {
            file = try OutputFile(directory: directory, name: name, temporaryPrefix: Self.temporaryPrefix, mode: mode)
        } catch {
            throw .io(error.description)
        }
        let missing: [MissingCharacter]
        do {
            missing = try render(assessment, into: file, cache: cache)
        } catch {
            file.discard()
            throw error
        }
        do { return Written(path: try file.commit(), missingCharacters: missing) } catch { throw .io(error.description) }
    }

    /// What the FHIR export takes from the report in this language: page 1's
    /// interpretation (the synopsis) as plain text, the report's title and the laboratory.
    public func fhirTexts(_ assessment: PatientAssessment) throws(RenderError) -> (interpretation: String, title: String, laboratory: String?) {
        let identity = ReportIdentityInfo(id: Self.reportID(assessment), reportDate: reportDate ?? Self.today(), rules: rules,
                                          rulesFile: rulesFile, issue: issue, history: history)
        let content = ReportContent(assessment: assessment, templates: templates, identity: identity, toolVersion: toolVersion)
        let block = try content.synopsis()
        var interpretation = (block as? Paragraph).map { FHIRBundleExport.plainText(markup: $0.markup) } ?? ""
        let wording = templates.wording
        // Without the paragraph's run-in title ("Interpretation. ").
        if let heading = try? wording.text("sections.interpretation"), interpretation.hasPrefix(heading + ".") {
            interpretation = String(interpretation.dropFirst(heading.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        let title = (try? wording.text("report.title")) ?? "ctDNA report"
        let lab = try? wording.text("lab.name")
        return (interpretation, "\(title) – \(assessment.patient.identifier.mrn)", lab)
    }

    /// Draws the report into `file`; returns the characters no installed font has.
    @discardableResult
    func render(_ assessment: PatientAssessment, into file: OutputFile,
                cache: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> [MissingCharacter] {
        _ = ReportFonts.shared  // registers the compact CJK font before Pango's first font map
        let layout = templates.layout
        let (pw, ph) = layout.pageSize
        let surface = try PDFStreamSurface(file: file, width: pw, height: ph)
        let canvas = try Canvas(surface: surface.surface)
        cache.beginReport()
        let style = Style(canvas: canvas, layout: layout, language: templates.language, cache: cache)
        let identity = ReportIdentityInfo(id: Self.reportID(assessment), reportDate: reportDate ?? Self.today(), rules: rules,
                                          rulesFile: rulesFile, issue: issue, history: history)
        let content = ReportContent(assessment: assessment, templates: templates, identity: identity, toolVersion: toolVersion)
        let logo = try templates.logoPath.map { p throws(RenderError) in try PNGImage(path: p) }
        let m = layout.page.margins
        let composer = Composer(style: style, top: m.top, bottom: ph - m.bottom, left: m.left, width: pw - m.left - m.right)
        let pages = try composer.paginate(try content.blocks(logo: logo), firstPageTop: m.top)
        let wording = templates.wording
        let title = try wording.text("report.title")
        surface.set(.title, "\(title) – \(assessment.patient.identifier.mrn)")
        surface.set(.author, try wording.text("lab.name"))
        surface.set(.subject, try wording.text("report.subject"))
        surface.set(.creator, "ctDNA Monitor \(toolVersion)")
        let stamp = "\(identity.reportDate.description)T00:00:00Z"
        surface.set(.createDate, stamp)
        surface.set(.modDate, stamp)
        canvas.beginTag("Document")
        let draftMark = issue.isDraft ? try style.block("<b>\(Markup.escape(try wording.text("draft.watermark")))</b>",
                                                        font: style.font(96), width: nil) : nil
        let draftFooter = issue.isDraft ? try wording.text("draft.footer") + " · " : ""
        for (index, page) in pages.enumerated() {
            for placed in page {
                if let tag = placed.block.structure {
                    try canvas.tagged(tag) { () throws(RenderError) in
                        try placed.block.draw(x: m.left, y: placed.y, width: composer.width, style: style)
                    }
                } else {
                    try placed.block.draw(x: m.left, y: placed.y, width: composer.width, style: style)
                }
                if let outline = placed.block.outline { surface.addOutline(outline, page: index + 1) }
            }
            if let draftMark {
                // Over the page, translucent, across it: a draft is never mistaken for a release.
                canvas.turned(x: pw / 2, y: ph / 2, angle: -Double.pi / 4) {
                    draftMark.draw(x: -draftMark.size.width / 2, y: -draftMark.size.height / 2,
                                   colour: style.layout.colour(style.layout.colours.alert).with(alpha: 0.15))
                }
            }
            // Not pre-escaped: Mustache escapes `{{mrn}}` for markup itself (escaping here too
            // showed `&amp;` in the PDF).
            let footer = draftFooter + (try wording.text("footer", ["reportId": identity.id, "mrn": assessment.patient.identifier.mrn,
                                                                    "page": index + 1, "pages": pages.count]))
            let t = try style.block(footer, font: style.small, width: composer.width, alignment: .centre, source: "footer")
            canvas.colour(style.rule)
            canvas.lineWidth(0.4)
            canvas.strokeLine(m.left, ph - m.bottom + 14, pw - m.right, ph - m.bottom + 14)
            t.draw(x: m.left, y: ph - m.bottom + 18, colour: style.muted)
            try canvas.check()
            canvas.showPage()
        }
        canvas.endTag("Document")
        try surface.finish()
        // Tagged, language, XMP: what Cairo 1.16 leaves out, as an incremental update.
        let update = PDFCatalogUpdate(language: templates.language, title: "\(title) – \(assessment.patient.identifier.mrn)",
                                      subject: try wording.text("report.subject"), author: try wording.text("lab.name"),
                                      creatorTool: "ctDNA Monitor \(toolVersion)",
                                      producer: "cairo \(String(cString: cairo_version_string()))", date: stamp,
                                      rules: "\(rules.name) v\(rules.version)")
        guard let (tail, offset) = file.tail(1 << 20) else { throw .io(file.failure ?? "cannot read back \(file.temporaryPath)") }
        do {
            let bytes = try update.update(tail: tail, offset: offset)
            guard bytes.withUnsafeBytes({ file.write($0) }) else { throw RenderError.io(file.failure ?? "cannot write") }
        } catch let failure as PDFCatalogUpdate.Failure {
            throw .cairo("the PDF's catalog could not be amended: \(failure)")
        } catch {
            throw .io(file.failure ?? "\(error)")
        }
        return style.audit.missing.sorted()
    }
}

/// Whether a PDF is a draft for review or a release authorised by a named person.
public enum ReportIssue: Sendable, Hashable {
    case draft
    case release(ReleaseStamp)

    public var isDraft: Bool { if case .draft = self { true } else { false } }
}

/// What a released report prints in its sign-off.
public struct ReleaseStamp: Sendable, Hashable {
    public var version: Int
    public var supersedesVersion: Int?
    public var authorisedBy: String
    public var role: String?
    /// UTC, ISO 8601.
    public var authorisedAt: String
    public var dataHash: String
    /// Set for an amendment: why it was issued.
    public var amendmentReason: String?

    public init(version: Int, supersedesVersion: Int?, authorisedBy: String, role: String?, authorisedAt: String,
                dataHash: String, amendmentReason: String?) {
        self.version = version
        self.supersedesVersion = supersedesVersion
        self.authorisedBy = authorisedBy
        self.role = role
        self.authorisedAt = authorisedAt
        self.dataHash = dataHash
        self.amendmentReason = amendmentReason
    }
}

/// A Cairo PDF surface whose output goes to an `OutputFile` through checked writes (a
/// full disk fails the write, Cairo's status and `OutputFile.commit`). The file is kept
/// alive as long as the surface, which writes to it until destroyed.
final class PDFStreamSurface {
    let surface: OpaquePointer
    let file: OutputFile

    init(file: OutputFile, width: Double, height: Double) throws(RenderError) {
        self.file = file
        let closure = Unmanaged.passUnretained(file).toOpaque()
        guard let s = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<OutputFile>.fromOpaque(closure).takeUnretainedValue()
            return sink.write(UnsafeRawBufferPointer(start: data, count: Int(length))) ? CAIRO_STATUS_SUCCESS
                                                                                     : CAIRO_STATUS_WRITE_ERROR
        }, closure, width, height) else { throw .cairo("cannot create a PDF surface") }
        let status = cairo_surface_status(s)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(s)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        surface = s
    }

    deinit { cairo_surface_destroy(surface) }

    func set(_ key: PDFSurface.Metadata, _ value: String) {
        cairo_pdf_surface_set_metadata(surface, key.cairo, value)
    }

    @discardableResult
    func addOutline(_ title: String, page: Int, parent: Int32 = 0) -> Int32 {
        cairo_pdf_surface_add_outline(surface, parent, title, "page=\(page)", cairo_pdf_outline_flags_t(rawValue: 0))
    }

    /// Writes everything out; a failed write shows in Cairo's status and in the file's.
    func finish() throws(RenderError) {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        if let failure = file.failure { throw .io(failure) }
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }
}

/// Why an output file could not be written. `creating`: the temporary file could not be
/// made (the folder is missing or not writable), before any data was written.
public struct OutputFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var creating: Bool
}

/// A file that appears whole or not at all (reports and CSV exports). Data goes to a
/// hidden temporary file in the destination folder, made with mkstemp (O_EXCL, mode
/// 0600, then `mode`), through write(2) calls that are each checked; `commit` refuses an
/// empty file, fsyncs it, closes it (checked), renames it to the final name and fsyncs
/// the folder. `discard` (and any failure in `commit`) removes the temporary file.
public final class OutputFile: @unchecked Sendable {
    public let finalPath: String
    public let temporaryPath: String
    let directory: String
    private var fd: Int32
    /// The first write failure, if any; later writes are skipped.
    public private(set) var failure: String?

    public init(directory: String, name: String, temporaryPrefix: String, mode: mode_t = 0o600) throws(OutputFileError) {
        self.directory = directory
        finalPath = (directory as NSString).appendingPathComponent(name)
        var template = Array((directory as NSString).appendingPathComponent("\(temporaryPrefix)XXXXXX.tmp").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else {
            throw OutputFileError(description: "cannot create a file in \(directory): \(String(cString: strerror(errno)))",
                                  creating: true)
        }
        self.fd = fd
        temporaryPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if mode != 0o600, fchmod(fd, mode) != 0 {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporaryPath)
            throw OutputFileError(description: "cannot set the mode of \(temporaryPath): \(reason)", creating: true)
        }
    }

    deinit { if fd >= 0 { discard() } }

    /// Writes all of `bytes` (retrying short writes and EINTR); false, with `failure` set,
    /// when the system refuses (a full disk, a size limit, an I/O error).
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        guard fd >= 0 else { failure = "\(finalPath): written after closing"; return false }
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = "cannot write \(finalPath): \(String(cString: strerror(errno)))"
                return false
            }
            if n == 0 { failure = "cannot write \(finalPath): no progress"; return false }
            offset += n
        }
        return true
    }

    /// The last `count` bytes written (all of them when fewer), and the offset they start at.
    func tail(_ count: Int) -> (bytes: [UInt8], offset: Int)? {
        guard fd >= 0, failure == nil else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        let start = max(0, size - count)
        var buffer = [UInt8](repeating: 0, count: size - start)
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(start + done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return (buffer, start)
    }

    @discardableResult
    public func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Checks, syncs and renames the file to its final name; returns that path. On
    /// failure the temporary file is removed and nothing is at the final name from this call.
    public func commit() throws(OutputFileError) -> String {
        func fail(_ what: String) -> OutputFileError {
            let reason = String(cString: strerror(errno))
            discard()
            return OutputFileError(description: "\(what) \(finalPath): \(reason)", creating: false)
        }
        if let failure {
            discard()
            throw OutputFileError(description: failure, creating: false)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail("cannot check") }
        guard st.st_size > 0 else {
            discard()
            throw OutputFileError(description: "nothing was written to \(finalPath)", creating: false)
        }
        guard fsync(fd) == 0 else { throw fail("cannot sync") }
        let closing = fd
        fd = -1
        guard close(closing) == 0 else { throw fail("cannot close") }
        guard rename(temporaryPath, finalPath) == 0 else { throw fail("cannot rename the file into") }
        let folder = open(directory, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            let synced = fsync(folder) == 0 || errno == EINVAL
            let reason = String(cString: strerror(errno))
            close(folder)
            // The file is whole and in place; only its durability across a crash is in doubt.
            guard synced else {
                throw OutputFileError(description: "cannot sync the folder \(directory) after writing \(finalPath): \(reason)",
                                      creating: false)
            }
        }
        return finalPath
    }

    /// Closes and removes the temporary file (nothing happens to the final name).
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(temporaryPath)
    }

    /// `--mode OCTAL`: permission bits 0–0777 (no set-id or sticky bits); nil when not octal.
    public static func parseMode(_ text: String) -> mode_t? {
        guard !text.isEmpty, text.count <= 4, let v = UInt32(text, radix: 8), v <= 0o777 else { return nil }
        return mode_t(v)
    }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}

private func modificationSeconds(_ st: stat) -> Int {
    #if canImport(Glibc)
    Int(st.st_mtim.tv_sec)
    #else
    Int(st.st_mtimespec.tv_sec)
    #endif
}
