/// The longest value each short field of a result may hold, checked by every reader
/// before the value is normalised, stored or shown, so that no field can make a file
/// slow or huge to process (a 1 MB gene name took 165 s through the tracker and the
/// report before these bounds). Values are refused, never truncated.
///
/// Identifiers, names and free text have their own bounds in `Identifier` (64, 200 and
/// 2,000 characters). The numbers here are our choice, each well above anything a real
/// result holds:
/// - a gene symbol: HGNC symbols are at most about 20 characters; 64 leaves room for a
///   fusion written as one symbol (`IGH::CCND1`);
/// - an HGVS change or an allele: 1,000 characters holds a delins of several hundred bases;
///   a longer one is written as a range (`c.100_1400del`) by HGVS's own rules;
/// - a label (transcript, chromosome, tube, assay name and version, finding detail,
///   biomarker, drug, intent): 200 characters;
/// - a panel: 20,000 genes (the whole protein-coding genome);
/// - a report: 100,000 variant calls (a whole-exome report lists fewer).
public enum FieldBounds {
    public static let gene = 64
    public static let change = 1_000
    public static let allele = 1_000
    public static let label = 200
    public static let panelGenes = 20_000
    public static let variantsPerReport = 100_000

    /// The text, or a problem naming the field, when it is longer than `max` characters
    /// (Unicode scalars) or holds a control or bidirectional control character.
    /// Cheap on a huge value: the length is checked on the UTF-8 bytes first.
    public static func checkText(_ text: String, field: String, max: Int) throws(IdentifierProblem) -> String {
        let bytes = text.utf8.count
        if bytes > max, bytes > 4 * max || text.unicodeScalars.count > max {
            throw IdentifierProblem(field: field, reason: "is longer than \(max) characters",
                                    value: Identifier.escaped(String(text.unicodeScalars.prefix(40))) + "…")
        }
        if let problem = Identifier.forbidden(in: text, allowLineBreaks: false, allowFormatting: true) {
            throw IdentifierProblem(field: field, reason: problem, value: Identifier.escaped(text))
        }
        return text
    }

    public static func check(_ text: String?, field: String, max: Int) throws(IdentifierProblem) -> String? {
        guard let text else { return nil }
        return try checkText(text, field: field, max: max)
    }

    /// Every short field of a variant call.
    public static func check(_ call: VariantCall) throws(IdentifierProblem) {
        _ = try checkText(call.gene, field: "gene", max: gene)
        _ = try check(call.transcript, field: "transcript", max: label)
        _ = try check(call.codingChange, field: "coding change (HGVS c.)", max: change)
        _ = try check(call.proteinChange, field: "protein change (HGVS p.)", max: change)
        if let l = call.location {
            _ = try checkText(l.chromosome, field: "chromosome", max: label)
            _ = try checkText(l.reference, field: "reference allele", max: allele)
            _ = try checkText(l.alternate, field: "alternate allele", max: allele)
        }
    }

    /// Every short field of a result report other than its identifiers, names and free
    /// text (checked by `Identifier` as they are read): the specimen, the assay, the
    /// findings, the biomarkers and each variant call.
    public static func check(_ report: ResultReport) throws(IdentifierProblem) {
        if report.variants.count > variantsPerReport {
            throw IdentifierProblem(field: "variant calls", reason: "are more than \(variantsPerReport) in one report",
                                    value: "\(report.variants.count)")
        }
        _ = try check(report.specimen.tubeType, field: "tube type", max: label)
        _ = try checkText(report.assay.name, field: "assay name", max: label)
        _ = try check(report.assay.version, field: "assay version", max: label)
        if report.assay.panelGenes.count > panelGenes {
            throw IdentifierProblem(field: "panel", reason: "lists more than \(panelGenes) genes",
                                    value: "\(report.assay.panelGenes.count)")
        }
        for g in report.assay.panelGenes { _ = try checkText(g, field: "panel gene", max: gene) }
        for f in report.findings {
            _ = try check(f.gene, field: "finding gene", max: gene)
            _ = try check(f.otherGene, field: "finding partner gene", max: gene)
            _ = try check(f.detail, field: "finding detail", max: label)
        }
        for b in report.biomarkers {
            _ = try checkText(b.name, field: "biomarker name", max: label)
            _ = try checkText(b.value, field: "biomarker value", max: label)
        }
        for call in report.variants { try check(call) }
    }

    /// The short fields of a clinical context: drugs, intent, biopsy variants.
    public static func check(_ context: ClinicalContext) throws(IdentifierProblem) {
        for line in context.therapyLines {
            for d in line.drugs { _ = try checkText(d, field: "drug", max: label) }
            _ = try check(line.intent, field: "intent", max: label)
        }
        for b in context.biopsies {
            for v in b.variants { _ = try checkText(v, field: "biopsy variant", max: gene + change + 1) }
        }
    }
}
