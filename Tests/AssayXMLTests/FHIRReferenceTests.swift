import AssayXML
import CtDNAModel
import Foundation
import Testing

/// Issue 14, item 2: a FHIR report's identity is its business identifier, else the
/// Bundle's, else a content hash; never the server-local id nor a line number.
@Suite struct FHIRReferenceTests {
    static let base = "fhir/good/bundle-absent-variant.json"

    func identity(_ edit: (String) -> String) throws -> ReportIdentity {
        let text = edit(String(decoding: try Fixtures.bytes(Self.base), as: UTF8.self))
        let (_, doc) = try DocumentReader.standard.read(bytes: Array(text.utf8),
                                                        context: ReadContext(path: "x.json", today: fixedToday))
        guard case .result(let r) = doc else { Issue.record("not a result"); return ReportIdentity(id: "", version: 0) }
        return r.identity
    }

    func withoutIdentifier(_ s: String) -> String {
        s.replacingOccurrences(of: "\"system\": \"https://riverside.example/reports\"", with: "\"system\": \"https://riverside.example/reports\", \"use\": \"old\"")
            .replacingOccurrences(of: "\"value\": \"RVS-23-0821\"", with: "\"value\": \"\"")
    }

    @Test func businessIdentifierIsSystemBarValue() throws {
        #expect(try identity { $0 } == ReportIdentity(id: "https://riverside.example/reports|RVS-23-0821", version: 1))
    }

    @Test func versionIdCountsOnlyWithABusinessIdentifier() throws {
        let v2 = { (s: String) in s.replacingOccurrences(of: "\"id\": \"rep-RVS-23-0821\"",
                                                         with: "\"id\": \"rep-RVS-23-0821\", \"meta\": {\"versionId\": \"2\"}") }
        #expect(try identity(v2).version == 2)
        let hashed = try identity { v2(withoutIdentifier($0)) }
        #expect(hashed.version == 1)
        #expect(hashed.id.hasPrefix("fhir-fnv1a-"))
    }

    /// A reused server id with versionId 2 but another draw's content is another report.
    @Test func reusedServerIdWithOtherContentIsAnotherReport() throws {
        let first = try identity { withoutIdentifier($0) }
        let other = try identity {
            withoutIdentifier($0).replacingOccurrences(of: "\"id\": \"rep-RVS-23-0821\"",
                                                       with: "\"id\": \"rep-RVS-23-0821\", \"meta\": {\"versionId\": \"2\"}")
                .replacingOccurrences(of: "\"issued\": \"2023-08-21T18:00:00+01:00\"", with: "\"issued\": \"2023-08-22T18:00:00+01:00\"")
        }
        #expect(first.id != other.id)
        #expect(!first.id.contains("rep-RVS-23-0821"))
        // The same content read again (lines shifted, server id changed) has the same identity.
        let again = try identity { "\n\n" + withoutIdentifier($0).replacingOccurrences(of: "\"id\": \"rep-RVS-23-0821\"", with: "\"id\": \"srv-9\"") }
        #expect(again == first)
    }

    /// A variant's subject written as `Patient/id` or an absolute URL still names the report's patient.
    @Test func subjectByAnotherReferenceFormIsTheSamePatient() throws {
        for form in ["Patient/pat-RVS-23-0821", "https://riverside.example/fhir/Patient/pat-RVS-23-0821"] {
            var n = 0
            let id = try identity { text in
                text.components(separatedBy: "\"reference\": \"urn:uuid:pat-RVS-23-0821\"").enumerated().map { k, part in
                    n += 1
                    return k == 0 ? part : "\"reference\": \"" + (k >= 2 ? form : "urn:uuid:pat-RVS-23-0821") + "\"" + part
                }.joined()
            }
            #expect(id.id == "https://riverside.example/reports|RVS-23-0821")
            #expect(n == 5)
        }
    }
}
