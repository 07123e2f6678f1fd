import Crypto
import CtDNAModel
import Foundation
import Tracking

/// What one released version is, for its FHIR Bundle: the release stamp's values, the
/// interpretation as plain text and the released PDF.
public struct FHIRRelease: Sendable {
    public var version: Int
    public var supersedesVersion: Int?
    public var authorisedBy: String
    public var role: String?
    /// UTC, ISO 8601 (`2026-11-25T22:53:50Z`).
    public var authorisedAt: String
    public var dataHash: String
    /// Set for an amendment: the DiagnosticReport is then `amended`.
    public var amendmentReason: String?
    /// The report's interpretation (page 1's synopsis), markup stripped.
    public var interpretation: String
    /// The issuing laboratory (the report's author).
    public var laboratory: String?
    public var pdf: [UInt8]
    public var language: String
    public var title: String

    public init(version: Int, supersedesVersion: Int?, authorisedBy: String, role: String?, authorisedAt: String,
                dataHash: String, amendmentReason: String?, interpretation: String, laboratory: String?,
                pdf: [UInt8], language: String, title: String) {
        self.version = version
        self.supersedesVersion = supersedesVersion
        self.authorisedBy = authorisedBy
        self.role = role
        self.authorisedAt = authorisedAt
        self.dataHash = dataHash
        self.amendmentReason = amendmentReason
        self.interpretation = interpretation
        self.laboratory = laboratory
        self.pdf = pdf
        self.language = language
        self.title = title
    }
}

/// A released version as a FHIR R4 Bundle (type `collection`) in the Genomics Reporting
/// shape: Patient, one Specimen per draw, the DiagnosticReport (the PDF as
/// `presentedForm`), a ctDNA level Observation per draw, the current ctDNA category, and
/// the latest draw's variants as Genomics Reporting variant Observations, so that our
/// own FHIR reader reads the Bundle back as that draw. docs/formats.md ("FHIR export of a
/// release") lists what is in it and what is left out. Pure: the same input gives the
/// same bytes (resource ids are name-based UUIDs).
public enum FHIRBundleExport {
    public static let loinc = "http://loinc.org"
    public static let ucum = "http://unitsofmeasure.org"
    static let profileBase = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"
    public static let releaseSystem = "urn:ctdna-monitor:release"
    public static let reportSystem = "urn:ctdna-monitor:report"
    static let extensionBase = "urn:ctdna-monitor:fhir:"
    static let categorySystem = "urn:ctdna-monitor:response-category"

    /// The Bundle's JSON text (indented, keys sorted).
    public static func text(_ assessment: PatientAssessment, release: FHIRRelease) -> String {
        bundle(assessment, release: release).text(pretty: true) + "\n"
    }

