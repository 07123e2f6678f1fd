-- Checks PostgresSchema (Sources/Store/PostgresSchema.swift) on a database it was applied to:
-- row-level security between two lab roles, and the CHECKs, triggers and defaults.
--
--   psql -X -v ON_ERROR_STOP=1 "host=DIR user=postgres dbname=DB" -f scripts/pg-schema-check.sql
--
-- Run it as a superuser (it creates roles and switches to them with SET SESSION AUTHORIZATION,
-- so that session_user and current_user are the lab's role as on a lab's own connection), on a
-- database where pg-v1-core and pg-v2-row-level-security were applied, ideally by a non-superuser
-- owner (scripts/pg-schema-check.sh does all of that on a throw-away cluster). Everything runs in
-- one transaction that is rolled back: roles, rows and grants leave no trace, and the script can
-- be rerun. A failed expectation raises 'FAIL …' (psql then exits 3); success ends with
-- 'pg-schema-check: all expectations met'.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = notice;
BEGIN;

-- Expectations. Temporary functions: they vanish with the session, and run with the privileges
-- of whoever calls them (the lab roles below).
CREATE FUNCTION pg_temp.refused(label TEXT, stmt TEXT, state TEXT, message_like TEXT DEFAULT '%') RETURNS VOID
    LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE stmt;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> state OR SQLERRM NOT LIKE message_like THEN
            RAISE EXCEPTION 'FAIL %: expected SQLSTATE % (%), got % %', label, state, message_like, SQLSTATE, SQLERRM;
        END IF;
        RAISE NOTICE 'ok: % refused: %', label, SQLERRM;
        RETURN;
    END;
    RAISE EXCEPTION 'FAIL %: accepted: %', label, stmt;
END $$;

CREATE FUNCTION pg_temp.expect(label TEXT, actual ANYELEMENT, expected ANYELEMENT) RETURNS VOID
    LANGUAGE plpgsql AS $$
BEGIN
    IF actual IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'FAIL %: expected %, got %', label, expected, actual;
    END IF;
    RAISE NOTICE 'ok: % = %', label, actual;
END $$;

CREATE FUNCTION pg_temp.count_of(stmt TEXT) RETURNS BIGINT
    LANGUAGE plpgsql AS $$
DECLARE n BIGINT;
BEGIN
    EXECUTE 'SELECT count(*) FROM (' || stmt || ') t' INTO n;
    RETURN n;
END $$;

-- The roles: two labs, one seeing every issuer, and one that is dropped after being granted
-- (its lab_access row must be ignored, never an error).
CREATE ROLE lab_a LOGIN;
CREATE ROLE lab_b LOGIN;
CREATE ROLE lab_all LOGIN;
CREATE ROLE lab_gone LOGIN;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO lab_a, lab_b, lab_all;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO lab_a, lab_b, lab_all;
INSERT INTO lab_access (role_name, issuer) VALUES ('lab_a', 'A'), ('lab_a', 'A2'), ('lab_b', 'B'), ('lab_all', '*'), ('lab_gone', 'A');
DROP ROLE lab_gone;

SELECT tableowner AS owner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'patient' \gset
DO $$ BEGIN RAISE NOTICE 'schema owner: %', (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'patient'); END $$;

-- Lab A ingests: patient, source file (no RETURNING: see below), document, draw, variant call,
-- supersedes a version, updates its patient, records audit events and a release.
SET SESSION AUTHORIZATION lab_a;
DO $$
DECLARE
    pid BIGINT; sid BIGINT; sid2 BIGINT; did BIGINT; did2 BIGINT; n BIGINT;
