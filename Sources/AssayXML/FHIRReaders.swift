import CtDNAModel

/// HL7 FHIR R4 in XML (namespace http://hl7.org/fhir): a Bundle, DiagnosticReport or Observation.
public struct FHIRXMLReader: ResultFormatReader {
    public let format = SourceFormat.fhirXML
    public init() {}

    public func accepts(_ input: InputSyntax) -> Bool {
        guard case .xml(_, let root) = input else { return false }
        return root.namespace == fhirNamespace && FHIRXMLReader.rootTypes.contains(root.name)
    }

    static let rootTypes: Set<String> = ["Bundle", "DiagnosticReport", "Observation"]

    public func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument {
        guard case .xml(_, let root) = input else { throw .unreadable(SourceLocation(file: context.path), reason: "not XML") }
        return .result(try FHIRMapping.read(root: FHIRElement(xmlResource: root), context: context))
    }
}

/// HL7 FHIR R4 in JSON: the same resources through the same mapping.
public struct FHIRJSONReader: ResultFormatReader {
    public let format = SourceFormat.fhirJSON
    public init() {}

    public func accepts(_ input: InputSyntax) -> Bool {
        guard case .json(let doc) = input, case .object(let members) = doc.root.value else { return false }
        guard let type = members.first(where: { $0.key == "resourceType" }), case .string(let t) = type.node.value else {
            return false
        }
        return FHIRXMLReader.rootTypes.contains(t)
    }

    public func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument {
        guard case .json(let doc) = input else { throw .unreadable(SourceLocation(file: context.path), reason: "not JSON") }
        return .result(try FHIRMapping.read(root: FHIRElement(json: doc.root, name: "root"), context: context))
    }
}
