import CtDNAModel

/// Reads `<clinicalContext>`: therapy lines, serum markers, marrow and imaging for a patient.
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
            lines.append(TherapyLine(regimen: try l.requiredAttribute("regimen"),
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
            labs.append(LabValue(marker: try v.requiredEnum(attribute: "marker"),
                                 value: value, measured: date))
        }
        var marrow: [MarrowAssessment] = []
        for m in root.children("marrow") {
            let date = try m.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: m.location)
            marrow.append(MarrowAssessment(
                performed: date,
                plasmaCellPercent: try m.decimal(m.attribute("plasmaCellPercent"), field: "@plasmaCellPercent"),
                mrd: try m.enumValue(m.attribute("mrd"), field: "@mrd"),
                mrdSensitivity: try m.decimal(m.attribute("mrdSensitivity"), field: "@mrdSensitivity")))
        }
        var imaging: [ImagingStudy] = []
        for i in root.children("imaging") {
            let date = try i.requiredDate(attribute: "date")
            try ReportChecks.notInFuture(date, field: "@date", today: today, at: i.location)
            var sites: [ExtramedullarySite] = []
            for s in i.children("site") {
                if let site: ExtramedullarySite = try s.enumValue(s.text, field: "site") { sites.append(site) }
            }
            imaging.append(ImagingStudy(modality: try i.requiredEnum(attribute: "modality"),
                                        performed: date, lesions: sites.map { Lesion(site: $0) },
                                        summary: i.childText("summary")))
        }
        let context = ClinicalContext(
            identity: ReportIdentity(id: try root.requiredAttribute("documentId"),
                                     version: try root.integer(root.attribute("version"), field: "@version") ?? 1),
            patient: try OwnFormat.patient(try root.required("patient"), today: today),
            therapyLines: lines, labValues: labs, marrow: marrow, imaging: imaging)
        return .clinical(context)
    }
}
