import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Issue 14, items 1 and 3: identifiers validated, names and text bounded, impossible
/// values refused. The refused files are bad fixtures (BadInputTests); these are the
/// accepted edges and the rules themselves.
@Suite struct IdentifierTests {
    func readBytes(_ text: String, path: String = "inline.xml") throws -> ParsedDocument {
        try DocumentReader.standard.read(bytes: Array(text.utf8), context: ReadContext(path: path, today: fixedToday)).1
    }

    func minimal() throws -> String {
        String(decoding: try Fixtures.bytes("ctdna-xml/good/minimal-one-variant.xml"), as: UTF8.self)
    }

    func fhirJSON() throws -> String {
        String(decoding: try Fixtures.bytes("fhir/good/bundle-absent-variant.json"), as: UTF8.self)
    }

    func problem(_ text: String) -> IdentifierProblem? {
        do { _ = try Identifier.validate(text, field: "mrn"); return nil } catch { return error }
    }

    @Test func identifiersAreTrimmedAndNormalised() throws {
        #expect(try Identifier.validate(" WS-1 ", field: "mrn") == "WS-1")
        #expect(try Identifier.validate("\u{A0}WS-1\t", field: "mrn") == "WS-1")
        #expect(try Identifier.validate("E\u{301}-1", field: "mrn") == "\u{C9}-1")
        #expect(try Identifier.validate(String(repeating: "x", count: 64), field: "mrn").count == 64)
    }

    @Test func identifiersAreRefusedWithTheFieldNamed() {
        #expect(problem("MM-7\u{0}OTHER")?.reason == "contains a control character")
        #expect(problem("MM\n1")?.reason == "contains a control character")
        #expect(problem("MM\u{1B}1")?.reason == "contains a control character")
        #expect(problem("MM\u{7}1")?.reason == "contains a control character")
        #expect(problem("MM-\u{202E}1001")?.reason == "contains a bidirectional control character")
        #expect(problem("MM-\u{2066}1001")?.reason == "contains a bidirectional control character")
        #expect(problem("MM-\u{200E}1001")?.reason == "contains a bidirectional control character")
        for invisible in ["\u{200B}", "\u{200D}", "\u{FEFF}", "\u{AD}", "\u{2060}"] {
            #expect(problem("MM-\(invisible)1")?.reason == "contains an invisible (default-ignorable) character")
        }
        #expect(problem("   ")?.reason == "is empty")
        #expect(problem("")?.reason == "is empty")
        #expect(problem(String(repeating: "x", count: 65))?.reason == "is longer than 64 characters")
        #expect(problem("MM\u{0}")?.field == "mrn")
    }

    @Test func namesAndTextAreBoundedNotTruncated() throws {
        #expect(try Identifier.validateName(" Zo\u{EB} ", field: "given name") == "Zo\u{EB}")
        #expect(throws: IdentifierProblem.self) { try Identifier.validateName("Doe\u{1B}[2J", field: "family name") }
        #expect(throws: IdentifierProblem.self) { try Identifier.validateName("Doe\nRoe", field: "family name") }
        #expect(throws: IdentifierProblem.self) { try Identifier.validateName(String(repeating: "a", count: 201), field: "family name") }
        #expect(try Identifier.validateName(String(repeating: "a", count: 200), field: "family name").count == 200)
        #expect(try Identifier.validateText("Lab A\n\tWard 3", field: "laboratory") == "Lab A\n\tWard 3")
        #expect(throws: IdentifierProblem.self) { try Identifier.validateText("Lab\u{7}", field: "laboratory") }
        #expect(throws: IdentifierProblem.self) { try Identifier.validateText("Lab\r", field: "laboratory") }
        #expect(throws: IdentifierProblem.self) { try Identifier.validateText(String(repeating: "a", count: 2_001), field: "laboratory") }
    }

    /// A value is shown only with --verbose, and then escaped: it never reaches a terminal raw.
    @Test func verboseValuesAreEscaped() {
        let error = InputError.invalidValue(SourceLocation(file: "f.json", line: 3), field: "mrn",
                                            reason: "contains a control character", value: "MM\u{1B}[2J\u{202E}")
        #expect(error.message() == "f.json:3: error: mrn: contains a control character")
        #expect(error.message(verbose: true) == "f.json:3: error: mrn: contains a control character (value 'MM\\u{1B}[2J\\u{202E}')")
    }

