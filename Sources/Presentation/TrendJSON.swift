import CtDNAModel
import Tracking

/// The `trend --json` document (docs/trend-json.md; Schemas/trend-2.schema.json).
public enum TrendJSON {
    public static let schemaVersion = "ctdna-monitor-trend-2"

    /// The document; `phrases` words the alert messages and reasons (English for the JSON).
    public static func document(_ a: PatientAssessment, phrases: Phrases, rulesFile: String?) throws(TemplateError) -> JSONOut {
        .object([
            "schema": .string(schemaVersion),
            "patient": patient(a.patient),
            "rules": .object(["name": .string(a.rulesName), "version": .string(a.rulesVersion), "file": .of(rulesFile)]),
            "response": .object([
                "current": .of(a.response.current?.rawValue), "best": .of(a.response.best?.rawValue),
                "line": .of(a.response.line),
            ]),
            "lines": .array(a.lines.map(line)),
            "alerts": .array(try a.alerts.map { al throws(TemplateError) in
                .object(["kind": .string(al.kind.rawValue), "message": .string(try phrases.alert(al)),
                         "collected": .of(al.collected)])
            }),
            "draws": .array(try a.draws.map { d throws(TemplateError) in try draw(d, phrases: phrases) }),
            "variants": .array(try a.variants.map { v throws(TemplateError) in try variant(v, phrases: phrases) }),
            "clinical": clinical(a.clinical),
            "amendments": .array(a.amendments.map { m in
                .object(["reportId": .string(m.identity.id), "version": .integer(m.identity.version),
                         "status": .string(m.status.rawValue), "replacedBy": .of(m.replacedBy),
                         "ingestedAt": .string(m.ingestedAt.text), "source": .string(m.sourcePath)])
            }),
        ])
    }

    static func patient(_ p: Patient) -> JSONOut {
        .object(["mrn": .string(p.identifier.mrn), "issuer": .of(p.identifier.issuer), "name": .of(p.name?.display),
                 "sex": .string(p.sex.rawValue), "birthDate": .of(p.birthDate)])
    }

    static func line(_ l: LineAssessment) -> JSONOut {
        .object([
            "index": .integer(l.index), "regimen": .of(l.regimen), "start": .string(l.start.description), "end": .of(l.end),
            "baselineDate": .of(l.baselineDate), "baselineFlag": .of(l.baselineFlag?.rawValue), "nadirDate": .of(l.nadirDate),
            "trackedVariants": .array(l.trackedVariants.map(JSONOut.string)),
            "current": .of(l.current?.rawValue), "best": .of(l.best?.rawValue),
        ])
    }

    static func detection(_ d: SampleDetection) -> JSONOut {
        .object([
            "call": .string(d.call.rawValue), "pValue": .of(d.pValue),
            "variantsWithReads": .integer(d.variantsWithReads), "variantsTracked": .integer(d.variantsTracked),
            "variantsTested": .integer(d.variantsTested),
            "informativeDepth": .integer(d.informativeDepth), "altReads": .integer(d.altReads),
            "backgroundReads": .number(d.backgroundReads),
            "altReadsFromVaf": .bool(d.altReadsFromVaf), "backgroundErrorRateDefault": .bool(d.backgroundFromDefault),
            "lod95": .of(d.lod95), "lod95LimitedBy": .of(d.lodLimitedBy?.rawValue),
            "level": .of(d.level), "levelLow": .of(d.levelLow), "levelHigh": .of(d.levelHigh),
            "mutantMoleculesPerMl": .of(d.mutantMoleculesPerMl),
        ])
    }

    static func draw(_ d: DrawAssessment, phrases: Phrases) throws(TemplateError) -> JSONOut {
        let r = d.draw.report
        return .object([
            "collected": .string(r.specimen.collected.date.description),
            "collectedDateTime": .string(r.specimen.collected.text),
            "collectedEstimated": .bool(r.specimen.collectedIsEstimated),
            "specimen": .string(r.specimen.accession),
            "format": .string(d.draw.provenance.source.format.rawValue),
            "reportId": .string(r.identity.id), "reportVersion": .integer(r.identity.version),
            "reportStatus": .string(r.status.rawValue),
            "line": .of(d.line),
            "assay": .string(r.assay.label),
            "assayLod": .of(r.assay.limitOfDetection?.fraction),
            "assayBackgroundErrorRate": .of(r.assay.backgroundErrorRate?.fraction),
            "cfDNANgPerMl": .of(r.specimen.cfDNANanogramsPerMl), "plasmaMl": .of(r.specimen.plasmaVolumeMl),
            "tumourFraction": .of(r.tumourFraction?.fraction),
            "qc": .string(r.quality.rawValue),
            "source": .string(d.draw.provenance.source.path), "sha256": .string(d.draw.provenance.source.sha256),
            "detection": detection(d.detection),
            "response": .object([
                "category": .string(d.response.category.rawValue), "reason": .of(d.response.reason?.rawValue),
                "label": .string(try phrases.response(d.response)),
                "changeFromBaseline": .of(d.response.changeFromBaseline), "foldFromNadir": .of(d.response.foldFromNadir),
            ]),
            "findings": .array(r.findings.map { f in
                .object(["kind": .string(f.kind.rawValue), "gene": .of(f.gene), "otherGene": .of(f.otherGene),
                         "detail": .of(f.detail), "detected": .bool(f.detected), "copyNumber": .of(f.copyNumber),
                         "equivocal": .bool(f.equivocal)])
            }),
            "biomarkers": .array(r.biomarkers.map { .object(["name": .string($0.name), "value": .string($0.value)]) }),
        ])
    }

