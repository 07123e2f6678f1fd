import CtDNAModel

/// Reads `<clinicalContext>`: therapy lines, serum and urine markers, marrow (MRD, FISH),
/// imaging lesions and tumour biopsies for a patient.
public struct ClinicalContextReader: ResultFormatReader {
    public let format = SourceFormat.ctdnaClinical
    public init() {}

    public func accepts(_ input: InputSyntax) -> Bool {
        guard case .xml(_, let root) = input else { return false }
        return root.name == "clinicalContext" && root.namespace == ctdnaNamespace
    }

    public func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument {
        guard case .xml(let document, let root) = input else {
            throw .unreadable(SourceLocation(file: context.path), reason: "not XML")
        }
        try XMLSchema.ctdnaResult.get().validate(document)
        let today = context.today
        var lines: [TherapyLine] = []
        for l in root.child("therapy")?.children("line") ?? [] {
            let start = try l.requiredDate(attribute: "start")
            let end = try l.date(l.attribute("end"), field: "@end")
            try ReportChecks.notInFuture(start, field: "@start", today: today, at: l.location)
            if let end, end < start {
                throw .invalidValue(l.location, field: "@end", reason: "lies before the start", value: nil)
            }
            lines.append(TherapyLine(regimen: try Checked.text(try l.requiredAttribute("regimen"), field: "@regimen", at: l.location) ?? "",
                                     drugs: l.children("drug").compactMap(\.text),
                                     start: start, end: end, intent: l.attribute("intent")))
        }
        var labs: [LabValue] = []
        for v in root.child("labs")?.children("value") ?? [] {
            let date = try v.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: v.location)
            guard let value = try v.decimal(v.text, field: "value"), value >= 0 else {
                throw .missingField(v.location, field: "value")
            }
            let marker: LabMarker = try v.requiredEnum(attribute: "marker")
            try Self.checkLabValue(value, marker: marker, at: v)
            labs.append(LabValue(marker: marker, value: value, measured: date))
        }
        var marrow: [MarrowAssessment] = []
        for m in root.children("marrow") {
            let date = try m.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: m.location)
            marrow.append(MarrowAssessment(
                performed: date,
                plasmaCellPercent: try m.decimal(m.attribute("plasmaCellPercent"), field: "@plasmaCellPercent"),
                mrd: try m.enumValue(m.attribute("mrd"), field: "@mrd"),
                mrdSensitivity: try m.decimal(m.attribute("mrdSensitivity"), field: "@mrdSensitivity"),
                mrdMethod: try m.enumValue(m.attribute("mrdMethod"), field: "@mrdMethod"),
                cytogenetics: try Self.cytogenetics(m.children("fish"))))
        }
        var imaging: [ImagingStudy] = []
        for i in root.children("imaging") {
            let date = try i.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: i.location)
            // `<site>` (the first release's form) is a lesion of the site's default class.
            var lesions: [Lesion] = []
            for s in i.children("site") {
                if let site: ExtramedullarySite = try s.enumValue(s.text, field: "site") { lesions.append(Lesion(site: site)) }
            }
            for l in i.children("lesion") {
                lesions.append(Lesion(site: try l.requiredEnum(attribute: "site"),
                                      lesionClass: try l.enumValue(l.attribute("class"), field: "@class")))
            }
            imaging.append(ImagingStudy(modality: try i.requiredEnum(attribute: "modality"),
                                        performed: date, lesions: lesions,
                                        summary: try Checked.text(i.childText("summary"), field: "summary", at: i.location)))
        }
        var biopsies: [BiopsyResult] = []
        for b in root.children("biopsy") {
            let date = try b.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: b.location)
            biopsies.append(BiopsyResult(performed: date, source: try b.requiredEnum(attribute: "source"),
                                         variants: try Self.biopsyVariants(b.children("variant"))))
        }
        let context = ClinicalContext(
            identity: ReportIdentity(id: try Checked.identifier(try root.requiredAttribute("documentId"), field: "@documentId",
                                                                 at: root.location),
                                     version: try root.integer(root.attribute("version"), field: "@version") ?? 1),
            patient: try OwnFormat.patient(try root.required("patient"), today: today),
            therapyLines: lines, labValues: labs, marrow: marrow, imaging: imaging, biopsies: biopsies,
            lightChain: try root.enumValue(root.childText("lightChain"), field: "lightChain"))
        return .clinical(context)
    }

    /// Immunofixation is 0 (negative) or 1 (positive); circulating plasma cells a percent.
    static func checkLabValue(_ value: Double, marker: LabMarker, at v: XMLElement) throws(InputError) {
        switch marker {
        case .serumImmunofixation, .urineImmunofixation:
            if value != 0, value != 1 {
                throw .invalidValue(v.location, field: "value", reason: "immunofixation must be 0 (negative) or 1 (positive)",
                                    value: v.text)
            }
        case .circulatingPlasmaCells:
            if value > 100 {
                throw .invalidValue(v.location, field: "value", reason: "a percent must be in [0, 100]", value: v.text)
            }
        default:
            break
        }
    }

    /// One aspirate's FISH: one result per aberration (an exact repeat is dropped), a clonal
    /// fraction in [0, 1], and neither a clone size nor an allelic state for an aberration
    /// not detected.
    static func cytogenetics(_ elements: [XMLElement]) throws(InputError) -> [CytogeneticResult] {
        var out: [CytogeneticResult] = []
        for f in elements {
            let kind: CytogeneticKind = try f.requiredEnum(attribute: "kind")
            let detectedText = try f.requiredAttribute("detected")
            guard let detected = ["true": true, "1": true, "false": false, "0": false][detectedText] else {
                throw .invalidValue(f.location, field: "@detected", reason: "not true or false", value: detectedText)
            }
            let fraction = try f.fraction(f.attribute("clonalFraction"), field: "@clonalFraction")
            let allelic: Allelic? = try f.enumValue(f.attribute("allelic"), field: "@allelic")
            if !detected, (fraction.map { $0.fraction > 0 } ?? false) || allelic != nil {
                throw .invalidValue(f.location, field: "fish \(kind.rawValue)",
                                    reason: "a clonal fraction or allelic state is given for an aberration not detected", value: nil)
            }
            let result = CytogeneticResult(kind: kind, detected: detected, clonalFraction: fraction?.fraction, allelic: allelic)
            if let earlier = out.first(where: { $0.kind == kind }) {
                guard earlier == result else {
                    throw .conflict(f.location, reason: "FISH \(kind.rawValue) is listed twice with different values")
                }
                continue
            }
            out.append(result)
        }
        return out
    }

    /// A biopsy's variants as keys (`GENE p.X`, else `GENE c.X`), normalised as variant
    /// calls' keys are, each once.
    static func biopsyVariants(_ elements: [XMLElement]) throws(InputError) -> [String] {
        var keys: [String] = []
        for v in elements {
            let proteinText = v.attribute("proteinChange")
            let protein = proteinText.flatMap(HGVS.normalizedProtein)
            let coding = v.attribute("codingChange").flatMap(HGVS.normalizedCoding)
            if protein == nil, coding == nil {
                if let proteinText {
                    throw .invalidValue(v.location, field: "@proteinChange", reason: "not an HGVS protein change", value: proteinText)
                }
                throw .missingField(v.location, field: "@proteinChange or @codingChange")
            }
            let key = VariantKey(gene: try v.requiredAttribute("gene"), proteinChange: protein, codingChange: coding,
                                 location: nil).description
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
