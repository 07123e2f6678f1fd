#!/usr/bin/env python3
"""Writes SampleData/: a fictional myeloma cohort in ctDNA Monitor result XML v1.

Every name, MRN and value here is invented. Deterministic: running it again gives
the same bytes. Run from the repository root: python3 scripts/make_sample_data.py
"""
import os
import sys
from xml.sax.saxutils import escape

NS = "urn:ctdna-monitor:result:1"
PANEL = ("KRAS NRAS BRAF TP53 DIS3 FAM46C TENT5C TRAF3 CYLD FGFR3 CIC MYC IRF4 PRDM1 "
         "DNMT3A TET2 ASXL1 PPM1D JAK2 SF3B1 SRSF2 CBL GNB1")
LAB = "Northbridge Haematology Molecular Laboratory"

VARIANTS = {
    "KRAS G12D": ("KRAS", "NM_004985.5", "c.35G>A", "p.Gly12Asp", ("chr12", 25245350, "C", "T")),
    "KRAS G13D": ("KRAS", "NM_004985.5", "c.38G>A", "p.Gly13Asp", ("chr12", 25245347, "C", "T")),
    "KRAS Q61H": ("KRAS", "NM_004985.5", "c.183A>C", "p.Gln61His", ("chr12", 25227341, "T", "G")),
    "NRAS Q61K": ("NRAS", "NM_002524.5", "c.181C>A", "p.Gln61Lys", ("chr1", 114713909, "G", "T")),
    "BRAF V600E": ("BRAF", "NM_004333.6", "c.1799T>A", "p.Val600Glu", ("chr7", 140753336, "A", "T")),
    "TP53 R248Q": ("TP53", "NM_000546.6", "c.743G>A", "p.Arg248Gln", ("chr17", 7674220, "C", "T")),
    "DIS3 R780K": ("DIS3", "NM_014953.5", "c.2339G>A", "p.Arg780Lys", ("chr13", 72763423, "C", "T")),
    "DNMT3A R882H": ("DNMT3A", "NM_022552.5", "c.2645G>A", "p.Arg882His", ("chr2", 25234373, "C", "T")),
}