BEGIN
    PERFORM pg_temp.expect('lab_a: session_user', session_user::TEXT, 'lab_a');
    PERFORM pg_temp.expect('lab_a sees issuer A', ctdna_sees_issuer('A'), true);
    PERFORM pg_temp.expect('lab_a sees issuer B', ctdna_sees_issuer('B'), false);
    INSERT INTO patient (mrn, issuer, family_name, given_names, sex, birth_date)
        VALUES ('A1', 'A', 'Doe', 'Ann', 'female', '1960-01-31') RETURNING id INTO pid;
    PERFORM pg_temp.refused('lab_a inserts a patient of issuer B',
        $q$INSERT INTO patient (mrn, issuer, sex) VALUES ('B9', 'B', 'male')$q$, '42501', '%row-level security%');
    PERFORM pg_temp.refused('lab_a inserts a patient without issuer (not granted to it)',
        $q$INSERT INTO patient (mrn, issuer, sex) VALUES ('X9', '', 'male')$q$, '42501', '%row-level security%');

    -- A new source file is visible to the role that ingested it (ingested_by), so that
    -- INSERT … ON CONFLICT DO NOTHING RETURNING id works before its document exists; it
    -- may not claim another role as its ingester.
    PERFORM pg_temp.refused('lab_a inserts a source_file in lab_b''s name',
        $q$INSERT INTO source_file (sha256, path, format, byte_count, ingested_at, ingested_by)
           VALUES (repeat('f', 64), '/x', 'fhir-r4-xml', 1, '2026-01-01T00:00:00Z', 'lab_b')$q$,
        '42501', '%row-level security%');
    INSERT INTO source_file (sha256, path, format, byte_count, ingested_at)
        VALUES (repeat('a', 64), '/in/a1-v1.json', 'ctdna-result-1', 100, '2026-01-01T00:00:00Z')
        ON CONFLICT (sha256) DO NOTHING RETURNING id INTO sid;
    PERFORM pg_temp.expect('lab_a sees its source file before its document', pg_temp.count_of('SELECT 1 FROM source_file'), 1::BIGINT);
    INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status, issued)
        VALUES (pid, sid, 'result', 'R-A1', 1, 'final', '2026-01-01T00:00:00Z') RETURNING id INTO did;
    PERFORM pg_temp.expect('lab_a sees its source file after its document', pg_temp.count_of('SELECT 1 FROM source_file'), 1::BIGINT);
    PERFORM pg_temp.expect('document.ingested_by', (SELECT ingested_by FROM document WHERE id = did), 'lab_a');
    INSERT INTO draw (document_id, accession, collected, collected_epoch, collected_date, collected_estimated,
                      assay_name, qc_status, lists_detected_only)
        VALUES (did, 'ACC-1', '2026-01-01T08:00:00Z', 1767254400, '2026-01-01', 0, 'panel', 'pass', 0);
    INSERT INTO variant_call (document_id, variant_key, gene, alt_reads, depth, vaf, status, origin, equivocal, subclonal)
        VALUES (did, 'KRAS G12D', 'KRAS', 5, 1000, 0.005, 'detected', 'somatic', 0, 0);
    INSERT INTO marrow_assessment (document_id, performed) VALUES (did, '2026-01-01');
    INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected)
        VALUES (currval(pg_get_serial_sequence('marrow_assessment', 'id')), 'del(17p)', 0);

    -- Version 2 supersedes version 1 (ingest's UPDATE document SET superseded_by).
    INSERT INTO source_file (sha256, path, format, byte_count, ingested_at)
        VALUES (repeat('b', 64), '/in/a1-v2.json', 'ctdna-result-1', 100, '2026-01-02T00:00:00Z');
    sid2 := currval(pg_get_serial_sequence('source_file', 'id'));
    INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status)
        VALUES (pid, sid2, 'result', 'R-A1', 2, 'corrected') RETURNING id INTO did2;
    UPDATE document SET superseded_by = did2 WHERE kind = 'result' AND report_id = 'R-A1' AND id <> did2 AND superseded_by IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_a supersedes its document (rows)', n, 1::BIGINT);
    UPDATE patient SET given_names = 'Ann Marie' WHERE id = pid;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_a updates its patient (rows)', n, 1::BIGINT);
    PERFORM pg_temp.refused('lab_a moves its patient to issuer B',
        format('UPDATE patient SET issuer = %L WHERE id = %s', 'B', pid), '42501', '%row-level security%');
    INSERT INTO source_file (sha256, path, format, byte_count, ingested_at)
        VALUES (repeat('c', 64), '/in/c', 'ctdna-result-1', 1, 'now');
    PERFORM pg_temp.refused('lab_a records a document as ingested by lab_b',
        format($q$INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status, ingested_by)
                  VALUES (%s, currval(pg_get_serial_sequence('source_file', 'id')), 'result', 'R-A2', 1, 'final', 'lab_b')$q$, pid),
        '42501', '%row-level security%');

    INSERT INTO audit_event (at, event, os_user, subject) VALUES ('2026-01-01T00:00:00Z', 'ingest', 'ann', '/in/a1-v1.json');
    INSERT INTO audit_event (at, event, os_user, subject, detail) VALUES ('2026-01-01T00:00:01Z', 'draft', 'ann', 'A1 (A)', 'data=x');
    PERFORM pg_temp.expect('audit_event.db_role', (SELECT db_role FROM audit_event WHERE event = 'ingest'), 'lab_a');
    PERFORM pg_temp.refused('lab_a appends an audit event in lab_b''s name',
        $q$INSERT INTO audit_event (at, event, os_user, db_role) VALUES ('2026-01-01T00:00:02Z', 'export', 'ann', 'lab_b')$q$,
        '42501', '%row-level security%');
    INSERT INTO report_release (patient_id, version, language, kind, authorised_by, authorised_at, rules_name, rules_version,
                                data_hash, pdf_sha256, pdf_path)
        VALUES (pid, 1, 'en', 'release', 'Dr A', '2026-01-03T00:00:00Z', 'rules', '1', repeat('d', 64), repeat('e', 64), '/out/a1.pdf');
    -- No UPDATE policy on the append-only tables: a lab role's UPDATE reaches no row (the
    -- owner's reaches the triggers, below).
    UPDATE report_release SET pdf_path = '/elsewhere';
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_a updates its release (rows)', n, 0::BIGINT);
    UPDATE audit_event SET detail = 'x';
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_a updates its audit events (rows)', n, 0::BIGINT);
    INSERT INTO issuer_alias (issuer, canonical, declared_by, declared_at) VALUES ('A2', 'A', 'ann', '2026-01-01');
    PERFORM pg_temp.refused('lab_a declares issuer B an alias of A',
        $q$INSERT INTO issuer_alias (issuer, canonical, declared_by, declared_at) VALUES ('B', 'A', 'ann', '2026-01-01')$q$,
        '42501', '%row-level security%');
    PERFORM pg_temp.refused('lab_a grants itself issuer B',
        $q$INSERT INTO lab_access (role_name, issuer) VALUES ('lab_a', 'B')$q$, '42501', '%row-level security%');
    PERFORM pg_temp.expect('lab_a reads its own lab_access rows', pg_temp.count_of('SELECT 1 FROM lab_access'), 2::BIGINT);
