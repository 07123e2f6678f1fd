#!/usr/bin/env python3
"""Writes SampleData/ctdna-xml/: a fictional myeloma cohort in ctDNA Monitor result XML v1.

Every name, MRN and value here is invented. Deterministic: running it again gives
the same bytes. Run from the repository root: python3 scripts/make_sample_data.py

SampleData/cross-format/MM-1005 (our XML, FHIR XML and JSON, FoundationOne, and its
clinical context) is edited by hand since issue 13 and is not written here.

What each patient shows (issue 13):
- MM-1001 responds and clears: IMS/IMWG 2025 standard risk (a complete FISH panel with
  gain(1q) alone, beta2-microglobulin 3.1 mg/L, TP53 sequenced and wild type but for
  the benign germline polymorphism p.Pro72Arg, listed and never tracked); kappa/lambda
  free light chains and immunofixation: stringent complete response at the end of
  induction; marrow MRD negative by NGS at 1e-5 after ASCT and at the end.
- MM-1002 relapses outside the marrow with a new BRAF V600E clone: high risk by t(4;14)
  with gain(1q); oligosecretory (M-protein never above 0.4 g/dL, not measurable), so the
  confirmed ctDNA rise has no IMWG progression beside it; PET-CT with pleural and skin
  (extramedullary) and rib (paraskeletal) lesions, then the skin lesion resolved.
- MM-1003: high risk by del(17p) in 45 % of plasma cells and a somatic TP53 R248Q (also
  in the diagnostic marrow biopsy); the M-protein rises to IMWG progression beside the
  ctDNA rise; one draw in an EDTA tube separated after 8 hours (pre-analytic delay).
- MM-1004: high risk by beta2-microglobulin 6.2 mg/L with a normal creatinine (FISH
  negative but for t(11;14)); DNMT3A R882H slightly higher in matched white cells
  (clonal haematopoiesis); TP53 R248W and PPM1D R552* appear at 0.05 % on lenalidomide
  maintenance (CH-prone genes after therapy: indeterminate, never a new clone or a rise).
"""
import os
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
    "TP53 P72R": ("TP53", "NM_000546.6", "c.215C>G", "p.Pro72Arg", ("chr17", 7676154, "G", "C")),
    "TP53 R248W": ("TP53", "NM_000546.6", "c.742C>T", "p.Arg248Trp", ("chr17", 7674221, "G", "A")),
    "PPM1D R552*": ("PPM1D", "NM_003620.4", "c.1654C>T", "p.Arg552Ter", None),
}

