import CtDNAModel

/// HL7 FHIR R4 Genomics Reporting → one `ResultReport`, for FHIR XML and JSON alike.
/// LOINC component codes follow the Genomics Reporting IG (STU2) variant profile.
enum FHIRMapping {
    /// LOINC codes read from variant Observations.
    enum LOINC {
        static let variantAssessment = "69548-6"
        static let gene = "48018-6"
        static let codingHGVS = "48004-6"
        static let proteinHGVS = "48005-3"
        static let genomicHGVS = "81290-9"
        static let transcript = "51958-7"
        static let alleleFrequency = "81258-6"
        static let readDepth = "82121-5"
        static let genomicSource = "48002-0"
        static let assembly = "62374-4"
        static let chromosome = "48000-4"
        static let reference = "69547-8"
        static let alternate = "69551-0"
        static let exactStartEnd = "81254-5"
        static let present = "LA9633-4"
        static let absent = "LA9634-2"
        static let somatic = "LA6684-0"
        static let germline = "LA6683-2"
        static let grch38 = "LA26806-2"
        static let genomicRefSeq = "48013-7"
        static let coordinateSystem = "92822-6"
        static let zeroBasedInterval = "LA30100-4"
        static let oneBasedCharacter = "LA30102-0"
        static let variationCode = "81252-9"
        static let regionStudied = "53041-0"
        static let rangesExamined = "51959-5"
        static let tmb = "94076-7"
        static let msi = "81695-9"
        static let clinicalSignificance = "53037-8"
        /// LOINC answer list LL4034-6 (ACMG/ClinVar classes).
        static let significanceAnswers: [String: ClinicalSignificance] = [
            "LA6668-3": .pathogenic, "LA26332-9": .likelyPathogenic, "LA26333-7": .uncertain,
            "LA26334-5": .likelyBenign, "LA6675-8": .benign,
        ]
    }

    static func read(root: FHIRElement, context: ReadContext) throws(InputError) -> ResultReport {
        let resources = try FHIRResources(root: root, path: context.path)
        // One result per file: a Bundle with several DiagnosticReports is refused rather
        // than reading one and silently dropping the others.
        let reports = resources.ofType("DiagnosticReport")
        if reports.count > 1 {
            throw .conflict(SourceLocation(file: context.path, line: reports[1].line),
                            reason: "the Bundle holds \(reports.count) DiagnosticReports; give one per file")
        }
        let report = reports.first
        let pool = reportObservations(resources, report: report)
        let observations = pool.filter(isVariant)
        let loc = { (line: Int) in SourceLocation(file: context.path, line: line) }
        guard !observations.isEmpty else {
            throw .missingField(loc(root.line), field: "variant Observation (profile variant or code 69548-6)")
        }
        let subject = report?.first("subject") ?? observations.first?.first("subject")
        guard let patientResource = resources.resolve(subject) ?? resources.ofType("Patient").first else {
            throw .missingField(loc(report?.line ?? observations[0].line),
                                field: "subject Patient (a result cannot be placed on a timeline without one)")
        }
        for (n, o) in observations.enumerated() {
            guard let ref = o.first("subject") else { continue }
            guard let other = resources.resolve(ref), other.sameContent(as: patientResource) else {
                throw .conflict(loc(ref.line), reason: "Observation[\(n)]: subject is another patient")
            }
        }
        let patient = try self.patient(patientResource, context: context)
        let analyses = self.analyses(resources, report: report)
        let specimenResource = try drawSpecimen(resources, report: report, analyses: analyses,
                                                observations: observations, context: context)
        let specimen = try self.specimen(specimenResource, report: report, observations: observations, context: context)
        try ReportChecks.specimenDates(specimen, birthDate: patient.birthDate, today: context.today,
                                       at: loc(specimenResource?.line ?? report?.line ?? root.line))
        let implied = impliedSignificance(resources)
        let regions = try self.regions(observations: pool, analyses: analyses, context: context)
        var calls: [(VariantCall, SourceLocation)] = []
        var findings: [StructuralFinding] = []
        for o in observations {
            switch try variantOrFinding(o, context: context, implied: implied.isEmpty ? nil : implied[o]) {
            case .call(var call):
                // A listed call the analysis did not study, or could not call, was not covered.
                if call.status == .notDetected, regions.uncovered(gene: call.gene, location: call.location) {
                    call.status = .notCovered
                }
                calls.append((call, loc(o.line)))
            case .finding(let f):
                if !findings.contains(f) { findings.append(f) }
            }
        }
        let (biomarkers, tumourFraction) = try self.biomarkers(pool, context: context)
        let header = report ?? observations[0]
        var reportIdentity = identity(report: report, root: root, first: observations[0])
        reportIdentity.id = try Checked.identifier(reportIdentity.id, field: "report id", at: loc(header.line))
        let issued = header.value("issued").flatMap { Timestamp(iso: $0) }
        if let issued { try ReportChecks.notTooEarly(issued.date, field: "issued", at: loc(header.line)) }
        // The performing laboratory: the first performer that is an Organization, else the first.
        let performers = header.all("performer").compactMap { resources.resolve($0) }
        let performer = performers.first { $0.resourceType == "Organization" } ?? performers.first
        let panel = regions.panel
        return ResultReport(
            identity: reportIdentity,
            status: try status(header.value("status"), at: loc(header.line)),
            issued: issued,
            laboratory: try Checked.text(performer?.value("name"), field: "performer name",
                                         at: loc(performer?.line ?? header.line)),
            patient: patient,
            specimen: specimen,
            assay: Assay(name: report.flatMap { $0.value("code", "text") ?? $0.first("code")?.codings.first?.display }
                ?? "FHIR genomics report", panelGenes: panel),
            variants: try ReportChecks.uniqueCalls(calls),
            findings: findings,
            biomarkers: biomarkers,
            tumourFraction: tumourFraction,
            // Genes the analysis studied: a tracked variant there that the report does not list was not detected.
            listsDetectedOnly: !panel.isEmpty)
    }

