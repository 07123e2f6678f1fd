import CtDNAModel

/// What the Genomics Reporting IG (STU2 and STU3) adds over plain FHIR R4: the variant
/// assessment answers, coordinate systems and chromosome answers, allelic read depth,
/// the plasma specimen of a tumour/normal study, MolecularBiomarker observations and the
/// regions an analysis studied or could not call. docs/formats.md (FHIR) says why each
/// decision is what it is.
extension FHIRMapping {
    /// LOINC answer list LL1971-2 (Observation.valueCodeableConcept of a variant).
    enum Assessment: Equatable {
        case present, absent, noCall, indeterminate

        static let answers: [String: Assessment] = [
            "LA9633-4": .present, "LA9634-2": .absent, "LA18198-4": .noCall, "LA11884-6": .indeterminate,
        ]

        /// By display or text, case, spaces, hyphens and underscores aside.
        static func named(_ text: String) -> Assessment? {
            switch text.lowercased().filter({ $0.isLetter }) {
            case "present": .present
            case "absent": .absent
            case "nocall": .noCall
            case "indeterminate": .indeterminate
            default: nil
            }
        }

        /// Only Present is a detection; No call is a coverage problem at the locus;
        /// Indeterminate is any other failure.
        var status: CallStatus {
            switch self {
            case .present: .detected
            case .absent: .notDetected
            case .noCall: .notCovered
            case .indeterminate: .failedQC
            }
        }
    }

    /// A variant Observation's value: by LL1971-2 code, else by display or text. No value
    /// at all, or one that is none of the four, rejects the file (a call of unknown
    /// meaning is never stored as a detection).
    static func assessment(_ o: FHIRElement, at location: SourceLocation) throws(InputError) -> Assessment {
        guard let concept = o.first("valueCodeableConcept") else {
            if let b = o.value("valueBoolean") { return b == "true" ? .present : .absent }
            throw .missingField(location, field: "variant assessment (Observation.valueCodeableConcept: Present, Absent, No call or Indeterminate)")
        }
        for coding in concept.codings {
            if let code = coding.code, let a = Assessment.answers[code] { return a }
        }
        let names = concept.codings.compactMap(\.display) + [concept.value("text")].compactMap { $0 }
        if let a = names.lazy.compactMap(Assessment.named).first { return a }
        let shown = concept.codings.first.flatMap { $0.code ?? $0.display } ?? concept.value("text")
        throw .invalidValue(location, field: "variant assessment",
                            reason: "is not Present, Absent, No call or Indeterminate (LOINC LL1971-2)", value: shown)
    }

    // MARK: Chromosome, assembly, coordinates

    /// LOINC LL2938-0 chromosome answers: LA21254-0 is chromosome 1 … LA21275-5 is 22,
    /// LA21276-3 X, LA21277-1 Y.
    static let chromosomeAnswers: [String: String] = {
        let codes = ["LA21254-0", "LA21255-7", "LA21256-5", "LA21257-3", "LA21258-1", "LA21259-9",
                     "LA21260-7", "LA21261-5", "LA21262-3", "LA21263-1", "LA21264-9", "LA21265-6",
                     "LA21266-4", "LA21267-2", "LA21268-0", "LA21269-8", "LA21270-6", "LA21271-4",
                     "LA21272-2", "LA21273-0", "LA21274-8", "LA21275-5", "LA21276-3", "LA21277-1"]
        let names = (1...22).map(String.init) + ["X", "Y"]
        return Dictionary(uniqueKeysWithValues: zip(codes, names.map { "chr" + $0 }))
    }()

