import CtDNAModel

/// One FHIR element, the same whether it came from FHIR XML or FHIR JSON: a name, a
/// primitive value, child elements (repeats are repeated children), and for a
/// resource its type. The FHIR mapping reads only this.
public struct FHIRElement: Sendable, Hashable {
    public var name: String
    public var value: String?
    public var resourceType: String?
    public var children: [FHIRElement]
    public var line: Int

    public func all(_ name: String) -> [FHIRElement] { children.filter { $0.name == name } }
    public func first(_ name: String) -> FHIRElement? { children.first { $0.name == name } }

    /// The value at a path of child names, taking the first match at each step.
    public func value(_ path: String...) -> String? {
        var node: FHIRElement? = self
        for step in path { node = node?.first(step) }
        return node?.value
    }

    /// Every `coding` (system, code, display) of a CodeableConcept.
    public var codings: [(system: String?, code: String?, display: String?)] {
        all("coding").map { ($0.value("system"), $0.value("code"), $0.value("display")) }
    }

    public func hasCoding(_ code: String) -> Bool { codings.contains { $0.code == code } }

    /// Equal but for the lines they were read from.
    public func sameContent(as other: FHIRElement) -> Bool {
        name == other.name && value == other.value && resourceType == other.resourceType
            && children.count == other.children.count
            && zip(children, other.children).allSatisfy { $0.sameContent(as: $1) }
    }
}

extension FHIRElement {
    /// From FHIR XML: `value` attributes are primitives; `url` attributes become a
    /// child; `resource` and `contained` wrappers take the type of the resource inside;
    /// narrative (`text/div`) is skipped.
    init(xml e: XMLElement) {
        let hasAttributes = e.hasAttributes
        self.init(name: e.name, value: hasAttributes ? e.attribute("value") : nil, resourceType: nil, children: [], line: e.line)
        if hasAttributes, let url = e.attribute("url") {
            children.append(FHIRElement(name: "url", value: url, resourceType: nil, children: [], line: e.line))
        }
        for c in e.children where c.isInFHIRNamespace {
            let name = c.name
            if name == "div" { continue }
            if name == "resource" || name == "contained", let inner = c.children.first {
                var wrapped = FHIRElement(xml: inner)
                wrapped.name = name
                wrapped.resourceType = inner.name
                children.append(wrapped)
            } else {
                children.append(FHIRElement(xml: c))
            }
        }
    }

    /// A resource from FHIR XML: the root element is the resource itself.
    init(xmlResource e: XMLElement) {
        self.init(xml: e)
        resourceType = e.name
    }

    /// From FHIR JSON: members are children, arrays repeat, primitives are values,
    /// `resourceType` marks a resource; `_name` primitive extensions are skipped.
    init(json node: JSONNode, name: String) {
        self.init(name: name, value: nil, resourceType: nil, children: [], line: node.line)
        switch node.value {
        case .object(let members):
            for m in members {
                if m.key == "resourceType", case .string(let t) = m.node.value {
                    resourceType = t
                } else if m.key.hasPrefix("_") {
                    continue
                } else if case .array(let items) = m.node.value {
                    children += items.map { FHIRElement(json: $0, name: m.key) }
                } else {
                    children.append(FHIRElement(json: m.node, name: m.key))
                }
            }
        case .array: break
        case .string(let s): value = s
        case .number(let n): value = n
        case .bool(let b): value = b ? "true" : "false"
        case .null: break
        }
    }
}

public let fhirNamespace = "http://hl7.org/fhir"
