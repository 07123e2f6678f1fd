import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Every file under `*/bad/` is rejected with exactly the message in `NAME.expected`
/// beside it (written by hand-checked runs of `ctdna validate`; see make_bad*.py).
@Suite struct BadInputTests {
    static let folders = ["ctdna-xml/bad", "fhir/bad", "foundationone/bad"]

    static var cases: [String] {
        folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path(folder))) ?? [])
                .filter { !$0.hasSuffix(".expected") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func thereIsACorpus() {
        #expect(Self.cases.count >= 35)
    }

    @Test(arguments: cases)
    func badFileGivesItsExpectedMessage(_ relative: String) throws {
        let name = (relative as NSString).lastPathComponent
        let expected = try String(contentsOfFile: Fixtures.path(relative + ".expected"), encoding: .utf8)
        let bytes = try Fixtures.bytes(relative)
        let error = #expect(throws: InputError.self) {
            _ = try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: name, today: fixedToday))
        }
        #expect(error.map { $0.message() + "\n" } == expected)
    }
}

@Suite struct ExternalResourceTests {
    /// The process-wide loader refuses every external load; the parser options and the
    /// DOCTYPE guard mean it is never even asked. Read the whole bad corpus, then check.
    @Test func noExternalLoadIsEverAttempted() throws {
        for relative in BadInputTests.cases {
            _ = try? DocumentReader.standard.read(bytes: try Fixtures.bytes(relative),
                                                  context: ReadContext(path: relative, today: fixedToday))
        }
        #expect(XMLDocument.externalLoadAttempts == 0)
    }

    @Test func goodEncodingsAreRead() throws {
        for name in ["encoding-iso-8859-1.xml", "encoding-utf-16.xml", "encoding-utf-8-bom.xml"] {
            let (_, doc) = try read("ctdna-xml/good/\(name)")
            #expect(doc.patient.name == PersonName(family: "Müller", given: ["Zoë"]), "\(name)")
        }
    }
}

/// Every input the fuzzers ever found a problem with, and hand-made inputs at the edges
/// fuzzers probe, is replayed: it must be read or rejected with an InputError, never
/// crash or hang. A `NAME.expected` beside an input pins the message it is rejected with.
@Suite struct FuzzRegressionTests {
    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("fuzz-regressions"))) ?? [])
            .filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".expected") }.sorted()
    }

    /// An empty folder would make the replay below pass without reading anything.
    @Test func thereAreCases() {
        #expect(!Self.cases.isEmpty, "no inputs in \(Fixtures.path("fuzz-regressions"))")
    }

    @Test(.timeLimit(.minutes(1)), arguments: cases)
    func findingIsHandled(_ name: String) throws {
        let bytes = try Fixtures.bytes("fuzz-regressions/" + name)
        let expected = try? String(contentsOfFile: Fixtures.path("fuzz-regressions/\(name).expected"), encoding: .utf8)
        do {
            _ = try DocumentReader.standard.read(bytes: bytes, context: ReadContext(path: name, today: fixedToday))
            #expect(expected == nil, "read, but \(name).expected says it is rejected")
        } catch {
            if let expected { #expect(error.message() + "\n" == expected) }
        }
    }
}
