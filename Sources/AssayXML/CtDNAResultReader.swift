import CtDNAModel

/// The namespace of ctDNA Monitor result XML v1 (Schemas/ctdna-result-1.xsd).
public let ctdnaNamespace = "urn:ctdna-monitor:result:1"

/// Reads `<ctdnaResult>`: one blood draw in our own format, validated against the XSD.
public struct CtDNAResultReader: ResultFormatReader {
    public let format = SourceFormat.ctdnaResult
    public init() {}

    public func accepts(_ input: InputSyntax) -> Bool {
        guard case .xml(_, let root) = input else { return false }
        return root.name == "ctdnaResult" && root.namespace == ctdnaNamespace
    }

    public func read(_ input: InputSyntax, context: ReadContext) throws(InputError) -> ParsedDocument {
        guard case .xml(let document, let root) = input else {
            throw .unreadable(SourceLocation(file: context.path), reason: "not XML")
        }
        try XMLSchema.ctdnaResult.get().validate(document)
        let patient = try OwnFormat.patient(try root.required("patient"), today: context.today)
        let specimenElement = try root.required("specimen")
        let specimen = try Self.specimen(specimenElement)
        try ReportChecks.specimenDates(specimen, birthDate: patient.birthDate, today: context.today,
                                       at: specimenElement.child("collected")?.location ?? specimenElement.location)
        var calls: [(VariantCall, SourceLocation)] = []
        for v in root.child("variants")?.children("variant") ?? [] {
            calls.append((try Self.variant(v), v.location))
        }
        let report = ResultReport(
            identity: ReportIdentity(id: try root.identifier(try root.requiredAttribute("reportId"), field: "@reportId"),
                                     version: try root.integer(root.attribute("version"), field: "@version") ?? 1),
            status: try root.enumValue(root.attribute("status"), field: "@status") ?? .final,
            issued: try root.timestamp(root.attribute("issued"), field: "@issued"),
            laboratory: try root.freeText(root.childText("laboratory"), field: "laboratory"),
            orderingClinician: try root.freeText(root.childText("orderingClinician"), field: "orderingClinician"),
            patient: patient,
            specimen: specimen,
            assay: try Self.assay(try root.required("assay")),
            variants: try ReportChecks.uniqueCalls(calls),
            findings: try (root.child("findings")?.children("finding") ?? []).map(Self.finding),
            tumourFraction: try root.fraction(root.childText("tumourFraction"), field: "tumourFraction"),
            quality: try root.enumValue(try root.required("qc").attribute("status"), field: "qc/@status") ?? .pass
        )
        return .result(report)
    }

    static func specimen(_ e: XMLElement) throws(InputError) -> Specimen {
        guard let collected = try e.timestamp(try e.requiredText("collected"), field: "collected") else {
            throw .missingField(e.location, field: "collected")
        }
        return Specimen(
            accession: try e.identifier(try e.requiredAttribute("accession"), field: "@accession"),
            collected: collected,
            received: try e.timestamp(e.childText("received"), field: "received"),
            tubeType: e.childText("tubeType"),
            plasmaVolumeMl: try e.decimal(e.childText("plasmaVolumeMl"), field: "plasmaVolumeMl"),
            cfDNANanogramsPerMl: try e.decimal(e.childText("cfDNANgPerMl"), field: "cfDNANgPerMl"),
            processingHours: try e.nonNegative(e.childText("processingHours"), field: "processingHours")
        )
    }

    static func assay(_ e: XMLElement) throws(InputError) -> Assay {
        Assay(
            name: try e.requiredAttribute("name"),
            version: e.attribute("version"),
            panelGenes: (e.childText("panel") ?? "").split(whereSeparator: \.isWhitespace).map(String.init),
            limitOfDetection: try e.fraction(e.childText("limitOfDetection"), field: "limitOfDetection"),
            backgroundErrorRate: try e.fraction(e.childText("backgroundErrorRate"), field: "backgroundErrorRate")
        )
    }