    /// `Chromosome 7`, `chr7`, `7`, or a LOINC answer code → `chr7`; anything else nil.
    static func chromosome(_ component: FHIRElement?) -> String? {
        guard let component else { return nil }
        if let concept = component.first("valueCodeableConcept") {
            // The words first (`Chromosome 7`), then the answer code.
            let names = concept.codings.flatMap { [$0.display, $0.code] }.compactMap { $0 } + [concept.value("text")].compactMap { $0 }
            if let c = names.lazy.compactMap(chromosome(named:)).first { return c }
            return concept.codings.lazy.compactMap { $0.code.flatMap { chromosomeAnswers[$0] } }.first
        }
        return component.value("valueString").flatMap(chromosome(named:))
    }

    static func chromosome(named text: String) -> String? {
        var s = Substring(text.lowercased().trimmingSpaces)
        for prefix in ["chromosome", "chr"] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count).drop { $0 == " " }
            break
        }
        if let n = Int(s), (1...22).contains(n) { return "chr\(n)" }
        if s == "x" || s == "y" { return "chr" + s.uppercased() }
        if s == "m" || s == "mt" { return "chrM" }
        return nil
    }

    /// GRCh38's RefSeq accession version of each chromosome (NC_000001.11 … NC_000024.10).
    static let grch38Versions: [Int: Int] = [
        1: 11, 2: 12, 3: 12, 4: 12, 5: 10, 6: 12, 7: 14, 8: 11, 9: 12, 10: 11, 11: 10, 12: 12,
        13: 11, 14: 9, 15: 10, 16: 10, 17: 11, 18: 10, 19: 10, 20: 11, 21: 9, 22: 11, 23: 11, 24: 10,
    ]

    /// A 48013-7 genomic reference sequence: `NC_000007.14` is GRCh38 chromosome 7;
    /// another version (`NC_000007.13`, GRCh37) is not GRCh38 (nil).
    static func grch38Chromosome(refSeq: String) -> String? {
        guard refSeq.hasPrefix("NC_"), let dot = refSeq.firstIndex(of: ".") else { return nil }
        guard let number = Int(refSeq[refSeq.index(refSeq.startIndex, offsetBy: 3)..<dot]),
              let version = Int(refSeq[refSeq.index(after: dot)...]),
              grch38Versions[number] == version else { return nil }
        return number == 23 ? "chrX" : number == 24 ? "chrY" : "chr\(number)"
    }

    /// 92822-6 answers. No component means 1-based (what STU2 examples without one use).
    enum CoordinateSystem { case zeroBasedInterval, oneBased, other }

    static func coordinateSystem(_ component: FHIRElement?) -> CoordinateSystem {
        guard let concept = component?.first("valueCodeableConcept") else { return .oneBased }
        if concept.hasCoding(LOINC.zeroBasedInterval) { return .zeroBasedInterval }
        if concept.hasCoding(LOINC.oneBasedCharacter) { return .oneBased }
        let names = (concept.codings.compactMap(\.display) + [concept.value("text")].compactMap { $0 }).map { $0.lowercased() }
        if names.contains(where: { $0.contains("0-based interval") }) { return .zeroBasedInterval }
        if names.contains(where: { $0.contains("1-based character") }) { return .oneBased }
        return .other
    }

    // MARK: Allelic read depth

    /// How a 82121-5 value was read.
    enum DepthReading: Equatable { case totalDepth, supportingReads }

    /// LOINC defines 82121-5 as the reads supporting the allele; most labs (and every IG
    /// example) put the total depth there. It is read as supporting reads when its
    /// component says so (code text, display or unit naming alt, supporting or variant
    /// reads), or when it is too small to be a depth: a detected VAF `f` over `n` reads
    /// would leave fewer than one alt read even at the top of the VAF's rounding
    /// (`n × (f + 0.0005) < 1`). Then depth = round(n / f).
    static func depthReading(value n: Int, vaf: AlleleFraction?, component: FHIRElement) -> DepthReading {
        let words = (component.first("code").map { c in c.codings.compactMap(\.display) + [c.value("text")].compactMap { $0 } } ?? [])
            + [component.value("valueQuantity", "unit"), component.value("valueQuantity", "code")].compactMap { $0 }
        let says = words.map { $0.lowercased() }.contains { w in
            w.contains("supporting") || w.contains("alt read") || w.contains("alternate read") || w.contains("variant read")
        }
        if says { return .supportingReads }
        if let f = vaf?.fraction, f > 0, Double(n) * (f + ReportChecks.vafTolerance) < 1 { return .supportingReads }
        return .totalDepth
    }

    // MARK: Specimen

    /// What a Specimen is, by its type (codes, display and text) and any role the analysis
    /// gives it. Ranked: plasma (cfDNA) first, then tumour tissue or marrow, then blood or
    /// unknown; a normal (germline) specimen is never the draw.
    enum SpecimenKind: Int, Comparable {
        case normal = 0, bloodOrUnknown = 1, tumour = 2, plasma = 3
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

        var label: String {
            switch self {
            case .plasma: "plasma"
            case .tumour: "tumour"
            case .bloodOrUnknown: "blood or untyped"
            case .normal: "normal"
            }
        }
    }

    static func specimenKind(_ s: FHIRElement, role: String?) -> SpecimenKind {
        let type = s.first("type")
        let words = ((type?.codings.flatMap { [$0.code, $0.display] }.compactMap { $0 } ?? [])
            + [type?.value("text"), role].compactMap { $0 }).joined(separator: " | ").lowercased()
        let normal = ["buffy", "saliva", "germline", "normal", "white blood cell", "white cell", "leukocyte",
                      "leucocyte", "pbmc", "mononuclear", "buccal", "258587000", "119342007"]
        if normal.contains(where: words.contains) { return .normal }
        let plasma = ["plasma", "cfdna", "cell-free", "cell free", "circulating", "ctdna", "119361006", "plas"]
        if plasma.contains(where: words.contains) { return .plasma }
        let tumour = ["tumor", "tumour", "biopsy", "ffpe", "tissue", "marrow", "neoplasm", "cancer"]
        if tumour.contains(where: words.contains) { return .tumour }
        return .bloodOrUnknown
    }

    /// The specimen of the draw: DiagnosticReport.specimen; else the specimens of the
    /// report's GenomicStudy analyses (STU3); else those the variants name. Among several
    /// the best-ranked kind wins; two of the best kind are refused (which draw is it?).
    /// Never the first Specimen in the file.
    static func drawSpecimen(_ resources: FHIRResources, report: FHIRElement?, analyses: [FHIRElement],
                             observations: [FHIRElement], context: ReadContext) throws(InputError) -> FHIRElement? {
        var candidates: [(FHIRElement, String?)] = []
        var seen: [FHIRElement: Int] = [:]
        func add(_ s: FHIRElement?, role: String?) {
            guard let s, s.resourceType == "Specimen" else { return }
            if let i = seen[s] {
                if candidates[i].1 == nil { candidates[i].1 = role }
            } else {
                seen[s] = candidates.count
                candidates.append((s, role))
            }
        }
        for r in report?.all("specimen") ?? [] { add(resources.resolve(r), role: nil) }
        if candidates.isEmpty {
            for a in analyses {
                for (ref, role) in analysisSpecimens(a) { add(resources.resolve(ref), role: role) }
            }
        }
        if candidates.isEmpty {
            for o in observations { add(resources.resolve(o.first("specimen")), role: nil) }
        }
        if candidates.count <= 1 { return candidates.first?.0 }
        let ranked = candidates.map { ($0.0, specimenKind($0.0, role: $0.1)) }
        guard let best = ranked.map(\.1).max(), best != .normal else {
            throw .conflict(SourceLocation(file: context.path, line: report?.line ?? candidates[0].0.line),
                            reason: "every specimen the report names is a normal (germline) specimen: no draw to place the result on")
        }
        let top = ranked.filter { $0.1 == best }
        if top.count > 1 {
            let lines = top.map { String($0.0.line) }.joined(separator: ", ")
            throw .conflict(SourceLocation(file: context.path, line: top[1].0.line),
                            reason: "the report names \(top.count) candidate \(best.label) specimens (lines \(lines)); give one draw per file")
        }
        return top[0].0
    }

    /// STU3: GenomicStudy (a Procedure) → its analyses (extension genomic-study-analysis
    /// or R5-style `analysis` elements). From the report's genomic-study-reference
    /// extension; else every resource in the file that carries analysis extensions.
    static func analyses(_ resources: FHIRResources, report: FHIRElement?) -> [FHIRElement] {
        let studies = (report?.all("extension") ?? [])
            .filter { ($0.value("url") ?? "").hasSuffix("genomic-study-reference") }
            .compactMap { resources.resolve($0.first("valueReference")) }
        var out: [FHIRElement] = []
        for study in studies {
            for e in study.all("extension") where (e.value("url") ?? "").contains("genomic-study-analysis") {
                if let a = resources.resolve(e.first("valueReference")), !out.contains(a) { out.append(a) }
            }
            out += study.all("analysis")
        }
        if out.isEmpty {
            out = resources.all.filter { r in
                r.all("extension").contains { e in
                    let url = e.value("url") ?? ""
                    return url.contains("genomic-study-analysis-specimen") || url.contains("genomic-study-analysis-regions")
                        || url == "GenomicStudyAnalysisSpecimen" || url == "GenomicStudyAnalysisRegions"
                }
            }
        }
        return out
    }

    /// An analysis's specimen references with the role (`type`/`role` sub-extension or
    /// R5 `input`/`specimen` type) when given.
    static func analysisSpecimens(_ analysis: FHIRElement) -> [(FHIRElement, String?)] {
        var out: [(FHIRElement, String?)] = []
        for e in analysis.all("extension") {
            let url = e.value("url") ?? ""
            guard url.contains("analysis-specimen") || url.hasSuffix("GenomicStudyAnalysisSpecimen") else { continue }
            if let ref = e.first("valueReference") { out.append((ref, nil)) }
            let subs = e.all("extension")
            if let ref = subs.first(where: { $0.value("url") == "specimen" })?.first("valueReference") {
                let role = subs.first { ["type", "role"].contains($0.value("url") ?? "") }?.first("valueCodeableConcept")
                out.append((ref, role.flatMap(conceptText)))
            }
        }
        for s in analysis.all("specimen") {
            if let ref = s.first("specimen") ?? (s.value("reference") != nil ? s : nil) {
                out.append((ref, s.first("type").flatMap(conceptText)))
            }
        }
        for input in analysis.all("input") {
            if let ref = input.first("generatedByReference") ?? input.first("valueReference") {
                out.append((ref, input.first("type").flatMap(conceptText)))
            }
        }
        return out
    }

    static func conceptText(_ concept: FHIRElement) -> String? {
        concept.value("text") ?? concept.codings.first.flatMap { $0.display ?? $0.code }
    }

    // MARK: Molecular biomarkers

    static func isBiomarker(_ o: FHIRElement) -> Bool {
        guard o.resourceType == "Observation" else { return false }
        if o.first("meta")?.all("profile").contains(where: { ($0.value ?? "").hasSuffix("/StructureDefinition/molecular-biomarker") }) == true {
            return true
        }
        return [LOINC.tmb, LOINC.msi].contains { o.first("code")?.hasCoding($0) == true }
    }

    static func isTumourFraction(_ o: FHIRElement) -> Bool {
        let code = o.first("code")
        let names = ((code?.codings.compactMap(\.display) ?? []) + [code?.value("text")].compactMap { $0 }).map { $0.lowercased() }
        return names.contains { $0.contains("tumor fraction") || $0.contains("tumour fraction") || $0.contains("ctdna fraction") }
    }

    /// MolecularBiomarker observations: TMB (94076-7), MSI (81695-9) and any other by its
    /// code's text; a tumour fraction (code naming "tumor fraction") becomes the report's
    /// tumourFraction (UCUM `%` is a percent, otherwise a fraction).
    static func biomarkers(_ observations: [FHIRElement], context: ReadContext) throws(InputError) -> (markers: [Biomarker], tumourFraction: AlleleFraction?) {
        var markers: [Biomarker] = []
        var fraction: AlleleFraction?
        for o in observations where isBiomarker(o) || isTumourFraction(o) {
            let loc = SourceLocation(file: context.path, line: o.line)
            if isTumourFraction(o) {
                let q = FHIRElement(name: "component", value: nil, resourceType: nil,
                                    children: o.all("valueQuantity"), line: o.line)
                if let f = try alleleFraction(q, context: context) { fraction = f }
                continue
            }
            let code = o.first("code")
            let name = code?.hasCoding(LOINC.tmb) == true ? "TMB" : code?.hasCoding(LOINC.msi) == true ? "MSI"
                : code.flatMap(conceptText)
            var value: String?
            if let q = o.first("valueQuantity"), let v = q.value("value") {
                value = [v, q.value("unit") ?? q.value("code")].compactMap { $0 }.joined(separator: " ")
            } else if let c = o.first("valueCodeableConcept") {
                value = c.codings.compactMap(\.display).first ?? c.value("text") ?? c.codings.compactMap(\.code).first
            } else {
                value = o.value("valueString") ?? o.value("valueInteger") ?? o.value("valueBoolean")
            }
            guard let name, let value else { continue }
            markers.append(Biomarker(name: try Checked.short(name, field: "biomarker name", max: FieldBounds.label, at: loc),
                                     value: try Checked.short(value, field: "biomarker value", max: FieldBounds.label, at: loc)))
        }
        return (markers, fraction)
    }

    // MARK: Regions studied and uncalled

    /// A range on one chromosome, 1-based inclusive.
    struct Region: Equatable {
        var chromosome: String?
        var start: Int
        var end: Int

        func contains(_ l: GenomicLocation) -> Bool {
            (chromosome == nil || chromosome == chromosome(l.chromosome)) && start <= l.position && l.position <= end
        }

        private func chromosome(_ c: String) -> String? { FHIRMapping.chromosome(named: c) ?? c }
    }

    struct Regions {
        var studiedGenes: Set<String> = []
        var uncalledGenes: Set<String> = []
        var studiedRanges: [Region] = []
        var uncalledRanges: [Region] = []
        /// Some studied region is given only as a file (a BED the reader does not fetch):
        /// the studied genes and ranges are then examples, not the whole of it.
        var studiedIncomplete = false

        /// The genes a tracked variant is known to have been studied in (none when unknown).
        var panel: [String] { studiedIncomplete ? [] : studiedGenes.subtracting(uncalledGenes).sorted() }

        var isEmpty: Bool { studiedGenes.isEmpty && studiedRanges.isEmpty && uncalledGenes.isEmpty && uncalledRanges.isEmpty }

        /// Whether a listed call at this gene and place was outside what was studied or
        /// inside what could not be called.
        func uncovered(gene: String, location: GenomicLocation?) -> Bool {
            if uncalledGenes.contains(gene) { return true }
            if let l = location, uncalledRanges.contains(where: { $0.contains(l) }) { return true }
            if !studiedIncomplete, !studiedGenes.isEmpty || !studiedRanges.isEmpty {
                let inGene = studiedGenes.contains(gene)
                let inRange = location.map { l in studiedRanges.contains { $0.contains(l) } } ?? false
                return !inGene && !inRange
            }
            return false
        }
    }

    /// STU2 RegionStudied observations (profile region-studied or code 53041-0: genes
    /// 48018-6, ranges 51959-5 with the 92822-6 coordinate system and 48000-4/48013-7
    /// chromosome) and STU3 GenomicStudyAnalysis regions (extension `studied` / `uncalled`
    /// as genes; BED files they reference are not fetched).
    static func regions(observations: [FHIRElement], analyses: [FHIRElement], context: ReadContext) throws(InputError) -> Regions {
        var out = Regions()
        for o in observations where isRegionStudied(o) {
            let loc = SourceLocation(file: context.path, line: o.line)
            let components = o.all("component")
            func has(_ c: FHIRElement, _ code: String) -> Bool { c.first("code")?.hasCoding(code) == true }
            let system = coordinateSystem(components.first { has($0, LOINC.coordinateSystem) })
            let chrom = chromosome(components.first { has($0, LOINC.chromosome) })
                ?? components.first { has($0, LOINC.genomicRefSeq) }?.first("valueCodeableConcept")?.codings
                    .compactMap(\.code).compactMap(grch38Chromosome).first
            for c in components {
                if has(c, LOINC.gene), let g = geneSymbol(c.first("valueCodeableConcept")) {
                    out.studiedGenes.insert(try Checked.short(g, field: "gene studied (48018-6)", max: FieldBounds.gene, at: loc).uppercased())
                }
                if has(c, LOINC.rangesExamined), let low = c.value("valueRange", "low", "value").flatMap({ Int($0) }),
                   let high = c.value("valueRange", "high", "value").flatMap({ Int($0) }), system != .other,
                   (0..<1_000_000_000).contains(low), (0..<1_000_000_000).contains(high) {
                    // 0-based half-open [low, high) is 1-based [low + 1, high].
                    let start = system == .zeroBasedInterval ? low + 1 : low
                    out.studiedRanges.append(Region(chromosome: chrom, start: start, end: high))
                }
            }
        }
        for a in analyses {
            for e in a.all("extension") where (e.value("url") ?? "").contains("regions") || e.value("url") == "GenomicStudyAnalysisRegions" {
                for sub in e.all("extension") {
                    if sub.value("url") == "studied", sub.first("valueReference") != nil { out.studiedIncomplete = true }
                    guard let kind = sub.value("url"), kind == "studied" || kind == "uncalled",
                          let g = geneSymbol(sub.first("valueCodeableConcept")) else { continue }
                    let gene = try Checked.short(g, field: "region gene", max: FieldBounds.gene,
                                                 at: SourceLocation(file: context.path, line: sub.line)).uppercased()
                    if kind == "studied" { out.studiedGenes.insert(gene) } else { out.uncalledGenes.insert(gene) }
                }
            }
        }
        return out
    }

    static func isRegionStudied(_ o: FHIRElement) -> Bool {
        guard o.resourceType == "Observation" else { return false }
        let profiled = o.first("meta")?.all("profile").contains { ($0.value ?? "").hasSuffix("/StructureDefinition/region-studied") } ?? false
        return profiled || o.first("code")?.hasCoding(LOINC.regionStudied) == true
    }

    /// An HGNC concept's symbol: its display or text (an `HGNC:644` code is an id, not a symbol).
    static func geneSymbol(_ concept: FHIRElement?) -> String? {
        guard let concept else { return nil }
        return concept.codings.compactMap(\.display).first ?? concept.value("text")
            ?? concept.codings.compactMap(\.code).first(where: { !$0.hasPrefix("HGNC:") })
    }

    // MARK: Variation codes

    /// A ClinVar-style variation name, `NM_000251.3(MSH2):c.1832del (p.Val611fs)`: its
    /// transcript, c. and p. parts.
    static func variationName(_ text: String) -> (transcript: String?, coding: String?, protein: String?) {
        guard let c = text.range(of: ":c.") else { return (nil, nil, nil) }
        let head = text[..<c.lowerBound]
        let transcript = head.split(separator: "(").first.map(String.init)
        let rest = text[text.index(c.lowerBound, offsetBy: 1)...]
        let coding = rest.split(separator: " ").first.map(String.init)
        var protein: String?
        if let p = rest.range(of: "(p.") {
            protein = rest[rest.index(after: p.lowerBound)...].split(separator: ")").first.map(String.init)
        }
        return (transcript, coding, protein)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
