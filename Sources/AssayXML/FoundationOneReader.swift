import CtDNAModel

/// FoundationOne-style `rr:ResultsReport` XML: `rr:ResultsPayload` holds `FinalReport`
/// (patient, sample, version) and `variant-report` (the alterations). These reports list
/// detected alterations only.
public struct FoundationOneReader: ResultFormatReader {
    public static let reportingNamespace = "http://integration.foundationmedicine.com/reporting"
    public static let variantNamespace = "http://foundationmedicine.com/compbio/variant-report-external"
    public let format = SourceFormat.foundationOne
    public init() {}

    public func accepts(_ input: InputSyntax) -> Bool {
        guard case .xml(_, let root) = input else { return false }
        return root.name == "ResultsReport" && root.namespace == Self.reportingNamespace
    }

    public func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument {
        guard case .xml(_, let root) = input else { throw .unreadable(SourceLocation(file: context.path), reason: "not XML") }
        guard let payload = root.child("ResultsPayload") else { throw .missingField(root.location, field: "rr:ResultsPayload") }
        guard let final = payload.children.first(where: { $0.name == "FinalReport" }) else {
            throw .missingField(payload.location, field: "FinalReport")
        }
        guard let variants = payload.child("variant-report", namespace: Self.variantNamespace) else {
            throw .missingField(payload.location, field: "variant-report")
        }
        let pmi = try final.required("PMI")
        let patient = try Self.patient(pmi, customer: root.child("CustomerInformation"))
        let sample = final.child("Sample")
        let specimen = try Self.specimen(pmi: pmi, sample: sample, variants: variants, final: final)
        try ReportChecks.specimenDates(specimen, birthDate: patient.birthDate, today: context.today, at: pmi.location)
        let vn = Self.variantNamespace
        var calls: [(VariantCall, SourceLocation)] = []
        for v in variants.child("short-variants", namespace: vn)?.children("short-variant") ?? [] {
            calls.append((try Self.shortVariant(v), v.location))
        }
        var findings = try (variants.child("copy-number-alterations", namespace: vn)?.children("copy-number-alteration") ?? [])
            .map(Self.copyNumber)
        findings += (variants.child("rearrangements", namespace: vn)?.children("rearrangement") ?? []).map(Self.rearrangement)
        let properties = Self.reportProperties(final)
        let report = ResultReport(
            identity: ReportIdentity(id: try final.identifier(try final.requiredText("ReportId"), field: "ReportId"),
                                     version: try final.integer(final.childText("Version"), field: "Version").map { max(1, $0) } ?? 1),
            status: .final,
            laboratory: try pmi.freeText(pmi.childText("MedFacilName"), field: "MedFacilName"),
            orderingClinician: try pmi.freeText(pmi.childText("OrderingMD"), field: "OrderingMD"),
            patient: patient,
            specimen: specimen,
            assay: Assay(name: sample?.childText("TestType") ?? variants.attribute("test-type") ?? "FoundationOne",
                         version: variants.attribute("pipeline-version")),
            variants: try ReportChecks.uniqueCalls(calls),
            findings: findings,
            biomarkers: Self.biomarkers(variants, properties: properties),
            tumourFraction: try Self.tumourFraction(properties["TumorFractionScore"], at: final),
            quality: try Self.quality(variants.child("quality-control", namespace: vn)),
            listsDetectedOnly: true)
        return .result(report)
    }

    /// quality-control status Pass / Qualified / Fail; absent means not stated, taken as pass.
    static func quality(_ qc: XMLElement?) throws(InputError) -> QualityStatus {
        guard let qc else { return .pass }
        return try qc.enumValue(qc.attribute("status")?.lowercased(), field: "quality-control/@status") ?? .pass
    }

    static func patient(_ pmi: XMLElement, customer: XMLElement?) throws(InputError) -> Patient {
        guard let mrn = pmi.childText("MRN") ?? customer?.childText("MRN") else {
            throw .missingField(pmi.location, field: "PMI/MRN")
        }
        let sex: Sex
        switch pmi.childText("Gender")?.lowercased() {
        case "male": sex = .male
        case "female": sex = .female
        case nil: sex = .unknown
        default: sex = .other
        }
        let given = pmi.childText("FirstName").map { [$0] } ?? []
        return Patient(identifier: PatientIdentifier(mrn: try pmi.identifier(mrn, field: "MRN")),
                       name: try Checked.personName(family: pmi.childText("LastName"), given: given, at: pmi.location),
                       sex: sex, birthDate: try pmi.date(pmi.childText("DOB"), field: "DOB"))
    }

    /// CollDate when given; else ReceivedDate, marked as an estimated collection date.
    static func specimen(pmi: XMLElement, sample: XMLElement?, variants: XMLElement,
                         final: XMLElement) throws(InputError) -> Specimen {
        let received = try pmi.timestamp(pmi.childText("ReceivedDate") ?? sample?.childText("ReceivedDate"), field: "ReceivedDate")
        let collected = try pmi.timestamp(pmi.childText("CollDate"), field: "CollDate")
        guard let when = collected ?? received else {
            throw .missingField(pmi.location, field: "CollDate or ReceivedDate")
        }
        let named = sample?.childText("SampleId") ?? pmi.childText("SampleId") ?? variants.attribute("specimen")
        let accession: String
        if let named { accession = named } else { accession = try final.requiredText("ReportId") }
        return Specimen(accession: try pmi.identifier(accession, field: "SampleId"), collected: when, collectedIsEstimated: collected == nil,
                        received: received, tubeType: pmi.childText("SpecSite"))
    }

