import CtDNAModel

extension CtDNAStore {
    public func patients() throws(StoreError) -> [PatientSummary] {
        try reading { db in
            let rows = try db.rows("""
                SELECT p.*, COUNT(dr.document_id) AS draws, MIN(dr.collected_date) AS first, MAX(dr.collected_date) AS last
                FROM patient p
                LEFT JOIN document d ON d.patient_id = p.id AND d.kind = 'result' AND d.superseded_by IS NULL
                     AND d.status NOT IN ('cancelled', 'entered-in-error')
                LEFT JOIN draw dr ON dr.document_id = d.id
                GROUP BY p.id ORDER BY p.mrn, p.issuer
                """)
            return try rows.map { row in
                PatientSummary(patient: try Patient(row: row), drawCount: try row.value("draws"),
                               firstDraw: (try row.value("first") as String?).flatMap { CalendarDate(iso: $0) },
                               lastDraw: (try row.value("last") as String?).flatMap { CalendarDate(iso: $0) })
            }
        }
    }

    /// The patient's timeline and the SHA-256 hashes of the source files behind it (what
    /// `DataHash` is made from), read in one transaction: one snapshot, so a report and the
    /// data hash recorded for it cannot come from different states of a shared store.
    public func snapshot(mrn: String, issuer: String?) throws(StoreError) -> (timeline: PatientTimeline, sources: [String])? {
        try reading { db in
            guard let (id, patient) = try StoreQueries.patientRow(db, mrn: mrn, issuer: issuer) else { return nil }
            return (try TimelineQuery(db: db, patientID: id, patient: patient).load(), try StoreQueries.sourceHashes(db, patientID: id))
        }
    }

    public func timeline(mrn: String, issuer: String?) throws(StoreError) -> PatientTimeline? {
        try reading { db in
            guard let (id, patient) = try StoreQueries.patientRow(db, mrn: mrn, issuer: issuer) else { return nil }
            return try TimelineQuery(db: db, patientID: id, patient: patient).load()
        }
    }

}

/// Queries every backend runs the same way.
enum StoreQueries {
    /// The hashes of the files behind the patient's current documents (results neither
    /// superseded nor retracted, and clinical context), sorted.
    static func sourceHashes(_ db: any SQLSession, patientID: Int64) throws -> [String] {
        try db.column("""
            SELECT s.sha256 FROM document d JOIN source_file s ON s.id = d.source_file_id
            WHERE d.patient_id = ? AND \(TimelineQuery.current) ORDER BY s.sha256
            """, [patientID], as: String.self)
    }

    /// The patient with `mrn` (and `issuer`, or an issuer declared the same as theirs);
    /// nil when none; `.ambiguousPatient` when several issuers hold the MRN and none is named.
    static func patientRow(_ db: any SQLSession, mrn: String, issuer: String?) throws -> (Int64, Patient)? {
        let all = try db.rows("SELECT * FROM patient WHERE mrn = ? ORDER BY issuer", [mrn])
        var candidates = try all.filter { row in try issuer == nil || row.value("issuer") as String == issuer }
        if candidates.isEmpty, let issuer {
            // An issuer declared the same as the stored patient's (`ctdna patients alias`).
            let canonical = try PatientIdentity.canonical(issuer, db)
            candidates = try all.filter { row in
                let stored: String = try row.value("issuer")
                return try !stored.isEmpty && PatientIdentity.canonical(stored, db) == canonical
            }
        }
        guard let row = candidates.first else { return nil }
        if candidates.count > 1 {
            throw StoreError.ambiguousPatient(mrn: mrn, issuers: try candidates.map { try $0.value("issuer") })
        }
        return (try row.value("id"), try Patient(row: row))
    }
}

extension Patient {
    init(row: SQLRow) throws {
        let given = (try row.value("given_names") as String?)?.split(separator: " ").map(String.init) ?? []
        let family: String? = try row.value("family_name")
        self.init(identifier: PatientIdentifier(mrn: try row.value("mrn"), issuer: try row.value("issuer")),
                  name: family == nil && given.isEmpty ? nil : PersonName(family: family, given: given),
                  sex: Sex(rawValue: try row.value("sex")) ?? .unknown,
                  birthDate: (try row.value("birth_date") as String?).flatMap { CalendarDate(iso: $0) })
    }
}

/// Loads one patient's current documents into a `PatientTimeline`.
struct TimelineQuery {
    let db: any SQLSession
    let patientID: Int64
    let patient: Patient

