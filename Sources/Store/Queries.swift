import CtDNAModel
import GRDB

extension SQLiteStore {
    public func patients() throws(StoreError) -> [PatientSummary] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.*, COUNT(dr.document_id) AS draws, MIN(dr.collected_date) AS first, MAX(dr.collected_date) AS last
                FROM patient p
                LEFT JOIN document d ON d.patient_id = p.id AND d.kind = 'result' AND d.superseded_by IS NULL
                     AND d.status NOT IN ('cancelled', 'entered-in-error')
                LEFT JOIN draw dr ON dr.document_id = d.id
                GROUP BY p.id ORDER BY p.mrn, p.issuer
                """)
            return rows.map { row in
                PatientSummary(patient: Patient(row: row), drawCount: row["draws"],
                               firstDraw: (row["first"] as String?).flatMap { CalendarDate(iso: $0) },
                               lastDraw: (row["last"] as String?).flatMap { CalendarDate(iso: $0) })
            }
        }
    }

    public func timeline(mrn: String, issuer: String?) throws(StoreError) -> PatientTimeline? {
        try read { db in
            let candidates = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM patient WHERE mrn = ? ORDER BY issuer"), arguments: [mrn])
                .filter { issuer == nil || ($0["issuer"] as String) == issuer }
            guard let row = candidates.first else { return nil }
            if candidates.count > 1 {
                throw StoreError.ambiguousPatient(mrn: mrn, issuers: candidates.map { $0["issuer"] as String })
            }
            return try TimelineQuery(db: db, patientID: row["id"], patient: Patient(row: row)).load()
        }
    }
}

extension Patient {
    init(row: Row) {
        let given = (row["given_names"] as String?)?.split(separator: " ").map(String.init) ?? []
        let family: String? = row["family_name"]
        self.init(identifier: PatientIdentifier(mrn: row["mrn"], issuer: row["issuer"]),
                  name: family == nil && given.isEmpty ? nil : PersonName(family: family, given: given),
                  sex: Sex(rawValue: row["sex"]) ?? .unknown,
                  birthDate: (row["birth_date"] as String?).flatMap { CalendarDate(iso: $0) })
    }
}

/// Loads one patient's current documents into a `PatientTimeline`.
struct TimelineQuery {
    let db: Database
    let patientID: Int64
    let patient: Patient

    static let current = "d.superseded_by IS NULL AND d.status NOT IN ('cancelled', 'entered-in-error')"

    func load() throws -> PatientTimeline {
        let drawRows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT d.id, d.report_id, d.version, d.status, d.issued, dr.*, s.path, s.sha256, s.format, s.byte_count,
                   s.ingested_at
            FROM document d INDEXED BY document_by_patient JOIN draw dr ON dr.document_id = d.id
            JOIN source_file s ON s.id = d.source_file_id
            WHERE d.patient_id = ? AND d.kind = 'result' AND \(Self.current)
            ORDER BY dr.collected_epoch, d.report_id
            """), arguments: [patientID])
        let ids = drawRows.map { $0["id"] as Int64 }
        let calls = try groupedByDocument(ids, sql: "SELECT * FROM variant_call WHERE document_id IN", order: "id")
        let findings = try groupedByDocument(ids, sql: "SELECT * FROM structural_finding WHERE document_id IN", order: "id")
        let markers = try groupedByDocument(ids, sql: "SELECT * FROM biomarker WHERE document_id IN", order: "id")
        let draws = drawRows.map { row -> Draw in
            let id: Int64 = row["id"]
            return Draw(report: report(row, calls: calls[id] ?? [], findings: findings[id] ?? [],
                                       biomarkers: markers[id] ?? []),
                        provenance: provenance(row))
        }
        var timeline = PatientTimeline(patient: patient, draws: draws, amendments: try amendments())
        try loadClinical(into: &timeline)
        return timeline
    }

    private func groupedByDocument(_ ids: [Int64], sql: String, order: String) throws -> [Int64: [Row]] {
        guard !ids.isEmpty else { return [:] }
        let placeholders = databaseQuestionMarks(count: ids.count)
        let rows = try Row.fetchAll(try db.cachedStatement(sql: "\(sql) (\(placeholders)) ORDER BY \(order)"),
                                    arguments: StatementArguments(ids))
        return Dictionary(grouping: rows, by: { $0["document_id"] as Int64 })
    }

    private func provenance(_ row: Row) -> Provenance {
        Provenance(source: SourceFile(path: row["path"], sha256: row["sha256"],
                                      format: SourceFormat(rawValue: row["format"]) ?? .ctdnaResult,
                                      byteCount: row["byte_count"]),
                   ingestedAt: Timestamp(iso: row["ingested_at"]) ?? Timestamp(date: .unixEpoch))
    }

    private func report(_ row: Row, calls: [Row], findings: [Row], biomarkers: [Row]) -> ResultReport {
        let collected = Timestamp(iso: row["collected"]) ?? Timestamp(date: CalendarDate(iso: row["collected_date"] as String) ?? .unixEpoch)
        let specimen = Specimen(
            accession: row["accession"], collected: collected, collectedIsEstimated: row["collected_estimated"],
            received: (row["received"] as String?).flatMap { Timestamp(iso: $0) }, tubeType: row["tube_type"],
            plasmaVolumeMl: row["plasma_volume_ml"], cfDNANanogramsPerMl: row["cfdna_ng_per_ml"])
        let panel = (row["panel_genes"] as String).split(separator: " ").map(String.init)
        let assay = Assay(name: row["assay_name"], version: row["assay_version"], panelGenes: panel,
                          limitOfDetection: (row["lod"] as Double?).flatMap { AlleleFraction(fraction: $0) })
        return ResultReport(
            identity: ReportIdentity(id: row["report_id"], version: row["version"]),
            status: ReportStatus(rawValue: row["status"]) ?? .final,
            issued: (row["issued"] as String?).flatMap { Timestamp(iso: $0) },
            laboratory: row["laboratory"], orderingClinician: row["ordering_clinician"],
            patient: patient, specimen: specimen, assay: assay,
            variants: calls.map(Self.variant), findings: findings.map(Self.finding),
            biomarkers: biomarkers.map { Biomarker(name: $0["name"], value: $0["value"]) },
            tumourFraction: (row["tumour_fraction"] as Double?).flatMap { AlleleFraction(fraction: $0) },
            quality: QualityStatus(rawValue: row["qc_status"]) ?? .pass,
            listsDetectedOnly: row["lists_detected_only"])
    }

    static func variant(_ r: Row) -> VariantCall {
        let chrom: String? = r["chrom"]
        let location = chrom.map {
            GenomicLocation(chromosome: $0, position: r["position"] ?? 0, reference: r["ref"] ?? "", alternate: r["alt"] ?? "")
        }
        return VariantCall(
            gene: r["gene"], transcript: r["transcript"], codingChange: r["coding_change"],
            proteinChange: r["protein_change"], location: location, altReads: r["alt_reads"], depth: r["depth"],
            alleleFraction: (r["vaf"] as Double?).flatMap { AlleleFraction(fraction: $0) },
            status: CallStatus(rawValue: r["status"]) ?? .failedQC,
            origin: VariantOrigin(rawValue: r["origin"]) ?? .unknown,
            whiteCellFraction: (r["white_cell_vaf"] as Double?).flatMap { AlleleFraction(fraction: $0) },
            whiteCellDepth: r["white_cell_depth"],
            equivocal: r["equivocal"], subclonal: r["subclonal"])
    }

    static func finding(_ r: Row) -> StructuralFinding {
        StructuralFinding(kind: StructuralKind(rawValue: r["kind"]) ?? .copyNumber, gene: r["gene"],
                          otherGene: r["other_gene"], detail: r["detail"], detected: r["detected"],
                          copyNumber: r["copy_number"], equivocal: r["equivocal"])
    }

    private func amendments() throws -> [AmendmentRecord] {
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT d.report_id, d.version, d.status, n.version AS replaced_by, s.ingested_at, s.path
            FROM document d INDEXED BY document_by_patient JOIN source_file s ON s.id = d.source_file_id
            LEFT JOIN document n ON n.id = d.superseded_by
            WHERE d.patient_id = ? AND d.kind = 'result'
              AND (d.superseded_by IS NOT NULL OR d.status IN ('cancelled', 'entered-in-error'))
            ORDER BY d.report_id, d.version
            """), arguments: [patientID])
        return rows.map { r in
            AmendmentRecord(identity: ReportIdentity(id: r["report_id"], version: r["version"]),
                            status: ReportStatus(rawValue: r["status"]) ?? .final, replacedBy: r["replaced_by"],
                            ingestedAt: Timestamp(iso: r["ingested_at"]) ?? Timestamp(date: .unixEpoch),
                            sourcePath: r["path"])
        }
    }

    private func loadClinical(into t: inout PatientTimeline) throws {
        let scope = """
            document_id IN (SELECT d.id FROM document d WHERE d.patient_id = ? AND d.kind = 'clinical' AND \(Self.current))
            """
        let args: StatementArguments = [patientID]
        t.therapyLines = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM therapy_line WHERE \(scope) ORDER BY start_date, id"),
                                          arguments: args).compactMap { r in
            guard let start = CalendarDate(iso: r["start_date"] as String) else { return nil }
            let drugs = (r["drugs"] as String).split(separator: "\t").map(String.init)
            return TherapyLine(regimen: r["regimen"], drugs: drugs, start: start,
                               end: (r["end_date"] as String?).flatMap { CalendarDate(iso: $0) }, intent: r["intent"])
        }.uniqued()
        t.labValues = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM lab_value WHERE \(scope) ORDER BY measured, id"),
                                       arguments: args).compactMap { r in
            guard let m = LabMarker(rawValue: r["marker"]), let d = CalendarDate(iso: r["measured"] as String) else { return nil }
            return LabValue(marker: m, value: r["value"], measured: d)
        }.uniqued()
        t.marrow = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM marrow_assessment WHERE \(scope) ORDER BY performed, id"),
                                    arguments: args).compactMap { r in
            guard let d = CalendarDate(iso: r["performed"] as String) else { return nil }
            return MarrowAssessment(performed: d, plasmaCellPercent: r["plasma_cell_percent"],
                                    mrd: (r["mrd"] as String?).flatMap(MRDResult.init(rawValue:)),
                                    mrdSensitivity: r["mrd_sensitivity"])
        }.uniqued()
        t.imaging = try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM imaging_study WHERE \(scope) ORDER BY performed, id"),
                                     arguments: args).compactMap { r in
            guard let m = ImagingModality(rawValue: r["modality"]), let d = CalendarDate(iso: r["performed"] as String) else { return nil }
            let sites = (r["sites"] as String).split(separator: " ").compactMap { ExtramedullarySite(rawValue: String($0)) }
            return ImagingStudy(modality: m, performed: d, extramedullarySites: sites, summary: r["summary"])
        }.uniqued()
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
