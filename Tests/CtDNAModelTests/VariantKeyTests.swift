@testable import CtDNAModel
import Testing

@Suite struct VariantKeyTests {
    @Test(arguments: ["p.G12D", "p.Gly12Asp", "NP_004976.2:p.(Gly12Asp)", "G12D", "p.(G12D)", " p.Gly12Asp "])
    func proteinSpellingsAgree(_ text: String) {
        #expect(HGVS.normalizedProtein(text) == "p.G12D")
    }

    @Test func stopsAndFrameshifts() {
        #expect(HGVS.normalizedProtein("p.Arg248Ter") == "p.R248*")
        #expect(HGVS.normalizedProtein("p.R248X") == "p.R248*")
        #expect(HGVS.normalizedProtein("p.Arg248*") == "p.R248*")
        #expect(HGVS.normalizedProtein("p.Pro72ArgfsTer10") == "p.P72Rfs*10")
        #expect(HGVS.normalizedProtein("p.Val600Glu") == "p.V600E")
    }

    @Test func nonProteinTextGivesNil() {
        #expect(HGVS.normalizedProtein("splice site 594-2A>C") == nil)
        #expect(HGVS.normalizedProtein("p.?") == nil)
        #expect(HGVS.normalizedProtein("") == nil)
    }

    /// The byte path (ASCII text) must answer exactly as the Character path does.
    @Test(arguments: ["p.G12D", "NP_1.2:p.(Gly12Asp)", " \tp.Arg248Ter\r\n", "p.R248X", "X", "p.X", "12X", "p.(",
                      "()", "p.()", "*", "*12", "p.Met1?", "p.Gly12_Val14del", "p.Gln61=", "a:b:c.p.G12D", "p.G12D ",
                      "Gly", "p.Glyc12", "p.gly12asp", "p.G12D>V", "p.G 12D", "p.G-12D", "::", "p.", "  "])
    func bytePathAgreesWithCharacterPath(_ text: String) {
        #expect(HGVS.normalizedProtein(text) == HGVS.characterNormalizedProtein(text))
    }

    @Test func nonASCIITextTakesTheCharacterPath() {
        #expect(HGVS.normalizedProtein("\u{00A0}p.Gly12Asp\u{2003}") == "p.G12D")
        #expect(HGVS.normalizedProtein("p.G12Ä") == nil)
    }

    @Test func codingDropsTheTranscript() {
        #expect(HGVS.normalizedCoding("NM_004985.5:c.35G>A") == "c.35G>A")
        #expect(HGVS.normalizedCoding("NM_004985.4:c.35G>A") == "c.35G>A")
        #expect(HGVS.normalizedCoding("35G>A") == "c.35G>A")
        #expect(HGVS.normalizedCoding("") == nil)
    }

    @Test func keyPrefersProteinThenCodingThenGenomic() {
        let g = GenomicLocation(chromosome: "12", position: 25_245_350, reference: "C", alternate: "T")
        #expect(VariantKey(gene: "kras", proteinChange: "p.Gly12Asp", codingChange: "c.35G>A", location: g).description == "KRAS p.G12D")
        #expect(VariantKey(gene: "KRAS", proteinChange: nil, codingChange: "NM_004985.5:c.35G>A", location: g).description == "KRAS c.35G>A")
        #expect(VariantKey(gene: "KRAS", proteinChange: "splice site", codingChange: nil, location: g).description == "KRAS chr12:25245350:C>T")
        #expect(VariantKey(text: "KRAS p.G12D") == VariantKey(gene: "KRAS", proteinChange: "G12D", codingChange: nil, location: nil))
    }
}

@Suite struct InputErrorTests {
    @Test func messageHasPathLineAndReason() {
        let e = InputError.invalidValue(SourceLocation(file: "in/a.xml", line: 24), field: "vaf",
                                        reason: "must be a fraction in [0, 1]", value: "1.25")
        #expect(e.message() == "in/a.xml:24: error: vaf: must be a fraction in [0, 1]")
        #expect(e.message(verbose: true) == "in/a.xml:24: error: vaf: must be a fraction in [0, 1] (value '1.25')")
        #expect(InputError.conflict(SourceLocation(file: "b.xml"), reason: "x").message() == "b.xml: error: x")
    }
}
