import CtDNAModel

/// A variant at one draw, as the series shows it.
public struct SeriesPoint: Sendable, Hashable {
    public var collected: CalendarDate
    public var reportID: String
    public var status: CallStatus
    /// True when the draw's report lists detected alterations only and did not list
    /// this variant in a gene its assay covers: not detected, inferred.
    public var inferredNotDetected: Bool
    public var alleleFraction: AlleleFraction?
    public var depth: Int?
    public var altReads: Int?
    public var whiteCellFraction: AlleleFraction?
    public var whiteCellDepth: Int?

    public var detected: Bool { status == .detected }
}

/// One variant across a patient's draws.
public struct VariantSeries: Sendable, Hashable {
    public var key: VariantKey
    public var gene: String
    public var proteinChange: String?
    public var codingChange: String?
    public var transcript: String?
    public var origin: VariantOrigin
    /// The lab's pathogenicity class (the first draw that gives one).
    public var clinicalSignificance: ClinicalSignificance?
    public var points: [SeriesPoint]
}

/// A patient's draws and one series per variant: what `ctdna trend` shows.
public struct PatientTrend: Sendable, Hashable {
    public var patient: Patient
    public var draws: [Draw]
    public var variants: [VariantSeries]
}

public enum Trend {
    /// Builds one series per variant key over the draws in collection order. A draw that
    /// reports the variant gives its call; a detected-only report (FoundationOne) whose
    /// assay covers the gene but does not list the variant gives "not detected"; a draw
    /// that did not test the variant gives no point.
    public static func build(_ timeline: PatientTimeline) -> PatientTrend {
        let draws = timeline.draws.sorted { $0.report.specimen.collected < $1.report.specimen.collected }
        // One pass over every call: the calls of each key in draw order, and each draw's calls by
        // key, so the series are built in time linear in the calls (a 50,000-variant report was
        // quadratic with the per-key searches this replaces).
        var order: [VariantKey] = []
        var callsByKey: [VariantKey: [VariantCall]] = [:]
        var byDraw: [[VariantKey: VariantCall]] = []
        for draw in draws {
            var here: [VariantKey: VariantCall] = [:]
            for call in draw.report.variants {
                let key = call.key
                if callsByKey[key] == nil { order.append(key) }
                callsByKey[key, default: []].append(call)
                if here[key] == nil { here[key] = call }
            }
            byDraw.append(here)
        }
        let series = order.map { key -> VariantSeries in
            let calls = callsByKey[key] ?? []
            let exemplar = calls[0]
            let points = draws.indices.compactMap { point(for: key, gene: exemplar.gene, in: draws[$0].report, call: byDraw[$0][key]) }
            let named = calls.first { $0.proteinChange != nil } ?? exemplar
            let origin = calls.first { $0.origin != .unknown }?.origin
            let significance = calls.first { $0.clinicalSignificance != nil }?.clinicalSignificance
            return VariantSeries(key: key, gene: exemplar.gene, proteinChange: named.proteinChange,
                                 codingChange: named.codingChange ?? exemplar.codingChange,
                                 transcript: named.transcript ?? exemplar.transcript,
                                 origin: origin ?? .unknown, clinicalSignificance: significance, points: points)
        }
        return PatientTrend(patient: timeline.patient, draws: draws, variants: series)
    }

    static func point(for key: VariantKey, gene: String, in report: ResultReport, call: VariantCall?) -> SeriesPoint? {
        let date = report.specimen.collected.date
        if let call {
            return SeriesPoint(collected: date, reportID: report.identity.id, status: call.status,
                               inferredNotDetected: false,
                               alleleFraction: call.status == .detected ? call.alleleFraction : nil,
                               depth: call.depth, altReads: call.altReads, whiteCellFraction: call.whiteCellFraction,
                               whiteCellDepth: call.whiteCellDepth)
        }
        if report.listsDetectedOnly, report.assay.panelGenes.isEmpty || report.assay.covers(gene: gene) {
            return SeriesPoint(collected: date, reportID: report.identity.id,
                               status: report.quality == .fail ? .failedQC : .notDetected,
                               inferredNotDetected: true, alleleFraction: nil, depth: nil, altReads: nil,
                               whiteCellFraction: nil, whiteCellDepth: nil)
        }
        // The report names the genes it studied (a panel; for FHIR, the regions studied
        // minus the uncalled ones) and this gene is not among them: the draw did not test
        // the variant. Not covered, never "not detected".
        if !report.assay.panelGenes.isEmpty, !report.assay.covers(gene: gene) {
            return SeriesPoint(collected: date, reportID: report.identity.id, status: .notCovered,
                               inferredNotDetected: false, alleleFraction: nil, depth: nil, altReads: nil,
                               whiteCellFraction: nil, whiteCellDepth: nil)
        }
        return nil
    }
}
