import CtDNAModel
import Tracking

/// The tracker's typed values (alerts, reasons, classes) in one language's words, from
/// Templates/<lang>/strings.yaml. `escape` prepares a value for the medium (Pango markup
/// for the PDF; nothing for the terminal and JSON).
public struct Phrases: Sendable {
    public let wording: Wording
    let escape: @Sendable (String) -> String

    public init(wording: Wording, escape: @escaping @Sendable (String) -> String = { $0 }) {
        self.wording = wording
        self.escape = escape
    }

    /// A category's display label (`response.<name>`).
    public func response(_ r: ResponseCategory) throws(TemplateError) -> String {
        try wording.text("response.\(r.rawValue)")
    }

    /// A draw's category with its reason when not evaluable: "not evaluable (insufficient sensitivity)".
    public func response(_ r: DrawResponse) throws(TemplateError) -> String {
        let label = try response(r.category)
        guard let reason = r.reason else { return label }
        return try wording.text("reason.withReason", ["category": label, "reason": try self.reason(reason)])
    }

    public func reason(_ r: NotEvaluableReason) throws(TemplateError) -> String {
        try wording.text("reason.\(r.rawValue)")
    }

    public func alert(_ a: Alert) throws(TemplateError) -> String {
        var values: [String: Any] = ["subject": false, "fold": false, "redetected": false, "line": false]
        switch a.detail {
        case .newClone(let variant, _):
            values["subject"] = escape(variant)
        case .rise(let line, let fold), .riseUnconfirmed(let line, let fold):
            values["line"] = line > 0 ? "\(line)" : false
            if let fold { values["fold"] = NumberFormat.fold(fold) } else { values["redetected"] = true }
        case .discordanceCtdnaRise(let imwg):
            values["imwg"] = try imwg.map { c throws(TemplateError) in escape(try self.imwg(c)) } ?? false
        case .discordanceSerologicalProgression(let ctdna):
            values["ctdna"] = escape(try response(ctdna))
        case .extramedullaryDisease(let modality, let sites):
            values["subject"] = escape(try wording.text("modality.\(modality.rawValue)"))
            values["sites"] = try sites.map { s throws(TemplateError) in escape(try site(s)) }.joined(separator: ", ")
            values["count"] = "\(sites.count)"
            values["multiple"] = sites.count > 1
        case .cnsInvolvement(let modality):
            values["subject"] = escape(try wording.text("modality.\(modality.rawValue)"))
        case .ctdnaNegativeEMD(let drawDate):
            values["draw"] = drawDate.description
        case .plasmaCellLeukaemia(let percent):
            values["percent"] = NumberFormat.number(percent)
        case .possibleGermline(let variant):
            values["subject"] = escape(variant)
        case .preanalyticDelay(let hours):
            values["hours"] = NumberFormat.number(hours)
        case .highCfdna(let ng):
            values["ng"] = NumberFormat.number(ng)
        case .qcQualified, .qcFailed, .estimatedDate:
            break
        }
        return try wording.text("alert.\(a.kind.rawValue)", values)
    }

    public func origin(_ o: OriginCall) throws(TemplateError) -> String {
        try wording.text("origin.\(o.state.rawValue)")
    }

    public func originReason(_ r: OriginReason) throws(TemplateError) -> String {
        try wording.text("originReason.\(r.rawValue)")
    }

    public func riskStatus(_ s: RiskStatus) throws(TemplateError) -> String { try wording.text("risk.\(s.rawValue)") }
    public func riskCriterion(_ c: RiskCriterion) throws(TemplateError) -> String { try wording.text("riskCriterion.\(c.rawValue)") }
    public func riskInput(_ i: RiskInput) throws(TemplateError) -> String { try wording.text("riskInput.\(i.rawValue)") }
    public func imwg(_ c: IMWGCategory) throws(TemplateError) -> String { try wording.text("imwg.\(c.rawValue)") }
    public func lesionClass(_ c: LesionClass) throws(TemplateError) -> String { try wording.text("lesionClass.\(c.rawValue)") }
    public func lesionStatus(_ s: LesionStatus) throws(TemplateError) -> String { try wording.text("lesionStatus.\(s.rawValue)") }
    public func site(_ s: ExtramedullarySite) throws(TemplateError) -> String { try wording.text("sites.\(s.rawValue)") }
    public func note(_ n: ClinicalNote) throws(TemplateError) -> String { try wording.text("note.\(n.rawValue)") }
}
