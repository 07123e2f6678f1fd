import CLibXML2
import XMLGuard
#if canImport(Glibc)
import Glibc
#endif
import CtDNAModel

/// An XML document parsed strictly by libxml2: no recovery, no network, no DTD, no
/// entity substitution; invalid UTF-8 is an error. Owns the `xmlDoc` and frees it.
public final class XMLDocument {
    let doc: xmlDocPtr
    public let path: String

    /// The default ceiling on an input file's size (16 MiB): a result file is a few
    /// hundred kilobytes at most, FoundationOne files with an embedded PDF a few MB.
    public static let defaultSizeLimit = 16 << 20

    /// Parses `bytes`. Throws `InputError.malformed` with libxml2's line and message.
    public init(bytes: [UInt8], path: String) throws(InputError) {
        _ = XMLDocument.initialised
        self.path = path
        guard !bytes.isEmpty else {
            throw .malformed(SourceLocation(file: path, line: 1), reason: "file is empty")
        }
        guard bytes.count <= Int(Int32.max) else {
            throw .tooLarge(SourceLocation(file: path), bytes: bytes.count, limit: Int(Int32.max))
        }
        let collector = LibXMLErrorCollector()
        guard let ctxt = xmlNewParserCtxt() else {
            throw .unreadable(SourceLocation(file: path), reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(ctxt) }
        let parsed: xmlDocPtr? = collector.capture { me in
            ctxt.pointee._private = me
            // The DOCTYPE guard: stop at the first sign of a DTD, before any entity
            // declaration is read, so no entity is ever expanded or fetched.
            ctxt.pointee.sax.pointee.internalSubset = { ctx, _, _, _ in
                guard let ctx else { return }
                let parser = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
                if let me = parser.pointee._private {
                    Unmanaged<LibXMLErrorCollector>.fromOpaque(me).takeUnretainedValue()
                        .doctypeLine = Int(xmlSAX2GetLineNumber(ctx))
                }
                xmlStopParser(parser)
            }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                    xmlCtxtReadMemory(ctxt, base, Int32(buffer.count), path, nil, ctdna_xml_safe_options())
                }
            }
        }
        if let line = collector.doctypeLine {
            if let parsed { xmlFreeDoc(parsed) }
            throw .malformed(SourceLocation(file: path, line: line),
                             reason: "a DOCTYPE/DTD is not allowed (entities and external DTDs are never loaded)")
        }
        let wellFormed = ctdna_xml_well_formed(ctxt) != 0 && ctdna_xml_ns_well_formed(ctxt) != 0
        guard let parsed, wellFormed, collector.first == nil else {
            if let parsed { xmlFreeDoc(parsed) }
            let first = collector.first
            throw .malformed(SourceLocation(file: path, line: first?.line),
                             reason: first?.message ?? "libxml2 could not parse the file")
        }
        self.doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    private static let initialised: Void = {
        xmlInitParser()
        ctdna_xml_refuse_external_loads()
    }()

    /// How many external loads libxml2 attempted (and was refused) in this process.
    public static var externalLoadAttempts: Int { Int(ctdna_xml_external_load_attempts()) }

    /// The document element.
    public var root: XMLElement? {
        xmlDocGetRootElement(doc).map { XMLElement(node: $0, document: self) }
    }

    public func location(line: Int?) -> SourceLocation { SourceLocation(file: path, line: line) }
}

/// An element of a parsed document. Holds its document alive; the node pointer never
/// leaves this module.
public struct XMLElement {
    let node: xmlNodePtr
    let document: XMLDocument

    /// The local name (without prefix).
    public var name: String { String(cString: node.pointee.name) }

    /// The namespace URI, or nil when the element is in no namespace.
    public var namespace: String? {
        node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
    }

    /// Whether the element is in the FHIR namespace (compared in place, no String made).
    var isInFHIRNamespace: Bool {
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return strcmp(UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self), "http://hl7.org/fhir") == 0  // fhirNamespace
    }

    /// Whether the element has any attribute (a cheap test before looking one up).
    var hasAttributes: Bool { node.pointee.properties != nil }

    public var line: Int { Int(xmlGetLineNo(node)) }
    public var location: SourceLocation { document.location(line: line) }

    /// Child elements in document order (text, comments and PIs skipped).
    public var children: [XMLElement] {
        var out: [XMLElement] = []
        var cursor = node.pointee.children
        while let c = cursor {
            if c.pointee.type == XML_ELEMENT_NODE { out.append(XMLElement(node: c, document: document)) }
            cursor = c.pointee.next
        }
        return out
    }

    /// Child elements with this local name, in this element's namespace unless another is given.
    public func children(_ name: String, namespace: String? = nil) -> [XMLElement] {
        var out: [XMLElement] = []
        forEachChild(name, namespace: namespace) { out.append($0); return true }
        return out
    }

    public func child(_ name: String, namespace: String? = nil) -> XMLElement? {
        var found: XMLElement?
        forEachChild(name, namespace: namespace) { found = $0; return false }
        return found
    }

    /// Visits the child elements named `name` in the namespace (this element's unless
    /// given) until `body` returns false. Compares the C strings in place: making Strings
    /// of every child's name and namespace showed in the ingest profile.
    private func forEachChild(_ name: String, namespace: String?, _ body: (XMLElement) -> Bool) {
        let href: UnsafePointer<xmlChar>? = node.pointee.ns?.pointee.href
        func visit(_ wantedName: UnsafePointer<CChar>, _ wantedNS: UnsafePointer<CChar>?) {
            var cursor = node.pointee.children
            while let c = cursor {
                cursor = c.pointee.next
                guard c.pointee.type == XML_ELEMENT_NODE, let n = c.pointee.name,
                      strcmp(UnsafeRawPointer(n).assumingMemoryBound(to: CChar.self), wantedName) == 0 else { continue }
                let childNS = c.pointee.ns?.pointee.href.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                switch (childNS, wantedNS) {
                case (nil, nil): break
                case (let a?, let b?) where strcmp(a, b) == 0: break
                default: continue
                }
                if !body(XMLElement(node: c, document: document)) { return }
            }
        }
        name.withCString { wantedName in
            if let namespace {
                namespace.withCString { visit(wantedName, $0) }
            } else {
                visit(wantedName, href.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) })
            }
        }
    }

    /// The element's text, concatenated from its descendants; nil when empty.
    public var text: String? {
        guard let raw = xmlNodeGetContent(node) else { return nil }
        defer { ctdna_xml_free(raw) }
        return Self.trimmed(raw)
    }

    /// A libxml2 string without leading and trailing XML white space; nil when empty.
    /// Trims bytes, not Characters (no grapheme breaking on the hot path).
    static func trimmed(_ raw: UnsafePointer<xmlChar>) -> String? {
        var end = strlen(raw)
        var start = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        while start < end, isSpace(raw[start]) { start += 1 }
        while end > start, isSpace(raw[end - 1]) { end -= 1 }
        guard end > start else { return nil }
        return String(decoding: UnsafeBufferPointer(start: raw + start, count: end - start), as: UTF8.self)
    }

    /// An attribute in no namespace; nil when absent or empty.
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlGetNoNsProp(node, name) else { return nil }
        defer { ctdna_xml_free(raw) }
        return Self.trimmed(raw)
    }

    /// The text of child `name`, or nil.
    public func childText(_ name: String, namespace: String? = nil) -> String? {
        child(name, namespace: namespace)?.text
    }
}