# Per variant of a patient (default: origin somatic, the draw's depth, no significance):
# "origin" None leaves the lab's origin out (unknown), "significance" a clinicalSignificance,
# "depth" the variant's own read depth.
PATIENTS = [
    {
        "mrn": "MM-1001", "family": "Hale", "given": ["Margaret"], "sex": "female", "born": "1958-04-11",
        "story": "responder who clears",
        "draws": [
            ("2024-01-08", {"KRAS G12D": 0.082, "DIS3 R780K": 0.064, "TP53 P72R": 0.497}, 14.2, 0.11),
            ("2024-02-19", {"KRAS G12D": 0.021, "DIS3 R780K": 0.017, "TP53 P72R": 0.503}, 9.1, 0.03),
            ("2024-04-02", {"KRAS G12D": 0.0042, "DIS3 R780K": 0.0031, "TP53 P72R": 0.489}, 7.0, None),
            ("2024-06-10", {"KRAS G12D": None, "DIS3 R780K": 0.0008, "TP53 P72R": 0.508}, 6.2, None),
            ("2024-09-16", {"KRAS G12D": None, "DIS3 R780K": None, "TP53 P72R": 0.495}, 5.8, None),
            ("2024-12-09", {"KRAS G12D": None, "DIS3 R780K": None, "TP53 P72R": 0.501}, 6.1, None),
            ("2025-03-17", {"KRAS G12D": None, "DIS3 R780K": None, "TP53 P72R": 0.492}, 5.5, None),
        ],
        # The common TP53 polymorphism (rs1042522): germline, benign, listed and never tracked.
        "variant_info": {"TP53 P72R": {"origin": "germline", "significance": "benign"}},
        "findings": [("gain(1q)", "detected", {})],
        "therapy": [("VRd", ["bortezomib", "lenalidomide", "dexamethasone"], "2024-01-15", "2024-05-06", "induction"),
                    ("ASCT (melphalan 200 mg/m2)", ["melphalan"], "2024-06-24", "2024-06-25", "consolidation"),
                    ("Lenalidomide maintenance", ["lenalidomide"], "2024-09-02", None, "maintenance")],
        "light_chain": "kappa",
        "mprotein": [("2024-01-05", 3.4), ("2024-02-16", 1.6), ("2024-04-01", 0.5), ("2024-06-07", 0.0),
                     ("2024-09-13", 0.0), ("2024-12-06", 0.0), ("2025-03-14", 0.0)],
        # (date, marker, value): IgG-kappa; kappa/lambda FLC at each M-protein date; immunofixation
        # negative from the end of induction; risk inputs at diagnosis.
        "labs": [("2024-01-05", "kappa-flc", 412), ("2024-01-05", "lambda-flc", 8.6),
                 ("2024-01-05", "serum-immunofixation", 1), ("2024-01-05", "urine-immunofixation", 1),
                 ("2024-01-05", "beta2-microglobulin", 3.1), ("2024-01-05", "creatinine", 0.8),
                 ("2024-02-16", "kappa-flc", 96.0), ("2024-02-16", "lambda-flc", 9.8),
                 ("2024-02-16", "serum-immunofixation", 1),
                 ("2024-04-01", "kappa-flc", 31.5), ("2024-04-01", "lambda-flc", 11.2),
                 ("2024-04-01", "serum-immunofixation", 1), ("2024-04-01", "urine-immunofixation", 1),
                 ("2024-06-07", "kappa-flc", 14.2), ("2024-06-07", "lambda-flc", 12.1),
                 ("2024-06-07", "serum-immunofixation", 0), ("2024-06-07", "urine-immunofixation", 0),
                 ("2024-09-13", "kappa-flc", 12.8), ("2024-09-13", "lambda-flc", 13.5),
                 ("2024-09-13", "serum-immunofixation", 0), ("2024-09-13", "urine-immunofixation", 0),
                 ("2024-12-06", "kappa-flc", 13.1), ("2024-12-06", "lambda-flc", 12.4),
                 ("2024-12-06", "serum-immunofixation", 0), ("2024-12-06", "urine-immunofixation", 0),
                 ("2025-03-14", "kappa-flc", 12.5), ("2025-03-14", "lambda-flc", 13.0),
                 ("2025-03-14", "serum-immunofixation", 0), ("2025-03-14", "urine-immunofixation", 0)],
        # (date, plasma-cell %, mrd, sensitivity, method, FISH [(kind, detected, clonal fraction, allelic)])
        "marrow": [("2024-01-04", 48, "positive", None, None,
                    [("del(17p)", False, None, None), ("t(4;14)", False, None, None), ("t(14;16)", False, None, None),
                     ("t(14;20)", False, None, None), ("gain(1q)", True, 0.62, None), ("del(1p32)", False, None, None)]),
                   ("2024-06-05", 2, "positive", 0.00001, "NGS", []),
                   ("2024-09-12", 1, "negative", 0.00001, "NGS", []),
                   ("2025-03-12", 1, "negative", 0.00001, "NGS", [])],
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
        # Oligosecretory: the M-protein is never measurable (below 1 g/dL).
        "mprotein": [("2024-02-02", 0.4), ("2024-03-15", 0.3), ("2024-05-10", 0.4), ("2024-08-02", 0.4),
                     ("2024-10-25", 0.4), ("2024-12-13", 0.3), ("2025-02-21", 0.2)],
        "labs": [("2024-02-02", "beta2-microglobulin", 4.0), ("2024-02-02", "creatinine", 1.0)],
        "marrow": [("2024-02-01", 35, "positive", None, None,
                    [("del(17p)", False, None, None), ("t(4;14)", True, 0.7, None), ("t(14;16)", False, None, None),
                     ("t(14;20)", False, None, None), ("gain(1q)", True, 0.55, None), ("del(1p32)", False, None, None)]),
                   ("2024-12-10", 4, "positive", 0.00001, "NGF", [])],
        # (modality, date, lesions [(site, class)], summary)
        "imaging": [("PET-CT", "2024-02-01", [], "Diffuse marrow uptake, no extramedullary lesion."),
                    ("PET-CT", "2024-12-11",
                     [("pleura", "extramedullary"), ("skin", "extramedullary"), ("paraskeletal", "paraskeletal")],
                     "New FDG-avid pleural plasmacytoma, a subcutaneous chest-wall lesion and a paraskeletal "
                     "mass arising from the right sixth rib."),
                    ("PET-CT", "2025-02-20", [("pleura", "extramedullary"), ("paraskeletal", "paraskeletal")],
                     "Pleural plasmacytoma smaller, still FDG-avid; the chest-wall skin lesion has resolved; "
                     "the rib paraskeletal mass persists.")],
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
        # Draw 4 (index 3) came in an EDTA tube, separated 8 hours after collection.
        "specimen": {3: {"tubeType": "K2-EDTA", "processingHours": 8}},
        "findings": [("del(17p)", "detected", {}), ("gain(1q)", "detected", {}),
                     ("copy-number", "detected", {"gene": "MYC", "copyNumber": "6", "detail": "amplification"})],
        "therapy": [("Dara-KRd", ["daratumumab", "carfilzomib", "lenalidomide", "dexamethasone"],
                     "2024-03-11", "2024-09-30", "induction"),
                    ("Teclistamab", ["teclistamab"], "2024-11-04", None, "salvage")],
        "mprotein": [("2024-03-01", 4.2), ("2024-04-12", 2.8), ("2024-05-31", 2.2), ("2024-08-09", 2.4),
                     ("2024-10-18", 3.3), ("2024-12-27", 4.4)],
        "labs": [("2024-03-01", "beta2-microglobulin", 4.8), ("2024-03-01", "creatinine", 1.1)],
        "marrow": [("2024-02-28", 62, "positive", None, None,
                    [("del(17p)", True, 0.45, None), ("t(4;14)", False, None, None), ("t(14;16)", False, None, None),
                     ("t(14;20)", False, None, None), ("gain(1q)", True, 0.7, None), ("del(1p32)", False, None, None)])],
        "imaging": [],
        # (date, source, [(gene, protein change)])
        "biopsies": [("2024-02-28", "marrow", [("TP53", "p.Arg248Gln"), ("KRAS", "p.Gly13Asp")])],
        "amend": None,
    },
    {
        "mrn": "MM-1004", "family": "Moreau", "given": ["Claire"], "sex": "female", "born": "1949-06-30",
        "story": "flat DNMT3A clonal haematopoiesis beside a falling tumour clone",
        "draws": [
            ("2024-01-22", {"KRAS Q61H": 0.064, "DNMT3A R882H": 0.031, "TP53 R248W": None, "PPM1D R552*": None}, 12.0, 0.08),
            ("2024-03-04", {"KRAS Q61H": 0.022, "DNMT3A R882H": 0.029, "TP53 R248W": None, "PPM1D R552*": None}, 9.5, 0.03),
            ("2024-04-29", {"KRAS Q61H": 0.007, "DNMT3A R882H": 0.033, "TP53 R248W": None, "PPM1D R552*": None}, 8.0, None),
            ("2024-07-08", {"KRAS Q61H": 0.002, "DNMT3A R882H": 0.030, "TP53 R248W": None, "PPM1D R552*": None}, 7.4, None),
            ("2024-09-30", {"KRAS Q61H": None, "DNMT3A R882H": 0.032, "TP53 R248W": 0.0005, "PPM1D R552*": 0.0005}, 7.1, None),
            ("2024-12-16", {"KRAS Q61H": None, "DNMT3A R882H": 0.031, "TP53 R248W": 0.00058, "PPM1D R552*": 0.00054}, 6.9, None),
        ],
        # DNMT3A: no origin from the lab; matched white cells a little above plasma at every draw.
        "white_cell": {"DNMT3A R882H": [0.034, 0.032, 0.036, 0.033, 0.035, 0.034]},
        # TP53 and PPM1D at 0.05 % on lenalidomide maintenance, deep error-corrected reads, no origin.
        "variant_info": {"DNMT3A R882H": {"origin": None},
                         "TP53 R248W": {"origin": None, "depth": 24000},
                         "PPM1D R552*": {"origin": None, "depth": 24000}},
        "findings": [("t(11;14)", "detected", {})],
        "therapy": [("Isa-KRd", ["isatuximab", "carfilzomib", "lenalidomide", "dexamethasone"],
                     "2024-01-29", "2024-08-19", "induction"),
                    ("Lenalidomide maintenance", ["lenalidomide"], "2024-09-09", None, "maintenance")],
        "mprotein": [("2024-01-19", 2.6), ("2024-03-01", 1.2), ("2024-04-26", 0.4), ("2024-07-05", 0.1),
                     ("2024-09-27", 0.0), ("2024-12-13", 0.0)],
        "labs": [("2024-01-19", "beta2-microglobulin", 6.2), ("2024-01-19", "creatinine", 0.9)],
        "marrow": [("2024-01-18", 30, "positive", None, None,
                    [("del(17p)", False, None, None), ("t(4;14)", False, None, None), ("t(14;16)", False, None, None),
                     ("t(14;20)", False, None, None), ("t(11;14)", True, 0.85, None), ("gain(1q)", False, None, None),
                     ("del(1p32)", False, None, None)]),
                   ("2024-09-25", 0, "negative", 0.00001, "NGF", [])],
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


def variant_xml(name, vaf, depth, white_cell, info):
    gene, tx, c, prot, genomic = VARIANTS[name]
    depth = info.get("depth", depth)
    body = (f"      <gene>{gene}</gene>\n      <transcript>{tx}</transcript>\n"
            f"      <cHGVS>{escape(c)}</cHGVS>\n      <pHGVS>{prot}</pHGVS>\n")
    if genomic:
        chrom, pos, ref, alt = genomic
        body += f"      <genomic chrom=\"{chrom}\" pos=\"{pos}\" ref=\"{ref}\" alt=\"{alt}\"/>\n"
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
    origin = info.get("origin", "somatic")
    attrs = f" origin=\"{origin}\"" if origin else ""
    if info.get("significance"):
        attrs += f" clinicalSignificance=\"{info['significance']}\""
    return f"    <variant status=\"{status}\"{attrs}>\n{body}    </variant>\n"


def white_cell(p, name, j):
    """The matched white-cell VAF of a variant at draw j: one value for every draw, or one per draw."""
    value = p.get("white_cell", {}).get(name)
    return value[j] if isinstance(value, list) else value


def result_xml(p, i, j, draw, version=1, note=None):
    date, calls, cfdna, tf = draw
    report_id = f"NBH-{p['mrn'][3:]}-{j + 1:02d}"
    variants = "".join(variant_xml(n, v, depth_for(i, j), white_cell(p, n, j), p.get("variant_info", {}).get(n, {}))
                       for n, v in calls.items())
    extra = p.get("specimen", {}).get(j, {})
    tube = extra.get("tubeType", "Streck cfDNA BCT")
    hours = f"    <processingHours>{extra['processingHours']}</processingHours>\n" if "processingHours" in extra else ""
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
            f"    <tubeType>{escape(tube)}</tubeType>\n" + hours +
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


MARKER_ORDER = ["m-protein", "kappa-flc", "lambda-flc", "serum-immunofixation", "urine-immunofixation",
                "urine-m-protein", "beta2-microglobulin", "creatinine", "circulating-plasma-cell-percent"]


def clinical_xml(p):
    lines = ""
    for regimen, drugs, start, end, intent in p["therapy"]:
        end_attr = f' end="{end}"' if end else ""
        drug_xml = "".join(f"<drug>{escape(d)}</drug>" for d in drugs)
        lines += f"    <line regimen=\"{escape(regimen)}\" start=\"{start}\"{end_attr} intent=\"{intent}\">{drug_xml}</line>\n"
    values = [(d, "m-protein", v) for d, v in p["mprotein"]] + p.get("labs", [])
    values.sort(key=lambda x: (x[0], MARKER_ORDER.index(x[1])))
    labs = "".join(f"    <value marker=\"{m}\" date=\"{d}\">{v}</value>\n" for d, m, v in values)
    marrow = ""
    for d, pc, mrd, sens, method, fish in p["marrow"]:
        s = f' mrdSensitivity="{sens:.5f}"' if sens else ""
        s += f' mrdMethod="{method}"' if method else ""
        head = f"  <marrow date=\"{d}\" plasmaCellPercent=\"{pc}\" mrd=\"{mrd}\"{s}"
        if not fish:
            marrow += head + "/>\n"
            continue
        body = ""
        for kind, detected, fraction, allelic in fish:
            extra = f' clonalFraction="{fraction}"' if fraction is not None else ""
            extra += f' allelic="{allelic}"' if allelic else ""
            body += f"    <fish kind=\"{kind}\" detected=\"{'true' if detected else 'false'}\"{extra}/>\n"
        marrow += head + ">\n" + body + "  </marrow>\n"
    imaging = ""
    for modality, d, lesions, summary in p["imaging"]:
        head = f"  <imaging modality=\"{modality}\" date=\"{d}\">"
        if not lesions:
            imaging += f"{head}<summary>{escape(summary)}</summary></imaging>\n"
            continue
        lesion_xml = "".join(f"    <lesion site=\"{s}\" class=\"{c}\"/>\n" for s, c in lesions)
        imaging += f"{head}\n{lesion_xml}    <summary>{escape(summary)}</summary>\n  </imaging>\n"
    biopsies = ""
    for d, source, found in p.get("biopsies", []):
        variant_xml_ = "".join(f"    <variant gene=\"{g}\" proteinChange=\"{escape(c)}\"/>\n" for g, c in found)
        biopsies += f"  <biopsy date=\"{d}\" source=\"{source}\">\n{variant_xml_}  </biopsy>\n"
    light = f"  <lightChain>{p['light_chain']}</lightChain>\n" if p.get("light_chain") else ""
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<clinicalContext xmlns=\"{NS}\" documentId=\"NBH-CLIN-{p['mrn'][3:]}\" version=\"1\">\n"
            + patient_xml(p) + light +
            f"  <therapy>\n{lines}  </therapy>\n  <labs>\n{labs}  </labs>\n{marrow}{imaging}{biopsies}"
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


if __name__ == "__main__":
    main()