    /// JSON text is built with its real length: an escaped NUL stays in the string (and
    /// the identifier check then refuses it) instead of cutting it short.
    @Test func jsonKeepsEmbeddedNUL() throws {
        let doc = try JSONDocument(bytes: Array(#"{"v": "MM-7\u0000OTHER"}"#.utf8), path: "x.json")
        guard case .object(let members) = doc.root.value, case .string(let s) = members[0].node.value else {
            Issue.record("not an object with a string"); return
        }
        #expect(s.unicodeScalars.count == 10)
        #expect(s == "MM-7\u{0}OTHER")
    }

    @Test func jsonMRNWithSpacesIsTheSamePatient() throws {
        let text = try fhirJSON().replacingOccurrences(of: #""value": "MM-1005""#, with: #""value": " MM-1005 ""#)
        guard case .result(let r) = try readBytes(text, path: "inline.json") else { Issue.record("not a result"); return }
        #expect(r.patient.identifier.mrn == "MM-1005")
    }

    @Test func ownFormatMRNIsNormalised() throws {
        let text = try minimal().replacingOccurrences(of: ">FX-0001</mrn>", with: ">FXE\u{301}-0001</mrn>")
        guard case .result(let r) = try readBytes(text) else { Issue.record("not a result"); return }
        #expect(r.patient.identifier.mrn == "FX\u{C9}-0001")
        #expect(r.patient.identifier.mrn.unicodeScalars.count == 8)
    }

    /// A date-only `received` on the collection day is not before a timed collection;
    /// the day before still is.
    @Test func dateOnlyReceivedOnTheCollectionDayIsAccepted() throws {
        let sameDay = try minimal().replacingOccurrences(of: "<received>2024-05-06T15:00:00+02:00</received>",
                                                         with: "<received>2024-05-06</received>")
        guard case .result(let r) = try readBytes(sameDay) else { Issue.record("not a result"); return }
        #expect(r.specimen.received?.text == "2024-05-06")
        let dayBefore = sameDay.replacingOccurrences(of: "<received>2024-05-06</received>", with: "<received>2024-05-05</received>")
        #expect(throws: InputError.self) { _ = try readBytes(dayBefore) }
    }

    /// |VAF − alt/depth| ≤ max(0.5/depth, 0.0005): a VAF rounded by the lab passes.
    @Test func vafWithinRoundingOfAltOverDepthIsAccepted() throws {
        let rounded = try minimal().replacingOccurrences(of: "<vaf>0.025</vaf>", with: "<vaf>0.0252</vaf>")
        guard case .result(let r) = try readBytes(rounded) else { Issue.record("not a result"); return }
        #expect(r.variants[0].alleleFraction?.fraction == 0.0252)
        let halfRead = try minimal().replacingOccurrences(of: "<altReads>50</altReads>", with: "<altReads>3</altReads>")
            .replacingOccurrences(of: "<depth>2000</depth>", with: "<depth>7</depth>")
            .replacingOccurrences(of: "<vaf>0.025</vaf>", with: "<vaf>0.43</vaf>")
        _ = try readBytes(halfRead)
        let off = try minimal().replacingOccurrences(of: "<vaf>0.025</vaf>", with: "<vaf>0.03</vaf>")
        #expect(throws: InputError.self) { _ = try readBytes(off) }
    }

    @Test func depthZeroIsFineForANotDetectedCall() throws {
        let text = try minimal().replacingOccurrences(of: "<depth>1800</depth>", with: "<depth>0</depth>")
        _ = try readBytes(text)
    }

    @Test func datesFrom1900AreAccepted() throws {
        let text = try minimal().replacingOccurrences(of: "<birthDate>1960-01-02</birthDate>", with: "<birthDate>1900-01-01</birthDate>")
        guard case .result(let r) = try readBytes(text) else { Issue.record("not a result"); return }
        #expect(r.patient.birthDate?.description == "1900-01-01")
    }
}