    /// The Observations a report covers: its `result` references (and their `hasMember`
    /// groupers' members), else every Observation in the file.
    static func reportObservations(_ resources: FHIRResources, report: FHIRElement?) -> [FHIRElement] {
        guard let report, !report.all("result").isEmpty else { return resources.ofType("Observation") }
        var out: [FHIRElement] = []
        var seen: Set<FHIRElement> = []
        var queue = report.all("result").compactMap { resources.resolve($0) }
        var next = 0
        while next < queue.count {
            let o = queue[next]
            next += 1
            guard seen.insert(o).inserted else { continue }
            out.append(o)
            queue += o.all("hasMember").compactMap { resources.resolve($0) }
        }
        return out
    }

    /// The report's variant Observations (its `result` references, else every variant
    /// Observation in the file).
    static func variantObservations(_ resources: FHIRResources, report: FHIRElement?,
                                    context: ReadContext) throws(InputError) -> [FHIRElement] {
        reportObservations(resources, report: report).filter(isVariant)
    }

    /// Clinical significance given outside the variant: an Observation (the Genomics
    /// Reporting IG's diagnostic implication) with component 53037-8 whose `derivedFrom`
    /// names the variant Observation. When several name one variant, the most pathogenic
    /// class is kept (a variant is never dropped from tracking on a weaker reading).
    static func impliedSignificance(_ resources: FHIRResources) -> [FHIRElement: ClinicalSignificance] {
        var out: [FHIRElement: ClinicalSignificance] = [:]
        for o in resources.ofType("Observation") where !isVariant(o) {
            let component = o.all("component").first { $0.first("code")?.hasCoding(LOINC.clinicalSignificance) == true }
            guard let significance = self.significance(component) else { continue }
            for reference in o.all("derivedFrom") {
                guard let variant = resources.resolve(reference), isVariant(variant) else { continue }
                if let earlier = out[variant], severity(earlier) <= severity(significance) { continue }
                out[variant] = significance
            }
        }
        return out
    }

    static func severity(_ s: ClinicalSignificance) -> Int {
        [ClinicalSignificance.pathogenic, .tierI, .likelyPathogenic, .tierII, .uncertain, .tierIII, .likelyBenign, .tierIV, .benign]
            .firstIndex(of: s) ?? 0
    }

    /// A 53037-8 component's value: by LOINC answer code, else by display or text
    /// (`Likely Pathogenic`, `Uncertain Significance`, `Tier II`), case and spacing aside.
    /// Any other value is no classification (nil), not an error.
    static func significance(_ component: FHIRElement?) -> ClinicalSignificance? {
        guard let component else { return nil }
        guard let concept = component.first("valueCodeableConcept") else {
            return component.value("valueString").flatMap(significance(named:))
        }
        for coding in concept.codings {
            if let code = coding.code, let s = LOINC.significanceAnswers[code] { return s }
        }
        let names = concept.codings.compactMap(\.display) + [concept.value("text")].compactMap { $0 }
        return names.lazy.compactMap(significance(named:)).first
    }

