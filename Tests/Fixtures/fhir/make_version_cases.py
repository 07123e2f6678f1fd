#!/usr/bin/env python3
"""Hand-made FHIR cases for issue 15 item 1 (version-aware Genomics Reporting): each
file is named for what it exercises; the expected values are in FHIRVersionTests and,
for files under bad/, in NAME.expected. Run from this folder: python3 make_version_cases.py
"""
import json

LNC = "http://loinc.org"
SD = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"
PAT = "urn:uuid:pat-MM-2001"


def cc(system, code, display=None, text=None):
    c = {"system": system, "code": code}
    if display:
        c["display"] = display
    out = {"coding": [c]}
    if text:
        out["text"] = text
    return out


def comp(code, **value):
    return {"code": cc(LNC, code), **value}


def patient():
    return {"fullUrl": PAT, "resource": {
        "resourceType": "Patient", "id": "pat-MM-2001",
        "identifier": [{"type": cc("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"),
                        "system": "https://northbridge.example/fhir/mrn", "value": "MM-2001"}],
        "gender": "male", "birthDate": "1958-03-02"}}


def specimen(id, accession, type_text, collected, code=None):
    t = cc("http://snomed.info/sct", *code) if code else {}
    t["text"] = type_text
    return {"fullUrl": "urn:uuid:" + id, "resource": {
        "resourceType": "Specimen", "id": id, "accessionIdentifier": {"value": accession}, "type": t,
        "subject": {"reference": PAT}, "collection": {"collectedDateTime": collected}}}


def variant(id, gene, hgvs_c, hgvs_p, assessment, vaf=None, depth=None, depth_text=None, location=None,
            zero_based=None, chromosome=None, refseq=None):
    a = {"present": ("LA9633-4", "Present"), "absent": ("LA9634-2", "Absent"),
         "no-call": ("LA18198-4", "No call"), "indeterminate": ("LA11884-6", "Indeterminate")}[assessment]
    comps = [comp("48018-6", valueCodeableConcept=cc("http://www.genenames.org/geneId", gene[0], gene[1]))]
    if hgvs_c:
        comps.append(comp("48004-6", valueCodeableConcept=cc("http://varnomen.hgvs.org", hgvs_c)))
    if hgvs_p:
        comps.append(comp("48005-3", valueCodeableConcept=cc("http://varnomen.hgvs.org", hgvs_p)))
    comps.append(comp("48002-0", valueCodeableConcept=cc(LNC, "LA6684-0", "Somatic")))
    if depth is not None:
        d = {"code": cc(LNC, "82121-5"), "valueQuantity": {"value": depth, "system": "http://unitsofmeasure.org", "code": "1"}}
        if depth_text:
            d["code"]["text"] = depth_text
        comps.append(d)
    if vaf is not None:
        comps.append(comp("81258-6", valueQuantity={"value": vaf, "system": "http://unitsofmeasure.org", "code": "1"}))
    if location:
        start, ref, alt = location
        if refseq:
            comps.append(comp("48013-7", valueCodeableConcept=cc("http://www.ncbi.nlm.nih.gov/refseq", refseq)))
        else:
            comps.append(comp("62374-4", valueCodeableConcept=cc(LNC, "LA26806-2", "GRCh38")))
        if chromosome:
            comps.append(comp("48000-4", valueCodeableConcept=cc(LNC, *chromosome)))
        if zero_based is not None:
            system = ("LA30100-4", "0-based interval counting") if zero_based else ("LA30102-0", "1-based character counting")
            comps.append(comp("92822-6", valueCodeableConcept=cc(LNC, *system)))
        comps += [comp("81254-5", valueRange={"low": {"value": start}}),
                  comp("69547-8", valueString=ref), comp("69551-0", valueString=alt)]
    return {"fullUrl": "urn:uuid:" + id, "resource": {
        "resourceType": "Observation", "id": id, "meta": {"profile": [SD + "variant"]}, "status": "final",
        "code": cc(LNC, "69548-6", "Genetic variant assessment"), "subject": {"reference": PAT},
        "valueCodeableConcept": cc(LNC, *a), "component": comps}}


