import Foundation

/// What Cairo 1.16 leaves out of a tagged PDF, added as an incremental update (ISO
/// 32000-1 §7.5.6: the original bytes stay as written, a new catalog, an XMP metadata
/// stream, a cross-reference section and a trailer follow them):
/// - `/MarkInfo << /Marked true >>`: Cairo writes the structure tree (`/StructTreeRoot`)
///   but not the flag that says the document is tagged;
/// - `/Lang`: the document's language (`en`, `zh-Hans`), for screen readers and search;
/// - `/Metadata`: an XMP packet with the title, the patient-free subject, the language,
///   the author (the laboratory), producer, creator tool, dates and the rules used.
/// Deterministic: the same report gives the same bytes.
struct PDFCatalogUpdate {
    var language: String
    var title: String
    var subject: String
    var author: String
    var creatorTool: String
    var producer: String
    var date: String                 // ISO 8601, the report date
    var rules: String                // "NAME v3.0"

    enum Failure: Error { case unreadable(String) }

    /// The update for a PDF whose last bytes are `tail`, starting at byte `offset`.
    func update(tail: [UInt8], offset: Int) throws(Failure) -> [UInt8] {
        let text = String(decoding: tail, as: UTF8.self)
        guard let startxrefRange = text.range(of: "startxref", options: .backwards),
              let prevXref = Int(text[startxrefRange.upperBound...].split(whereSeparator: \.isWhitespace).first ?? ""),
              let trailerRange = text.range(of: "trailer", options: .backwards) else {
            throw .unreadable("no trailer")
        }
        let trailer = String(text[trailerRange.upperBound..<startxrefRange.lowerBound])
        func reference(_ key: String) -> Int? {
            guard let r = trailer.range(of: "/\(key) ") else { return nil }
            return Int(trailer[r.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        }
        guard let size = reference("Size"), let root = reference("Root") else { throw .unreadable("no /Size or /Root") }
        let info = reference("Info")
        guard let objectStart = text.range(of: "\n\(root) 0 obj", options: .backwards),
              let dictStart = text.range(of: "<<", range: objectStart.upperBound..<text.endIndex),
              let objectEnd = text.range(of: "endobj", range: dictStart.lowerBound..<text.endIndex),
              let dictEnd = text.range(of: ">>", options: .backwards, range: dictStart.lowerBound..<objectEnd.lowerBound) else {
            throw .unreadable("no catalog object \(root)")
        }
        let body = text[dictStart.upperBound..<dictEnd.lowerBound]
        // Cairo writes /MarkInfo itself when the structure tree is not empty (not always):
        // each key is added only when the catalog lacks it.
        var added = ""
        if !body.contains("/Lang") { added += "   /Lang (\(language))\n" }
        if !body.contains("/MarkInfo") { added += "   /MarkInfo << /Marked true >>\n" }
        guard !body.contains("/Metadata") else { throw .unreadable("the catalog already has /Metadata") }
        let metadata = size
        let xmp = Array(xmpPacket().utf8)
        var out: [UInt8] = Array("\n".utf8)
        let metadataOffset = offset + tail.count + out.count
        out += Array("\(metadata) 0 obj\n<< /Type /Metadata /Subtype /XML /Length \(xmp.count) >>\nstream\n".utf8)
        out += xmp
        out += Array("\nendstream\nendobj\n".utf8)
        let catalogOffset = offset + tail.count + out.count
        out += Array("\(root) 0 obj\n<<\(body)\(added)   /Metadata \(metadata) 0 R\n>>\nendobj\n".utf8)
        let xrefOffset = offset + tail.count + out.count
        func entry(_ o: Int) -> String { String(repeating: "0", count: max(0, 10 - String(o).count)) + "\(o) 00000 n \n" }
        out += Array("xref\n0 1\n0000000000 65535 f \n\(root) 1\n\(entry(catalogOffset))\(metadata) 1\n\(entry(metadataOffset))".utf8)
        out += Array("trailer\n<< /Size \(metadata + 1)\n   /Root \(root) 0 R\n".utf8)
        if let info { out += Array("   /Info \(info) 0 R\n".utf8) }
        out += Array("   /Prev \(prevXref)\n>>\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
        return out
    }

    func xmpPacket() -> String {
        func x(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                xmlns:ctdna="urn:ctdna-monitor:report:1">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(x(title))</rdf:li></rdf:Alt></dc:title>
               <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(x(subject))</rdf:li></rdf:Alt></dc:description>
               <dc:creator><rdf:Seq><rdf:li>\(x(author))</rdf:li></rdf:Seq></dc:creator>
               <dc:language><rdf:Bag><rdf:li>\(x(language))</rdf:li></rdf:Bag></dc:language>
               <pdf:Producer>\(x(producer))</pdf:Producer>
               <xmp:CreatorTool>\(x(creatorTool))</xmp:CreatorTool>
               <xmp:CreateDate>\(x(date))</xmp:CreateDate>
               <xmp:ModifyDate>\(x(date))</xmp:ModifyDate>
               <xmp:MetadataDate>\(x(date))</xmp:MetadataDate>
               <ctdna:rules>\(x(rules))</ctdna:rules>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
    }
}