    static func significance(named text: String) -> ClinicalSignificance? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        let name = words.joined(separator: "-")
        return ClinicalSignificance.allCases.first { $0.rawValue.lowercased() == name }
    }

    /// A variant Observation (profile variant or code 69548-6). A molecular consequence
    /// repeats its variant's c. and p. HGVS for other transcripts and is never a variant,
    /// whatever it claims; nor is a MolecularBiomarker.
    static func isVariant(_ o: FHIRElement) -> Bool {
        guard o.resourceType == "Observation" else { return false }
        let profiles = o.first("meta")?.all("profile").compactMap(\.value) ?? []
        if profiles.contains(where: { $0.hasSuffix("/molecular-consequence") || $0.hasSuffix("/molecular-biomarker") }) { return false }
        if o.first("code")?.hasCoding("molecular-consequence") == true { return false }
        let profiled = o.first("meta")?.all("profile").contains { ($0.value ?? "").hasSuffix("/StructureDefinition/variant") } ?? false
        return profiled || o.first("code")?.hasCoding(LOINC.variantAssessment) == true
    }

    /// A report's identity: its business identifier (`DiagnosticReport.identifier`,
    /// `system|value`, the first with a value), else the Bundle's identifier, else a
    /// content hash of the report. Never the server-local `id` (reused across servers and
    /// draws) nor a line number. `meta.versionId` sets the version only for a business
    /// identifier; a hashed identity is version 1 (different content is a different id).
    static func identity(report: FHIRElement?, root: FHIRElement, first: FHIRElement) -> ReportIdentity {
        let header = report ?? first
        if let id = businessIdentifier(header) ?? (root.resourceType == "Bundle" ? businessIdentifier(root) : nil) {
            let version = header.value("meta", "versionId").flatMap { Int($0) }.map { max(1, $0) } ?? 1
            return ReportIdentity(id: id, version: version)
        }
        return ReportIdentity(id: "fhir-fnv1a-" + contentHash(header), version: 1)
    }

    static func businessIdentifier(_ resource: FHIRElement) -> String? {
        for identifier in resource.all("identifier") {
            guard let value = identifier.value("value"), !value.isEmpty else { continue }
            if let system = identifier.value("system"), !system.isEmpty { return "\(system)|\(value)" }
            return value
        }
        return nil
    }

    /// FNV-1a 64 over a length-prefixed encoding of the element (names, resource types,
    /// values, children in order), leaving out the resource's own `id` and `meta`
    /// (server-local); lines do not count.
    static func contentHash(_ resource: FHIRElement) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ text: String?) {
            let bytes = Array((text ?? "\u{0}-none").utf8)
            for b in Array(String(bytes.count).utf8) + [0x3A] + bytes {
                hash ^= UInt64(b)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        func walk(_ e: FHIRElement, top: Bool) {
            feed(e.name); feed(e.resourceType); feed(e.value)
            let kids = top ? e.children.filter { $0.name != "id" && $0.name != "meta" } : e.children
            feed(String(kids.count))
            for k in kids { walk(k, top: false) }
        }
        walk(resource, top: true)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FHIR DiagnosticReport.status → ours; `registered` and `partial` count as preliminary.
    static func status(_ text: String?, at location: SourceLocation) throws(InputError) -> ReportStatus {
        guard let text else { return .final }
        switch text {
        case "registered", "partial", "preliminary": return .preliminary
        case "final": return .final
        case "amended": return .amended
        case "corrected": return .corrected
        case "appended": return .appended
        case "cancelled": return .cancelled
        case "entered-in-error": return .enteredInError
        default: throw .invalidValue(location, field: "status", reason: "not a FHIR report status", value: text)
        }
    }

    static func patient(_ p: FHIRElement, context: ReadContext) throws(InputError) -> Patient {
        let loc = SourceLocation(file: context.path, line: p.line)
        let identifiers = p.all("identifier")
        let mr = identifiers.first { $0.first("type")?.hasCoding("MR") == true } ?? identifiers.first
        guard let mrn = mr?.value("value") else {
            throw .missingField(loc, field: "Patient.identifier (the MRN)")
        }
        let mrnLoc = SourceLocation(file: context.path, line: mr?.line ?? p.line)
        var name: PersonName?
        if let n = p.first("name") {
            name = try Checked.personName(family: n.value("family"), given: n.all("given").compactMap(\.value),
                                          at: SourceLocation(file: context.path, line: n.line))
        }
        let sex: Sex = p.value("gender").flatMap(Sex.init(rawValue:)) ?? .unknown
        // FHIR allows a partial birth date ("1962"); only a full date is kept.
        let birth = p.value("birthDate").flatMap { CalendarDate(iso: $0) }
        if let birth { try ReportChecks.notTooEarly(birth, field: "birthDate", at: loc) }
        return Patient(identifier: PatientIdentifier(mrn: try Checked.identifier(mrn, field: "mrn", at: mrnLoc),
                                                     issuer: try Checked.optionalIdentifier(mr?.value("system"), field: "issuer", at: mrnLoc)),
                       name: name,
                       sex: sex, birthDate: birth)
    }

    /// Collection time: Specimen.collection.collected[x]; else the first full date of
    /// DiagnosticReport.effective[x], Observation.effective[x], DiagnosticReport.issued or
    /// Observation.issued, marked as estimated.
    static func specimen(_ s: FHIRElement?, report: FHIRElement?, observations: [FHIRElement],
                         context: ReadContext) throws(InputError) -> Specimen {
        let collection = s?.first("collection")
        let exact = (collection?.value("collectedDateTime") ?? collection?.value("collectedPeriod", "start"))
            .flatMap(fullTimestamp)
        var estimated: Timestamp?
        if exact == nil {
            let header = [report, observations.first].compactMap { $0 }
            let candidates = header.flatMap { [$0.value("effectiveDateTime"), $0.value("effectivePeriod", "start")] }
                + header.map { $0.value("issued") }
            estimated = candidates.compactMap { $0.flatMap(fullTimestamp) }.first
        }
        guard let collected = exact ?? estimated else {
            throw .missingField(SourceLocation(file: context.path, line: report?.line ?? observations.first?.line),
                                field: "a collection date (Specimen.collection.collectedDateTime, effective[x] or issued)")
        }
        let accession = s?.first("accessionIdentifier")?.value("value") ?? s?.first("identifier")?.value("value")
            ?? s?.value("id") ?? "\(identity(report: report, root: report ?? observations[0], first: observations[0]).id)-specimen"
        let at = SourceLocation(file: context.path, line: s?.line ?? report?.line ?? observations.first?.line)
        return Specimen(accession: try Checked.identifier(accession, field: "accession", at: at), collected: collected, collectedIsEstimated: exact == nil,
                        received: s?.value("receivedTime").flatMap(fullTimestamp),
                        tubeType: s?.first("type").flatMap { $0.value("text") ?? $0.codings.first?.display })
    }

    /// A FHIR date or dateTime precise to the day at least ("2016" and "2016-09" are not).
    static func fullTimestamp(_ text: String) -> Timestamp? {
        text.count >= 10 ? Timestamp(iso: text) : nil
    }

    /// What one variant Observation becomes: a call, or (a fusion given without HGVS or
    /// position) a structural finding.
    enum VariantReading: Equatable {
        case call(VariantCall)
        case finding(StructuralFinding)
    }

    /// One variant Observation; `implied` is a clinical significance another Observation
    /// gives it (used when the variant has no 53037-8 component of its own).
    static func variant(_ o: FHIRElement, context: ReadContext,
                        implied: ClinicalSignificance? = nil) throws(InputError) -> VariantCall {
        switch try variantOrFinding(o, context: context, implied: implied) {
        case .call(let c): return c
        case .finding:
            throw .missingField(SourceLocation(file: context.path, line: o.line),
                                field: "pHGVS (48005-3), cHGVS (48004-6) or a GRCh38 position")
        }
    }

    static func variantOrFinding(_ o: FHIRElement, context: ReadContext,
                                 implied: ClinicalSignificance? = nil) throws(InputError) -> VariantReading {
        var components: [String: FHIRElement] = [:]
        for c in o.all("component") {
            for coding in c.first("code")?.codings ?? [] where coding.system.map { $0.utf8.containsASCII("loinc") } ?? true {
                if let code = coding.code, components[code] == nil { components[code] = c }
            }
        }
        func concept(_ code: String) -> String? {
            guard let v = components[code]?.first("valueCodeableConcept") else {
                return components[code]?.value("valueString")
            }
            return v.codings.first.flatMap { $0.display ?? $0.code } ?? v.value("text")
        }
        /// HGVS is the code of an HGVS coding (STU3 puts the expression in `code`, often with no display).
        func hgvs(_ code: String) -> String? {
            guard let v = components[code]?.first("valueCodeableConcept") else { return components[code]?.value("valueString") }
            let forms = v.codings.prefix(1).flatMap { [$0.display, $0.code] }.compactMap { $0 } + [v.value("text")].compactMap { $0 }
            return forms.first { $0.contains("c.") || $0.contains("p.") } ?? forms.first
        }
        let loc = SourceLocation(file: context.path, line: o.line)
        // HGNC codes (HGNC:644) are ids, not symbols: the symbol is the display or text.
        guard let geneText = geneSymbol(components[LOINC.gene]?.first("valueCodeableConcept")) else {
            throw .missingField(loc, field: "gene (component 48018-6)")
        }
        let gene = try Checked.short(geneText, field: "gene (48018-6)", max: FieldBounds.gene, at: loc)
        let present = try assessment(o, at: loc).status
        let vaf = try alleleFraction(components[LOINC.alleleFrequency], context: context)
        var altReads: Int?
        var depth = try readDepth(components[LOINC.readDepth], context: context)
        if let n = depth, let c = components[LOINC.readDepth],
           depthReading(value: n, vaf: present == .detected ? vaf : nil, component: c) == .supportingReads {
            altReads = n
            depth = nil
            if let f = vaf?.fraction, f > 0 {
                let derived = (Double(n) / f).rounded()
                guard derived.isFinite, derived < 1e12 else {
                    throw .invalidValue(loc, field: "read depth", reason: "82121-5 read as supporting reads gives no plausible depth at this VAF",
                                        value: "\(n) / \(f)")
                }
                depth = Int(derived)
            }
        }
        try ReportChecks.callValues(status: present, altReads: altReads, depth: depth,
                                    vaf: present == .detected ? vaf : nil, at: loc)
        let sourceCoding = components[LOINC.genomicSource]?.first("valueCodeableConcept")
        let origin: VariantOrigin = sourceCoding?.hasCoding(LOINC.somatic) == true ? .somatic
            : sourceCoding?.hasCoding(LOINC.germline) == true ? .germline : .unknown
        var protein = try Checked.short(hgvs(LOINC.proteinHGVS), field: "pHGVS (48005-3)", max: FieldBounds.change, at: loc)
        var coding = try Checked.short(hgvs(LOINC.codingHGVS), field: "cHGVS (48004-6)", max: FieldBounds.change, at: loc)
        var namedTranscript: String?
        // A ClinVar variation name (81252-9 display) stands in for missing c./p. HGVS.
        let variationText = components[LOINC.variationCode]?.first("valueCodeableConcept").map { v in
            (v.codings.compactMap(\.display) + [v.value("text")].compactMap { $0 }).joined(separator: " ")
        } ?? components[LOINC.variationCode]?.value("valueString")
        if coding == nil || protein == nil, let text = variationText {
            let named = variationName(try Checked.short(text, field: "variation (81252-9)", max: FieldBounds.change, at: loc))
            if coding == nil, named.coding != nil { coding = named.coding; namedTranscript = named.transcript }
            if protein == nil { protein = named.protein }
        }
        let location = try genomicLocation(components, concept: concept, at: loc)
        if let location {
            _ = try Checked.short(location.chromosome, field: "chromosome (48000-4)", max: FieldBounds.label, at: loc)
            _ = try Checked.short(location.reference, field: "reference allele (69547-8)", max: FieldBounds.allele, at: loc)
            _ = try Checked.short(location.alternate, field: "alternate allele (69551-0)", max: FieldBounds.allele, at: loc)
        }
        if protein.flatMap(HGVS.normalizedProtein) == nil, coding.flatMap(HGVS.normalizedCoding) == nil, location == nil {
            // A fusion reported as in a PDF (gene and "ROS1 Fusion", no HGVS): a rearrangement finding.
            let words = ((variationText ?? "") + " " + (concept("48019-4") ?? "")).lowercased()
            if words.contains("fusion") || words.contains("rearrangement") {
                return .finding(StructuralFinding(kind: .rearrangement, gene: gene.uppercased(), detail: "fusion",
                                                  detected: present == .detected))
            }
            throw .missingField(loc, field: "pHGVS (48005-3), cHGVS (48004-6) or a GRCh38 position")
        }
        let transcript = try Checked.short(concept(LOINC.transcript), field: "transcript (51958-7)", max: FieldBounds.label, at: loc)
            ?? namedTranscript ?? coding.flatMap { c in c.contains(Character(":")) ? String(c.split(separator: ":")[0]) : nil }
        return .call(VariantCall(
            gene: gene.uppercased(), transcript: transcript,
            codingChange: coding.flatMap(HGVS.normalizedCoding),
            proteinChange: protein.flatMap(HGVS.normalizedProtein),
            location: location,
            altReads: altReads, depth: depth,
            alleleFraction: present == .detected ? vaf : nil,
            status: present, origin: origin,
            clinicalSignificance: significance(components[LOINC.clinicalSignificance]) ?? implied))
    }

    /// 81258-6 as a Quantity: UCUM `%` is a percent in [0, 100]; `1` (or no unit) a
    /// fraction in [0, 1]. A value outside its unit's range rejects the file.
    static func alleleFraction(_ component: FHIRElement?, context: ReadContext) throws(InputError) -> AlleleFraction? {
        guard let q = component?.first("valueQuantity"), let text = q.value("value") else { return nil }
        let loc = SourceLocation(file: context.path, line: q.line)
        guard let v = Double(text), v.isFinite else {
            throw .invalidValue(loc, field: "allele frequency", reason: "not a number", value: text)
        }
        let isPercent = q.value("code") == "%" || (q.value("code") == nil && q.value("unit") == "%")
        if isPercent {
            guard let f = AlleleFraction(percent: v) else {
                throw .invalidValue(loc, field: "allele frequency", reason: "a percent must be in [0, 100]", value: text)
            }
            return f
        }
        guard let f = AlleleFraction(fraction: v) else {
            throw .invalidValue(loc, field: "allele frequency", reason: "a fraction (UCUM 1) must be in [0, 1]", value: text)
        }
        return f
    }

    static func readDepth(_ component: FHIRElement?, context: ReadContext) throws(InputError) -> Int? {
        guard let q = component?.first("valueQuantity"), let text = q.value("value") else { return nil }
        guard let v = Double(text), v >= 0, v == v.rounded(), v < 1e12 else {
            throw .invalidValue(SourceLocation(file: context.path, line: q.line), field: "read depth",
                                reason: "not a whole number of reads", value: text)
        }
        return Int(v)
    }

    /// Only a GRCh38 position is kept (the store's positions are GRCh38): assembly
    /// 62374-4 GRCh38, or a 48013-7 RefSeq chromosome accession of GRCh38's version. The
    /// chromosome is 48000-4 (`Chromosome 7`, LOINC answer or `7` → `chr7`), else the
    /// accession's. Coordinates follow 92822-6: 0-based interval (LA30100-4) adds 1 to
    /// the start; 1-based (LA30102-0, or none given) is kept; any other system keeps no position.
    static func genomicLocation(_ components: [String: FHIRElement], concept: (String) -> String?,
                                at location: SourceLocation) throws(InputError) -> GenomicLocation? {
        let refSeqChromosome = components[LOINC.genomicRefSeq]?.first("valueCodeableConcept")?.codings
            .compactMap(\.code).compactMap(grch38Chromosome).first
        // A stated assembly decides; without one, a GRCh38 accession version does.
        let assembly = components[LOINC.assembly]?.first("valueCodeableConcept")
        let isGRCh38 = assembly.map { $0.hasCoding(LOINC.grch38) } ?? (refSeqChromosome != nil)
        guard isGRCh38, let chrom = chromosome(components[LOINC.chromosome]) ?? refSeqChromosome ?? concept(LOINC.chromosome),
              let startText = components[LOINC.exactStartEnd]?.value("valueRange", "low", "value"),
              let ref = concept(LOINC.reference), let alt = concept(LOINC.alternate) else { return nil }
        guard let start = Int(startText), start >= 0, start < 1_000_000_000 else {
            throw .invalidValue(location, field: "variant start (81254-5)", reason: "not a genomic position", value: startText)
        }
        switch coordinateSystem(components[LOINC.coordinateSystem]) {
        case .zeroBasedInterval: return GenomicLocation(chromosome: chrom, position: start + 1, reference: ref, alternate: alt)
        case .oneBased:
            guard start >= 1 else {
                throw .invalidValue(location, field: "variant start (81254-5)", reason: "is 0 in 1-based coordinates", value: startText)
            }
            return GenomicLocation(chromosome: chrom, position: start, reference: ref, alternate: alt)
        case .other: return nil
        }
    }
}