def report(id, results, specimens=(), issued="2024-03-04T17:00:00Z", extension=None):
    r = {"resourceType": "DiagnosticReport", "id": id,
         "identifier": [{"system": "https://northbridge.example/reports", "value": id}],
         "status": "final", "code": {"text": "Northbridge cfDNA myeloma panel"},
         "subject": {"reference": PAT}, "issued": issued,
         "result": [{"reference": "urn:uuid:" + x} for x in results]}
    if specimens:
        r["specimen"] = [{"reference": "urn:uuid:" + s} for s in specimens]
    if extension:
        r["extension"] = extension
    return {"fullUrl": "urn:uuid:" + id, "resource": r}


def bundle(kind, entries):
    if kind == "searchset":
        for e in entries:
            e["search"] = {"mode": "match" if e["resource"]["resourceType"] in ("DiagnosticReport",) else "include"}
    return {"resourceType": "Bundle", "type": kind, "entry": entries}


def write(path, b):
    with open(path, "w") as f:
        json.dump(b, f, indent=2)
        f.write("\n")


PLASMA = ("119361006", "Plasma specimen")
BUFFY = ("258587000", "Buffy coat")
KRAS = ("HGNC:6407", "KRAS")
TP53 = ("HGNC:11998", "TP53")
NRAS = ("HGNC:7989", "NRAS")
BRAF = ("HGNC:1097", "BRAF")