PATIENTS = [
    {
        "mrn": "MM-1001", "family": "Hale", "given": ["Margaret"], "sex": "female", "born": "1958-04-11",
        "story": "responder who clears",
        "draws": [
            ("2024-01-08", {"KRAS G12D": 0.082, "DIS3 R780K": 0.064}, 14.2, 0.11),
            ("2024-02-19", {"KRAS G12D": 0.021, "DIS3 R780K": 0.017}, 9.1, 0.03),
            ("2024-04-02", {"KRAS G12D": 0.0042, "DIS3 R780K": 0.0031}, 7.0, None),
            ("2024-06-10", {"KRAS G12D": None, "DIS3 R780K": 0.0008}, 6.2, None),
            ("2024-09-16", {"KRAS G12D": None, "DIS3 R780K": None}, 5.8, None),
            ("2024-12-09", {"KRAS G12D": None, "DIS3 R780K": None}, 6.1, None),
            ("2025-03-17", {"KRAS G12D": None, "DIS3 R780K": None}, 5.5, None),
        ],
        "findings": [("gain(1q)", "detected", {})],
        "therapy": [("VRd", ["bortezomib", "lenalidomide", "dexamethasone"], "2024-01-15", "2024-05-06", "induction"),
                    ("ASCT (melphalan 200 mg/m2)", ["melphalan"], "2024-06-24", "2024-06-25", "consolidation"),
                    ("Lenalidomide maintenance", ["lenalidomide"], "2024-09-02", None, "maintenance")],
        "mprotein": [("2024-01-05", 3.4), ("2024-02-16", 1.6), ("2024-04-01", 0.5), ("2024-06-07", 0.2),
                     ("2024-09-13", 0.0), ("2024-12-06", 0.0), ("2025-03-14", 0.0)],
        "marrow": [("2024-01-04", 48, "positive", None), ("2024-09-12", 1, "negative", 0.00001)],
        "imaging": [],
        "amend": 1,
    },
    {
        "mrn": "MM-1002", "family": "Okafor", "given": ["Daniel"], "sex": "male", "born": "1966-09-23",
        "story": "extramedullary relapse with a new BRAF V600E clone",
        "draws": [
            ("2024-02-05", {"NRAS Q61K": 0.124}, 18.5, 0.16),
            ("2024-03-18", {"NRAS Q61K": 0.031}, 10.4, 0.04),
            ("2024-05-13", {"NRAS Q61K": 0.006}, 8.2, None),
            ("2024-08-05", {"NRAS Q61K": 0.004, "BRAF V600E": None}, 8.8, None),
            ("2024-10-28", {"NRAS Q61K": 0.019, "BRAF V600E": 0.007}, 12.6, 0.03),
            ("2024-12-16", {"NRAS Q61K": 0.058, "BRAF V600E": 0.036}, 21.7, 0.09),
            ("2025-02-24", {"NRAS Q61K": 0.011, "BRAF V600E": 0.005}, 11.0, None),
        ],
        "findings": [("t(4;14)", "detected", {})],
        "therapy": [("Dara-VRd", ["daratumumab", "bortezomib", "lenalidomide", "dexamethasone"],
                     "2024-02-12", "2024-10-21", "induction"),
                    ("Ciltacabtagene autoleucel (CAR-T)", ["cilta-cel"], "2025-01-13", "2025-01-13", "salvage")],
        "mprotein": [("2024-02-02", 2.1), ("2024-03-15", 0.9), ("2024-05-10", 0.4), ("2024-08-02", 0.4),
                     ("2024-10-25", 0.4), ("2024-12-13", 0.3), ("2025-02-21", 0.2)],
        "marrow": [("2024-02-01", 35, "positive", None), ("2024-12-10", 4, "positive", 0.00001)],
        "imaging": [("PET-CT", "2024-02-01", [], "Diffuse marrow uptake, no extramedullary lesion."),
                    ("PET-CT", "2024-12-11", ["pleura", "skin-soft-tissue"],
                     "New FDG-avid pleural plasmacytoma and a subcutaneous chest-wall lesion.")],
        "amend": None,
    },
    {
        "mrn": "MM-1003", "family": "Lindqvist", "given": ["Erik", "Johan"], "sex": "male", "born": "1951-12-02",
        "story": "TP53 / del(17p) high risk",
        "draws": [
            ("2024-03-04", {"TP53 R248Q": 0.151, "KRAS G13D": 0.088}, 22.3, 0.21),
            ("2024-04-15", {"TP53 R248Q": 0.072, "KRAS G13D": 0.036}, 15.8, 0.10),
            ("2024-06-03", {"TP53 R248Q": 0.049, "KRAS G13D": 0.012}, 13.1, 0.06),
            ("2024-08-12", {"TP53 R248Q": 0.061, "KRAS G13D": 0.009}, 14.0, 0.07),
            ("2024-10-21", {"TP53 R248Q": 0.118, "KRAS G13D": 0.021}, 19.9, 0.15),
            ("2024-12-30", {"TP53 R248Q": 0.196, "KRAS G13D": 0.044}, 27.5, 0.24),
        ],
        "findings": [("del(17p)", "detected", {}), ("gain(1q)", "detected", {}),
                     ("copy-number", "detected", {"gene": "MYC", "copyNumber": "6", "detail": "amplification"})],
        "therapy": [("Dara-KRd", ["daratumumab", "carfilzomib", "lenalidomide", "dexamethasone"],
                     "2024-03-11", "2024-09-30", "induction"),
                    ("Teclistamab", ["teclistamab"], "2024-11-04", None, "salvage")],
        "mprotein": [("2024-03-01", 4.2), ("2024-04-12", 2.8), ("2024-05-31", 2.2), ("2024-08-09", 2.4),
                     ("2024-10-18", 3.3), ("2024-12-27", 4.4)],
        "marrow": [("2024-02-28", 62, "positive", None)],
        "imaging": [],
        "amend": None,
    },
    {
        "mrn": "MM-1004", "family": "Moreau", "given": ["Claire"], "sex": "female", "born": "1949-06-30",
        "story": "flat DNMT3A clonal haematopoiesis beside a falling tumour clone",
        "draws": [
            ("2024-01-22", {"KRAS Q61H": 0.064, "DNMT3A R882H": 0.031}, 12.0, 0.08),
            ("2024-03-04", {"KRAS Q61H": 0.022, "DNMT3A R882H": 0.029}, 9.5, 0.03),
            ("2024-04-29", {"KRAS Q61H": 0.007, "DNMT3A R882H": 0.033}, 8.0, None),
            ("2024-07-08", {"KRAS Q61H": 0.002, "DNMT3A R882H": 0.030}, 7.4, None),
            ("2024-09-30", {"KRAS Q61H": None, "DNMT3A R882H": 0.032}, 7.1, None),
            ("2024-12-16", {"KRAS Q61H": None, "DNMT3A R882H": 0.031}, 6.9, None),
        ],
        "white_cell": {"DNMT3A R882H": 0.028},
        "findings": [("t(11;14)", "detected", {})],
        "therapy": [("Isa-KRd", ["isatuximab", "carfilzomib", "lenalidomide", "dexamethasone"],
                     "2024-01-29", "2024-08-19", "induction"),
                    ("Lenalidomide maintenance", ["lenalidomide"], "2024-09-09", None, "maintenance")],
        "mprotein": [("2024-01-19", 2.6), ("2024-03-01", 1.2), ("2024-04-26", 0.4), ("2024-07-05", 0.1),
                     ("2024-09-27", 0.0), ("2024-12-13", 0.0)],
        "marrow": [("2024-01-18", 30, "positive", None), ("2024-09-25", 0, "negative", 0.00001)],
        "imaging": [],
        "amend": None,
    },
]