    static func variant(_ e: XMLElement) throws(InputError) -> VariantCall {
        let status: CallStatus = try e.enumValue(e.attribute("status"), field: "@status") ?? .detected
        let altReads = try e.integer(e.childText("altReads"), field: "altReads")
        let depth = try e.integer(e.childText("depth"), field: "depth")
        var vaf = try e.fraction(e.childText("vaf"), field: "vaf")
        try ReportChecks.callValues(status: status, altReads: altReads, depth: depth, vaf: vaf, at: e.location)
        if vaf == nil, status == .detected, let altReads, let depth, depth > 0 {
            vaf = AlleleFraction(fraction: Double(altReads) / Double(depth))
        }
        if status == .detected, vaf == nil {
            throw .missingField(e.location, field: "vaf (or altReads and depth) for a detected variant")
        }
        let location: GenomicLocation? = try e.child("genomic").map { (g: XMLElement) throws(InputError) in
            GenomicLocation(chromosome: try Checked.short(try g.requiredAttribute("chrom"), field: "@chrom", max: FieldBounds.label, at: g.location),
                            position: try g.integer(g.attribute("pos"), field: "@pos") ?? 0,
                            reference: try Checked.short(try g.requiredAttribute("ref"), field: "@ref", max: FieldBounds.allele, at: g.location),
                            alternate: try Checked.short(try g.requiredAttribute("alt"), field: "@alt", max: FieldBounds.allele, at: g.location))
        }
        let protein = try Checked.short(e.childText("pHGVS"), field: "pHGVS", max: FieldBounds.change, at: e.location)
        let coding = try Checked.short(e.childText("cHGVS"), field: "cHGVS", max: FieldBounds.change, at: e.location)
        if protein == nil, coding == nil, location == nil {
            throw .missingField(e.location, field: "pHGVS, cHGVS or genomic")
        }
        return VariantCall(
            gene: try Checked.short(try e.requiredText("gene"), field: "gene", max: FieldBounds.gene, at: e.location).uppercased(),
            transcript: try Checked.short(e.childText("transcript"), field: "transcript", max: FieldBounds.label, at: e.location),
            codingChange: coding.flatMap(HGVS.normalizedCoding),
            proteinChange: protein.flatMap(HGVS.normalizedProtein),
            location: location,
            altReads: altReads,
            depth: depth,
            alleleFraction: status == .detected ? vaf : nil,
            status: status,
            origin: try e.enumValue(e.attribute("origin"), field: "@origin") ?? .unknown,
            whiteCellFraction: try e.fraction(e.childText("whiteCellVaf"), field: "whiteCellVaf"),
            whiteCellDepth: try e.integer(e.childText("whiteCellDepth"), field: "whiteCellDepth"),
            clinicalSignificance: try e.enumValue(e.attribute("clinicalSignificance"), field: "@clinicalSignificance")
        )
    }

    static func finding(_ e: XMLElement) throws(InputError) -> StructuralFinding {
        StructuralFinding(
            kind: try e.enumValue(e.attribute("kind"), field: "@kind") ?? .copyNumber,
            gene: e.attribute("gene"),
            otherGene: e.attribute("otherGene"),
            detail: e.attribute("detail"),
            detected: e.attribute("status") != "not-detected",
            copyNumber: try e.decimal(e.attribute("copyNumber"), field: "@copyNumber")
        )
    }
}

/// Pieces shared by the two root elements of our format.
enum OwnFormat {
    static func patient(_ e: XMLElement, today: CalendarDate) throws(InputError) -> Patient {
        let mrn = try e.required("mrn")
        guard let mrnText = mrn.text else { throw .missingField(e.location, field: "mrn") }
        var name: PersonName?
        if let n = e.child("name") {
            name = try Checked.personName(family: n.childText("family"), given: n.children("given").compactMap(\.text),
                                          at: n.location)
        }
        let birth = try e.date(e.childText("birthDate"), field: "birthDate")
        if let birth { try ReportChecks.notInFuture(birth, field: "birthDate", today: today, at: e.location) }
        return Patient(
            identifier: PatientIdentifier(mrn: try mrn.identifier(mrnText, field: "mrn"),
                                          issuer: try Checked.optionalIdentifier(mrn.attribute("issuer"), field: "mrn/@issuer",
                                                                         at: mrn.location)),
            name: name,
            sex: try e.enumValue(e.childText("sex"), field: "sex") ?? .unknown,
            birthDate: birth
        )
    }
}