# Two draws: TP53 Absent at the first, No call at the second (not covered, never a detection).
write("good/stu3-draw1-tp53-absent.json", bundle("collection", [
    patient(), specimen("spec-1", "NB-24-0101", "Plasma (Streck cfDNA BCT)", "2024-01-08T09:00:00Z", PLASMA),
    report("NB-24-0101", ["v1-kras", "v1-tp53"], ["spec-1"], issued="2024-01-09T17:00:00Z"),
    variant("v1-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.021, depth=3800),
    variant("v1-tp53", TP53, "NM_000546.6:c.743G>A", "p.Arg248Gln", "absent", depth=3500)]))
write("good/stu3-draw2-tp53-no-call.json", bundle("collection", [
    patient(), specimen("spec-2", "NB-24-0304", "Plasma (Streck cfDNA BCT)", "2024-03-04T09:00:00Z", PLASMA),
    report("NB-24-0304", ["v2-kras", "v2-tp53"], ["spec-2"]),
    variant("v2-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.009, depth=4100),
    variant("v2-tp53", TP53, "NM_000546.6:c.743G>A", "p.Arg248Gln", "no-call", depth=12)]))
# Indeterminate: failed, not detected and not a detection.
write("good/stu3-indeterminate.json", bundle("collection", [
    patient(), specimen("spec-3", "NB-24-0401", "Plasma", "2024-04-01T09:00:00Z", PLASMA),
    report("NB-24-0401", ["v3-kras", "v3-nras"], ["spec-3"], issued="2024-04-02T17:00:00Z"),
    variant("v3-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "indeterminate", vaf=0.3, depth=900),
    variant("v3-nras", NRAS, "NM_002524.5:c.181C>A", "p.Gln61Lys", "present", vaf=0.012, depth=5000)]))
# The first Specimen in the Bundle (and in DiagnosticReport.specimen) is the buffy-coat normal.
write("good/stu3-first-specimen-buffy-coat.json", bundle("collection", [
    patient(),
    specimen("spec-normal", "NB-24-0502-N", "Buffy coat (germline control)", "2024-05-02T09:00:00Z", BUFFY),
    specimen("spec-plasma", "NB-24-0502-P", "Plasma cfDNA", "2024-05-02T09:05:00Z", PLASMA),
    report("NB-24-0502", ["v4-kras"], ["spec-normal", "spec-plasma"], issued="2024-05-03T17:00:00Z"),
    variant("v4-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.015, depth=4000)]))
# A searchset Bundle; BRAF in 0-based interval coordinates on a GRCh38 RefSeq accession
# (VCF position 140753336), KRAS 1-based with a LOINC chromosome answer.
write("good/stu3-searchset-zero-based.json", bundle("searchset", [
    report("NB-24-0603", ["v5-braf", "v5-kras"], ["spec-5"]),
    patient(), specimen("spec-5", "NB-24-0603", "Plasma", "2024-06-03T09:00:00Z", PLASMA),
    variant("v5-braf", BRAF, "NM_004333.6:c.1799T>A", "p.Val600Glu", "present", vaf=0.05, depth=2000,
            location=(140753335, "A", "T"), zero_based=True, refseq="NC_000007.14"),
    variant("v5-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.02, depth=2500,
            location=(25245350, "C", "T"), zero_based=False, chromosome=("LA21265-6", "Chromosome 12"))]))
# 82121-5 as supporting reads: 12 reads at VAF 0.004 cannot be a depth (0.05 alt reads);
# NRAS's component says so in its text.
write("good/stu3-allelic-depth-supporting-reads.json", bundle("collection", [
    patient(), specimen("spec-6", "NB-24-0701", "Plasma", "2024-07-01T09:00:00Z", PLASMA),
    report("NB-24-0701", ["v6-kras", "v6-nras", "v6-tp53"], ["spec-6"], issued="2024-07-02T17:00:00Z"),
    variant("v6-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.004, depth=12),
    variant("v6-nras", NRAS, "NM_002524.5:c.181C>A", "p.Gln61Lys", "present", vaf=0.25, depth=40,
            depth_text="Allelic read depth (supporting reads)"),
    variant("v6-tp53", TP53, "NM_000546.6:c.743G>A", "p.Arg248Gln", "present", vaf=0.1, depth=900)]))
# STU3 GenomicStudy: no DiagnosticReport.specimen; the analysis names a saliva normal and a
# plasma tumour specimen, studies KRAS, NRAS and TP53 and could not call TP53; a tumour
# fraction, TMB and MSI as MolecularBiomarker observations.
study_ext = [{"url": SD + "genomic-study-reference", "valueReference": {"reference": "Procedure/study-8"}}]
write("good/stu3-genomic-study-regions.json", bundle("collection", [
    patient(),
    specimen("spec-8n", "NB-24-0802-N", "Saliva (germline)", "2024-08-02T08:00:00Z", ("119342007", "Saliva specimen")),
    specimen("spec-8p", "NB-24-0802-P", "Plasma cfDNA", "2024-08-02T08:10:00Z", PLASMA),
    {"fullUrl": "http://example.org/fhir/Procedure/study-8", "resource": {
        "resourceType": "Procedure", "id": "study-8", "meta": {"profile": [SD + "genomic-study"]},
        "extension": [{"url": SD + "genomic-study-analysis-ext", "valueReference": {"reference": "Procedure/analysis-8"}}],
        "status": "completed", "subject": {"reference": PAT}}},
    {"fullUrl": "http://example.org/fhir/Procedure/analysis-8", "resource": {
        "resourceType": "Procedure", "id": "analysis-8", "meta": {"profile": [SD + "genomic-study-analysis"]},
        "extension": [
            {"url": SD + "genomic-study-analysis-regions", "extension": [
                {"url": "studied", "valueCodeableConcept": cc("http://www.genenames.org/geneId", *KRAS)},
                {"url": "studied", "valueCodeableConcept": cc("http://www.genenames.org/geneId", *NRAS)},
                {"url": "studied", "valueCodeableConcept": cc("http://www.genenames.org/geneId", *TP53)},
                {"url": "uncalled", "valueCodeableConcept": cc("http://www.genenames.org/geneId", *TP53)}]},
            {"url": SD + "genomic-study-analysis-specimen", "valueReference": {"reference": "urn:uuid:spec-8n"}},
            {"url": SD + "genomic-study-analysis-specimen", "valueReference": {"reference": "urn:uuid:spec-8p"}}],
        "status": "completed", "subject": {"reference": PAT}}},
    report("NB-24-0802", ["v8-kras", "v8-nras", "v8-tp53", "tf-8", "tmb-8", "msi-8"], issued="2024-08-03T17:00:00Z",
           extension=study_ext),
    variant("v8-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.011, depth=5200),
    variant("v8-nras", NRAS, "NM_002524.5:c.181C>A", "p.Gln61Lys", "absent", depth=5100),
    variant("v8-tp53", TP53, "NM_000546.6:c.743G>A", "p.Arg248Gln", "absent", depth=4900),
    {"fullUrl": "urn:uuid:tf-8", "resource": {
        "resourceType": "Observation", "id": "tf-8", "meta": {"profile": [SD + "molecular-biomarker"]}, "status": "final",
        "code": {"text": "Tumor fraction (ctDNA)"}, "subject": {"reference": PAT},
        "valueQuantity": {"value": 3.2, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}}},
    {"fullUrl": "urn:uuid:tmb-8", "resource": {
        "resourceType": "Observation", "id": "tmb-8", "meta": {"profile": [SD + "molecular-biomarker"]}, "status": "final",
        "code": cc(LNC, "94076-7", "Mutations/Megabase [# Ratio] in Tumor"), "subject": {"reference": PAT},
        "valueQuantity": {"value": 4.1, "unit": "/1000000{Base}", "system": "http://unitsofmeasure.org", "code": "/1000000{Base}"}}},
    {"fullUrl": "urn:uuid:msi-8", "resource": {
        "resourceType": "Observation", "id": "msi-8", "meta": {"profile": [SD + "molecular-biomarker"]}, "status": "final",
        "code": cc(LNC, "81695-9", "Microsatellite instability [Interpretation] in Cancer specimen Qualitative"),
        "subject": {"reference": PAT}, "valueCodeableConcept": cc(LNC, "LA14122-8", "Stable")}}]))
# Refused: two plasma specimens named by the report (which draw is it?).
write("bad/two-plasma-specimens.json", bundle("collection", [
    patient(),
    specimen("spec-9a", "NB-24-0901-A", "Plasma cfDNA", "2024-09-01T09:00:00Z", PLASMA),
    specimen("spec-9b", "NB-24-0915-B", "Plasma cfDNA", "2024-09-15T09:00:00Z", PLASMA),
    report("NB-24-0915", ["v9-kras"], ["spec-9a", "spec-9b"], issued="2024-09-16T17:00:00Z"),
    variant("v9-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.01, depth=4000)]))
# Refused: a variant assessment that is none of Present, Absent, No call, Indeterminate.
b = bundle("collection", [
    patient(), specimen("spec-10", "NB-24-1001", "Plasma", "2024-10-01T09:00:00Z", PLASMA),
    report("NB-24-1001", ["v10-kras"], ["spec-10"], issued="2024-10-02T17:00:00Z"),
    variant("v10-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.01, depth=4000)])
b["entry"][-1]["resource"]["valueCodeableConcept"] = {"coding": [{"system": LNC, "code": "LA4489-6", "display": "Unknown"}]}
write("bad/variant-assessment-unknown.json", b)
# Refused: every specimen the report names is a normal one.
write("bad/only-normal-specimens.json", bundle("collection", [
    patient(),
    specimen("spec-11a", "NB-24-1101-N", "Buffy coat", "2024-11-01T09:00:00Z", BUFFY),
    specimen("spec-11b", "NB-24-1101-S", "Saliva (germline)", "2024-11-01T09:00:00Z", ("119342007", "Saliva specimen")),
    report("NB-24-1101", ["v11-kras"], ["spec-11a", "spec-11b"], issued="2024-11-02T17:00:00Z"),
    variant("v11-kras", KRAS, "NM_004985.5:c.35G>A", "p.Gly12Asp", "present", vaf=0.01, depth=4000)]))