def depth_for(i, j):
    return 4200 + (i * 731 + j * 389) % 2600


def patient_xml(p, indent="  "):
    given = "".join(f"<given>{escape(g)}</given>" for g in p["given"])
    return (f"{indent}<patient>\n"
            f"{indent}  <mrn issuer=\"NBH\">{p['mrn']}</mrn>\n"
            f"{indent}  <name><family>{escape(p['family'])}</family>{given}</name>\n"
            f"{indent}  <sex>{p['sex']}</sex>\n"
            f"{indent}  <birthDate>{p['born']}</birthDate>\n"
            f"{indent}</patient>\n")


def variant_xml(name, vaf, depth, white_cell):
    gene, tx, c, prot, (chrom, pos, ref, alt) = VARIANTS[name]
    origin = "somatic"
    body = (f"      <gene>{gene}</gene>\n      <transcript>{tx}</transcript>\n"
            f"      <cHGVS>{escape(c)}</cHGVS>\n      <pHGVS>{prot}</pHGVS>\n"
            f"      <genomic chrom=\"{chrom}\" pos=\"{pos}\" ref=\"{ref}\" alt=\"{alt}\"/>\n")
    if vaf is None:
        status = "not-detected"
        body += f"      <altReads>0</altReads>\n      <depth>{depth}</depth>\n"
    else:
        status = "detected"
        alt_reads = max(1, round(vaf * depth))
        body += (f"      <altReads>{alt_reads}</altReads>\n      <depth>{depth}</depth>\n"
                 f"      <vaf>{alt_reads / depth:.5f}</vaf>\n")
    if white_cell is not None:
        body += f"      <whiteCellVaf>{white_cell}</whiteCellVaf>\n      <whiteCellDepth>3800</whiteCellDepth>\n"
    return f"    <variant status=\"{status}\" origin=\"{origin}\">\n{body}    </variant>\n"