    public static func bundle(_ a: PatientAssessment, release r: FHIRRelease) -> JSONOut {
        let patientID = a.patient.identifier
        let seed = "ctdna-monitor|\(patientID.mrn)|\(patientID.issuer ?? "")|v\(r.version)"
        func url(_ key: String) -> String { "urn:uuid:" + nameUUID(seed + "|" + key) }
        func ref(_ key: String, _ display: String? = nil) -> JSONOut {
            var o: [String: JSONOut] = ["reference": .string(url(key))]
            if let display { o["display"] = .string(display) }
            return .object(o)
        }
        var entries: [JSONOut] = []
        func add(_ key: String, _ resource: [String: JSONOut]) {
            entries.append(.object(["fullUrl": .string(url(key)), "resource": .object(resource)]))
        }

        // Patient
        add("patient", patient(a.patient))
        let subject = ref("patient")

        // Specimens, one per draw.
        for (i, d) in a.draws.enumerated() {
            add("specimen-\(i)", specimen(d.draw.report.specimen, subject: subject))
        }
        let latestIndex = a.draws.indices.last

        // The issuing laboratory and the person who authorised the release.
        if let lab = r.laboratory {
            add("organization", ["resourceType": .string("Organization"), "name": .string(lab)])
        }
        var practitioner: [String: JSONOut] = ["resourceType": .string("Practitioner"),
                                               "name": .array([.object(["text": .string(r.authorisedBy)])])]
        if let role = r.role {
            practitioner["qualification"] = .array([.object(["code": .object(["text": .string(role)])])])
        }
        add("practitioner", practitioner)

        var results: [JSONOut] = []
        // ctDNA level per draw.
        for (i, d) in a.draws.enumerated() {
            let key = "level-\(i)"
            add(key, levelObservation(d, subject: subject, specimen: ref("specimen-\(i)")))
            results.append(ref(key))
        }
        // The current ctDNA category.
        if let current = a.response.current, let latestIndex {
            add("category", categoryObservation(current, assessment: a, subject: subject,
                                                specimen: ref("specimen-\(latestIndex)")))
            results.append(ref("category"))
        }
        // The latest draw's variants, as reported.
        if let latestIndex {
            let last = a.draws[latestIndex].draw.report
            for (n, call) in last.variants.enumerated() {
                let key = "variant-\(n)"
                add(key, variantObservation(call, subject: subject, specimen: ref("specimen-\(latestIndex)"),
                                            effective: dateTime(last.specimen.collected)))
                results.append(ref(key))
            }
        }

        // The DiagnosticReport.
        var report: [String: JSONOut] = [
            "resourceType": .string("DiagnosticReport"),
            "meta": .object(["profile": .array([.string(profileBase + "genomics-report")])]),
            "identifier": .array([.object(["system": .string(reportSystem),
                                           "value": .string("\(patientID.mrn)-v\(r.version)")])]),
            "status": .string(r.amendmentReason == nil ? "final" : "amended"),
            "category": .array([.object(["coding": .array([.object([
                "system": .string("http://terminology.hl7.org/CodeSystem/v2-0074"), "code": .string("GE"),
                "display": .string("Genetics")])])])]),
            "code": .object(["coding": .array([.object(["system": .string(loinc), "code": .string("81247-9"),
                                                        "display": .string("Master HL7 genetic variant reporting panel")])]),
                             "text": .string("ctDNA monitoring report")]),
            "subject": subject,
            "issued": .string(instant(r.authorisedAt)),
            "resultsInterpreter": .array([ref("practitioner", r.authorisedBy)]),
            "result": .array(results),
            "conclusion": .string(r.interpretation),
            "presentedForm": .array([attachment(r)]),
        ]
        if let lab = r.laboratory { report["performer"] = .array([ref("organization", lab)]) }
        if let latestIndex {
            report["effectiveDateTime"] = .string(dateTime(a.draws[latestIndex].draw.report.specimen.collected))
            report["specimen"] = .array([ref("specimen-\(latestIndex)")])
        }
        var extensions: [JSONOut] = [
            .object(["url": .string(extensionBase + "release-version"), "valueInteger": .integer(r.version)]),
            .object(["url": .string(extensionBase + "data-hash"), "valueString": .string(r.dataHash)]),
            .object(["url": .string(extensionBase + "rules"), "valueString": .string("\(a.rulesName) \(a.rulesVersion)")]),
        ]
        if let s = r.supersedesVersion {
            extensions.append(.object(["url": .string(extensionBase + "supersedes-version"), "valueInteger": .integer(s)]))
        }
        if let reason = r.amendmentReason {
            extensions.append(.object(["url": .string(extensionBase + "amendment-reason"), "valueString": .string(reason)]))
        }
        report["extension"] = .array(extensions)
        // The DiagnosticReport first after the Patient is easier to read; entry order has no meaning.
        entries.insert(.object(["fullUrl": .string(url("report")), "resource": .object(report)]), at: 1)

        return .object([
            "resourceType": .string("Bundle"),
            "identifier": .object(["system": .string(releaseSystem), "value": .string("\(patientID.mrn)-\(r.version)")]),
            "type": .string("collection"),
            "timestamp": .string(instant(r.authorisedAt)),
            "entry": .array(entries),
        ])
    }

    // MARK: Resources