    static func variant(_ v: VariantAssessment, phrases: Phrases) throws(TemplateError) -> JSONOut {
        let s = v.series
        return .object([
            "key": .string(s.key.description), "gene": .string(s.gene), "proteinChange": .of(s.proteinChange),
            "codingChange": .of(s.codingChange), "transcript": .of(s.transcript), "reportedOrigin": .string(s.origin.rawValue),
            "origin": .string(v.origin.state.rawValue), "originReason": .string(v.origin.reason.rawValue),
            "originText": .string(try phrases.originReason(v.origin.reason)),
            "clinicalSignificance": .of(v.clinicalSignificance?.rawValue), "tracked": .bool(v.isTumour),
            "newClone": .bool(v.emergent), "highRisk": .bool(v.highRisk), "firstDetected": .of(v.firstDetected),
            "kinetics": .object([
                "line": .of(v.kinetics.line), "points": .integer(v.kinetics.points),
                "slopePerDay": .of(v.kinetics.slopePerDay), "slopeLow": .of(v.kinetics.slopeLow),
                "slopeHigh": .of(v.kinetics.slopeHigh),
                "halfLifeDays": .of(v.kinetics.halfLifeDays), "doublingTimeDays": .of(v.kinetics.doublingTimeDays),
            ]),
            "series": .array(v.points.map(point)),
        ])
    }

    static func point(_ a: PointAssessment) -> JSONOut {
        let p = a.point
        return .object([
            "collected": .string(p.collected.description), "reportId": .string(p.reportID),
            "status": .string(p.status.rawValue), "detected": .bool(p.detected), "inferred": .bool(p.inferredNotDetected),
            "vaf": .of(p.alleleFraction?.fraction), "depth": .of(p.depth), "altReads": .of(p.altReads),
            "ciLow": .of(a.ciLow), "ciHigh": .of(a.ciHigh), "ciFromVaf": .bool(a.ciFromVAF),
            "lod": .of(a.lod), "lodSource": .of(a.lodSource?.rawValue), "belowLod": .bool(a.belowLoD),
            "hgePerMl": .of(a.hgePerMl), "whiteCellVaf": .of(p.whiteCellFraction?.fraction),
        ])
    }

    static func clinical(_ c: ClinicalPicture) -> JSONOut {
        .object([
            "therapyLines": .array(c.therapyLines.map { t in
                .object(["regimen": .string(t.regimen), "drugs": .array(t.drugs.map(JSONOut.string)),
                         "start": .string(t.start.description), "end": .of(t.end), "intent": .of(t.intent)])
            }),
            "pairs": .array(c.pairs.map { p in
                .object(["marker": .string(p.marker), "measured": .string(p.measured.description), "value": .number(p.value),
                         "drawCollected": .string(p.drawCollected.description), "level": .of(p.level)])
            }),
            "correlations": .array(c.correlations.map { .object(["marker": .string($0.marker), "pairs": .integer($0.pairs),
                                                                 "spearmanRho": .number($0.spearmanRho)]) }),
            "highRisk": .object([
                "status": .string(c.risk.status.rawValue),
                "criteria": .array(c.risk.criteria.map { .string($0.rawValue) }),
                "missing": .array(c.risk.missing.map { .string($0.rawValue) }),
            ]),
            "emdAssociated": .array(c.emdAssociated.map(JSONOut.string)),
            "actionable": .array(c.actionable.map(JSONOut.string)),
            "imaging": .array(c.imaging.map { s in
                .object(["date": .string(s.date.description), "modality": .string(s.modality.rawValue),
                         "lesions": .array(s.lesions.map { l in
                             .object(["site": .string(l.site.rawValue), "class": .string(l.lesionClass.rawValue),
                                      "status": .string(l.status.rawValue)])
                         })])
            }),
            "imwg": .array(c.imwg.map { a in
                .object(["date": .string(a.date.description), "category": .string(a.category.rawValue),
                         "confirmed": .bool(a.confirmed), "line": .of(a.line), "missing": .of(a.missing)])
            }),
            "leadTimeDays": .of(c.leadTimeDays),
            "mrd": .array(c.mrd.map { m in
                .object(["date": .string(m.date.description), "result": .of(m.result?.rawValue), "method": .of(m.method?.rawValue),
                         "sensitivity": .of(m.sensitivity), "reaches1e5": m.reaches1e5.map(JSONOut.bool) ?? .null])
            }),
            "plasmaCellLeukaemia": .of(c.plasmaCellLeukaemia),
            "notes": .array(c.notes.map { .string($0.rawValue) }),
        ])
    }

    /// A line of `patients --json`.
    public static func summary(_ s: PatientSummary, aliases: [IssuerAlias] = []) -> JSONOut {
        .object(["patient": patient(s.patient), "draws": .integer(s.drawCount),
                 "firstDraw": .of(s.firstDraw), "lastDraw": .of(s.lastDraw),
                 "issuerAliases": .array(issuerAliases(of: s.patient.identifier.issuer, aliases).map { .string($0) })])
    }

    /// The other issuers declared the same as `issuer` (its group under `ctdna patients alias`).
    public static func issuerAliases(of issuer: String?, _ aliases: [IssuerAlias]) -> [String] {
        guard let issuer else { return [] }
        let canonical = aliases.first { $0.issuer == issuer }?.canonical ?? issuer
        let group = [canonical] + aliases.filter { $0.canonical == canonical }.map(\.issuer)
        return group.count > 1 ? group.filter { $0 != issuer }.sorted() : []
    }
}