    static let current = "d.superseded_by IS NULL AND d.status NOT IN ('cancelled', 'entered-in-error')"

    /// The patient's current draws.
    static let drawsSQL = """
        SELECT d.id, d.report_id, d.version, d.status, d.issued, dr.*, s.path, s.sha256, s.format, s.byte_count,
               s.ingested_at
        FROM document d JOIN draw dr ON dr.document_id = d.id
        JOIN source_file s ON s.id = d.source_file_id
        WHERE d.patient_id = ? AND d.kind = 'result' AND \(current)
        ORDER BY dr.collected_epoch, d.report_id
        """

    /// The patient's superseded and retracted reports. Without the planner's statistics
    /// SQLite walks every result document in `(kind, report_id, version)` order to skip the
    /// sort; with them (`SQLiteStore.optimize()` after an ingest) it looks the patient up
    /// in `document_by_patient`.
    static let amendmentsSQL = """
        SELECT d.report_id, d.version, d.status, d.issued, n.version AS replaced_by, s.ingested_at, s.path
        FROM document d JOIN source_file s ON s.id = d.source_file_id
        LEFT JOIN document n ON n.id = d.superseded_by
        WHERE d.patient_id = ? AND d.kind = 'result'
          AND (d.superseded_by IS NOT NULL OR d.status IN ('cancelled', 'entered-in-error'))
        ORDER BY d.report_id, d.version
        """

    func load() throws -> PatientTimeline {
        let drawRows = try db.rows(Self.drawsSQL, [patientID])
        let ids: [Int64] = try drawRows.map { try $0.value("id") }
        let calls = try groupedByDocument(ids, sql: "SELECT * FROM variant_call WHERE document_id IN", order: "id")
        let findings = try groupedByDocument(ids, sql: "SELECT * FROM structural_finding WHERE document_id IN", order: "id")
        let markers = try groupedByDocument(ids, sql: "SELECT * FROM biomarker WHERE document_id IN", order: "id")
        let draws = try drawRows.map { row -> Draw in
            let id: Int64 = try row.value("id")
            return Draw(report: try report(row, calls: calls[id] ?? [], findings: findings[id] ?? [],
                                           biomarkers: markers[id] ?? []),
                        provenance: try provenance(row))
        }
        var timeline = PatientTimeline(patient: patient, draws: draws, amendments: try amendments())
        try loadClinical(into: &timeline)
        return timeline
    }

    private func groupedByDocument(_ ids: [Int64], sql: String, order: String) throws -> [Int64: [SQLRow]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try db.rows("\(sql) (\(placeholders(ids.count))) ORDER BY \(order)", SQLArguments(ids))
        var grouped: [Int64: [SQLRow]] = [:]
        for row in rows { grouped[try row.value("document_id"), default: []].append(row) }
        return grouped
    }

    private func provenance(_ row: SQLRow) throws -> Provenance {
        Provenance(source: SourceFile(path: try row.value("path"), sha256: try row.value("sha256"),
                                      format: SourceFormat(rawValue: try row.value("format")) ?? .ctdnaResult,
                                      byteCount: try row.value("byte_count")),
                   ingestedAt: Timestamp(iso: try row.value("ingested_at")) ?? Timestamp(date: .unixEpoch))
    }

    func report(_ row: SQLRow, calls: [SQLRow], findings: [SQLRow], biomarkers: [SQLRow]) throws -> ResultReport {
        let collectedDate = CalendarDate(iso: try row.value("collected_date") as String) ?? .unixEpoch
        let collected = Timestamp(iso: try row.value("collected")) ?? Timestamp(date: collectedDate)
        let specimen = Specimen(
            accession: try row.value("accession"), collected: collected, collectedIsEstimated: try row.value("collected_estimated"),
            received: (try row.value("received") as String?).flatMap { Timestamp(iso: $0) }, tubeType: try row.value("tube_type"),
            plasmaVolumeMl: try row.value("plasma_volume_ml"), cfDNANanogramsPerMl: try row.value("cfdna_ng_per_ml"),
            processingHours: try row.value("processing_hours"))
        let panel = (try row.value("panel_genes") as String).split(separator: " ").map(String.init)
        let assay = Assay(name: try row.value("assay_name"), version: try row.value("assay_version"), panelGenes: panel,
                          limitOfDetection: (try row.value("lod") as Double?).flatMap { AlleleFraction(fraction: $0) },
                          backgroundErrorRate: (try row.value("background_error_rate") as Double?).flatMap { AlleleFraction(fraction: $0) })
        return ResultReport(
            identity: ReportIdentity(id: try row.value("report_id"), version: try row.value("version")),
            status: ReportStatus(rawValue: try row.value("status")) ?? .final,
            issued: (try row.value("issued") as String?).flatMap { Timestamp(iso: $0) },
            laboratory: try row.value("laboratory"), orderingClinician: try row.value("ordering_clinician"),
            patient: patient, specimen: specimen, assay: assay,
            variants: try calls.map(Self.variant), findings: try findings.map(Self.finding),
            biomarkers: try biomarkers.map { Biomarker(name: try $0.value("name"), value: try $0.value("value")) },
            tumourFraction: (try row.value("tumour_fraction") as Double?).flatMap { AlleleFraction(fraction: $0) },
            quality: QualityStatus(rawValue: try row.value("qc_status")) ?? .pass,
            listsDetectedOnly: try row.value("lists_detected_only"))
    }

