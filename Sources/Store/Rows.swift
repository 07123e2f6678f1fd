import CtDNAModel
import GRDB

/// Inserts a result report's rows under its document.
struct ReportRows {
    let db: Database
    let documentID: Int64

    func insert(_ r: ResultReport) throws {
        let s = r.specimen
        try db.cachedStatement(sql: """
            INSERT INTO draw (document_id, laboratory, ordering_clinician, accession, collected, collected_epoch,
              collected_date, collected_estimated, received, received_epoch, tube_type, plasma_volume_ml,
              cfdna_ng_per_ml, assay_name, assay_version, panel_genes, lod, tumour_fraction, qc_status,
              lists_detected_only)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                SQLValue(documentID), SQLValue(r.laboratory), SQLValue(r.orderingClinician), SQLValue(s.accession),
                SQLValue(s.collected.text), SQLValue(s.collected.epochSeconds), SQLValue(s.collected.date.description),
                SQLValue(s.collectedIsEstimated), SQLValue(s.received?.text), SQLValue(s.received?.epochSeconds),
                SQLValue(s.tubeType), SQLValue(s.plasmaVolumeMl), SQLValue(s.cfDNANanogramsPerMl),
                SQLValue(r.assay.name), SQLValue(r.assay.version), SQLValue(r.assay.panelGenes.joined(separator: " ")),
                SQLValue(r.assay.limitOfDetection?.fraction), SQLValue(r.tumourFraction?.fraction),
                SQLValue(r.quality.rawValue), SQLValue(r.listsDetectedOnly),
            ])
        for v in r.variants {
            try db.cachedStatement(sql: """
                INSERT INTO variant_call (document_id, variant_key, gene, transcript, coding_change, protein_change,
                  chrom, position, ref, alt, alt_reads, depth, vaf, status, origin, white_cell_vaf, white_cell_depth,
                  equivocal, subclonal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                    SQLValue(documentID), SQLValue(v.key.description), SQLValue(v.gene), SQLValue(v.transcript),
                    SQLValue(v.codingChange), SQLValue(v.proteinChange), SQLValue(v.location?.chromosome),
                    SQLValue(v.location?.position), SQLValue(v.location?.reference), SQLValue(v.location?.alternate),
                    SQLValue(v.altReads), SQLValue(v.depth), SQLValue(v.alleleFraction?.fraction),
                    SQLValue(v.status.rawValue), SQLValue(v.origin.rawValue), SQLValue(v.whiteCellFraction?.fraction),
                    SQLValue(v.whiteCellDepth), SQLValue(v.equivocal), SQLValue(v.subclonal),
                ])
        }
        for f in r.findings {
            try db.cachedStatement(sql: """
                INSERT INTO structural_finding (document_id, kind, gene, other_gene, detail, detected, copy_number, equivocal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).run([SQLValue(documentID), SQLValue(f.kind.rawValue), SQLValue(f.gene), SQLValue(f.otherGene),
                          SQLValue(f.detail), SQLValue(f.detected), SQLValue(f.copyNumber), SQLValue(f.equivocal)])
        }
        for b in r.biomarkers {
            try db.cachedStatement(sql: "INSERT INTO biomarker (document_id, name, value) VALUES (?, ?, ?)").run([SQLValue(documentID), SQLValue(b.name), SQLValue(b.value)])
        }
    }
}

/// Inserts a clinical-context document's rows.
struct ClinicalRows {
    let db: Database
    let documentID: Int64

    func insert(_ c: ClinicalContext) throws {
        for t in c.therapyLines {
            try db.cachedStatement(sql: """
                INSERT INTO therapy_line (document_id, regimen, drugs, start_date, end_date, intent) VALUES (?, ?, ?, ?, ?, ?)
                """).run([SQLValue(documentID), SQLValue(t.regimen), SQLValue(t.drugs.joined(separator: "\t")),
                          SQLValue(t.start.description), SQLValue(t.end?.description), SQLValue(t.intent)])
        }
        for v in c.labValues {
            try db.cachedStatement(sql: "INSERT INTO lab_value (document_id, marker, value, measured) VALUES (?, ?, ?, ?)").run([SQLValue(documentID), SQLValue(v.marker.rawValue), SQLValue(v.value), SQLValue(v.measured.description)])
        }
        for m in c.marrow {
            try db.cachedStatement(sql: """
                INSERT INTO marrow_assessment (document_id, performed, plasma_cell_percent, mrd, mrd_sensitivity)
                VALUES (?, ?, ?, ?, ?)
                """).run([SQLValue(documentID), SQLValue(m.performed.description), SQLValue(m.plasmaCellPercent),
                          SQLValue(m.mrd?.rawValue), SQLValue(m.mrdSensitivity)])
        }
        for i in c.imaging {
            try db.cachedStatement(sql: """
                INSERT INTO imaging_study (document_id, modality, performed, sites, summary) VALUES (?, ?, ?, ?, ?)
                """).run([SQLValue(documentID), SQLValue(i.modality.rawValue), SQLValue(i.performed.description),
                          SQLValue(i.extramedullarySites.map(\.rawValue).joined(separator: " ")), SQLValue(i.summary)])
        }
    }
}
