import Foundation
import Testing

/// Issue 15, item 2, through the built binary: a FHIR draw for SampleData's MM-1002
/// (Okafor, Daniel, male, born 1966-09-23, issuer NBH) whose MRN issuer is written as a
/// URL is refused naming both identities; once the lab declares the issuers one, the
/// same file joins MM-1002's series.
@Suite struct PatientIdentityCLITests {
    /// The FHIR fixture turned into an MM-1002 draw of 2025-03-20 under issuer `system`.
    static func mm1002FHIR(system: String, in folder: URL) throws -> URL {
        var text = try String(contentsOf: CLI.repo.appendingPathComponent("Tests/Fixtures/fhir/good/bundle-absent-variant.json"),
                              encoding: .utf8)
        for (old, new) in [("\"https://northbridge.example/fhir/mrn\"", "\"\(system)\""),
                           ("\"value\": \"MM-1005\"", "\"value\": \"MM-1002\""),
                           ("\"family\": \"Varga\"", "\"family\": \"Okafor\""),
                           ("\"Ilona\"", "\"Daniel\""),
                           ("\"gender\": \"female\"", "\"gender\": \"male\""),
                           ("\"birthDate\": \"1962-08-14\"", "\"birthDate\": \"1966-09-23\""),
                           ("2023-08-21", "2025-03-20")] {
            #expect(text.contains(old), "the fixture changed: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let url = folder.appendingPathComponent("mm1002-fhir.json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func draws(_ store: String) throws -> Int? {
        let t = try CLI.run(["trend", "MM-1002", "--issuer", "NBH", "--json", "--store", store])
        let doc = try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as? [String: Any]
        return (doc?["draws"] as? [Any])?.count
    }

    @Test func anIssuerWrittenAsAURLIsRefusedUntilDeclaredTheSame() throws {
        let store = try CLI.temporaryStore()
        let folder = try CLI.temporaryFolder()
        #expect(try CLI.run(["ingest", "-q", "--store", store, CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002").path]).status == 0)
        #expect(try draws(store) == 7)
        let file = try Self.mm1002FHIR(system: "https://nbh.example/fhir/mrn", in: folder)

        // validate runs the same checks as ingest: with --store, the store's too (storing nothing).
        #expect(try CLI.run(["validate", file.path]).status == 0)
        let checked = try CLI.run(["validate", "--store", store, file.path])
        #expect(checked.status == 65)
        #expect(checked.stderr.contains("stored patient MM-1002 (NBH)"))
        #expect(try draws(store) == 7)
        let refused = try CLI.run(["ingest", "--store", store, file.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("MM-1002 (https://nbh.example/fhir/mrn)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("stored patient MM-1002 (NBH)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Okafor"))
        #expect(try CLI.run(["patients", "--store", store, "--json"]).stdout.components(separatedBy: "\"mrn\"").count == 2)

        let alias = try CLI.run(["patients", "alias", "NBH", "https://nbh.example/fhir/mrn", "--by", "lab lead", "--store", store])
        #expect(alias.status == 0, "\(alias.stderr)")
        let listed = try CLI.run(["patients", "--store", store])
        #expect(listed.stdout.contains("https://nbh.example/fhir/mrn  NBH"), "\(listed.stdout)")
        #expect(listed.stdout.contains("lab lead"))

        let joined = try CLI.run(["ingest", "--store", store, file.path])
        #expect(joined.status == 0, "\(joined.stderr)")
        #expect(try draws(store) == 8)
        // Still one patient, shown with its alias.
        let json = try CLI.run(["patients", "--store", store, "--json"]).stdout
        let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(list?.count == 1)
        #expect(list?.first?["issuerAliases"] as? [String] == ["https://nbh.example/fhir/mrn"])
    }

    @Test func declaringNeedsADeclarant() throws {
        let store = try CLI.temporaryStore()
        #expect(try CLI.run(["ingest", "-q", "--store", store, CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1002").path]).status == 0)
        let r = try CLI.run(["patients", "alias", "NBH", "X", "--store", store], env: ["USER": "", "LOGNAME": ""])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--by"))
        #expect(try CLI.run(["patients", "alias", "NBH", "NBH", "--by", "x", "--store", store]).status != 0)
    }
}