    static func variant(_ r: SQLRow) throws -> VariantCall {
        let location = try (r.value("chrom") as String?).map {
            GenomicLocation(chromosome: $0, position: try r.value("position") ?? 0, reference: try r.value("ref") ?? "",
                            alternate: try r.value("alt") ?? "")
        }
        return VariantCall(
            gene: try r.value("gene"), transcript: try r.value("transcript"), codingChange: try r.value("coding_change"),
            proteinChange: try r.value("protein_change"), location: location, altReads: try r.value("alt_reads"),
            depth: try r.value("depth"),
            alleleFraction: (try r.value("vaf") as Double?).flatMap { AlleleFraction(fraction: $0) },
            status: CallStatus(rawValue: try r.value("status")) ?? .failedQC,
            origin: VariantOrigin(rawValue: try r.value("origin")) ?? .unknown,
            whiteCellFraction: (try r.value("white_cell_vaf") as Double?).flatMap { AlleleFraction(fraction: $0) },
            whiteCellDepth: try r.value("white_cell_depth"),
            equivocal: try r.value("equivocal"), subclonal: try r.value("subclonal"),
            clinicalSignificance: (try r.value("clinical_significance") as String?).flatMap(ClinicalSignificance.init(rawValue:)))
    }

    static func finding(_ r: SQLRow) throws -> StructuralFinding {
        StructuralFinding(kind: StructuralKind(rawValue: try r.value("kind")) ?? .copyNumber, gene: try r.value("gene"),
                          otherGene: try r.value("other_gene"), detail: try r.value("detail"), detected: try r.value("detected"),
                          copyNumber: try r.value("copy_number"), equivocal: try r.value("equivocal"))
    }

    private func amendments() throws -> [AmendmentRecord] {
        let rows = try db.rows(Self.amendmentsSQL, [patientID])
        return try rows.map { r in
            AmendmentRecord(identity: ReportIdentity(id: try r.value("report_id"), version: try r.value("version")),
                            status: ReportStatus(rawValue: try r.value("status")) ?? .final, replacedBy: try r.value("replaced_by"),
                            ingestedAt: Timestamp(iso: try r.value("ingested_at")) ?? Timestamp(date: .unixEpoch),
                            sourcePath: try r.value("path"),
                            issued: (try r.value("issued") as String?).flatMap { Timestamp(iso: $0) })
        }
    }

