import Foundation
import Testing

/// A batch with every bad fixture mixed among good files, faults, and concurrent writers.
@Suite(.serialized) struct RobustnessTests {
    static let badFolders = ["Tests/Fixtures/ctdna-xml/bad", "Tests/Fixtures/fhir/bad", "Tests/Fixtures/foundationone/bad"]

    func badFiles() throws -> [String] {
        try Self.badFolders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: CLI.repo.appendingPathComponent(folder).path)
                .filter { !$0.hasSuffix(".expected") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    @Test func badCorpusInOneBatchLeavesEveryGoodFileStored() throws {
        let store = try CLI.temporaryStore()
        let bad = try badFiles()
        #expect(bad.count >= 40)
        let r = try CLI.run(["ingest", "--store", store, "SampleData"] + bad)
        #expect(r.status == 65)
        let lines = r.stderr.split(separator: "\n")
        // One line per bad file, each `PATH:LINE: error: ...` (or `PATH: error:`), naming that file.
        #expect(lines.count == bad.count)
        for file in bad { #expect(lines.contains { $0.hasPrefix(file + ":") && $0.contains(" error: ") }, "\(file)") }
        #expect(r.stdout.contains("ingested 37, unchanged 0, superseded 1, rejected \(bad.count)"))
        // Nothing of a bad file went in: only the five sample patients exist, and the store is sound.
        let patients = try CLI.run(["patients", "--store", store, "--json"])
        #expect(patients.stdout.components(separatedBy: "\"mrn\"").count - 1 == 5)
        let verify = try CLI.run(["verify", "--store", store, "--sources"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test func wrongPatientOlderVersionAndConflictingSpecimenAreRefused() throws {
        let store = try CLI.temporaryStore()
        let dir = (store as NSString).deletingLastPathComponent
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData/ctdna-xml/MM-1001"])
        let source = try String(contentsOfFile: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1001/draw-03.xml").path,
                                encoding: .utf8)
        // Another birth date under the same MRN: a possible wrong-patient file.
        try source.replacingOccurrences(of: "1958-04-11", with: "1961-01-01").replacingOccurrences(of: "NBH-1001-03", with: "NBH-1001-99")
            .write(toFile: dir + "/wrong-patient.xml", atomically: true, encoding: .utf8)
        // Report NBH-1001-02 is stored as v1 and v2. Version 1 again with other content is refused;
        // so is version 3 after version 4.
        let draw2 = try String(contentsOfFile: CLI.repo.appendingPathComponent("SampleData/ctdna-xml/MM-1001/draw-02.xml").path,
                               encoding: .utf8)
        try draw2.replacingOccurrences(of: "<tubeType>", with: "<tubeType>EDTA ")
            .write(toFile: dir + "/same-version-other-content.xml", atomically: true, encoding: .utf8)
        try draw2.replacingOccurrences(of: "version=\"1\"", with: "version=\"4\"")
            .write(toFile: dir + "/version-4.xml", atomically: true, encoding: .utf8)
        try draw2.replacingOccurrences(of: "version=\"1\"", with: "version=\"3\"")
            .write(toFile: dir + "/older-version.xml", atomically: true, encoding: .utf8)
        // The specimen of draw 3 with another collection time, under a new report id.
        try source.replacingOccurrences(of: "NBH-1001-03", with: "NBH-1001-98").replacingOccurrences(of: "T08:30:00", with: "T07:00:00")
            .replacingOccurrences(of: "T13:05:00", with: "T13:06:00")
            .write(toFile: dir + "/same-specimen-other-time.xml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["ingest", "--store", store, dir + "/wrong-patient.xml", dir + "/same-version-other-content.xml",
                             dir + "/version-4.xml", dir + "/older-version.xml", dir + "/same-specimen-other-time.xml"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("wrong-patient.xml: error: possible wrong-patient file"))
        #expect(r.stderr.contains("same-version-other-content.xml: error: report NBH-1001-02 v1 is already stored with different content"))
        #expect(r.stderr.contains("older-version.xml: error: report NBH-1001-02 v3 is older than the stored version 4"))
        #expect(r.stdout.contains("ingested 0, unchanged 0, superseded 1, rejected 4"))
        #expect(r.stderr.contains("same-specimen-other-time.xml: error: specimen S1001-03 is stored with another collection time"))
        #expect(!r.stderr.contains("Hale") && !r.stderr.contains("Margaret"))
    }

    @Test func storeFileIsPrivate() throws {
        let store = try CLI.temporaryStore()
        _ = try CLI.run(["ingest", "-q", "--store", store, "SampleData/ctdna-xml/MM-1004"])
        let mode = try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
