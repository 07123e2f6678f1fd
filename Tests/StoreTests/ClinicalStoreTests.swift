import CtDNAModel
import Foundation
import GRDB
@testable import Store
import Testing

func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// A clinical context with every field issue 13 added, in the order the store gives them back.
let fullContext = ClinicalContext(
    identity: ReportIdentity(id: "CLIN-1", version: 1), patient: alice,
    therapyLines: [TherapyLine(regimen: "Dara-KRd", drugs: ["daratumumab", "carfilzomib"], start: day("2024-01-15"))],
    labValues: [
        LabValue(marker: .mProtein, value: 1.8, measured: day("2024-01-10")),
        LabValue(marker: .urineMProtein, value: 350, measured: day("2024-01-10")),
        LabValue(marker: .serumImmunofixation, value: 1, measured: day("2024-01-10")),
        LabValue(marker: .beta2Microglobulin, value: 4.2, measured: day("2024-01-10")),
        LabValue(marker: .creatinine, value: 1.1, measured: day("2024-01-10")),
        LabValue(marker: .circulatingPlasmaCells, value: 2.5, measured: day("2024-01-10")),
        LabValue(marker: .urineImmunofixation, value: 0, measured: day("2024-06-03")),
    ],
    marrow: [
        MarrowAssessment(performed: day("2024-01-08"), plasmaCellPercent: 42, cytogenetics: [
            CytogeneticResult(kind: .del17p, detected: true, clonalFraction: 0.45, allelic: .biallelic),
            CytogeneticResult(kind: .amp1q, clonalFraction: 0.8),
            CytogeneticResult(kind: .t4_14, detected: false),
            CytogeneticResult(kind: .del1p32, allelic: .monoallelic),
        ]),
        MarrowAssessment(performed: day("2024-06-04"), plasmaCellPercent: 0.5, mrd: .negative, mrdSensitivity: 1e-6, mrdMethod: .ngs),
    ],
    imaging: [
        ImagingStudy(modality: .petCT, performed: day("2024-01-09"), lesions: [
            Lesion(site: .kidney), Lesion(site: .paraskeletal), Lesion(site: .cns),
            Lesion(site: .softTissue, lesionClass: .paraskeletal), Lesion(site: .kidney),
        ], summary: "Renal plasmacytoma."),
        ImagingStudy(modality: .mri, performed: day("2024-06-05")),
    ],
    biopsies: [
        BiopsyResult(performed: day("2024-01-08"), source: .marrow, variants: ["TP53 p.R175H", "KRAS p.G12D", "DIS3 c.2300A>G"]),
        BiopsyResult(performed: day("2024-02-20"), source: .extramedullary, variants: ["TP53 p.R175H"]),
        BiopsyResult(performed: day("2024-03-01"), source: .extramedullary, variants: []),
    ],
    lightChain: .lambda)

/// A result with the fields issue 13 added (processing time, background error rate, clinical significance).
func issue13Report() -> ResultReport {
    ResultReport(
        identity: ReportIdentity(id: "R-13", version: 1), status: .final, patient: alice,
        specimen: Specimen(accession: "S-13", collected: Timestamp(iso: "2024-05-06T09:00:00Z")!, tubeType: "Streck",
                           processingHours: 26.5),
        assay: Assay(name: "Panel", panelGenes: ["KRAS", "TP53"], limitOfDetection: AlleleFraction(fraction: 0.001),
                     backgroundErrorRate: AlleleFraction(fraction: 0.00012)),
        variants: ClinicalSignificance.allCases.enumerated().map { i, s in
            VariantCall(gene: "G\(i)", proteinChange: "p.R\(i + 1)H", depth: 1000, status: .notDetected, clinicalSignificance: s)
        } + [VariantCall(gene: "KRAS", proteinChange: "p.G12D", altReads: 20, depth: 2000,
                         alleleFraction: AlleleFraction(fraction: 0.01), status: .detected)])
}

func clinicalSource(_ name: String, sha: Character) -> SourceFile {
    SourceFile(path: "in/\(name).xml", sha256: String(repeating: sha, count: 64), format: .ctdnaClinical, byteCount: 100)
}

@Suite struct ClinicalRoundTripTests {
    @Test func clinicalContextComesBackWhole() throws {
        let store = try freshStore()
        #expect(try store.store(.clinical(fullContext), from: clinicalSource("c", sha: "c"), at: now) == .ingested)
        let t = try #require(try store.timeline(mrn: "P-1", issuer: "H"))
        #expect(t.lightChain == .lambda)
        #expect(t.labValues == fullContext.labValues)
        #expect(t.marrow == fullContext.marrow)
        #expect(t.imaging == fullContext.imaging)
        #expect(t.biopsies == fullContext.biopsies)
        #expect(t.therapyLines == fullContext.therapyLines)
    }

