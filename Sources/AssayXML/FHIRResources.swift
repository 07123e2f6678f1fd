import CtDNAModel

/// The resources of one FHIR file and how references find them: `Type/id`, a Bundle
/// entry's `fullUrl` (`urn:uuid:…` or an absolute URL ending in `Type/id`), and
/// `#id` for contained resources.
struct FHIRResources {
    private(set) var all: [FHIRElement] = []
    private var index: [String: FHIRElement] = [:]
    /// The root resource: a Bundle, or a bare DiagnosticReport / Observation.
    let root: FHIRElement

    init(root: FHIRElement) {
        self.root = root
        if root.resourceType == "Bundle" {
            for entry in root.all("entry") {
                guard let r = entry.first("resource") else { continue }
                add(r, fullUrl: entry.value("fullUrl"))
            }
        } else {
            add(root, fullUrl: nil)
        }
    }

    private mutating func add(_ resource: FHIRElement, fullUrl: String?) {
        all.append(resource)
        let type = resource.resourceType ?? ""
        if let id = resource.value("id") { index["\(type)/\(id)"] = resource }
        if let fullUrl {
            index[fullUrl] = resource
            let parts = fullUrl.split(separator: "/")
            if parts.count >= 2 { index[parts.suffix(2).joined(separator: "/")] = resource }
        }
        for contained in resource.all("contained") {
            if let id = contained.value("id") { index["#\(id)"] = contained }
            add(contained, fullUrl: nil)
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