END $$;
RESET SESSION AUTHORIZATION;
-- Lab A's ids, for lab B's attempts below (identities are not reset by a rollback).
SELECT set_config('ctdna_check.a1_patient', (SELECT id FROM patient WHERE mrn = 'A1')::TEXT, false) AS a1_patient,
       set_config('ctdna_check.a1_document', (SELECT min(id) FROM document)::TEXT, false) AS a1_document \gset

-- Lab B sees none of lab A's rows, cannot write them, cannot attach rows to them.
SET SESSION AUTHORIZATION lab_b;
DO $$
DECLARE n BIGINT; t TEXT;
BEGIN
    PERFORM pg_temp.expect('lab_b: session_user', session_user::TEXT, 'lab_b');
    INSERT INTO patient (mrn, issuer, sex) VALUES ('B1', 'B', 'male');
    FOREACH t IN ARRAY ARRAY['patient WHERE issuer <> ''B''', 'document', 'draw', 'variant_call', 'source_file',
                             'marrow_assessment', 'marrow_cytogenetic', 'report_release', 'audit_event', 'issuer_alias'] LOOP
        PERFORM pg_temp.expect('lab_b sees rows of lab_a in ' || t, pg_temp.count_of('SELECT 1 FROM ' || t), 0::BIGINT);
    END LOOP;
    PERFORM pg_temp.expect('lab_b sees issuer A', ctdna_sees_issuer('A'), false);
    PERFORM pg_temp.expect('lab_b asks whether lab_a sees issuer A', ctdna_sees_issuer('A', 'lab_a'), false);
    UPDATE patient SET given_names = 'x' WHERE mrn = 'A1';
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_b updates lab_a''s patient (rows)', n, 0::BIGINT);
    UPDATE document SET superseded_by = NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM pg_temp.expect('lab_b updates lab_a''s documents (rows)', n, 0::BIGINT);
    PERFORM pg_temp.refused('lab_b adds a variant to lab_a''s document',
        format($q$INSERT INTO variant_call (document_id, variant_key, gene, status, origin, equivocal, subclonal)
                  VALUES (%s, 'TP53 R175H', 'TP53', 'not-detected', 'somatic', 0, 0)$q$, current_setting('ctdna_check.a1_document')),
        '42501', '%row-level security%');
    PERFORM pg_temp.refused('lab_b adds a draw to lab_a''s document',
        format($q$INSERT INTO draw (document_id, accession, collected, collected_epoch, collected_date, collected_estimated,
                                    assay_name, qc_status, lists_detected_only)
                  VALUES (%s, 'ACC-B', '2026-01-01T08:00:00Z', 1767254400, '2026-01-01', 0, 'panel', 'pass', 0)$q$,
               current_setting('ctdna_check.a1_document')),
        '42501', '%row-level security%');
    PERFORM pg_temp.refused('lab_b re-ingests lab_a''s file (same sha256)',
        $q$INSERT INTO source_file (sha256, path, format, byte_count, ingested_at)
           VALUES (repeat('a', 64), '/b/copy.json', 'ctdna-result-1', 100, 'now')$q$, '23505');
    PERFORM pg_temp.refused('lab_b releases a report of lab_a''s patient',
        $q$INSERT INTO report_release (patient_id, version, language, kind, authorised_by, authorised_at, rules_name,
                                       rules_version, data_hash, pdf_sha256, pdf_path)
           VALUES (current_setting('ctdna_check.a1_patient')::BIGINT, 2, 'en', 'release', 'Dr B', '2026-01-03T00:00:00Z', 'r', '1',
                   repeat('d', 64), repeat('e', 64), '/o')$q$,
        '42501', '%row-level security%');