    @Test func resultFieldsComeBackWhole() throws {
        let store = try freshStore()
        let original = issue13Report()
        _ = try store.store(.result(original), from: source("r"), at: now)
        let r = try #require(try store.timeline(mrn: "P-1", issuer: nil)?.draws.first?.report)
        #expect(r.specimen == original.specimen)
        #expect(r.specimen.processingHours == 26.5)
        #expect(r.assay == original.assay)
        #expect(r.assay.backgroundErrorRate?.fraction == 0.00012)
        #expect(r.variants == original.variants)
        #expect(r.variants.compactMap(\.clinicalSignificance) == ClinicalSignificance.allCases)
    }

    @Test func lightChainOfTheCurrentVersionOnly() throws {
        let store = try freshStore()
        _ = try store.store(.clinical(fullContext), from: clinicalSource("c1", sha: "c"), at: now)
        var v2 = fullContext
        v2.identity.version = 2
        v2.lightChain = nil
        v2.biopsies = []
        _ = try store.store(.clinical(v2), from: clinicalSource("c2", sha: "d"), at: now)
        let t = try #require(try store.timeline(mrn: "P-1", issuer: nil))
        #expect(t.lightChain == nil)
        #expect(t.biopsies.isEmpty)
        #expect(t.marrow == fullContext.marrow)
    }

    @Test func childRowsGoWithTheirDocument() throws {
        let store = try freshStore()
        _ = try store.store(.clinical(fullContext), from: clinicalSource("c", sha: "c"), at: now)
        let queue = try DatabaseQueue(path: store.path)  // foreign keys on
        defer { try? queue.close() }
        let tables = ["marrow_cytogenetic", "imaging_lesion", "biopsy", "biopsy_variant"]
        let before = try queue.read { db in try tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 } }
        #expect(before == [4, 5, 3, 4])
        try queue.write { try $0.execute(sql: "DELETE FROM document WHERE kind = 'clinical'") }
        let after = try queue.read { db in try tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 } }
        #expect(after == [0, 0, 0, 0])
    }
}

/// The v5 checks refuse what the readers refuse, and admit every value the model has.
@Suite struct ClinicalCheckTests {
    func storeWithEverything() throws -> SQLiteStore {
        let store = try freshStore()
        _ = try store.store(.clinical(fullContext), from: clinicalSource("c", sha: "c"), at: now)
        _ = try store.store(.result(issue13Report()), from: source("r"), at: now)
        return store
    }

    func outcome(_ path: String, _ sql: String) throws -> ResultCode {
        let queue = try DatabaseQueue(path: path)  // foreign keys on
        defer { try? queue.close() }
        do {
            try queue.write { try $0.execute(sql: sql) }
            return .SQLITE_OK
        } catch let error as DatabaseError {
            return error.resultCode
        }
    }

    @Test(arguments: [
        "UPDATE draw SET background_error_rate = 1.5",
        "UPDATE draw SET background_error_rate = -0.001",
        "UPDATE draw SET processing_hours = -1",
        "UPDATE variant_call SET clinical_significance = 'drug-response' WHERE gene = 'KRAS'",
        "UPDATE variant_call SET clinical_significance = 'Pathogenic' WHERE gene = 'KRAS'",
        "UPDATE document SET light_chain = 'heavy' WHERE kind = 'clinical'",
        "UPDATE document SET light_chain = 'kappa' WHERE kind = 'result'",
        "UPDATE marrow_assessment SET mrd_method = 'PCR'",
        "UPDATE lab_value SET marker = 'calcium'",
        "UPDATE lab_value SET value = 0.5 WHERE marker = 'serum-immunofixation'",
        "UPDATE lab_value SET value = 2 WHERE marker = 'urine-immunofixation'",
        "UPDATE lab_value SET value = 101 WHERE marker = 'circulating-plasma-cell-percent'",
        "UPDATE lab_value SET marker = 'serum-immunofixation' WHERE marker = 'urine-m-protein'",
        "UPDATE marrow_cytogenetic SET kind = 'del(13q)'",
        "UPDATE marrow_cytogenetic SET clonal_fraction = 1.5 WHERE kind = 'del(17p)'",
        "UPDATE marrow_cytogenetic SET clonal_fraction = -0.1 WHERE kind = 'del(17p)'",
        "UPDATE marrow_cytogenetic SET allelic = 'triallelic' WHERE kind = 'del(17p)'",
        "UPDATE marrow_cytogenetic SET detected = 2",
        "UPDATE marrow_cytogenetic SET detected = 0 WHERE kind = 'del(17p)'",
        "UPDATE marrow_cytogenetic SET allelic = 'monoallelic' WHERE kind = 't(4;14)'",
        "INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected) SELECT marrow_assessment_id, kind, 1 FROM marrow_cytogenetic LIMIT 1",
        "INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected) VALUES (999, 'del(17p)', 1)",
        "UPDATE imaging_lesion SET site = 'adrenal'",
        "UPDATE imaging_lesion SET lesion_class = 'visceral'",
        "UPDATE imaging_lesion SET lesion_class = NULL",
        "INSERT INTO imaging_lesion (imaging_study_id, site, lesion_class) VALUES (999, 'liver', 'extramedullary')",
        "UPDATE biopsy SET source = 'blood'",
        "UPDATE biopsy SET performed = '08/01/2024'",
        "INSERT INTO biopsy (document_id, performed, source) VALUES (999, '2024-01-01', 'marrow')",
        "UPDATE biopsy_variant SET variant_key = 'TP53'",
        "INSERT INTO biopsy_variant (biopsy_id, variant_key) SELECT biopsy_id, variant_key FROM biopsy_variant LIMIT 1",
        "INSERT INTO biopsy_variant (biopsy_id, variant_key) VALUES (999, 'TP53 p.R175H')",
    ])
    func checkRefuses(_ sql: String) throws {
        let store = try storeWithEverything()
        #expect(try outcome(store.path, sql) == .SQLITE_CONSTRAINT)
    }

