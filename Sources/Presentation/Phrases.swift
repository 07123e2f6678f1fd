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
        case .discordance(let fold, let atNadir, let now):
            values["fold"] = NumberFormat.fold(fold)
            values["mProteinAtNadir"] = NumberFormat.fixed(atNadir, digits: 2)
            values["mProteinNow"] = NumberFormat.fixed(now, digits: 2)
        case .extramedullary(let modality, let sites):
            values["subject"] = escape(try wording.text("modality.\(modality.rawValue)"))
            values["sites"] = try sites.map { s throws(TemplateError) in escape(try wording.text("sites.\(s.rawValue)")) }
                .joined(separator: ", ")
        case .qcQualified, .qcFailed, .estimatedDate:
            break
        }
        return try wording.text("alert.\(a.kind.rawValue)", values)
    }

    public func classReason(_ r: ClassReason) throws(TemplateError) -> String {
        switch r {
        case .reportedGermline: return try wording.text("classReason.reported-germline")
        case .germlineHeterozygous: return try wording.text("classReason.germline-heterozygous")
        case .germlineHomozygous: return try wording.text("classReason.germline-homozygous")
        case .reportedClonalHaematopoiesis: return try wording.text("classReason.reported-ch")
        case .whiteCells(let vaf): return try wording.text("classReason.white-cells", ["vaf": NumberFormat.percent(vaf)])
        case .flatInChGene(let gene, let variantFold, let tumourFold):
            return try wording.text(tumourFold.isInfinite ? "classReason.flat-ch-gene-cleared" : "classReason.flat-ch-gene",
                                    ["gene": escape(gene), "variantFold": NumberFormat.fold(variantFold),
                                     "tumourFold": tumourFold.isInfinite ? "" : NumberFormat.fold(tumourFold)])
        }
    }
}
