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