    /// Every raw value of the model's enums is admitted, so the model and the checks agree.
    @Test func everyModelValueIsAdmitted() throws {
        let store = try storeWithEverything()
        let queue = try DatabaseQueue(path: store.path)  // foreign keys on
        defer { try? queue.close() }
        // Each statement must change a row (and be kept): a statement matching none proves nothing.
        func each(_ values: [String], _ sql: (String) -> String) throws {
            for v in values {
                let changed = try queue.write { db in
                    try db.execute(sql: sql(v))
                    return db.changesCount
                }
                #expect(changed > 0, "\(sql(v))")
            }
        }
        try each(ClinicalSignificance.allCases.map(\.rawValue)) { "UPDATE variant_call SET clinical_significance = '\($0)' WHERE gene = 'KRAS'" }
        try each(LightChain.allCases.map(\.rawValue)) { "UPDATE document SET light_chain = '\($0)' WHERE kind = 'clinical'" }
        try each(MRDMethod.allCases.map(\.rawValue)) { "UPDATE marrow_assessment SET mrd_method = '\($0)'" }
        try each(LabMarker.allCases.map(\.rawValue)) { "UPDATE lab_value SET marker = '\($0)' WHERE value = 0" }
        try each(CytogeneticKind.allCases.map(\.rawValue)) { "DELETE FROM marrow_cytogenetic WHERE kind = '\($0)'; INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected) SELECT id, '\($0)', 1 FROM marrow_assessment LIMIT 1" }
        try each(Allelic.allCases.map(\.rawValue)) { "UPDATE marrow_cytogenetic SET allelic = '\($0)' WHERE kind = 'del(17p)'" }
        try each(ExtramedullarySite.allCases.map(\.rawValue)) { "UPDATE imaging_lesion SET site = '\($0)'" }
        try each(LesionClass.allCases.map(\.rawValue)) { "UPDATE imaging_lesion SET lesion_class = '\($0)'" }
        try each(BiopsySource.allCases.map(\.rawValue)) { "UPDATE biopsy SET source = '\($0)'" }
    }
}