    private func loadClinical(into t: inout PatientTimeline) throws {
        let scope = """
            document_id IN (SELECT d.id FROM document d WHERE d.patient_id = ? AND d.kind = 'clinical' AND \(Self.current))
            """
        let args: SQLArguments = [patientID]
        t.therapyLines = try db.rows("SELECT * FROM therapy_line WHERE \(scope) ORDER BY start_date, id", args).compactMap { r in
            guard let start = CalendarDate(iso: try r.value("start_date") as String) else { return nil }
            let drugs = (try r.value("drugs") as String).split(separator: "\t").map(String.init)
            return TherapyLine(regimen: try r.value("regimen"), drugs: drugs, start: start,
                               end: (try r.value("end_date") as String?).flatMap { CalendarDate(iso: $0) }, intent: try r.value("intent"))
        }.uniqued()
        t.labValues = try db.rows("SELECT * FROM lab_value WHERE \(scope) ORDER BY measured, id", args).compactMap { r in
            guard let m = LabMarker(rawValue: try r.value("marker")), let d = CalendarDate(iso: try r.value("measured") as String) else { return nil }
            return LabValue(marker: m, value: try r.value("value"), measured: d)
        }.uniqued()
        let cytogenetics = try grouped(sql: """
            SELECT * FROM marrow_cytogenetic WHERE marrow_assessment_id IN (SELECT id FROM marrow_assessment WHERE \(scope)) ORDER BY id
            """, by: "marrow_assessment_id") { r -> CytogeneticResult? in
            guard let kind = CytogeneticKind(rawValue: try r.value("kind")) else { return nil }
            return CytogeneticResult(kind: kind, detected: try r.value("detected"), clonalFraction: try r.value("clonal_fraction"),
                                     allelic: (try r.value("allelic") as String?).flatMap(Allelic.init(rawValue:)))
        }
        t.marrow = try db.rows("SELECT * FROM marrow_assessment WHERE \(scope) ORDER BY performed, id", args).compactMap { r in
            guard let d = CalendarDate(iso: try r.value("performed") as String) else { return nil }
            return MarrowAssessment(performed: d, plasmaCellPercent: try r.value("plasma_cell_percent"),
                                    mrd: (try r.value("mrd") as String?).flatMap(MRDResult.init(rawValue:)),
                                    mrdSensitivity: try r.value("mrd_sensitivity"),
                                    mrdMethod: (try r.value("mrd_method") as String?).flatMap(MRDMethod.init(rawValue:)),
                                    cytogenetics: cytogenetics[try r.value("id")] ?? [])
        }.uniqued()
        let lesions = try grouped(sql: """
            SELECT * FROM imaging_lesion WHERE imaging_study_id IN (SELECT id FROM imaging_study WHERE \(scope)) ORDER BY id
            """, by: "imaging_study_id") { r -> Lesion? in
            guard let site = ExtramedullarySite(rawValue: try r.value("site")),
                  let lesionClass = LesionClass(rawValue: try r.value("lesion_class")) else { return nil }
            return Lesion(site: site, lesionClass: lesionClass)
        }
        t.imaging = try db.rows("SELECT * FROM imaging_study WHERE \(scope) ORDER BY performed, id", args).compactMap { r in
            guard let m = ImagingModality(rawValue: try r.value("modality")), let d = CalendarDate(iso: try r.value("performed") as String) else { return nil }
            // A study stored before v5 has only its sites: lesions of each site's default class.
            let stored = try lesions[try r.value("id")] ?? (try r.value("sites") as String).split(separator: " ")
                .compactMap { ExtramedullarySite(rawValue: String($0)).map { Lesion(site: $0) } }
            return ImagingStudy(modality: m, performed: d, lesions: stored, summary: try r.value("summary"))
        }.uniqued()
        let biopsyVariants = try grouped(sql: """
            SELECT * FROM biopsy_variant WHERE biopsy_id IN (SELECT id FROM biopsy WHERE \(scope)) ORDER BY id
            """, by: "biopsy_id") { r -> String? in try r.value("variant_key") }
        t.biopsies = try db.rows("SELECT * FROM biopsy WHERE \(scope) ORDER BY performed, id", args).compactMap { r in
            guard let d = CalendarDate(iso: try r.value("performed") as String),
                  let source = BiopsySource(rawValue: try r.value("source")) else { return nil }
            return BiopsyResult(performed: d, source: source, variants: biopsyVariants[try r.value("id")] ?? [])
        }.uniqued()
        // Several current clinical documents: the one stored last that names a light chain.
        t.lightChain = try db.scalar("""
            SELECT d.light_chain FROM document d
            WHERE d.patient_id = ? AND d.kind = 'clinical' AND \(Self.current) AND d.light_chain IS NOT NULL
            ORDER BY d.id DESC LIMIT 1
            """, args, as: String.self).flatMap(LightChain.init(rawValue:))
    }

    /// Child rows of the patient's current clinical documents, by their parent's id, in `id` order.
    private func grouped<T>(sql: String, by parent: String, _ make: (SQLRow) throws -> T?) throws -> [Int64: [T]] {
        var out: [Int64: [T]] = [:]
        for row in try db.rows(sql, [patientID]) {
            if let value = try make(row) { out[try row.value(parent), default: []].append(value) }
        }
        return out
    }
}

extension Array where Element: Equatable {
    /// Keeps the first of each repeated element (two clinical documents may both list a
    /// line). Compared pairwise: the lists are short, and a `Set` of each element type
    /// cost a runtime type lookup per command start.
    func uniqued() -> [Element] {
        var out: [Element] = []
        for element in self where !out.contains(element) { out.append(element) }
        return out
    }
}
