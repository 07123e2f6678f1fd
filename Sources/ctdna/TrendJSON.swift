import CtDNAModel
import Tracking

/// The `trend --json` document (documented in the README, "The trend JSON").
struct TrendJSON: Encodable {
    struct PatientPart: Encodable {
        var mrn: String
        var issuer: String?
        var name: String?
        var sex: String
        var birthDate: String?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mrn, forKey: .mrn)
            try c.encode(issuer, forKey: .issuer)
            try c.encode(name, forKey: .name)
            try c.encode(sex, forKey: .sex)
            try c.encode(birthDate, forKey: .birthDate)
        }
        enum CodingKeys: String, CodingKey { case mrn, issuer, name, sex, birthDate }
    }

    struct DrawPart: Encodable {
        var collected: String
        var collectedDateTime: String
        var collectedEstimated: Bool
        var specimen: String
        var format: String
        var reportId: String
        var reportVersion: Int
        var assay: String
        var qc: String
        var source: String
        var sha256: String
    }

    struct PointPart: Encodable {
        var collected: String
        var reportId: String
        var status: String
        var detected: Bool
        var inferred: Bool
        var vaf: Double?
        var depth: Int?
        var altReads: Int?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(collected, forKey: .collected)
            try c.encode(reportId, forKey: .reportId)
            try c.encode(status, forKey: .status)
            try c.encode(detected, forKey: .detected)
            try c.encode(inferred, forKey: .inferred)
            try c.encode(vaf, forKey: .vaf)
            try c.encode(depth, forKey: .depth)
            try c.encode(altReads, forKey: .altReads)
        }
        enum CodingKeys: String, CodingKey { case collected, reportId, status, detected, inferred, vaf, depth, altReads }
    }

    struct VariantPart: Encodable {
        var key: String
        var gene: String
        var proteinChange: String?
        var codingChange: String?
        var transcript: String?
        var origin: String
        var series: [PointPart]

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(gene, forKey: .gene)
            try c.encode(proteinChange, forKey: .proteinChange)
            try c.encode(codingChange, forKey: .codingChange)
            try c.encode(transcript, forKey: .transcript)
            try c.encode(origin, forKey: .origin)
            try c.encode(series, forKey: .series)
        }
        enum CodingKeys: String, CodingKey { case key, gene, proteinChange, codingChange, transcript, origin, series }
    }

    var patient: PatientPart
    var draws: [DrawPart]
    var variants: [VariantPart]

    init(_ trend: PatientTrend) {
        patient = PatientPart(patient: trend.patient)
        draws = trend.draws.map { d in
            let r = d.report
            return DrawPart(collected: r.specimen.collected.date.description,
                            collectedDateTime: r.specimen.collected.text,
                            collectedEstimated: r.specimen.collectedIsEstimated,
                            specimen: r.specimen.accession, format: d.provenance.source.format.rawValue,
                            reportId: r.identity.id, reportVersion: r.identity.version,
                            assay: [r.assay.name, r.assay.version].compactMap { $0 }.joined(separator: " "),
                            qc: r.quality.rawValue, source: d.provenance.source.path, sha256: d.provenance.source.sha256)
        }
        variants = trend.variants.map { v in
            VariantPart(key: v.key.description, gene: v.gene, proteinChange: v.proteinChange,
                        codingChange: v.codingChange, transcript: v.transcript, origin: v.origin.rawValue,
                        series: v.points.map { p in
                            PointPart(collected: p.collected.description, reportId: p.reportID,
                                      status: p.status.rawValue, detected: p.detected, inferred: p.inferredNotDetected,
                                      vaf: p.alleleFraction?.fraction, depth: p.depth, altReads: p.altReads)
                        })
        }
    }
}

extension TrendJSON.PatientPart {
    init(patient p: Patient) {
        self.init(mrn: p.identifier.mrn, issuer: p.identifier.issuer, name: p.name?.display,
                  sex: p.sex.rawValue, birthDate: p.birthDate?.description)
    }
}

/// A line of `patients --json`.
struct PatientJSON: Encodable {
    var patient: TrendJSON.PatientPart
    var draws: Int
    var firstDraw: String?
    var lastDraw: String?

    init(_ s: PatientSummary) {
        patient = TrendJSON.PatientPart(patient: s.patient)
        draws = s.drawCount
        firstDraw = s.firstDraw?.description
        lastDraw = s.lastDraw?.description
    }
}