def result_xml(p, i, j, draw, version=1, note=None):
    date, calls, cfdna, tf = draw
    report_id = f"NBH-{p['mrn'][3:]}-{j + 1:02d}"
    variants = "".join(variant_xml(n, v, depth_for(i, j), p.get("white_cell", {}).get(n))
                       for n, v in calls.items())
    findings = ""
    if j == 0:
        for kind, status, extra in p["findings"]:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in extra.items())
            findings += f"    <finding kind=\"{escape(kind)}\" status=\"{status}\"{attrs}/>\n"
        findings = f"  <findings>\n{findings}  </findings>\n"
    tf_xml = f"  <tumourFraction>{tf}</tumourFraction>\n" if tf is not None else ""
    status = "final" if version == 1 else "amended"
    comment = f"  <!-- {note} -->\n" if note else ""
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<ctdnaResult xmlns=\"{NS}\" reportId=\"{report_id}\" version=\"{version}\" status=\"{status}\""
            f" issued=\"{date}T16:00:00Z\">\n{comment}"
            f"  <laboratory>{LAB}</laboratory>\n"
            f"  <orderingClinician>Dr A. Menon, Myeloma Clinic</orderingClinician>\n"
            + patient_xml(p) +
            f"  <specimen accession=\"S{p['mrn'][3:]}-{j + 1:02d}\">\n"
            f"    <collected>{date}T08:30:00+00:00</collected>\n"
            f"    <received>{date}T13:05:00+00:00</received>\n"
            f"    <tubeType>Streck cfDNA BCT</tubeType>\n"
            f"    <plasmaVolumeMl>4.0</plasmaVolumeMl>\n"
            f"    <cfDNANgPerMl>{cfdna}</cfDNANgPerMl>\n"
            f"  </specimen>\n"
            f"  <assay name=\"MyeloTrack-cf\" version=\"2.1\">\n"
            f"    <panel>{PANEL}</panel>\n"
            f"    <limitOfDetection>0.0005</limitOfDetection>\n"
            f"  </assay>\n"
            f"  <qc status=\"pass\"/>\n"
            + tf_xml +
            f"  <variants>\n{variants}  </variants>\n" + findings +
            f"</ctdnaResult>\n")


def clinical_xml(p):
    lines = ""
    for regimen, drugs, start, end, intent in p["therapy"]:
        end_attr = f' end="{end}"' if end else ""
        drug_xml = "".join(f"<drug>{escape(d)}</drug>" for d in drugs)
        lines += f"    <line regimen=\"{escape(regimen)}\" start=\"{start}\"{end_attr} intent=\"{intent}\">{drug_xml}</line>\n"
    labs = "".join(f"    <value marker=\"m-protein\" date=\"{d}\">{v}</value>\n" for d, v in p["mprotein"])
    marrow = ""
    for d, pc, mrd, sens in p["marrow"]:
        s = f' mrdSensitivity="{sens:.5f}"' if sens else ""
        marrow += f"  <marrow date=\"{d}\" plasmaCellPercent=\"{pc}\" mrd=\"{mrd}\"{s}/>\n"
    imaging = ""
    for modality, d, sites, summary in p["imaging"]:
        site_xml = "".join(f"<site>{s}</site>" for s in sites)
        imaging += f"  <imaging modality=\"{modality}\" date=\"{d}\">{site_xml}<summary>{escape(summary)}</summary></imaging>\n"
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<clinicalContext xmlns=\"{NS}\" documentId=\"NBH-CLIN-{p['mrn'][3:]}\" version=\"1\">\n"
            + patient_xml(p) +
            f"  <therapy>\n{lines}  </therapy>\n  <labs>\n{labs}  </labs>\n{marrow}{imaging}"
            f"</clinicalContext>\n")


def main():
    root = "SampleData/ctdna-xml"
    os.makedirs(root, exist_ok=True)
    for i, p in enumerate(PATIENTS):
        folder = os.path.join(root, p["mrn"])
        os.makedirs(folder, exist_ok=True)
        for j, draw in enumerate(p["draws"]):
            with open(os.path.join(folder, f"draw-{j + 1:02d}.xml"), "w") as f:
                f.write(result_xml(p, i, j, draw))
            if p.get("amend") == j:
                # A corrected version: the lab re-called the DIS3 VAF after a pipeline fix.
                date, calls, cfdna, tf = draw
                fixed = dict(calls)
                fixed["DIS3 R780K"] = 0.019
                with open(os.path.join(folder, f"draw-{j + 1:02d}_amended.xml"), "w") as f:
                    f.write(result_xml(p, i, j, (date, fixed, cfdna, tf), version=2,
                                       note="Amended: DIS3 VAF re-called after a pipeline correction."))
        with open(os.path.join(folder, "clinical.xml"), "w") as f:
            f.write(clinical_xml(p))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import sample_cross_format
    sample_cross_format.write("SampleData")


if __name__ == "__main__":
    main()
