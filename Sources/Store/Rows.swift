import CtDNAModel

/// Inserts a result report's rows under its document.
struct ReportRows {
    let db: any SQLSession
    let documentID: Int64

    func insert(_ r: ResultReport) throws {
        let s = r.specimen
        try db.execute("""
            INSERT INTO draw (document_id, laboratory, ordering_clinician, accession, collected, collected_epoch,
              collected_date, collected_estimated, received, received_epoch, tube_type, plasma_volume_ml,
              cfdna_ng_per_ml, assay_name, assay_version, panel_genes, lod, tumour_fraction, qc_status,
              lists_detected_only, background_error_rate, processing_hours)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                documentID, r.laboratory, r.orderingClinician, s.accession,
                s.collected.text, s.collected.epochSeconds, s.collected.date.description,
                s.collectedIsEstimated, s.received?.text, s.received?.epochSeconds,
                s.tubeType, s.plasmaVolumeMl, s.cfDNANanogramsPerMl,
                r.assay.name, r.assay.version, r.assay.panelGenes.joined(separator: " "),
                r.assay.limitOfDetection?.fraction, r.tumourFraction?.fraction,
                r.quality.rawValue, r.listsDetectedOnly, r.assay.backgroundErrorRate?.fraction, s.processingHours,
            ])
        try db.insertRows(into: "variant_call", columns: [
            "document_id", "variant_key", "gene", "transcript", "coding_change", "protein_change", "chrom", "position", "ref",
            "alt", "alt_reads", "depth", "vaf", "status", "origin", "white_cell_vaf", "white_cell_depth", "equivocal",
            "subclonal", "clinical_significance",
        ], r.variants.map { v in [
            documentID, v.key.description, v.gene, v.transcript,
            v.codingChange, v.proteinChange, v.location?.chromosome,
            v.location?.position, v.location?.reference, v.location?.alternate,
            v.altReads, v.depth, v.alleleFraction?.fraction,
            v.status.rawValue, v.origin.rawValue, v.whiteCellFraction?.fraction,
            v.whiteCellDepth, v.equivocal, v.subclonal, v.clinicalSignificance?.rawValue,
        ] })
        try db.insertRows(into: "structural_finding", columns: [
            "document_id", "kind", "gene", "other_gene", "detail", "detected", "copy_number", "equivocal",
        ], r.findings.map { f in [documentID, f.kind.rawValue, f.gene, f.otherGene, f.detail, f.detected, f.copyNumber, f.equivocal] })
        try db.insertRows(into: "biomarker", columns: ["document_id", "name", "value"],
                          r.biomarkers.map { b in [documentID, b.name, b.value] })
    }
}

/// Inserts a clinical-context document's rows.
struct ClinicalRows {
    let db: any SQLSession
    let documentID: Int64

    func insert(_ c: ClinicalContext) throws {
        if let lightChain = c.lightChain {
            try db.execute("UPDATE document SET light_chain = ? WHERE id = ?", [lightChain.rawValue, documentID])
        }
        try db.insertRows(into: "therapy_line", columns: ["document_id", "regimen", "drugs", "start_date", "end_date", "intent"],
                          c.therapyLines.map { t in
                              [documentID, t.regimen, t.drugs.joined(separator: "\t"), t.start.description, t.end?.description, t.intent]
                          })
        try db.insertRows(into: "lab_value", columns: ["document_id", "marker", "value", "measured"],
                          c.labValues.map { v in [documentID, v.marker.rawValue, v.value, v.measured.description] })
        for m in c.marrow {
            let marrowID = try db.insertRow("""
                INSERT INTO marrow_assessment (document_id, performed, plasma_cell_percent, mrd, mrd_sensitivity, mrd_method)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [documentID, m.performed.description, m.plasmaCellPercent,
                          m.mrd?.rawValue, m.mrdSensitivity, m.mrdMethod?.rawValue])
            for f in m.cytogenetics {
                try db.execute("""
                    INSERT INTO marrow_cytogenetic (marrow_assessment_id, kind, detected, clonal_fraction, allelic) VALUES (?, ?, ?, ?, ?)
                    """, [marrowID, f.kind.rawValue, f.detected, f.clonalFraction, f.allelic?.rawValue])
            }
        }
        for i in c.imaging {
            // `sites` as well as the lesion rows: what a store before v5 holds, and reads.
            let studyID = try db.insertRow("""
                INSERT INTO imaging_study (document_id, modality, performed, sites, summary) VALUES (?, ?, ?, ?, ?)
                """, [documentID, i.modality.rawValue, i.performed.description,
                          i.extramedullarySites.map(\.rawValue).joined(separator: " "), i.summary])
            for l in i.lesions {
                try db.execute("INSERT INTO imaging_lesion (imaging_study_id, site, lesion_class) VALUES (?, ?, ?)",
                    [studyID, l.site.rawValue, l.lesionClass.rawValue])
            }
        }
        for b in c.biopsies {
            let biopsyID = try db.insertRow("INSERT INTO biopsy (document_id, performed, source) VALUES (?, ?, ?)",
                [documentID, b.performed.description, b.source.rawValue])
            for key in b.variants {
                try db.execute("INSERT INTO biopsy_variant (biopsy_id, variant_key) VALUES (?, ?)",
                    [biopsyID, key])
            }
        }
    }
}
