import CtDNAModel

/// The resources of one FHIR file and how references find them: `Type/id`, a Bundle
/// entry's `fullUrl` (`urn:uuid:…` or an absolute URL ending in `Type/id`), and
/// `#id` for contained resources.
struct FHIRResources {
    private(set) var all: [FHIRElement] = []
    private var index: [String: FHIRElement] = [:]
    /// The root resource: a Bundle, or a bare DiagnosticReport / Observation.
    let root: FHIRElement

    /// Indexes the file's resources. Two resources under one id or fullUrl with
    /// different content make the file ambiguous: which one is the result?
    init(root: FHIRElement, path: String) throws(InputError) {
        self.root = root
        if root.resourceType == "Bundle" {
            for entry in root.all("entry") {
                guard let r = entry.first("resource") else { continue }
                try add(r, fullUrl: entry.value("fullUrl"), path: path)
            }
        } else {
            try add(root, fullUrl: nil, path: path)
        }
    }

    private mutating func add(_ resource: FHIRElement, fullUrl: String?, path: String) throws(InputError) {
        let type = resource.resourceType ?? ""
        var keys: [String] = []
        if let id = resource.value("id") { keys.append("\(type)/\(id)") }
        if let fullUrl {
            keys.append(fullUrl)
            let parts = fullUrl.split(separator: "/")
            if parts.count >= 2 { keys.append(parts.suffix(2).joined(separator: "/")) }
        }
        for key in keys {
            if let earlier = index[key] {
                guard earlier.sameContent(as: resource) else {
                    throw .conflict(SourceLocation(file: path, line: resource.line),
                                    reason: "\(key) appears twice with different content")
                }
                return  // an exact repeat: keep the first
            }
        }
        all.append(resource)
        for key in keys { index[key] = resource }
        for contained in resource.all("contained") {
            if let id = contained.value("id") { index["#\(id)"] = contained }
            try add(contained, fullUrl: nil, path: path)
        }
    }

    /// Resolves `Patient/x`, `urn:uuid:…`, `#x`, or an absolute URL ending in `Type/id`.
    func resolve(_ reference: String?) -> FHIRElement? {
        guard let reference else { return nil }
        if let hit = index[reference] { return hit }
        let parts = reference.split(separator: "/")
        if parts.count >= 2 { return index[parts.suffix(2).joined(separator: "/")] }
        return nil
    }

    func resolve(_ referenceElement: FHIRElement?) -> FHIRElement? {
        resolve(referenceElement?.value("reference"))
    }

    func ofType(_ type: String) -> [FHIRElement] { all.filter { $0.resourceType == type } }
}