    static func patient(_ p: Patient) -> [String: JSONOut] {
        var identifier: [String: JSONOut] = [
            "type": .object(["coding": .array([.object(["system": .string("http://terminology.hl7.org/CodeSystem/v2-0203"),
                                                        "code": .string("MR"), "display": .string("Medical record number")])])]),
            "value": .string(p.identifier.mrn),
        ]
        if let issuer = p.identifier.issuer { identifier["system"] = .string(issuer) }
        var out: [String: JSONOut] = [
            "resourceType": .string("Patient"),
            "identifier": .array([.object(identifier)]),
            "gender": .string(p.sex.rawValue),
        ]
        if let n = p.name {
            var name: [String: JSONOut] = [:]
            if let f = n.family { name["family"] = .string(f) }
            if !n.given.isEmpty { name["given"] = .array(n.given.map(JSONOut.string)) }
            if !name.isEmpty { out["name"] = .array([.object(name)]) }
        }
        if let b = p.birthDate { out["birthDate"] = .string(b.description) }
        return out
    }

    static func specimen(_ s: Specimen, subject: JSONOut) -> [String: JSONOut] {
        var type: [String: JSONOut] = [
            "coding": .array([.object(["system": .string("http://snomed.info/sct"), "code": .string("119361006"),
                                       "display": .string("Plasma specimen")])]),
        ]
        if let tube = s.tubeType { type["text"] = .string(tube) }
        var collection: [String: JSONOut] = ["collectedDateTime": .string(dateTime(s.collected))]
        if let v = s.plasmaVolumeMl {
            collection["quantity"] = .object(["value": .number(v), "unit": .string("mL"), "system": .string(ucum), "code": .string("mL")])
        }
        var out: [String: JSONOut] = [
            "resourceType": .string("Specimen"),
            "accessionIdentifier": .object(["value": .string(s.accession)]),
            "type": .object(type),
            "subject": subject,
            "collection": .object(collection),
        ]
        if let received = s.received { out["receivedTime"] = .string(dateTime(received)) }
        return out
    }

    static func percent(_ fraction: Double) -> JSONOut {
        .object(["value": .number(fraction * 100), "unit": .string("%"), "system": .string(ucum), "code": .string("%")])
    }

    static func observationBase(code: JSONOut, subject: JSONOut, specimen: JSONOut, effective: String) -> [String: JSONOut] {
        [
            "resourceType": .string("Observation"),
            "status": .string("final"),
            "category": .array([.object(["coding": .array([.object([
                "system": .string("http://terminology.hl7.org/CodeSystem/observation-category"),
                "code": .string("laboratory"), "display": .string("Laboratory")])])])]),
            "code": code,
            "subject": subject,
            "specimen": specimen,
            "effectiveDateTime": .string(effective),
        ]
    }