/// A store as v4 left it (the last release before issue 13) migrates to v5 keeping every row.
@Suite struct V5MigrationTests {
    func v4Store() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ctdna-v4-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v4-checks-without-in-lists")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO patient (id, mrn, issuer, sex) VALUES (7, 'P-7', 'H', 'female');
                INSERT INTO source_file (id, sha256, path, format, byte_count, ingested_at)
                  VALUES (3, '\(String(repeating: "b", count: 64))', 'a.xml', 'ctdna-result-1', 10, '2026-11-25T10:00:00Z'),
                         (4, '\(String(repeating: "c", count: 64))', 'c.xml', 'ctdna-clinical-1', 10, '2026-11-25T10:00:00Z');
                INSERT INTO document (id, patient_id, source_file_id, kind, report_id, version, status)
                  VALUES (5, 7, 3, 'result', 'R-7', 1, 'final'), (6, 7, 4, 'clinical', 'C-7', 1, 'final');
                INSERT INTO draw (document_id, accession, collected, collected_epoch, collected_date, collected_estimated,
                  tube_type, assay_name, lod, qc_status, lists_detected_only)
                  VALUES (5, 'S-7', '2024-05-06T09:00:00Z', 1714986000, '2024-05-06', 0, 'Streck', 'Panel', 0.001, 'pass', 0);
                INSERT INTO variant_call (id, document_id, variant_key, gene, protein_change, depth, vaf, status, origin,
                  equivocal, subclonal, white_cell_depth)
                  VALUES (11, 5, 'KRAS p.G12D', 'KRAS', 'p.G12D', 2000, 0.01, 'detected', 'somatic', 0, 0, 900);
                INSERT INTO lab_value (id, document_id, marker, value, measured)
                  VALUES (17, 6, 'm-protein', 1.5, '2024-05-06'), (18, 6, 'kappa-flc', 120, '2024-05-06');
                INSERT INTO marrow_assessment (id, document_id, performed, plasma_cell_percent, mrd, mrd_sensitivity)
                  VALUES (19, 6, '2024-05-06', 12, 'positive', 0.00001);
                INSERT INTO imaging_study (id, document_id, modality, performed, sites, summary)
                  VALUES (23, 6, 'PET-CT', '2024-05-07', 'pleura CNS paraskeletal skin-soft-tissue', 'Pleural lesion.'),
                         (24, 6, 'MRI', '2024-06-07', '', NULL);
                """)
        }
        try old.close()
        return path
    }

    @Test func v4StoreMigratesWithItsRows() throws {
        let path = try v4Store()
        let store = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: store.path)
        let (applied, labIDs, violations, newColumns) = try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
             try Int64.fetchAll(db, sql: "SELECT id FROM lab_value ORDER BY id"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
             try Row.fetchOne(db, sql: """
                SELECT dr.background_error_rate, dr.processing_hours, v.clinical_significance, d.light_chain, m.mrd_method
                FROM draw dr, variant_call v, document d, marrow_assessment m WHERE v.id = 11 AND d.id = 6 AND m.id = 19
                """))
        }
        try queue.close()
        #expect(applied.contains("v5-issue-13-clinical") && applied.contains("v6-application-id")
                && applied.contains("v10-ingesting-lab") && applied.count == 11)
        #expect(labIDs == [17, 18])
        #expect(violations == 0)
        #expect(newColumns.map { row in row.databaseValues.allSatisfy(\.isNull) } == true)
        #expect(try store.integrityProblems().isEmpty)

        let t = try #require(try store.timeline(mrn: "P-7", issuer: "H"))
        let r = try #require(t.draws.first?.report)
        #expect(r.variants.map(\.key.description) == ["KRAS p.G12D"])
        #expect(r.variants[0].clinicalSignificance == nil && r.variants[0].whiteCellDepth == 900)
        #expect(r.specimen.processingHours == nil && r.assay.backgroundErrorRate == nil)
        #expect(r.specimen.tubeType == "Streck")
        #expect(t.labValues.map(\.marker) == [.mProtein, .kappaFLC])
        #expect(t.marrow == [MarrowAssessment(performed: day("2024-05-06"), plasmaCellPercent: 12, mrd: .positive, mrdSensitivity: 0.00001)])
        // Studies stored with only their sites read as lesions of each site's default class.
        #expect(t.imaging == [
            ImagingStudy(modality: .petCT, performed: day("2024-05-07"), lesions: [
                Lesion(site: .pleura, lesionClass: .extramedullary), Lesion(site: .cns, lesionClass: .cns),
                Lesion(site: .paraskeletal, lesionClass: .paraskeletal), Lesion(site: .skinSoftTissue, lesionClass: .extramedullary),
            ], summary: "Pleural lesion."),
            ImagingStudy(modality: .mri, performed: day("2024-06-07")),
        ])
        #expect(t.biopsies.isEmpty && t.lightChain == nil)
    }

    @Test func migratedStoreTakesTheNewFieldsAndHasTheFreshSchema() throws {
        let store = try SQLiteStore(path: try v4Store())
        var context = fullContext
        context.patient = Patient(identifier: PatientIdentifier(mrn: "P-7", issuer: "H"), sex: .female)
        _ = try store.store(.clinical(context), from: clinicalSource("new", sha: "d"), at: now)
        let t = try #require(try store.timeline(mrn: "P-7", issuer: "H"))
        #expect(t.lightChain == .lambda)
        #expect(t.biopsies == fullContext.biopsies)
        #expect(t.imaging.contains(fullContext.imaging[0]))
        #expect(try InListCheckTests().schema(store.path) == InListCheckTests().schema(try freshStore().path))
    }
}