END $$;
RESET SESSION AUTHORIZATION;

-- The role granted '*' sees every issuer's patients, and the patient's audit events (subject).
SET SESSION AUTHORIZATION lab_all;
DO $$
BEGIN
    PERFORM pg_temp.expect('lab_all sees patients', pg_temp.count_of('SELECT 1 FROM patient'), 2::BIGINT);
    PERFORM pg_temp.expect('lab_all sees documents', pg_temp.count_of('SELECT 1 FROM document'), 2::BIGINT);
    PERFORM pg_temp.expect('lab_all sees source files', pg_temp.count_of('SELECT 1 FROM source_file'), 2::BIGINT);
    PERFORM pg_temp.expect('lab_all sees the draft event naming A1 (A), not lab_a''s ingest event',
        (SELECT string_agg(event, ',') FROM audit_event), 'draft');
END $$;
RESET SESSION AUTHORIZATION;

-- The owner (the role that migrated the database) sees everything; RLS is not forced on it.
SET SESSION AUTHORIZATION :"owner";
DO $$
BEGIN
    PERFORM pg_temp.expect('owner sees patients', pg_temp.count_of('SELECT 1 FROM patient'), 2::BIGINT);
    -- Three: lab_a's two, and the one whose document was refused (no document: no lab sees it).
    PERFORM pg_temp.expect('owner sees source files', pg_temp.count_of('SELECT 1 FROM source_file'), 3::BIGINT);
    PERFORM pg_temp.expect('owner sees audit events', pg_temp.count_of('SELECT 1 FROM audit_event'), 2::BIGINT);
    PERFORM pg_temp.expect('owner sees lab_access rows', pg_temp.count_of('SELECT 1 FROM lab_access'), 5::BIGINT);
    PERFORM pg_temp.refused('owner updates a release (append-only)',
        'UPDATE report_release SET pdf_path = ''/elsewhere''', '23000', 'released reports are append-only');
    PERFORM pg_temp.refused('owner updates an audit event (append-only)',
        'UPDATE audit_event SET detail = ''x''', '23000', 'the audit trail is append-only');
    PERFORM pg_temp.refused('owner deletes a release (append-only)',
        'DELETE FROM report_release', '23000', 'released reports are append-only');
    PERFORM pg_temp.refused('owner deletes an audit event (append-only)',
        'DELETE FROM audit_event', '23000', 'the audit trail is append-only');
    PERFORM pg_temp.refused('owner truncates the audit trail (append-only)',
        'TRUNCATE audit_event', '23000', 'the audit trail is append-only');
    PERFORM pg_temp.refused('owner truncates the releases (append-only)',
        'TRUNCATE report_release CASCADE', '23000', 'released reports are append-only');