    /// The draw's pooled, background-subtracted VAF in %; not detected is left-censored
    /// (`<` the draw's LoD95); non-informative has no value (dataAbsentReason).
    static func levelObservation(_ d: DrawAssessment, subject: JSONOut, specimen: JSONOut) -> [String: JSONOut] {
        let det = d.detection
        var o = observationBase(code: .object(["text": .string("ctDNA level (pooled VAF)")]), subject: subject,
                                specimen: specimen, effective: dateTime(d.draw.report.specimen.collected))
        func interpretation(_ code: String, _ display: String) -> JSONOut {
            .array([.object(["coding": .array([.object([
                "system": .string("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"),
                "code": .string(code), "display": .string(display)])])])])
        }
        switch det.call {
        case .detected:
            if let level = det.level { o["valueQuantity"] = percent(level) } else {
                o["valueString"] = .string("detected")
            }
            o["interpretation"] = interpretation("DET", "Detected")
        case .notDetected:
            if let lod = det.lod95 {
                guard case .object(var q) = percent(lod) else { break }
                q["comparator"] = .string("<")
                o["valueQuantity"] = .object(q)
            } else {
                o["valueString"] = .string("not detected")
            }
            o["interpretation"] = interpretation("ND", "Not detected")
        case .nonInformative:
            o["dataAbsentReason"] = .object(["coding": .array([.object([
                "system": .string("http://terminology.hl7.org/CodeSystem/data-absent-reason"),
                "code": .string("error"), "display": .string("Error")])]),
                "text": .string("non-informative (failed QC or no tracked variant tested)")])
        }
        var components: [JSONOut] = []
        if let low = det.levelLow, let high = det.levelHigh {
            components.append(.object(["code": .object(["text": .string("ctDNA level 95% interval")]),
                                       "valueRange": .object(["low": percent(low), "high": percent(high)])]))
        }
        if let lod = det.lod95 {
            components.append(.object(["code": .object(["text": .string("LoD95 (VAF detected with 95% probability)")]),
                                       "valueQuantity": percent(lod)]))
        }
        if let m = det.mutantMoleculesPerMl {
            components.append(.object(["code": .object(["text": .string("Mutant haploid genome equivalents per mL plasma")]),
                                       "valueQuantity": .object(["value": .number(m), "unit": .string("/mL"),
                                                                 "system": .string(ucum), "code": .string("/mL")])]))
        }
        components.append(.object(["code": .object(["text": .string("ctDNA response category at this draw")]),
                                   "valueCodeableConcept": category(d.response.category)]))
        o["component"] = .array(components)
        return o
    }

    static func category(_ c: ResponseCategory) -> JSONOut {
        .object(["coding": .array([.object(["system": .string(categorySystem), "code": .string(c.rawValue)])]),
                 "text": .string(c.rawValue)])
    }

    /// The latest segment's current category: code text (see docs/formats.md on why no LOINC code).
    static func categoryObservation(_ c: ResponseCategory, assessment a: PatientAssessment, subject: JSONOut,
                                    specimen: JSONOut) -> [String: JSONOut] {
        let last = a.draws[a.draws.count - 1].draw.report.specimen.collected
        var o = observationBase(code: .object(["text": .string("Current ctDNA response category")]), subject: subject,
                                specimen: specimen, effective: dateTime(last))
        o["valueCodeableConcept"] = category(c)
        if let best = a.response.best {
            o["component"] = .array([.object(["code": .object(["text": .string("Best ctDNA response category in the line")]),
                                              "valueCodeableConcept": category(best)])])
        }
        return o
    }

    static let assessmentAnswers: [CallStatus: (String, String)] = [
        .detected: ("LA9633-4", "Present"), .notDetected: ("LA9634-2", "Absent"),
        .notCovered: ("LA18198-4", "No call"), .failedQC: ("LA11884-6", "Indeterminate"),
    ]

    static let significanceAnswers: [ClinicalSignificance: (String, String)] = [
        .pathogenic: ("LA6668-3", "Pathogenic"), .likelyPathogenic: ("LA26332-9", "Likely pathogenic"),
        .uncertain: ("LA26333-7", "Uncertain significance"), .likelyBenign: ("LA26334-5", "Likely benign"),
        .benign: ("LA6675-8", "Benign"),
    ]

    static let chromosomeAnswers: [String: String] = {
        let codes = ["LA21254-0", "LA21255-7", "LA21256-5", "LA21257-3", "LA21258-1", "LA21259-9",
                     "LA21260-7", "LA21261-5", "LA21262-3", "LA21263-1", "LA21264-9", "LA21265-6",
                     "LA21266-4", "LA21267-2", "LA21268-0", "LA21269-8", "LA21270-6", "LA21271-4",
                     "LA21272-2", "LA21273-0", "LA21274-8", "LA21275-5", "LA21276-3", "LA21277-1"]
        let names = (1...22).map { "chr\($0)" } + ["chrX", "chrY"]
        return Dictionary(uniqueKeysWithValues: zip(names, codes))
    }()

    static func loincConcept(_ code: String, _ display: String) -> JSONOut {
        .object(["coding": .array([.object(["system": .string(loinc), "code": .string(code), "display": .string(display)])])])
    }

