import AssayXML
import CtDNAModel
import Foundation
import Testing

let fixedToday = CalendarDate(year: 2026, month: 11, day: 25)!

func read(_ relative: String) throws -> (SourceFormat, ParsedDocument) {
    try DocumentReader.standard.read(bytes: try Fixtures.bytes(relative),
                                     context: ReadContext(path: relative, today: fixedToday))
}

@Suite struct CtDNAResultReaderTests {
    @Test func readsEveryFieldOfTheMinimalFile() throws {
        let (format, doc) = try read("ctdna-xml/good/minimal-one-variant.xml")
        #expect(format == .ctdnaResult)
        guard case .result(let r) = doc else { Issue.record("not a result"); return }
        #expect(r.identity == ReportIdentity(id: "FX-1", version: 1))
        #expect(r.status == .final)
        #expect(r.patient.identifier == PatientIdentifier(mrn: "FX-0001", issuer: "FIX"))
        #expect(r.patient.sex == .female)
        #expect(r.patient.birthDate?.description == "1960-01-02")
        #expect(r.specimen.accession == "FXS-1")
        #expect(r.specimen.collected.text == "2024-05-06T09:15:00+02:00")
        #expect(r.assay.panelGenes == ["KRAS", "TP53"])
        #expect(r.assay.limitOfDetection?.fraction == 0.001)
        #expect(r.quality == .pass)
        #expect(r.variants.count == 2)
        let kras = r.variants[0]
        #expect(kras.key.description == "KRAS p.G12D")
        #expect(kras.codingChange == "c.35G>A")
        #expect(kras.altReads == 50 && kras.depth == 2000)
        #expect(kras.alleleFraction?.fraction == 0.025)
        #expect(kras.status == .detected)
        let tp53 = r.variants[1]
        #expect(tp53.status == .notDetected)
        #expect(tp53.alleleFraction == nil)
        #expect(tp53.proteinChange == "p.R248Q")
    }

    @Test func readsTheClinicalContext() throws {
        let (format, doc) = try read("ctdna-xml/good/clinical-context.xml")
        #expect(format == .ctdnaClinical)
        guard case .clinical(let c) = doc else { Issue.record("not clinical"); return }
        #expect(c.therapyLines.map(\.regimen) == ["Dara-VRd", "Ciltacabtagene autoleucel (CAR-T)"])
        #expect(c.therapyLines[0].drugs.count == 4)
        #expect(c.labValues.first == LabValue(marker: .mProtein, value: 2.1, measured: CalendarDate(iso: "2024-02-02")!))
        #expect(c.marrow.first?.plasmaCellPercent == 35)
        #expect(c.imaging.last?.extramedullarySites == [.pleura, .skinSoftTissue])
    }

    @Test func oversizedInputIsRefusedBeforeParsing() throws {
        let reader = DocumentReader(readers: DocumentReader.standard.readers, sizeLimit: 100)
        #expect(throws: InputError.tooLarge(SourceLocation(file: "x.xml"), bytes: 101, limit: 100)) {
            _ = try reader.read(bytes: [UInt8](repeating: 32, count: 101), context: ReadContext(path: "x.xml", today: fixedToday))
        }
    }

    @Test func entityIsNeverExpanded() throws {
        // The DOCTYPE guard stops the parser before the entity declaration is read, so
        // /etc/passwd never reaches any field, even in the error.
        let error = #expect(throws: InputError.self) { _ = try read("ctdna-xml/bad/doctype-external-entity.xml") }
        #expect(error?.message(verbose: true).contains("root:") == false)
    }

    @Test func iso88591AndUTF16Ingest() throws {
        let base = try String(contentsOfFile: Fixtures.path("ctdna-xml/good/minimal-one-variant.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<sex>", with: "<name><family>Müller</family></name>\n    <sex>")
        let latin1 = base.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        let utf16 = base.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        for bytes in [[UInt8](latin1.data(using: .isoLatin1)!), [UInt8](utf16.data(using: .utf16)!)] {
            let (_, doc) = try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: "enc.xml", today: fixedToday))
            #expect(doc.patient.name?.family == "Müller")
        }
    }
}

@Suite struct SchemaTests {
    @Test func shippedSchemaMatchesTheEmbeddedOne() throws {
        let file = try String(contentsOfFile: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/ctdna-result-1.xsd").path, encoding: .utf8)
        #expect(file == XMLSchema.ctdnaResultText + "\n" || file == XMLSchema.ctdnaResultText,
                "run scripts/embed-texts.sh (make schema) after editing Schemas/ctdna-result-1.xsd")
    }

    @Test func schemaCompiles() throws {
        _ = try XMLSchema.ctdnaResult.get()
    }

    @Test func verboseSchemaErrorCarriesTheValue() throws {
        let error = #expect(throws: InputError.self) { _ = try read("ctdna-xml/bad/vaf-above-one.xml") }
        #expect(error?.message().contains("1.25") == false)
        #expect(error?.message(verbose: true).contains("'1.25'") == true)
    }
}
