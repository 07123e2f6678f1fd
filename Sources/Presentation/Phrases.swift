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
    public func response(_ r: MolecularResponse) throws(TemplateError) -> String {
        try wording.text("response.\(r.rawValue)")
    }

    public func alert(_ a: Alert) throws(TemplateError) -> String {
        var values: [String: Any] = ["subject": false, "fold": false, "redetected": false]
        switch a.detail {
        case .newClone(let variant, _):
            values["subject"] = escape(variant)
        case .molecularProgression(let signal):
            switch signal {
            case .newVariants(let keys): values["subject"] = escape(keys.joined(separator: ", "))
            case .redetection: values["redetected"] = true
            case .foldFromNadir(let f): values["fold"] = NumberFormat.fold(f)
            }
        case .discordance(let fold, let atNadir, let now):
            values["fold"] = NumberFormat.fold(fold)
            values["mProteinAtNadir"] = NumberFormat.fixed(atNadir, digits: 2)
            values["mProteinNow"] = NumberFormat.fixed(now, digits: 2)
        case .extramedullary(let modality, let sites):
            values["subject"] = escape(try wording.text("modality.\(modality.rawValue)"))
            values["sites"] = try sites.map { s throws(TemplateError) in escape(try wording.text("sites.\(s.rawValue)")) }
                .joined(separator: ", ")
        case .unconfirmedProgression, .qcQualified, .qcFailed, .estimatedDate:
            break
        }
        return try wording.text("alert.\(a.kind.rawValue)", values)
    }

    public func reason(_ r: ResponseReason) throws(TemplateError) -> String {
        switch r {
        case .qcFailed: return try wording.text("reason.qc-failed")
        case .nothingTrackedTested: return try wording.text("reason.nothing-tracked-tested")
        case .beforeBaseline: return try wording.text("reason.before-baseline")
        case .baseline: return try wording.text("reason.baseline")
        case .everyTrackedNotDetected: return try wording.text("reason.every-tracked-not-detected")
        case .noBurdenAtBaseline: return try wording.text("reason.no-burden-at-baseline")
        case .progression(let signal):
            switch signal {
            case .newVariants(let keys):
                return try wording.text("reason.new-variant", ["subject": escape(keys.joined(separator: ", "))])
            case .redetection: return try wording.text("reason.redetection")
            case .foldFromNadir(let f): return try wording.text("reason.fold-from-nadir", ["fold": NumberFormat.fold(f)])
            }
        case .changeFromBaseline(let c):
            return try wording.text(c <= 0 ? "reason.fell" : "reason.rose", ["change": NumberFormat.change(c)])
        }
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