    static func component(_ code: String, _ display: String, _ valueKey: String, _ value: JSONOut) -> JSONOut {
        .object(["code": loincConcept(code, display), valueKey: value])
    }

    /// A Genomics Reporting variant Observation (69548-6) for one call as the lab reported it.
    static func variantObservation(_ v: VariantCall, subject: JSONOut, specimen: JSONOut, effective: String) -> [String: JSONOut] {
        var o = observationBase(code: loincConcept("69548-6", "Genetic variant assessment"), subject: subject,
                                specimen: specimen, effective: effective)
        o["meta"] = .object(["profile": .array([.string(profileBase + "variant")])])
        let (code, display) = assessmentAnswers[v.status] ?? ("LA11884-6", "Indeterminate")
        o["valueCodeableConcept"] = loincConcept(code, display)
        var c: [JSONOut] = [component("48018-6", "Gene studied [ID]", "valueCodeableConcept", .object(["text": .string(v.gene)]))]
        if let t = v.transcript {
            c.append(component("51958-7", "Transcript reference sequence [ID]", "valueCodeableConcept",
                               .object(["coding": .array([.object(["system": .string("http://www.ncbi.nlm.nih.gov/refseq"),
                                                                   "code": .string(t)])])])))
        }
        if let coding = v.codingChange {
            let text = v.transcript.map { "\($0):\(coding)" } ?? coding
            c.append(component("48004-6", "DNA change (c.HGVS)", "valueCodeableConcept",
                               .object(["coding": .array([.object(["system": .string("http://varnomen.hgvs.org"),
                                                                   "code": .string(text)])])])))
        }
        if let protein = v.proteinChange {
            c.append(component("48005-3", "Amino acid change (pHGVS)", "valueCodeableConcept",
                               .object(["coding": .array([.object(["system": .string("http://varnomen.hgvs.org"),
                                                                   "code": .string(protein)])])])))
        }
        if let l = v.location {
            c.append(component("62374-4", "Human reference sequence assembly version", "valueCodeableConcept",
                               loincConcept("LA26806-2", "GRCh38")))
            let chrom = l.chromosome.hasPrefix("chr") ? l.chromosome : "chr" + l.chromosome
            if let answer = chromosomeAnswers[chrom] {
                c.append(component("48000-4", "Chromosome (human)", "valueCodeableConcept",
                                   loincConcept(answer, "Chromosome " + chrom.dropFirst(3))))
            } else {
                c.append(component("48000-4", "Chromosome (human)", "valueCodeableConcept", .object(["text": .string(chrom)])))
            }
            c.append(component("92822-6", "Genomic coordinate system", "valueCodeableConcept",
                               loincConcept("LA30102-0", "1-based character counting")))
            c.append(component("81254-5", "Genomic allele start-end", "valueRange",
                               .object(["low": .object(["value": .integer(l.position)])])))
            c.append(component("69547-8", "Genomic ref allele [ID]", "valueString", .string(l.reference)))
            c.append(component("69551-0", "Genomic alt allele [ID]", "valueString", .string(l.alternate)))
        }
        if let f = v.alleleFraction {
            c.append(component("81258-6", "Sample variant allelic frequency [NFr]", "valueQuantity",
                               .object(["value": .number(f.fraction), "unit": .string("relative frequency"),
                                        "system": .string(ucum), "code": .string("1")])))
        }
        // 82121-5 carries the total depth. Our reader (and others) take a value too small to
        // be a depth at a detected VAF as supporting reads; such a depth is left out.
        if let depth = v.depth {
            let ambiguous = v.status == .detected && v.alleleFraction.map { f in
                f.fraction > 0 && Double(depth) * (f.fraction + 0.0005) < 1 } == true
            if !ambiguous {
                c.append(component("82121-5", "Allelic read depth", "valueQuantity",
                                   .object(["value": .integer(depth), "unit": .string("reads"),
                                            "system": .string(ucum), "code": .string("1")])))
            }
        }
        switch v.origin {
        case .somatic:
            c.append(component("48002-0", "Genomic source class [Type]", "valueCodeableConcept", loincConcept("LA6684-0", "Somatic")))
        case .germline:
            c.append(component("48002-0", "Genomic source class [Type]", "valueCodeableConcept", loincConcept("LA6683-2", "Germline")))
        case .clonalHaematopoiesis, .unknown: break
        }
        if let s = v.clinicalSignificance {
            let value: JSONOut
            if let pair = significanceAnswers[s] { value = loincConcept(pair.0, pair.1) } else {
                value = .object(["text": .string(s.rawValue.replacingOccurrences(of: "-", with: " ").capitalized
                    .replacingOccurrences(of: "Tier Iv", with: "Tier IV").replacingOccurrences(of: "Tier Iii", with: "Tier III")
                    .replacingOccurrences(of: "Tier Ii", with: "Tier II"))])
            }
            c.append(component("53037-8", "Genetic variation clinical significance [Imp]", "valueCodeableConcept", value))
        }
        o["component"] = .array(c)
        return o
    }

