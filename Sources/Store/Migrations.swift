import GRDB

/// The store's schema: named, append-only migrations. Never edit a shipped migration;
/// add a new one. Invariants live here (NOT NULL, CHECK, foreign keys) so that no
/// code path can store what a reader would have rejected.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-core", migrate: v1Core)
        m.registerMigration("v1-clinical", migrate: v1Clinical)
        m.registerMigration("v2-white-cell-depth", migrate: v2WhiteCellDepth)
        m.registerMigration("v3-child-indexes", migrate: v3ChildIndexes)
        m.registerMigration("v4-checks-without-in-lists", migrate: v4ChecksWithoutInLists)
        m.registerMigration("v5-issue-13-clinical", migrate: v5Issue13Clinical)
        m.registerMigration("v6-application-id", migrate: v6ApplicationID)
        m.registerMigration("v7-issuer-aliases", migrate: v7IssuerAliases)
        m.registerMigration("v8-vcf-format", migrate: v8VCFFormat)
        m.registerMigration("v9-releases-audit", migrate: v9ReleasesAudit)
        m.registerMigration("v10-ingesting-lab", migrate: v10IngestingLab)
        return m
    }

    /// `PRAGMA application_id` of every ctdna store: 0x63744D6E, 'ctMn'. A database with
    /// tables, another application_id and none of our migrations is not opened for writing.
    public static let applicationID: Int32 = 0x6374_4D6E

    /// Marks the file as a ctdna store (issue 14): `patients` or `ingest` pointed at another
    /// program's database refuse it instead of adding tables to it.
    static func v6ApplicationID(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }

    /// Patient identity declarations (issue 15): issuers the lab declared to be one
    /// (`ctdna patients alias`), and pairs of patients it declared to be two people
    /// (`ctdna patients distinct`), each with who declared it and when. An alias points at
    /// its group's canonical issuer, never at another alias (kept so by
    /// `SQLiteStore.declareIssuerAlias`); a distinct pair is stored in sorted order.
    static func v7IssuerAliases(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE issuer_alias (
                issuer TEXT PRIMARY KEY CHECK (length(issuer) > 0),
                canonical TEXT NOT NULL CHECK (length(canonical) > 0 AND canonical <> issuer),
                declared_by TEXT NOT NULL CHECK (length(declared_by) > 0),
                declared_at TEXT NOT NULL CHECK (length(declared_at) >= 10)
            );
            CREATE TABLE distinct_patients (
                mrn_a TEXT NOT NULL CHECK (length(mrn_a) > 0),
                issuer_a TEXT NOT NULL,
                mrn_b TEXT NOT NULL CHECK (length(mrn_b) > 0),
                issuer_b TEXT NOT NULL,
                declared_by TEXT NOT NULL CHECK (length(declared_by) > 0),
                declared_at TEXT NOT NULL CHECK (length(declared_at) >= 10),
                PRIMARY KEY (mrn_a, issuer_a, mrn_b, issuer_b),
                CHECK (mrn_a < mrn_b OR (mrn_a = mrn_b AND issuer_a < issuer_b))
            );
            CREATE INDEX patient_by_birth ON patient(birth_date, sex);
            """)
    }

    /// Issue 17: released report versions (the registry) and the audit trail. Both are
    /// append-only: triggers refuse UPDATE and DELETE, so no code path (and no one with
    /// the SQLite shell who leaves the triggers in place) can rewrite what was issued or
    /// done. `verify` checks that the triggers are there. The CHECKs use equalities, not IN
    /// lists (SQLite builds a temporary b-tree per row for an IN list in a CHECK; see
    /// v4-checks-without-in-lists), and the SQL holds no comments: `verify` re-runs every
    /// CHECK it finds in the schema text.
    static func v9ReleasesAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE report_release (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patient(id),
                version INTEGER NOT NULL CHECK (version >= 1),
                language TEXT NOT NULL CHECK (length(language) > 0),
                kind TEXT NOT NULL CHECK (kind = 'release' OR kind = 'amendment'),
                supersedes_version INTEGER CHECK (supersedes_version IS NULL OR supersedes_version < version),
                reason TEXT CHECK (kind = 'release' OR length(reason) > 0),
                authorised_by TEXT NOT NULL CHECK (length(authorised_by) > 0),
                role TEXT,
                comment TEXT,
                authorised_at TEXT NOT NULL CHECK (length(authorised_at) >= 20),
                rules_name TEXT NOT NULL,
                rules_version TEXT NOT NULL,
                data_hash TEXT NOT NULL CHECK (length(data_hash) = 64),
                pdf_sha256 TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
                pdf_path TEXT NOT NULL CHECK (length(pdf_path) > 0),
                UNIQUE (patient_id, version, language)
            );
            CREATE INDEX report_release_by_patient ON report_release(patient_id, version);
            CREATE TABLE audit_event (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL CHECK (length(at) >= 20),
                event TEXT NOT NULL CHECK (event = 'ingest' OR event = 'supersede' OR event = 'reject' OR event = 'alias'
                                           OR event = 'distinct' OR event = 'draft' OR event = 'sign' OR event = 'amend'
                                           OR event = 'export'),
                os_user TEXT NOT NULL,
                by_name TEXT,
                subject TEXT,
                detail TEXT
            );
            CREATE TRIGGER report_release_append_only_update BEFORE UPDATE ON report_release
                BEGIN SELECT RAISE(ABORT, 'released reports are append-only'); END;
            CREATE TRIGGER report_release_append_only_delete BEFORE DELETE ON report_release
                BEGIN SELECT RAISE(ABORT, 'released reports are append-only'); END;
            CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            """)
    }

    /// Issue 18: the database role that ingested each file and document, and the one that
    /// recorded each audit event: a shared PostgreSQL store fills them (`DEFAULT current_user`), and
    /// `ctdna store copy` carries them both ways, so the logical schema is the same in both
    /// backends. NULL in an SQLite store (one laboratory, one file).
    static func v10IngestingLab(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE source_file ADD COLUMN ingested_by TEXT;
            ALTER TABLE document ADD COLUMN ingested_by TEXT;
            ALTER TABLE audit_event ADD COLUMN db_role TEXT;
            """)
    }

    /// The triggers `verify` requires (the append-only guarantee).
    static let appendOnlyTriggers = ["report_release_append_only_update", "report_release_append_only_delete",
                                     "audit_event_append_only_update", "audit_event_append_only_delete"]

    /// v1's list, frozen: a shipped migration's text never changes (v8 adds the VCF format).
    static let formats = "'ctdna-result-1','ctdna-clinical-1','fhir-r4-xml','fhir-r4-json','foundationone-xml'"
    static let reportStatuses = "'preliminary','final','amended','corrected','appended','cancelled','entered-in-error'"

    /// Issue 15: VCFs read through a sample sheet are stored with format 'vcf-sample-sheet'.
    /// SQLite cannot alter a CHECK, so `source_file` is rebuilt as v4 rebuilt it (new table,
    /// rows copied with their ids, old table dropped, new one renamed; the migrator runs with
    /// foreign keys off and checks them at the end). `source_file` has no index or trigger
    /// besides its UNIQUE (sha256), which the new definition carries.
    static func v8VCFFormat(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE new_source_file (
                id INTEGER PRIMARY KEY,
                sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
                path TEXT NOT NULL,
                format TEXT NOT NULL CHECK ((format = 'ctdna-result-1' OR format = 'ctdna-clinical-1' OR format = 'fhir-r4-xml' OR format = 'fhir-r4-json' OR format = 'foundationone-xml' OR format = 'vcf-sample-sheet')),
                byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                ingested_at TEXT NOT NULL
            );
            INSERT INTO new_source_file SELECT * FROM source_file;
            DROP TABLE source_file;
            ALTER TABLE new_source_file RENAME TO source_file;
            """)
    }

    static func v1Core(_ db: Database) throws {
        try db.execute(sql: """
        CREATE TABLE patient (
            id INTEGER PRIMARY KEY,
            mrn TEXT NOT NULL CHECK (length(mrn) BETWEEN 1 AND 64),
            issuer TEXT NOT NULL DEFAULT '',
            family_name TEXT,
            given_names TEXT,
            sex TEXT NOT NULL CHECK (sex IN ('female','male','other','unknown')),
            birth_date TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            UNIQUE (mrn, issuer)
        );
        CREATE TABLE source_file (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            path TEXT NOT NULL,
            format TEXT NOT NULL CHECK (format IN (\(formats))),
            byte_count INTEGER NOT NULL CHECK (byte_count > 0),
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE document (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patient(id),
            source_file_id INTEGER NOT NULL UNIQUE REFERENCES source_file(id),
            kind TEXT NOT NULL CHECK (kind IN ('result','clinical')),
            report_id TEXT NOT NULL CHECK (length(report_id) > 0),
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN (\(reportStatuses))),
            issued TEXT,
            superseded_by INTEGER REFERENCES document(id),
            UNIQUE (kind, report_id, version)
        );
        CREATE INDEX document_by_patient ON document(patient_id, kind, superseded_by);
        CREATE INDEX document_by_report ON document(kind, report_id);
        CREATE TABLE draw (
            document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
            laboratory TEXT,
            ordering_clinician TEXT,
            accession TEXT NOT NULL CHECK (length(accession) > 0),
            collected TEXT NOT NULL,
            collected_epoch REAL NOT NULL,
            collected_date TEXT NOT NULL,
            collected_estimated INTEGER NOT NULL CHECK (collected_estimated IN (0, 1)),
            received TEXT,
            received_epoch REAL,
            tube_type TEXT,
            plasma_volume_ml REAL CHECK (plasma_volume_ml IS NULL OR plasma_volume_ml >= 0),
            cfdna_ng_per_ml REAL CHECK (cfdna_ng_per_ml IS NULL OR cfdna_ng_per_ml >= 0),
            assay_name TEXT NOT NULL,
            assay_version TEXT,
            panel_genes TEXT NOT NULL DEFAULT '',
            lod REAL CHECK (lod IS NULL OR (lod >= 0 AND lod <= 1)),
            tumour_fraction REAL CHECK (tumour_fraction IS NULL OR (tumour_fraction >= 0 AND tumour_fraction <= 1)),
            qc_status TEXT NOT NULL CHECK (qc_status IN ('pass','qualified','fail')),
            lists_detected_only INTEGER NOT NULL CHECK (lists_detected_only IN (0, 1)),
            CHECK (received_epoch IS NULL OR received_epoch >= collected_epoch)
        );
        CREATE INDEX draw_by_accession ON draw(accession);
        CREATE TABLE variant_call (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            variant_key TEXT NOT NULL,
            gene TEXT NOT NULL CHECK (length(gene) > 0),
            transcript TEXT,
            coding_change TEXT,
            protein_change TEXT,
            chrom TEXT,
            position INTEGER CHECK (position IS NULL OR position > 0),
            ref TEXT,
            alt TEXT,
            alt_reads INTEGER CHECK (alt_reads IS NULL OR alt_reads >= 0),
            depth INTEGER CHECK (depth IS NULL OR depth >= 0),
            vaf REAL CHECK (vaf IS NULL OR (vaf >= 0 AND vaf <= 1)),
            status TEXT NOT NULL CHECK (status IN ('detected','not-detected','not-covered','failed-qc')),
            origin TEXT NOT NULL CHECK (origin IN ('somatic','germline','clonal-haematopoiesis','unknown')),
            white_cell_vaf REAL CHECK (white_cell_vaf IS NULL OR (white_cell_vaf >= 0 AND white_cell_vaf <= 1)),
            equivocal INTEGER NOT NULL CHECK (equivocal IN (0, 1)),
            subclonal INTEGER NOT NULL CHECK (subclonal IN (0, 1)),
            CHECK (alt_reads IS NULL OR depth IS NULL OR depth >= alt_reads),
            CHECK ((status = 'detected') = (vaf IS NOT NULL)),
            UNIQUE (document_id, variant_key)
        );
        CREATE TABLE structural_finding (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('del(17p)','gain(1q)','t(4;14)','t(14;16)','t(14;20)','t(11;14)',
                                               'MYC-rearrangement','copy-number','rearrangement','LOH')),
            gene TEXT,
            other_gene TEXT,
            detail TEXT,
            detected INTEGER NOT NULL CHECK (detected IN (0, 1)),
            copy_number REAL CHECK (copy_number IS NULL OR copy_number >= 0),
            equivocal INTEGER NOT NULL CHECK (equivocal IN (0, 1))
        );
        CREATE TABLE biomarker (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL
        );
        """)
    }

    static func v2WhiteCellDepth(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE variant_call ADD COLUMN white_cell_depth INTEGER
                CHECK (white_cell_depth IS NULL OR white_cell_depth >= 0)
            """)
    }

    /// Every child table is read by its document: index the foreign key (a patient's
    /// timeline stays a few index lookups whatever the store's size).
    static func v3ChildIndexes(_ db: Database) throws {
        for table in ["structural_finding", "biomarker", "therapy_line", "lab_value", "marrow_assessment", "imaging_study"] {
            try db.execute(sql: "CREATE INDEX \(table)_by_document ON \(table)(document_id)")
        }
    }

    /// `CHECK (x IN ('a','b','c'))` made SQLite build a temporary b-tree for the list on
    /// every row it checked (three or more values): a fifth of the writer's time on ingest.
    /// The same checks written `x = 'a' OR x = 'b' OR ...` compare in place and refuse the
    /// same values. SQLite cannot alter a CHECK, so each table holding such a list is rebuilt
    /// (SQLite's documented procedure; the migrator runs with foreign keys off and checks
    /// them at the end): new table, rows copied with their ids, old table dropped, new one
    /// renamed, its indexes recreated. Each definition is v3's text (v2's added column
    /// included) with only the IN lists written out, so the schema is the same as the one
    /// stores got when this migration rewrote the stored text itself.
    static func v4ChecksWithoutInLists(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE new_patient (
                id INTEGER PRIMARY KEY,
                mrn TEXT NOT NULL CHECK (length(mrn) BETWEEN 1 AND 64),
                issuer TEXT NOT NULL DEFAULT '',
                family_name TEXT,
                given_names TEXT,
                sex TEXT NOT NULL CHECK ((sex = 'female' OR sex = 'male' OR sex = 'other' OR sex = 'unknown')),
                birth_date TEXT CHECK (birth_date IS NULL OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                UNIQUE (mrn, issuer)
            );
            INSERT INTO new_patient SELECT * FROM patient;
            DROP TABLE patient;
            ALTER TABLE new_patient RENAME TO patient;
            CREATE TABLE new_source_file (
                id INTEGER PRIMARY KEY,
                sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
                path TEXT NOT NULL,
                format TEXT NOT NULL CHECK ((format = 'ctdna-result-1' OR format = 'ctdna-clinical-1' OR format = 'fhir-r4-xml' OR format = 'fhir-r4-json' OR format = 'foundationone-xml')),
                byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                ingested_at TEXT NOT NULL
            );
            INSERT INTO new_source_file SELECT * FROM source_file;
            DROP TABLE source_file;
            ALTER TABLE new_source_file RENAME TO source_file;
            CREATE TABLE new_document (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patient(id),
                source_file_id INTEGER NOT NULL UNIQUE REFERENCES source_file(id),
                kind TEXT NOT NULL CHECK (kind IN ('result','clinical')),
                report_id TEXT NOT NULL CHECK (length(report_id) > 0),
                version INTEGER NOT NULL CHECK (version >= 1),
                status TEXT NOT NULL CHECK ((status = 'preliminary' OR status = 'final' OR status = 'amended' OR status = 'corrected' OR status = 'appended' OR status = 'cancelled' OR status = 'entered-in-error')),
                issued TEXT,
                superseded_by INTEGER REFERENCES document(id),
                UNIQUE (kind, report_id, version)
            );
            INSERT INTO new_document SELECT * FROM document;
            DROP TABLE document;
            ALTER TABLE new_document RENAME TO document;
            CREATE INDEX document_by_patient ON document(patient_id, kind, superseded_by);
            CREATE INDEX document_by_report ON document(kind, report_id);
            CREATE TABLE new_draw (
                document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
                laboratory TEXT,
                ordering_clinician TEXT,
                accession TEXT NOT NULL CHECK (length(accession) > 0),
                collected TEXT NOT NULL,
                collected_epoch REAL NOT NULL,
                collected_date TEXT NOT NULL,
                collected_estimated INTEGER NOT NULL CHECK (collected_estimated IN (0, 1)),
                received TEXT,
                received_epoch REAL,
                tube_type TEXT,
                plasma_volume_ml REAL CHECK (plasma_volume_ml IS NULL OR plasma_volume_ml >= 0),
                cfdna_ng_per_ml REAL CHECK (cfdna_ng_per_ml IS NULL OR cfdna_ng_per_ml >= 0),
                assay_name TEXT NOT NULL,
                assay_version TEXT,
                panel_genes TEXT NOT NULL DEFAULT '',
                lod REAL CHECK (lod IS NULL OR (lod >= 0 AND lod <= 1)),
                tumour_fraction REAL CHECK (tumour_fraction IS NULL OR (tumour_fraction >= 0 AND tumour_fraction <= 1)),
                qc_status TEXT NOT NULL CHECK ((qc_status = 'pass' OR qc_status = 'qualified' OR qc_status = 'fail')),
                lists_detected_only INTEGER NOT NULL CHECK (lists_detected_only IN (0, 1)),
                CHECK (received_epoch IS NULL OR received_epoch >= collected_epoch)
            );
            INSERT INTO new_draw SELECT * FROM draw;
            DROP TABLE draw;
            ALTER TABLE new_draw RENAME TO draw;
            CREATE INDEX draw_by_accession ON draw(accession);
            CREATE TABLE new_variant_call (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                variant_key TEXT NOT NULL,
                gene TEXT NOT NULL CHECK (length(gene) > 0),
                transcript TEXT,
                coding_change TEXT,
                protein_change TEXT,
                chrom TEXT,
                position INTEGER CHECK (position IS NULL OR position > 0),
                ref TEXT,
                alt TEXT,
                alt_reads INTEGER CHECK (alt_reads IS NULL OR alt_reads >= 0),
                depth INTEGER CHECK (depth IS NULL OR depth >= 0),
                vaf REAL CHECK (vaf IS NULL OR (vaf >= 0 AND vaf <= 1)),
                status TEXT NOT NULL CHECK ((status = 'detected' OR status = 'not-detected' OR status = 'not-covered' OR status = 'failed-qc')),
                origin TEXT NOT NULL CHECK ((origin = 'somatic' OR origin = 'germline' OR origin = 'clonal-haematopoiesis' OR origin = 'unknown')),
                white_cell_vaf REAL CHECK (white_cell_vaf IS NULL OR (white_cell_vaf >= 0 AND white_cell_vaf <= 1)),
                equivocal INTEGER NOT NULL CHECK (equivocal IN (0, 1)),
                subclonal INTEGER NOT NULL CHECK (subclonal IN (0, 1)), white_cell_depth INTEGER
                CHECK (white_cell_depth IS NULL OR white_cell_depth >= 0),
                CHECK (alt_reads IS NULL OR depth IS NULL OR depth >= alt_reads),
                CHECK ((status = 'detected') = (vaf IS NOT NULL)),
                UNIQUE (document_id, variant_key)
            );
            INSERT INTO new_variant_call SELECT * FROM variant_call;
            DROP TABLE variant_call;
            ALTER TABLE new_variant_call RENAME TO variant_call;
            CREATE TABLE new_structural_finding (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK ((kind = 'del(17p)' OR kind = 'gain(1q)' OR kind = 't(4;14)' OR kind = 't(14;16)' OR kind = 't(14;20)' OR kind = 't(11;14)' OR kind = 'MYC-rearrangement' OR kind = 'copy-number' OR kind = 'rearrangement' OR kind = 'LOH')),
                gene TEXT,
                other_gene TEXT,
                detail TEXT,
                detected INTEGER NOT NULL CHECK (detected IN (0, 1)),
                copy_number REAL CHECK (copy_number IS NULL OR copy_number >= 0),
                equivocal INTEGER NOT NULL CHECK (equivocal IN (0, 1))
            );
            INSERT INTO new_structural_finding SELECT * FROM structural_finding;
            DROP TABLE structural_finding;
            ALTER TABLE new_structural_finding RENAME TO structural_finding;
            CREATE INDEX structural_finding_by_document ON structural_finding(document_id);
            CREATE TABLE new_lab_value (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                marker TEXT NOT NULL CHECK ((marker = 'm-protein' OR marker = 'kappa-flc' OR marker = 'lambda-flc')),
                value REAL NOT NULL CHECK (value >= 0),
                measured TEXT NOT NULL
            );
            INSERT INTO new_lab_value SELECT * FROM lab_value;
            DROP TABLE lab_value;
            ALTER TABLE new_lab_value RENAME TO lab_value;
            CREATE INDEX lab_value_by_document ON lab_value(document_id);
            CREATE TABLE new_marrow_assessment (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                performed TEXT NOT NULL,
                plasma_cell_percent REAL CHECK (plasma_cell_percent IS NULL OR
                                                (plasma_cell_percent >= 0 AND plasma_cell_percent <= 100)),
                mrd TEXT CHECK (mrd IS NULL OR (mrd = 'negative' OR mrd = 'positive' OR mrd = 'not-done')),
                mrd_sensitivity REAL CHECK (mrd_sensitivity IS NULL OR (mrd_sensitivity > 0 AND mrd_sensitivity <= 1))
            );
            INSERT INTO new_marrow_assessment SELECT * FROM marrow_assessment;
            DROP TABLE marrow_assessment;
            ALTER TABLE new_marrow_assessment RENAME TO marrow_assessment;
            CREATE INDEX marrow_assessment_by_document ON marrow_assessment(document_id);
            CREATE TABLE new_imaging_study (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                modality TEXT NOT NULL CHECK ((modality = 'PET-CT' OR modality = 'MRI' OR modality = 'CT' OR modality = 'WBLDCT')),
                performed TEXT NOT NULL,
                sites TEXT NOT NULL DEFAULT '',
                summary TEXT
            );
            INSERT INTO new_imaging_study SELECT * FROM imaging_study;
            DROP TABLE imaging_study;
            ALTER TABLE new_imaging_study RENAME TO imaging_study;
            CREATE INDEX imaging_study_by_document ON imaging_study(document_id);
            """)
    }

    /// Issue 13: the assay's background error rate and the specimen's processing time on
    /// the draw; a variant call's clinical significance; the clinical document's light chain
    /// (a column of `document`, allowed on clinical documents only); the marrow's MRD
    /// method and FISH results; imaging lesions with their class; tumour biopsies and
    /// their variant keys; the new lab markers. Checks are written as `=` chains, not IN
    /// lists (see v4). `lab_value` is rebuilt for its marker check (SQLite cannot alter a
    /// CHECK), as v4 rebuilt it. Each new child table has ON DELETE CASCADE and is indexed
    /// by its parent key (a UNIQUE constraint led by that key is its index). Imaging
    /// studies keep their `sites` text: a study stored before this migration has no
    /// lesion rows, and is read as lesions of each site's default class.
    static func v5Issue13Clinical(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE draw ADD COLUMN background_error_rate REAL
                CHECK (background_error_rate IS NULL OR (background_error_rate >= 0 AND background_error_rate <= 1));
            ALTER TABLE draw ADD COLUMN processing_hours REAL
                CHECK (processing_hours IS NULL OR processing_hours >= 0);
            ALTER TABLE variant_call ADD COLUMN clinical_significance TEXT
                CHECK (clinical_significance IS NULL OR (clinical_significance = 'pathogenic' OR clinical_significance = 'likely-pathogenic' OR clinical_significance = 'uncertain-significance' OR clinical_significance = 'likely-benign' OR clinical_significance = 'benign' OR clinical_significance = 'tier-I' OR clinical_significance = 'tier-II' OR clinical_significance = 'tier-III' OR clinical_significance = 'tier-IV'));
            ALTER TABLE document ADD COLUMN light_chain TEXT
                CHECK (light_chain IS NULL OR (kind = 'clinical' AND (light_chain = 'kappa' OR light_chain = 'lambda')));
            ALTER TABLE marrow_assessment ADD COLUMN mrd_method TEXT
                CHECK (mrd_method IS NULL OR mrd_method = 'NGF' OR mrd_method = 'NGS');
            CREATE TABLE new_lab_value (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                marker TEXT NOT NULL CHECK ((marker = 'm-protein' OR marker = 'kappa-flc' OR marker = 'lambda-flc' OR marker = 'urine-m-protein' OR marker = 'serum-immunofixation' OR marker = 'urine-immunofixation' OR marker = 'beta2-microglobulin' OR marker = 'creatinine' OR marker = 'circulating-plasma-cell-percent')),
                value REAL NOT NULL CHECK (value >= 0),
                measured TEXT NOT NULL,
                CHECK ((marker <> 'serum-immunofixation' AND marker <> 'urine-immunofixation') OR value = 0 OR value = 1),
                CHECK (marker <> 'circulating-plasma-cell-percent' OR value <= 100)
            );
            INSERT INTO new_lab_value SELECT * FROM lab_value;
            DROP TABLE lab_value;
            ALTER TABLE new_lab_value RENAME TO lab_value;
            CREATE INDEX lab_value_by_document ON lab_value(document_id);
            CREATE TABLE marrow_cytogenetic (
                id INTEGER PRIMARY KEY,
                marrow_assessment_id INTEGER NOT NULL REFERENCES marrow_assessment(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK ((kind = 'del(17p)' OR kind = 'del(1p32)' OR kind = 'gain(1q)' OR kind = 'amp(1q)' OR kind = 't(4;14)' OR kind = 't(14;16)' OR kind = 't(14;20)' OR kind = 't(11;14)')),
                detected INTEGER NOT NULL CHECK (detected IN (0, 1)),
                clonal_fraction REAL CHECK (clonal_fraction IS NULL OR (clonal_fraction >= 0 AND clonal_fraction <= 1)),
                allelic TEXT CHECK (allelic IS NULL OR allelic = 'monoallelic' OR allelic = 'biallelic'),
                CHECK (detected = 1 OR (allelic IS NULL AND (clonal_fraction IS NULL OR clonal_fraction = 0))),
                UNIQUE (marrow_assessment_id, kind)
            );
            CREATE TABLE imaging_lesion (
                id INTEGER PRIMARY KEY,
                imaging_study_id INTEGER NOT NULL REFERENCES imaging_study(id) ON DELETE CASCADE,
                site TEXT NOT NULL CHECK ((site = 'skin' OR site = 'soft-tissue' OR site = 'skin-soft-tissue' OR site = 'pleura' OR site = 'liver' OR site = 'lymph-node' OR site = 'kidney' OR site = 'breast' OR site = 'pericardium' OR site = 'spleen' OR site = 'lung' OR site = 'gastrointestinal' OR site = 'pancreas' OR site = 'testis' OR site = 'CNS' OR site = 'paraskeletal' OR site = 'other')),
                lesion_class TEXT NOT NULL CHECK ((lesion_class = 'extramedullary' OR lesion_class = 'paraskeletal' OR lesion_class = 'cns'))
            );
            CREATE INDEX imaging_lesion_by_study ON imaging_lesion(imaging_study_id);
            CREATE TABLE biopsy (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                performed TEXT NOT NULL CHECK (performed GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
                source TEXT NOT NULL CHECK (source = 'marrow' OR source = 'extramedullary')
            );
            CREATE INDEX biopsy_by_document ON biopsy(document_id);
            CREATE TABLE biopsy_variant (
                id INTEGER PRIMARY KEY,
                biopsy_id INTEGER NOT NULL REFERENCES biopsy(id) ON DELETE CASCADE,
                variant_key TEXT NOT NULL CHECK (instr(variant_key, ' ') > 1),
                UNIQUE (biopsy_id, variant_key)
            );
            """)
    }

    static func v1Clinical(_ db: Database) throws {
        try db.execute(sql: """
        CREATE TABLE therapy_line (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            regimen TEXT NOT NULL CHECK (length(regimen) > 0),
            drugs TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT,
            intent TEXT,
            CHECK (end_date IS NULL OR end_date >= start_date)
        );
        CREATE TABLE lab_value (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            marker TEXT NOT NULL CHECK (marker IN ('m-protein','kappa-flc','lambda-flc')),
            value REAL NOT NULL CHECK (value >= 0),
            measured TEXT NOT NULL
        );
        CREATE TABLE marrow_assessment (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            performed TEXT NOT NULL,
            plasma_cell_percent REAL CHECK (plasma_cell_percent IS NULL OR
                                            (plasma_cell_percent >= 0 AND plasma_cell_percent <= 100)),
            mrd TEXT CHECK (mrd IS NULL OR mrd IN ('negative','positive','not-done')),
            mrd_sensitivity REAL CHECK (mrd_sensitivity IS NULL OR (mrd_sensitivity > 0 AND mrd_sensitivity <= 1))
        );
        CREATE TABLE imaging_study (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
            modality TEXT NOT NULL CHECK (modality IN ('PET-CT','MRI','CT','WBLDCT')),
            performed TEXT NOT NULL,
            sites TEXT NOT NULL DEFAULT '',
            summary TEXT
        );
        """)
    }
}
