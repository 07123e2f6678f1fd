import CtDNAModel
import Presentation
import Testing

/// Issue 17, item 6: the patient list fits a terminal 100 columns wide: a long issuer is
/// a footnote number, spelled out under the table.
@Suite struct NarrowPatientListTests {
    @Test func longIssuersBecomeFootnotes() {
        let url = "https://northbridge.example/fhir/mrn"
        let list = [PatientSummary(patient: Patient(identifier: PatientIdentifier(mrn: "MM-1", issuer: url)), drawCount: 2,
                                   firstDraw: nil, lastDraw: nil),
                    PatientSummary(patient: Patient(identifier: PatientIdentifier(mrn: "MM-2", issuer: "NBH")), drawCount: 1,
                                   firstDraw: nil, lastDraw: nil),
                    PatientSummary(patient: Patient(identifier: PatientIdentifier(mrn: "MM-3", issuer: url)), drawCount: 1,
                                   firstDraw: nil, lastDraw: nil)]
        let text = TextTables.patients(list)
        #expect(text.contains("MM-1 [1]") && text.contains("MM-3 [1]") && text.contains("MM-2 (NBH)"))
        #expect(text.hasSuffix("[1] issuer \(url)\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }
}

/// Issue 17, item 6: wide tables split into blocks that fit; long prose lines wrap.
@Suite struct FittingTests {
    @Test func wideTablesSplitRepeatingTheFirstColumn() {
        let header = ["Variant"] + (1...9).map { "2024-0\($0)-01" }
        let row = ["NRAS p.Q61K"] + (1...9).map { _ in "12.4 (11.4-13.4)" }
        let text = TextTables.renderFitting([header, row], width: 100)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.allSatisfy { $0.count <= 100 })
        // 11 + 5 × (2 + 16) = 101 > 100: four draws a block, then four, then one.
        #expect(lines.filter { $0.hasPrefix("Variant") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("NRAS p.Q61K") }.count == 3)
    }

    @Test func longLinesWrapAtSpaces() {
        let long = String(repeating: "word ", count: 40)   // 200 characters
        let lines = TextTables.wrapped(long, width: 100).split(separator: "\n")
        #expect(lines.count == 3 && lines.allSatisfy { $0.count <= 100 })
        #expect(lines[1].hasPrefix("  word"))
    }

    @Test func aWordLongerThanTheLineEndsTheWrapping() {
        // A path of 150 characters after a short word: cut once, then left whole (this
        // looped for ever when the only space left was the continuation's indent).
        let path = "/" + String(repeating: "p", count: 149)
        let lines = TextTables.wrapped("rules " + path, width: 100).split(separator: "\n")
        #expect(lines == ["rules", Substring("  " + path)])
        // No space within the first 100 characters: the line stays as it is, and the call returns.
        let twoLong = TextTables.wrapped(path + " " + path, width: 100).split(separator: "\n")
        #expect(twoLong.count == 1)
    }
}