    static func attachment(_ r: FHIRRelease) -> JSONOut {
        .object([
            "contentType": .string("application/pdf"),
            "language": .string(r.language),
            "data": .string(Data(r.pdf).base64EncodedString()),
            "size": .integer(r.pdf.count),
            // FHIR Attachment.hash: the base64 of the SHA-1 of the data.
            "hash": .string(Data(Insecure.SHA1.hash(data: r.pdf)).base64EncodedString()),
            "title": .string(r.title),
            "creation": .string(instant(r.authorisedAt)),
        ])
    }

    // MARK: Values

    /// A FHIR dateTime: a date as is; a time with a zone as is; a time without a zone (we
    /// read it as UTC) or without seconds, rewritten in UTC with seconds.
    public static func dateTime(_ t: Timestamp) -> String {
        guard t.hasTime else { return t.date.description }
        let text = t.text
        let time = text.split(separator: "T", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let hasZone = time.hasSuffix("Z") || time.contains("+") || time.contains("-")
        let clock = time.split(whereSeparator: { $0 == "Z" || $0 == "+" || $0 == "-" }).first ?? ""
        if text.contains("T"), hasZone, clock.split(separator: ":").count == 3 { return text }
        let day = Int((t.epochSeconds / 86_400).rounded(.down))
        let seconds = t.epochSeconds - Double(day) * 86_400
        let whole = Int(seconds.rounded(.down))
        var out = String(format: "%@T%02d:%02d:%02d", CalendarDate(daysSinceEpoch: day).description,
                         whole / 3600, whole / 60 % 60, whole % 60)
        let fraction = seconds - Double(whole)
        if fraction > 0 { out += String(format: "%.3f", fraction).dropFirst() }
        return out + "Z"
    }

    static func instant(_ text: String) -> String {
        Timestamp(iso: text).map(dateTime) ?? text
    }

    /// A name-based UUID (RFC 4122 version 5 layout over SHA-1 of the name): the same
    /// release gives the same resource ids.
    static func nameUUID(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let h = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(h[$0]) }.joined(separator: "-")
    }

    /// Pango markup as plain text: tags dropped, entities decoded, runs of white space
    /// collapsed.
    public static func plainText(markup: String) -> String {
        var out = ""
        var inTag = false
        var entity: String?
        for ch in markup {
            if inTag { if ch == ">" { inTag = false }; continue }
            if var e = entity {
                if ch == ";" {
                    out += decode(e)
                    entity = nil
                } else if e.count < 10 {
                    e.append(ch)
                    entity = e
                } else {
                    out += "&" + e + String(ch)
                    entity = nil
                }
                continue
            }
            switch ch {
            case "<": inTag = true
            case "&": entity = ""
            default: out.append(ch)
            }
        }
        if let e = entity { out += "&" + e }
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func decode(_ entity: String) -> String {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16),
               let u = Unicode.Scalar(v) { return String(Character(u)) }
            if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { return String(Character(u)) }
            return "&" + entity + ";"
        }
    }
}