    static func shortVariant(_ v: XMLElement) throws(InputError) -> VariantCall {
        let gene = try Checked.short(try v.requiredAttribute("gene"), field: "@gene", max: FieldBounds.gene, at: v.location)
        var vaf = try v.fraction(v.attribute("allele-fraction"), field: "@allele-fraction")
        if vaf == nil, let percent = try v.decimal(v.attribute("percent-reads"), field: "@percent-reads") {
            guard let f = AlleleFraction(percent: percent) else {
                throw .invalidValue(v.location, field: "@percent-reads", reason: "must be in [0, 100]", value: "\(percent)")
            }
            vaf = f
        }
        guard let vaf else { throw .missingField(v.location, field: "@allele-fraction") }
        let depth = try v.integer(v.attribute("depth"), field: "@depth")
        try ReportChecks.callValues(status: .detected, altReads: nil, depth: depth, vaf: vaf, at: v.location)
        let cds = try Checked.short(v.attribute("cds-effect"), field: "@cds-effect", max: FieldBounds.change, at: v.location)
        let protein = try Checked.short(v.attribute("protein-effect"), field: "@protein-effect", max: FieldBounds.change, at: v.location)
        return VariantCall(
            gene: gene.uppercased(),
            transcript: try Checked.short(v.attribute("transcript"), field: "@transcript", max: FieldBounds.label, at: v.location),
            codingChange: cds.flatMap(HGVS.normalizedCoding),
            proteinChange: protein.flatMap(HGVS.normalizedProtein),
            location: nil, altReads: nil,
            depth: depth,
            alleleFraction: vaf, status: .detected, origin: .unknown,
            equivocal: v.attribute("equivocal") == "true", subclonal: v.attribute("subclonal") == "true",
            clinicalSignificance: significance(v.attribute("status")))
    }

    /// A short variant's `status`, Foundation Medicine's own classification: `known` and
    /// `likely` are the known and likely pathogenic alterations of the report's main list,
    /// `unknown` a variant of unknown significance. Any other value (or none) is no
    /// classification.
    static func significance(_ status: String?) -> ClinicalSignificance? {
        switch status?.lowercased() {
        case "known": .pathogenic
        case "likely": .likelyPathogenic
        case "unknown": .uncertain
        default: nil
        }
    }

    static func copyNumber(_ c: XMLElement) throws(InputError) -> StructuralFinding {
        StructuralFinding(kind: .copyNumber, gene: c.attribute("gene"), detail: c.attribute("type"),
                          copyNumber: try c.decimal(c.attribute("copy-number"), field: "@copy-number"),
                          equivocal: c.attribute("equivocal") == "true")
    }

    /// Rearrangements with IGH name the myeloma translocations: FGFR3 or NSD2 (WHSC1)
    /// t(4;14), MAF t(14;16), MAFB t(14;20), CCND1 t(11;14), MYC a MYC rearrangement
    /// (IMS/IMWG cytogenetic risk, Rajkumar 2022 and IMS/IMWG 2025).
    static func rearrangement(_ r: XMLElement) -> StructuralFinding {
        let gene = r.attribute("targeted-gene") ?? r.attribute("target-gene")
        let other = r.attribute("other-gene").flatMap { $0 == "N/A" ? nil : $0 }
        let genes = Set([gene, other].compactMap { $0?.uppercased() })
        var kind = StructuralKind.rearrangement
        if genes.contains("MYC") {
            kind = .mycRearrangement
        } else if genes.contains("IGH") {
            if !genes.isDisjoint(with: ["FGFR3", "NSD2", "WHSC1"]) { kind = .t4_14 }
            else if genes.contains("MAF") { kind = .t14_16 }
            else if genes.contains("MAFB") { kind = .t14_20 }
            else if genes.contains("CCND1") { kind = .t11_14 }
        }
        return StructuralFinding(kind: kind, gene: gene, otherGene: other,
                                 detail: r.attribute("description") ?? r.attribute("type"),
                                 equivocal: r.attribute("equivocal") == "true")
    }

    static func reportProperties(_ final: XMLElement) -> [String: String] {
        var out: [String: String] = [:]
        for p in final.child("reportProperties")?.children("reportProperty") ?? [] {
            if let key = p.attribute("key"), let value = p.childText("value") { out[key] = value }
        }
        return out
    }

    static func biomarkers(_ variants: XMLElement, properties: [String: String]) -> [Biomarker] {
        var out: [Biomarker] = []
        let b = variants.child("biomarkers", namespace: variantNamespace)
        if let msi = b?.child("microsatellite-instability")?.attribute("status") {
            out.append(Biomarker(name: "MSI", value: msi))
        }
        if let tmb = b?.child("tumor-mutation-burden") {
            let score = tmb.attribute("score").map { "\($0) \(tmb.attribute("unit") ?? "")" } ?? ""
            out.append(Biomarker(name: "TMB", value: [score, tmb.attribute("status")].compactMap { $0 }
                .filter { !$0.isEmpty }.joined(separator: ", ").trimmingCharacters(in: [" "])))
        }
        if let loh = properties["LossOfHeterozygosityScore"] { out.append(Biomarker(name: "LOH", value: loh)) }
        return out
    }

    /// TumorFractionScore: "12%" is a percent, "0.12" a fraction.
    static func tumourFraction(_ text: String?, at e: XMLElement) throws(InputError) -> AlleleFraction? {
        guard let text else { return nil }
        if text.hasSuffix("%") {
            guard let v = Double(text.dropLast()), let f = AlleleFraction(percent: v) else {
                throw .invalidValue(e.location, field: "TumorFractionScore", reason: "not a percent in [0, 100]", value: text)
            }
            return f
        }
        return try e.fraction(text, field: "TumorFractionScore")
    }
}