END $$;

-- Every CHECK refuses a bad row as SQLite's does (run as the owner: no policy in the way).
-- Each statement differs from an accepted row in the one value named.
DO $$
DECLARE
    did BIGINT := (SELECT min(id) FROM document);
    doc2 BIGINT := (SELECT max(id) FROM document);
    pid BIGINT := (SELECT min(id) FROM patient);
    vc TEXT := 'INSERT INTO variant_call (document_id, variant_key, gene, alt_reads, depth, vaf, status, origin, equivocal, subclonal) VALUES (' || did || ', ';
    bad RECORD;
BEGIN
    -- The accepted rows first: the statements below differ from them in one value.
    EXECUTE vc || $q$'ok 1', 'TP53', 5, 10, 0.5, 'detected', 'somatic', 0, 0)$q$;
    EXECUTE vc || $q$'ok 2', 'TP53', NULL, NULL, NULL, 'not-detected', 'somatic', 0, 0)$q$;
    FOR bad IN SELECT * FROM (VALUES
        ('variant_call: vaf > 1', vc || $q$'v1', 'TP53', 5, 10, 1.5, 'detected', 'somatic', 0, 0)$q$),
        ('variant_call: vaf < 0', vc || $q$'v2', 'TP53', 5, 10, -0.1, 'detected', 'somatic', 0, 0)$q$),
        ('variant_call: alt_reads > depth', vc || $q$'v3', 'TP53', 11, 10, 0.5, 'detected', 'somatic', 0, 0)$q$),
        ('variant_call: depth < 0', vc || $q$'v4', 'TP53', NULL, -1, 0.5, 'detected', 'somatic', 0, 0)$q$),
        ('variant_call: detected without vaf', vc || $q$'v5', 'TP53', 5, 10, NULL, 'detected', 'somatic', 0, 0)$q$),
        ('variant_call: vaf without detected', vc || $q$'v6', 'TP53', 5, 10, 0.5, 'not-detected', 'somatic', 0, 0)$q$),
        ('variant_call: bad status', vc || $q$'v7', 'TP53', 5, 10, NULL, 'maybe', 'somatic', 0, 0)$q$),
        ('variant_call: bad origin', vc || $q$'v8', 'TP53', 5, 10, 0.5, 'detected', 'viral', 0, 0)$q$),
        ('variant_call: equivocal 2', vc || $q$'v9', 'TP53', 5, 10, 0.5, 'detected', 'somatic', 2, 0)$q$),
        ('variant_call: empty gene', vc || $q$'v10', '', 5, 10, 0.5, 'detected', 'somatic', 0, 0)$q$),
        ('patient: bad sex', $q$INSERT INTO patient (mrn, issuer, sex) VALUES ('C1', 'C', 'f')$q$),
        ('patient: empty mrn', $q$INSERT INTO patient (mrn, issuer, sex) VALUES ('', 'C', 'female')$q$),
        ('patient: 65-character mrn', $q$INSERT INTO patient (mrn, issuer, sex) VALUES (repeat('m', 65), 'C', 'female')$q$),
        ('patient: birth_date 1960-1-31', $q$INSERT INTO patient (mrn, issuer, sex, birth_date) VALUES ('C2', 'C', 'female', '1960-1-31')$q$),
        ('patient: birth_date with a time', $q$INSERT INTO patient (mrn, issuer, sex, birth_date) VALUES ('C3', 'C', 'female', '1960-01-31T00')$q$),
        ('source_file: bad format', $q$INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES (repeat('9', 64), '/p', 'csv', 1, 'now')$q$),
        ('source_file: short sha256', $q$INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES ('abc', '/p', 'vcf-sample-sheet', 1, 'now')$q$),
        ('source_file: zero bytes', $q$INSERT INTO source_file (sha256, path, format, byte_count, ingested_at) VALUES (repeat('8', 64), '/p', 'vcf-sample-sheet', 0, 'now')$q$),
        ('document: bad status', format($q$INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status) VALUES (%s, (SELECT max(id) FROM source_file), 'result', 'R-X', 1, 'draft')$q$, pid)),
        ('document: version 0', format($q$INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status) VALUES (%s, (SELECT max(id) FROM source_file), 'result', 'R-X', 0, 'final')$q$, pid)),
        ('document: light_chain on a result', format('UPDATE document SET light_chain = %L WHERE id = %s', 'kappa', did)),
        ('draw: received before collected', format('UPDATE draw SET received_epoch = collected_epoch - 1 WHERE document_id = %s', did)),
        ('draw: lod > 1', format('UPDATE draw SET lod = 1.01 WHERE document_id = %s', did)),
        ('draw: collected_estimated 2', format('UPDATE draw SET collected_estimated = 2 WHERE document_id = %s', did)),
        ('draw: bad qc_status', format('UPDATE draw SET qc_status = %L WHERE document_id = %s', 'ok', did)),
        ('draw: background_error_rate > 1', format('UPDATE draw SET background_error_rate = 2 WHERE document_id = %s', did)),
        ('lab_value: immunofixation 0.5', format($q$INSERT INTO lab_value (document_id, marker, value, measured) VALUES (%s, 'serum-immunofixation', 0.5, '2026-01-01')$q$, doc2)),
        ('lab_value: CPC 101 %', format($q$INSERT INTO lab_value (document_id, marker, value, measured) VALUES (%s, 'circulating-plasma-cell-percent', 101, '2026-01-01')$q$, doc2)),
        ('lab_value: bad marker', format($q$INSERT INTO lab_value (document_id, marker, value, measured) VALUES (%s, 'ldh', 1, '2026-01-01')$q$, doc2)),
        ('therapy_line: end before start', format($q$INSERT INTO therapy_line (document_id, regimen, start_date, end_date) VALUES (%s, 'VRd', '2026-02-01', '2026-01-31')$q$, doc2)),
        ('marrow_assessment: 101 %', format($q$INSERT INTO marrow_assessment (document_id, performed, plasma_cell_percent) VALUES (%s, '2026-01-01', 101)$q$, doc2)),
        ('marrow_assessment: bad mrd_method', format($q$INSERT INTO marrow_assessment (document_id, performed, mrd_method) VALUES (%s, '2026-01-01', 'PCR')$q$, doc2)),
        ('marrow_cytogenetic: allelic when not detected', $q$INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected, allelic) SELECT min(id), 'gain(1q)', 0, 'biallelic' FROM marrow_assessment$q$),
        ('biopsy: performed 2026-1-01', format($q$INSERT INTO biopsy (document_id, performed, source) VALUES (%s, '2026-1-01', 'marrow')$q$, doc2)),
        ('biopsy: bad source', format($q$INSERT INTO biopsy (document_id, performed, source) VALUES (%s, '2026-01-01', 'blood')$q$, doc2)),
        ('imaging_study: bad modality', format($q$INSERT INTO imaging_study (document_id, modality, performed) VALUES (%s, 'X-ray', '2026-01-01')$q$, doc2)),
        ('structural_finding: bad kind', format($q$INSERT INTO structural_finding (document_id, kind, detected, equivocal) VALUES (%s, 'del(13q)', 1, 0)$q$, doc2)),
        ('issuer_alias: alias of itself', $q$INSERT INTO issuer_alias (issuer, canonical, declared_by, declared_at) VALUES ('Q', 'Q', 'me', '2026-01-01')$q$),
        ('distinct_patients: unsorted pair', $q$INSERT INTO distinct_patients VALUES ('M2', 'A', 'M1', 'A', 'me', '2026-01-01')$q$),
        ('distinct_patients: same MRN, unsorted issuers', $q$INSERT INTO distinct_patients VALUES ('M1', 'b', 'M1', 'B', 'me', '2026-01-01')$q$),
        ('report_release: amendment with an empty reason', format($q$INSERT INTO report_release (patient_id, version, language, kind, supersedes_version, reason, authorised_by, authorised_at, rules_name, rules_version, data_hash, pdf_sha256, pdf_path) VALUES (%s, 2, 'en', 'amendment', 1, '', 'Dr A', '2026-01-03T00:00:00Z', 'r', '1', repeat('d', 64), repeat('e', 64), '/o')$q$, pid)),
        ('report_release: supersedes a later version', format($q$INSERT INTO report_release (patient_id, version, language, kind, supersedes_version, reason, authorised_by, authorised_at, rules_name, rules_version, data_hash, pdf_sha256, pdf_path) VALUES (%s, 2, 'en', 'amendment', 2, 'typo', 'Dr A', '2026-01-03T00:00:00Z', 'r', '1', repeat('d', 64), repeat('e', 64), '/o')$q$, pid)),
        ('audit_event: bad event', $q$INSERT INTO audit_event (at, event, os_user) VALUES ('2026-01-01T00:00:00Z', 'delete', 'me')$q$),
        ('audit_event: short at', $q$INSERT INTO audit_event (at, event, os_user) VALUES ('2026-01-01', 'ingest', 'me')$q$)
    ) AS t(label, stmt) LOOP
        PERFORM pg_temp.refused(bad.label, bad.stmt, '23514');
    END LOOP;
    -- Accepted edge values (SQLite accepts them too): the sorted pair, an issuer-ordered pair
    -- in byte order ('B' < 'b'), an immunofixation of 1, a CPC of 100 %.
    INSERT INTO distinct_patients VALUES ('M1', 'B', 'M1', 'b', 'me', '2026-01-01');
    INSERT INTO lab_value (document_id, marker, value, measured) VALUES (doc2, 'serum-immunofixation', 1, '2026-01-01'),
                                                                       (doc2, 'circulating-plasma-cell-percent', 100, '2026-01-01');
    -- As in SQLite, `CHECK (kind = 'release' OR length(reason) > 0)` is NULL, so passes, for an
    -- amendment whose reason is NULL: the CHECK refuses an empty reason, not a missing one.
    INSERT INTO report_release (patient_id, version, language, kind, supersedes_version, authorised_by, authorised_at,
                                rules_name, rules_version, data_hash, pdf_sha256, pdf_path)
        VALUES (pid, 2, 'de', 'amendment', 1, 'Dr A', '2026-01-03T00:00:00Z', 'r', '1', repeat('d', 64), repeat('e', 64), '/o');
    PERFORM pg_temp.refused('variant_call: duplicate variant key', vc || $q$'ok 1', 'TP53', 5, 10, 0.5, 'detected', 'somatic', 0, 0)$q$, '23505');
    PERFORM pg_temp.refused('document: unknown patient',
        $q$INSERT INTO document (patient_id, source_file_id, kind, report_id, version, status) VALUES (-1, (SELECT max(id) FROM source_file), 'result', 'R-Y', 1, 'final')$q$, '23503');
END $$;
RESET SESSION AUTHORIZATION;

-- The catalogue: every table has row-level security enabled (not forced), every append-only
-- trigger is there.
DO $$
DECLARE missing TEXT;
BEGIN
    SELECT string_agg(c.relname, ', ') INTO missing FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND (NOT c.relrowsecurity OR c.relforcerowsecurity)
          AND c.relname <> 'schema_migrations';
    PERFORM pg_temp.expect('tables without RLS (or with FORCE)', coalesce(missing, ''), '');
    SELECT string_agg(t, ', ') INTO missing FROM unnest(ARRAY['report_release_append_only_update', 'report_release_append_only_delete',
            'audit_event_append_only_update', 'audit_event_append_only_delete']) t
        WHERE NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = t);
    PERFORM pg_temp.expect('missing append-only triggers', coalesce(missing, ''), '');
END $$;

ROLLBACK;
\echo pg-schema-check: all expectations met
