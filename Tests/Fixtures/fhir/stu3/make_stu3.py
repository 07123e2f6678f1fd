#!/usr/bin/env python3
"""Genomics Reporting IG STU3 examples, written out by hand from the FHIR Shorthand
sources in ../shared/real-examples/hl7-genomics-reporting-stu3-fsh/ (HL7/genomics-reporting
at 2b78de59, CC0), for the reader's tests. The FSH compiler (SUSHI, an npm tool) is not
available here: every resource below was translated by hand, instance by instance, from
the .fsh file named beside it; this script only serialises them as FHIR JSON and FHIR XML.
FSH slice names are written as the LOINC codes the IG profiles fix for them
(gene-studied 48018-6, representative-coding-hgvs 48004-6, representative-protein-hgvs
48005-3, representative-transcript-ref-seq 51958-7, allelic-read-depth 82121-5,
sample-allelic-frequency 81258-6, genomic-source-class 48002-0, chromosome-identifier
48000-4, exact-start-end 81254-5, genomic-ref-seq 48013-7, genomic-hgvs 81290-9,
ref-allele 69547-8, alt-allele 69551-0, coding-change-type 48019-4, variation-code 81252-9).
Left out, as nothing here reads them: narrative, HLA haplotypes, therapeutic implications,
the service request and practitioners' addresses (the report's references to them stay,
unresolved). Run from this folder: python3 make_stu3.py
"""
import json
from xml.sax.saxutils import escape

LNC = "http://loinc.org"
HGVS = "http://varnomen.hgvs.org"
HGNC = "http://www.genenames.org/geneId"
REFSEQ = "http://www.ncbi.nlm.nih.gov/refseq"
SO = "http://www.sequenceontology.org"
SCT = "http://snomed.info/sct"
OBSCAT = "http://terminology.hl7.org/CodeSystem/observation-category"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
TBD = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs"
SD = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"


def cc(system, code, display=None):
    c = {"system": system, "code": code}
    if display is not None:
        c["display"] = display
    return {"coding": [c]}


def comp(code, display=None, **value):
    return {"code": cc(LNC, code, display), **value}


def ref(r):
    return {"reference": r}


def qty(v, unit=None, code=None):
    q = {"value": v}
    if unit is not None:
        q["unit"] = unit
    q["system"] = "http://unitsofmeasure.org"
    if code is not None:
        q["code"] = code
    return q


# ---------------------------------------------------------------- somaticReportPDFexamples.fsh
SOMATIC_PATIENT = "Patient/somaticPatient"
LAB_CATEGORY = [cc(OBSCAT, "laboratory"), cc(V2_0074, "GE")]


def somatic_variant(id, protein=None, transcript=None, depth=None, change_type=None, coding=None, gene=None,
                    alt=None, chromosome=None, start=None, refseq=None, ref_allele=None, variation=None,
                    variation_text=None, genomic=None, vaf=None, conclusion=None):
    c = []
    if variation_text:
        c.append({"code": cc(LNC, "81252-9"), "valueCodeableConcept": {"text": variation_text}})
    if protein:
        c.append(comp("48005-3", valueCodeableConcept=cc(HGVS, protein)))
    if transcript:
        c.append(comp("51958-7", valueCodeableConcept=cc(REFSEQ, transcript)))
    if depth is not None:
        c.append(comp("82121-5", valueQuantity=qty(depth, "reads per base pair", "1")))
    if change_type:
        c.append(comp("48019-4", valueCodeableConcept=cc(SO, *change_type)))
    if coding:
        c.append(comp("48004-6", valueCodeableConcept=cc(HGVS, coding)))
    c.append(comp("48018-6", valueCodeableConcept=cc(HGNC, *gene)))
    if alt:
        c.append(comp("69551-0", valueString=alt))
    if chromosome:
        c.append(comp("48000-4", valueCodeableConcept=cc(LNC, *chromosome)))
    if start is not None:
        c.append(comp("81254-5", valueRange={"low": {"value": start}, "high": {"value": start}}))
    if refseq:
        c.append(comp("48013-7", valueCodeableConcept=cc(REFSEQ, refseq)))
    if ref_allele:
        c.append(comp("69547-8", valueString=ref_allele))
    if variation:
        c.append(comp("81252-9", valueCodeableConcept=cc("http://www.ncbi.nlm.nih.gov/clinvar", *variation)))
    if genomic:
        c.append(comp("81290-9", valueCodeableConcept=cc(HGVS, genomic)))
    c.append(comp("48002-0", valueCodeableConcept=cc(LNC, "LA6684-0", "Somatic")))
    if vaf is not None:
        c.append(comp("81258-6", valueQuantity={"value": vaf, "system": "http://unitsofmeasure.org", "unit": "decimal"}))
    if conclusion:
        c.append({"code": cc(TBD, "conclusion-string"), "valueString": conclusion})
    return {
        "resourceType": "Observation", "id": id, "meta": {"profile": [SD + "variant"]},
        "status": "final", "category": [cc(OBSCAT, "laboratory", None)],
        "code": cc(LNC, "69548-6", "Genetic variant assessment"),
        "subject": ref(SOMATIC_PATIENT), "effectiveDateTime": "2023-02-01",
        "performer": [ref("Practitioner/pathologistPractitioner")],
        "valueCodeableConcept": cc(LNC, "LA9633-4", "Present"),
        "method": cc(LNC, "LA26398-0", "Sequencing"),
        "component": c,
    }


def implication(id, variant, answer, display, extra=()):
    return {
        "resourceType": "Observation", "id": id, "meta": {"profile": [SD + "diagnostic-implication"]},
        "status": "final", "category": LAB_CATEGORY,
        "code": cc(TBD, "diagnostic-implication", "Diagnostic Implication"),
        "subject": ref(SOMATIC_PATIENT), "effectiveDateTime": "2023-02-01",
        "performer": [ref("Practitioner/pathologistPractitioner")],
        "derivedFrom": [ref("Observation/" + variant)],
        "component": [comp("53037-8", "Genetic variation clinical significance [Imp]",
                           valueCodeableConcept=cc(LNC, answer, display)), *extra],
    }


def consequence(id, variant, parts, subject="Patient/CGPatientExample01"):
    # FSH sets subject twice in these instances; the second (CGPatientExample01) wins.
    c = []
    for code, value in parts:
        if code == "48004-6":
            c.append({"code": {"coding": [{"system": LNC, "code": code}], "text": "coding HGVS"},
                      "valueCodeableConcept": cc(HGVS, value, value)})
        elif code == "48005-3":
            c.append(comp(code, "Amino acid change (pHGVS)", valueCodeableConcept=cc(HGVS, value, value)))
        elif code == "51958-7":
            c.append(comp(code, "Transcript reference sequence [ID]", valueCodeableConcept=cc(REFSEQ, value, value)))
        else:
            c.append({"code": cc(TBD, code), "valueCodeableConcept": cc(SO, *value)})
    return {
        "resourceType": "Observation", "id": id, "meta": {"profile": [SD + "molecular-consequence"]},
        "status": "final", "category": LAB_CATEGORY, "code": cc(TBD, "molecular-consequence"),
        "subject": ref(subject), "effectiveDateTime": "2023-02-01",
        "performer": [ref("Practitioner/pathologistPractitioner")],
        "derivedFrom": [ref("Observation/" + variant)], "component": c,
    }


def biomarker(id, code, display, value):
    return {
        "resourceType": "Observation", "id": id, "meta": {"profile": [SD + "molecular-biomarker"]},
        "status": "final", "category": [cc(OBSCAT, "laboratory"), cc(TBD, "biomarker-category"), cc(V2_0074, "GE")],
        "code": cc(LNC, code, display), "subject": ref("Patient/somaticPatient"), "effectiveDateTime": "2023-02-01",
        "performer": [ref("Practitioner/pathologistPractitioner")], **value,
        "component": [{"code": cc(TBD, "biomarker-category"),
                       "valueCodeableConcept": cc("http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/molecular-biomarker-ontology",
                                                  "molgen", "molecular sequence adjacent category")}],
    }


def ext(url, **value):
    return {"url": url, **value}


somatic_variants = [
    somatic_variant("NOTCH1-uncertain-var", protein="NP_060087.3:p.A1931T", transcript="NM_017617.5", depth=221,
                    coding="NM_017617.5:c.5791G>A", gene=("HGNC:7881", "NOTCH1"), alt="T",
                    chromosome=("LA21262-3", "Chromosome 9"), start=139395147, refseq="NC_000009.11", ref_allele="C",
                    genomic="NC_000009.11:g.139395147C>T", vaf=0.15),
    somatic_variant("ZFHX3-uncertain-var", protein="NP_008816.3:p.G585S", transcript="NM_006885.4", depth=212,
                    coding="NM_006885.4:c.1753G>A", gene=("HGNC:777", "ZFHX3"), alt="T",
                    chromosome=("LA21269-8", "Chromosome 16"), start=72992292, refseq="NC_000016.9", ref_allele="C",
                    genomic="NC_000016.9:g.72992292C>T", vaf=0.10),
    somatic_variant("MSH2-del-var", transcript="NM_006885.4", change_type=("SO:0000159", "deletion"),
                    gene=("HGNC:7235", "MSH2"), variation=("1780982", "NM_000251.3(MSH2):c.1832del (p.Val611fs)")),
    somatic_variant("NTHL1-snv-var", protein="NP_002519.2:p.Trp243Ter", change_type=("SO:0001483", "SNV"),
                    coding="NM_002528.7:c.728G>A", gene=("HGNC:8028", "NTHL1"),
                    variation=("962538", "NM_002528.7(NTHL1):c.728G>A (p.Trp243Ter)"),
                    genomic="NC_000016.10:g.2040196C>T"),
    somatic_variant("STAG2-insertion-var", protein="NP_006594.3:p.S1178*", transcript="NM_006603.5", depth=88,
                    change_type=("SO:0000667", "insertion"), coding="NM_006603.5:c.3530_3531insGTGACTATTAATAT",
                    gene=("HGNC:11355", "STAG2"), alt="GTGACTA", chromosome=("LA21276-3", "Chromosome X"),
                    start=123227930, refseq="NC_000023.10",
                    genomic="NC_000023.10:g.123227930_123227931insGTGACTATTAATAT", vaf=0.08),
    somatic_variant("ATR-insertion-var", transcript="NM_001184.4", depth=131, change_type=("SO:0000667", "insertion"),
                    coding="NM_001184.4:c.2878_2879insAGTAA", gene=("HGNC:882", "ATR"), alt="TTACT",
                    chromosome=("LA21256-5", "Chromosome 3"), start=142269071, refseq="NC_000003.11",
                    genomic="NC_000003.11:g.142269071_142269072insTTACT", vaf=0.075,
                    conclusion="Gene: ATR; Exon: 14; Nucleotide: NM_001184.4:c.2878_2879insAGTAA; Genomic Location: "
                               "NC_000003.11:g.142269071_142269072insTTACT; Amino acid: NP_001175.2:p.R960fs*2; "
                               "Function: loss; Assessment: Likely Pathogenic; Classification: Tier 2C; Allele Fraction: "
                               "5.34% (of 131 reads); Variation: Insertion"),
    somatic_variant("EGFR-L858R-var", variation_text="EGFR L858R", protein="NP_005219.2:p.Leu858Arg",
                    change_type=("SO:0001483", "SNV"), coding="NM_005228.4:c.2573T>G", gene=("HGNC:3236", "EGFR"),
                    genomic="NC_000007.13:g.55259515T>G", vaf=0.066),
    somatic_variant("ROS1-Fusion-var", variation_text="ROS1 Fusion", gene=("HGNC:10261", "ROS1")),
]
tier = {"code": cc(LNC, "93044-6", "Level of evidence"), "valueCodeableConcept": {"text": "Tier 2C"}}
somatic_implications = [
    implication("NOTCH1-significance", "NOTCH1-uncertain-var", "LA26333-7", "Uncertain Significance"),
    implication("ZFHX3-significance", "ZFHX3-uncertain-var", "LA26333-7", "Uncertain Significance"),
    implication("MSH2-del-disease", "MSH2-del-var", "LA6668-3", "Pathogenic"),
    implication("NTHL1-snv-disease", "NTHL1-snv-var", "LA6668-3", "Pathogenic"),
    implication("STAG2-insertion-significance", "STAG2-insertion-var", "LA26332-9", "Likely Pathogenic"),
    implication("ATR-insertion-significance", "ATR-insertion-var", "LA26332-9", "Likely Pathogenic", [tier]),
    implication("EGFR-L858R-significance", "EGFR-L858R-var", "LA6668-3", "Pathogenic"),
    implication("ROS1-Fusion-disease", "ROS1-Fusion-var", "LA6668-3", "Pathogenic"),
]
missense = ("SO:0001583", "missense_variant")
somatic_consequences = [
    consequence("NOTCH1-uncertain-molc", "NOTCH1-uncertain-var", [("48004-6", "NM_017617.5:c.5791G>A"),
                ("51958-7", "NM_017617.5"), ("feature-consequence", missense), ("48005-3", "NP_060087.3:p.A1931T")]),
    consequence("ZFHX3-uncertain-molc", "ZFHX3-uncertain-var", [("48004-6", "NM_006885.4:c.1753G>A"),
                ("51958-7", "NM_006885.4"), ("feature-consequence", missense), ("48005-3", "NP_008816.3:p.G585S")]),
    consequence("MSH2-del-molc", "MSH2-del-var", [("48004-6", "NM_000251.3:c.1832del")]),
    consequence("NTHL1-snv-molc", "NTHL1-snv-var", [("48004-6", "NM_002528.7:c.728G>A"),
                ("48005-3", "NP_002519.2:p.Trp243Ter")]),
    consequence("STAG2-insertion-molc", "STAG2-insertion-var", [("48004-6", "NM_006603.5:c.3530_3531insGTGACTATTAATAT"),
                ("48005-3", "NP_006594.3:p.S1178*")]),
    consequence("ATR-insertion-molc", "ATR-insertion-var", [("48004-6", "NM_001184.4:c.2878_2879insAGTAA")]),
    consequence("EGFR-L858R-molc", "EGFR-L858R-var", [("48004-6", "NM_005228.4:c.2573T>G"),
                ("48005-3", "NP_005219.2:p.Leu858Arg")]),
    consequence("ROS1-Fusion", "ROS1-Fusion-var", [("functional-effect", ("SO:0001886", "transcript_fusion"))]),
]
somatic_patient = {
    "resourceType": "Patient", "id": "somaticPatient",
    "identifier": [{"use": "temp", "type": cc("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
                    "system": "http://www.somesystemabc.net/identifiers/persons", "value": "1234567",
                    "period": {"start": "2021-01-01"}, "assigner": {"display": "General Hospital"}}],
    "active": True, "name": [{"use": "official", "family": "Hamsburg", "given": ["Substance", "Junior"]}],
    "gender": "male", "birthDate": "1987-09-01",
}
STUDY_EXT = SD + "genomic-study-"
somatic_study = {
    "resourceType": "Procedure", "id": "somaticStudy", "meta": {"profile": [SD + "genomic-study"]},
    "extension": [ext(STUDY_EXT + "analysis-ext", valueReference=ref("Procedure/analysisTumorNormalDNA")),
                  ext(STUDY_EXT + "analysis-ext", valueReference=ref("Procedure/analysisTumorRNA"))],
    "status": "completed", "category": cc(OBSCAT, "laboratory"), "code": {"text": "My Test Cancer 700 Gene Panel"},
    "subject": ref("Patient/somaticPatient"), "performedDateTime": "2023-02-02",
    "reasonCode": [cc(SCT, "424993006", "Adenocarcinoma of lung, stage IV (disorder)")],
}
GSMETHOD = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/genomic-study-method-type-cs"
analysis_dna = {
    "resourceType": "Procedure", "id": "analysisTumorNormalDNA", "meta": {"profile": [SD + "genomic-study-analysis"]},
    "extension": [
        ext(STUDY_EXT + "analysis-regions", extension=[
            ext("studied", valueReference=ref("DocumentReference/WES-FullSequencedRegion-GRCh38")),
            ext("studied", valueCodeableConcept=cc(HGNC, "HGNC:76", "ABL1")),
            ext("studied", valueCodeableConcept=cc(HGNC, "HGNC:427", "ALK")),
            ext("studied", valueCodeableConcept=cc(HGNC, "HGNC:583", "APC")),
            ext("uncalled", valueReference=ref("DocumentReference/WES-UncallableRegions-GRCh38"))]),
        ext(STUDY_EXT + "analysis-method-type", valueCodeableConcept=cc(GSMETHOD, "sequence-analysis-of-the-entire-coding-region",
                                                                         "Sequence analysis of the entire coding region")),
        ext(STUDY_EXT + "analysis-method-type", valueCodeableConcept=cc(GSMETHOD, "deletion-duplication-analysis",
                                                                         "Deletion/duplication analysis")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:0001483", "SNV")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:0002007", "MNV")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:1000032", "delins")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:0001019", "CNV")),
        ext(STUDY_EXT + "analysis-genome-build", valueCodeableConcept=cc(LNC, "LA26806-2", "GRCh38")),
        ext(STUDY_EXT + "analysis-specimen", valueReference=ref("Specimen/tumorSpecimen")),
        ext(STUDY_EXT + "analysis-specimen", valueReference=ref("Specimen/normalSpecimen")),
        ext(STUDY_EXT + "analysis-focus", valueReference=ref("Patient/somaticPatient")),
        ext(STUDY_EXT + "analysis-output", extension=[
            ext("type", valueCodeableConcept=cc("http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/genomic-study-data-format-cs", "vcf", "VCF")),
            ext("file", valueReference=ref("DocumentReference/somaticVCFfile"))]),
    ],
    "status": "completed", "category": cc(OBSCAT, "laboratory"), "subject": ref("Patient/somaticPatient"),
    "performedDateTime": "2023-02-02T01:01:10-06:00",
    "note": [{"text": "For technical reasons, BCR gene was deemed uncallable."}],
}
analysis_rna = {
    "resourceType": "Procedure", "id": "analysisTumorRNA", "meta": {"profile": [SD + "genomic-study-analysis"]},
    "extension": [
        ext(STUDY_EXT + "analysis-regions", extension=[
            ext("studied", valueReference=ref("DocumentReference/FullGenome-GRCh38"))]),
        ext(STUDY_EXT + "analysis-method-type", valueCodeableConcept=cc(GSMETHOD, "rna-analysis", "RNA analysis")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:0001565", "gene_fusion")),
        ext(STUDY_EXT + "analysis-change-type", valueCodeableConcept=cc(SO, "SO:0001576", "transcript_variant")),
        ext(STUDY_EXT + "analysis-specimen", valueReference=ref("Specimen/tumorSpecimen")),
        ext(STUDY_EXT + "analysis-focus", valueReference=ref("Patient/somaticPatient")),
    ],
    "status": "completed", "category": cc(OBSCAT, "laboratory"), "subject": ref("Patient/somaticPatient"),
    "performedDateTime": "2023-02-02T01:01:10-06:00",
}
tumor_specimen = {
    "resourceType": "Specimen", "id": "tumorSpecimen",
    "identifier": [{"system": "http://www.somesystemabc.net/identifiers/specimens", "value": "222333"}],
    "status": "available", "type": cc(SCT, "122610009", "Specimen from lung obtained by biopsy (specimen)"),
    "subject": {"reference": "Patient/somaticPatient", "display": "Hamsburg, Substance Jr"},
    "receivedTime": "2023-01-23T01:01:01Z",
    "collection": {"collectedDateTime": "2023-01-01T01:01:00Z", "method": cc(SCT, "129314006", "Biopsy - action"),
                   "bodySite": cc(SCT, "3341006", "Right lung structure (body structure)")},
    "note": [{"text": "Tumor: 20%"}],
}
normal_specimen = {
    "resourceType": "Specimen", "id": "normalSpecimen",
    "identifier": [{"system": "http://www.somesystemabc.net/identifiers/specimens", "value": "444555"}],
    "status": "available", "type": cc(SCT, "119297000", "Blood specimen (specimen)"),
    "subject": {"reference": "Patient/somaticPatient", "display": "Hamsburg, Substance Jr"},
    "receivedTime": "2023-01-23T01:01:01Z", "collection": {"collectedDateTime": "2023-01-01T01:01:00Z"},
}
somatic_biomarkers = [
    biomarker("TMBExample", "94076-7", "Mutations/Megabase [# Ratio] in Tumor", {"valueQuantity": {"value": 29.8}}),
    biomarker("MSIExample", "81695-9", "Microsatellite instability [Interpretation] in Cancer specimen Qualitative",
              {"valueCodeableConcept": cc(LNC, "LA26203-2", "MSI-H")}),
]
somatic_report = {
    "resourceType": "DiagnosticReport", "id": "somaticReport", "meta": {"profile": [SD + "genomic-report"]},
    "extension": [ext(SD + "genomic-study-reference", valueReference={"reference": "Procedure/somaticStudy", "display": "somaticStudy"})],
    "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "ACSN",
                                         "display": "Accession ID"}]}, "value": "23-0000345"}],
    "basedOn": [ref("ServiceRequest/somaticServiceRequest")],
    "status": "final", "category": [cc(V2_0074, "GE", "Genetics")],
    "code": cc(LNC, "51969-4", "Genetic analysis report"), "effectiveDateTime": "2023-02-02",
    "performer": [ref("Practitioner/pathologistPractitioner"), ref("Organization/performingOrganization")],
    "resultsInterpreter": [ref("Practitioner/supervisorPractitioner"), ref("Organization/performingOrganization")],
    "result": [ref("Observation/" + r["id"]) for r in somatic_variants + somatic_implications]
    + [ref("Observation/" + i) for i in ["ROS1-Fusion-therapuTrial", "ROS1-Fusion-therapuDrug", "EGFR-L858R-therapuDrug1",
                                          "EGFR-L858R-therapuDrug2", "TMB-therapuDrug"]]
    + [ref("Observation/" + r["id"]) for r in somatic_consequences]
    + [ref("Observation/" + i) for i in ["TMBExample", "MSIExample", "PDL1Example", "HLA-A-haplotype1", "HLA-A-haplotype2",
                                          "HLA-B-haplotype1", "HLA-B-haplotype2", "HLA-C-haplotype1", "HLA-C-haplotype2"]],
    "conclusionCode": [cc(LNC, "LA6576-8", "Positive")],
    "conclusion": "Patient is positive for Tier 1 / Level A variants, including variants with FDA-approved indications.",
}
pdl1 = biomarker("PDL1Example", "85147-7", "PD-L1 by clone 22C3 in Tissue by Immune stain Report",
                 {"valueCodeableConcept": cc(LNC, "LA6576-8", "Positive")})
pdl1["component"] = [
    {"code": cc(TBD, "biomarker-category"), "valueCodeableConcept": cc("http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/biomarker-category-cs", "cellReceptorLigand", "cell receptor ligand category")},
    comp("48018-6", valueCodeableConcept=cc(HGNC, "HGNC:17635", "CD274")),
]
pdl1["note"] = [{"text": "5% tumor proportion score"}]
performing_org = {"resourceType": "Organization", "id": "performingOrganization",
                  "identifier": [{"system": "http://www.somesystemabc.net/identifiers/CLIA", "value": "10000DLAB8"}],
                  "name": "My Test Pathology Laboratories"}
pathologist = {"resourceType": "Practitioner", "id": "pathologistPractitioner",
               "identifier": [{"system": "http://www.somesystemabc.net/identifiers/persons", "value": "11d116"}],
               "active": True, "name": [{"family": "Dolin", "given": ["Test"], "prefix": ["Dr"]}]}


def bundle(kind, resources, base=None, ids=None):
    entries = []
    for r in resources:
        e = {"fullUrl": (base + r["resourceType"] + "/" + r["id"]) if base else None, "resource": r}
        if e["fullUrl"] is None:
            del e["fullUrl"]
        if kind == "searchset":
            e["search"] = {"mode": "match" if r["resourceType"] in ("DiagnosticReport", "Observation") else "include"}
        entries.append(e)
    b = {"resourceType": "Bundle", "type": kind}
    if ids:
        b["id"] = ids
    b["entry"] = entries
    return b


somatic = bundle("collection", somatic_variants + somatic_implications + somatic_consequences
                 + [somatic_patient, somatic_study, analysis_dna, analysis_rna, tumor_specimen, normal_specimen]
                 + somatic_biomarkers + [pdl1, somatic_report, pathologist, performing_org],
                 base="http://example.org/fhir/", ids="bundle-somaticReportPDFdraftExamples")

# ---------------------------------------------------------------- bundle-oncology-report-example.fsh
PAT = "urn:uuid:f7a438e6-f484-453d-97e8-aa4d51008648"
ORG = "urn:uuid:fc16d84c-8584-4e1d-baae-64e2f95bfe17"
SPEC = "urn:uuid:a2041c83-b73d-4fc8-9466-4ba4a92da516"
# (instance, fullUrl, HGNC, gene, c.HGVS (code, display?), change type, p.HGVS (code, display?), transcript (code, display), ref allele, VAF, depth)
onco_variants = [
    (4, "dac358c3-403a-4dbb-b478-4259aed882ae", "HGNC:8975", "PIK3CA", ("NM_006218.4:c.3140A>G", True), ("SO:1000002", "substitution"),
     ("NP_006209.2:p.His1047Arg", True), ("NM_006218.3", "NM_006218.4"), "A", 0.2188, 64),
    (5, "1d773d66-cec7-44a2-b92a-46d00adeae00", "HGNC:7989", "NRAS", ("NM_002524.4:c.34G>T", True), ("SO:1000002", "substitution"),
     None, ("NM_002524.4", "NM_002524.4"), "C", 0.1793, 145),
    (6, "842d9ab9-d940-4f0c-adf9-e5c528f5c0e5", "HGNC:16712", "FBXW7", ("NM_001349798.2:c.1394G>A", True), ("SO:1000002", "substitution"),
     ("NP_001336727.1:p.Arg465His", True), ("NM_001349798.2", "NM_001349798.2"), "C", 0.1053, 57),
    (7, "9a9f9a4a-52e3-4738-bd0b-a25374bbf358", "HGNC:7133", "KMT2D", ("NM_003482.3:c.7900_7901delCA", True), ("SO:0000159", "deletion"),
     None, ("NM_003482.3", "NM_003482.3"), "CTG", 0.188, 117),
    (8, "58828523-8893-45fc-973b-16290366c5e5", "HGNC:8975", "PIK3CA", ("NM_006218.3:c.333G>T", True), ("SO:1000002", "substitution"),
     None, ("NM_006218.3", "NM_006218.3"), "G", 0.1471, 68),
    (9, "2c28b23f-3e9f-4c03-8c8f-0e76bc5dc9c2", "HGNC:6126", "IRS2", ("NM_003749.2:c.3960C>T", True), ("SO:1000002", "substitution"),
     None, ("NM_003749.2", "NM_003749.2"), "G", 0.1343, 134),
    (10, "41bebbe5-e06f-4867-aa22-7c06db69dbd1", "HGNC:1787", "CDKN2A", ("NM_000077.4:c.9_32del", False), ("SO:0000159", "deletion"),
     ("NP_000068.1:p.Ala4_Pro11del", False), ("NM_000077.4", "NM_000077.4"), "AGGCTCCATGCTGCTCCCCGCCGCC", 0.0536, 112),
    (11, "1642f190-e2c6-4999-8040-b9b2a70618bf", "HGNC:9949", "RECQL4", ("NM_004260.4:c.2086C>T", False), ("SO:1000002", "substitution"),
     ("NP_004251.4:p.Arg696Cys", False), ("NM_004260.4", "NM_004260.4"), "G", 0.2568, 148),
    (12, "c3587931-242f-4129-93f9-be24500c8f29", "HGNC:10483", "RYR1", ("NM_000540.3:c.4964G>A", False), ("SO:1000002", "substitution"),
     ("NP_000531.2:p.Arg1655Leu", False), ("NM_000540.2", "NM_000540.3"), "G", 0.2151, 93),
    (13, "41695fc0-1fd5-4cc8-95e6-82b2848a5cb6", "HGNC:10519", "SACS", ("NM_014363.5:c.12118G>A", False), ("SO:1000002", "substitution"),
     None, ("NM_014363.5", "NM_014363.5"), "C", 0.3333, 60),
    (14, "58eb14f6-4059-4168-86a9-155ae61d30e2", "HGNC:11086", "SLIT2", ("NM_004787.3:c.1290C>A", False), ("SO:1000002", "substitution"),
     None, ("NM_004787.3", "NM_004787.3"), "C", 0.2642, 53),
    (15, "1a71e80f-b044-4a91-80e1-eadbe5a53dca", "HGNC:11100", "SMARCA4", ("NM_003072.5:c.2372C>T", False), ("SO:1000002", "substitution"),
     ("NP_003063.2:p.Ala791Val", False), ("NM_003072.5", "NM_003072.5"), "C", 0.1938, 160),
]


def onco_variant(row):
    n, uuid, hgnc, gene, c, kind, p, tx, ref_allele, vaf, depth = row
    comps = [comp("48002-0", "Genomic source class", valueCodeableConcept=cc(LNC, "LA6684-0", "Somatic")),
             comp("48018-6", "Gene studied [ID]", valueCodeableConcept=cc(HGNC, hgnc, gene)),
             comp("62374-4", "Human reference sequence assembly version", valueCodeableConcept=cc(LNC, "LA14029-5", "GRCh37")),
             comp("48004-6", "DNA change (c.HGVS)", valueCodeableConcept=cc(HGVS, c[0], c[0] if c[1] else None)),
             comp("48019-4", "DNA change type", valueCodeableConcept=cc(SO, *kind))]
    if p:
        comps.append(comp("48005-3", "Amino acid change (pHGVS)", valueCodeableConcept=cc(HGVS, p[0], p[0] if p[1] else None)))
    comps += [comp("51958-7", "Transcript reference sequence [ID]", valueCodeableConcept=cc(REFSEQ, *tx)),
              comp("69547-8", "Genomic ref allele [ID]", valueString=ref_allele),
              comp("81258-6", "Sample VAF", valueQuantity=qty(vaf, "relative frequency of a particular allele in the specimen", "1")),
              comp("82121-5", "Allelic read depth", valueQuantity=qty(depth, "reads per base pair", "1"))]
    return {"fullUrl": "urn:uuid:" + uuid, "resource": {
        "resourceType": "Observation", "meta": {"profile": [SD + "variant"]}, "status": "final", "category": LAB_CATEGORY,
        "code": cc(LNC, "69548-6", "Genetic variant assessment"), "subject": ref(PAT), "effectiveDateTime": "2023-03-05",
        "performer": [ref(ORG)], "valueCodeableConcept": cc(LNC, "LA9633-4", "Present"),
        "method": cc(LNC, "LA26398-0", "Sequencing"),
        "specimen": {"identifier": {"system": "http://molit.eu/fhir/genomics/NamingSystem/cegat/tissueID", "value": "UNKNOWN"}},
        "component": comps}, "request": {"method": "POST", "url": "Observation"}}


onco = {"resourceType": "Bundle", "id": "bundle-oncology-report-example", "type": "transaction", "entry": [
    {"fullUrl": ORG, "resource": {"resourceType": "Organization", "identifier": [
        {"system": "http://molit.eu/fhir/genomics/NamingSystem/organization", "value": "CEGAT"}], "name": "CEGAT"},
     "request": {"method": "POST", "url": "Organization",
                 "ifNoneExist": "identifier=http://molit.eu/fhir/genomics/NamingSystem/organization|CEGAT"}},
    {"fullUrl": PAT, "resource": {"resourceType": "Patient", "identifier": [
        {"system": "http://molit.eu/fhir/genomics/NamingSystem/cegat/patID", "value": "11111"}]},
     "request": {"method": "POST", "url": "Patient",
                 "ifNoneExist": "identifier=http://molit.eu/fhir/genomics/NamingSystem/cegat/patID|11111"}},
    {"fullUrl": SPEC, "resource": {"resourceType": "Specimen", "identifier": [
        {"system": "http://molit.eu/fhir/genomics/NamingSystem/cegat/tissueID", "value": "UNKNOWN"}],
        "type": cc("http://terminology.hl7.org/CodeSystem/v2-0487", "TUMOR", "Tumor"), "subject": ref(PAT),
        "collection": {"method": {"text": "Biopsy"}, "bodySite": cc("http://hl7.org/fhir/sid/icd-10-cm", "C16.0")}},
     "request": {"method": "POST", "url": "Specimen",
                 "ifNoneExist": "identifier=http://molit.eu/fhir/genomics/NamingSystem/cegat/tissueID|UNKNOWN"}},
    *[onco_variant(r) for r in onco_variants],
    {"fullUrl": "urn:uuid:6a80003f-822d-489e-8286-1f1dcba56dfa", "resource": {
        "resourceType": "DiagnosticReport", "meta": {"profile": [SD + "genomic-report"]},
        "identifier": [{"system": "http://molit.eu/fhir/genomics/NamingSystem/cegat/reportID", "value": "42867"}],
        "status": "final", "code": cc(LNC, "51969-4", "Genetic analysis report"), "subject": ref(PAT),
        "issued": "2019-09-15T11:35:05.722-04:00", "performer": [ref(ORG)], "specimen": [ref(SPEC)],
        "result": [ref("urn:uuid:" + r[1]) for r in onco_variants]},
     "request": {"method": "POST", "url": "DiagnosticReport"}},
]}

# ---------------------------------------------------------------- CGOpsRequests.fsh (FindSubjectVariantsOutput)
# The operation returns a Parameters resource; its one variant is given here as the
# searchset Bundle a FHIR search would return. There is no Patient in the source.
braf = {
    "resourceType": "Observation", "id": "dv-5a7f781e83514", "meta": {"profile": [SD + "variant"]}, "status": "final",
    "category": [{"coding": [{"system": OBSCAT, "code": "laboratory"}]}, {"coding": [{"system": V2_0074, "code": "GE"}]}],
    "code": cc(LNC, "69548-6", "Genetic variant assessment"), "subject": ref("Patient/HG00403"),
    "effectiveDateTime": "2023-07-01", "performer": [ref("Organization/ExampleOrg")],
    "valueCodeableConcept": cc(LNC, "LA9633-4", "Present"),
    "component": [
        comp("48002-0", "Genomic source class [Type]", valueCodeableConcept=cc(LNC, "LA6684-0", "Somatic")),
        comp("48013-7", "Genomic reference sequence ID", valueCodeableConcept=cc(REFSEQ, "NC_000007.14")),
        comp("81258-6", "Sample VAF", valueQuantity=qty(0.1793, "relative frequency of a particular allele in the specimen", "1")),
        comp("69547-8", "Genomic Ref allele [ID]", valueString="A"),
        comp("69551-0", "Genomic Alt allele [ID]", valueString="T"),
        comp("92822-6", "Genomic coord system", valueCodeableConcept=cc(LNC, "LA30100-4", "0-based interval counting")),
        {"code": {"coding": [{"system": LNC, "code": "81254-5"}], "text": "Genomic allele start-end"},
         "valueRange": {"low": {"value": 140753335}}},
    ],
}
cgops = bundle("searchset", [braf], base="http://example.org/fhir/", ids="find-subject-variants-braf")

# ---------------------------------------------------------------- variant-with-molec-consequences.fsh, molec-conseq1..4.fsh
mc_variant = {
    "resourceType": "Observation", "id": "variant-with-molec-consequences", "meta": {"profile": [SD + "variant"]},
    "status": "final", "category": LAB_CATEGORY, "code": cc(LNC, "69548-6", "Genetic variant assessment"),
    "subject": ref("Patient/HG00403"), "effectiveDateTime": "2023-06-01", "performer": [ref("Organization/ExampleLab")],
    "valueCodeableConcept": cc(LNC, "LA9633-4", "Present"),
    "component": [
        comp("48002-0", "Genomic source class", valueCodeableConcept=cc(LNC, "LA6683-2", "Germline")),
        comp("48013-7", "Genomic reference sequence ID", valueCodeableConcept=cc(REFSEQ, "NC_000001.10")),
        comp("53034-5", "Allelic state", valueCodeableConcept=cc(LNC, "LA6706-1", "Heterozygous")),
        comp("81252-9", "Discrete genetic variant", valueCodeableConcept=cc(HGVS, "NC_000001.10:g.86852621A>G", "NC_000001.10:g.86852621A>G")),
        comp("81258-6", "Sample VAF", valueQuantity=qty(0.6, "relative frequency of a particular allele in the specimen", "1")),
        comp("69547-8", "Genomic Ref allele [ID]", valueString="A"),
        comp("69551-0", "Genomic Alt allele [ID]", valueString="G"),
        comp("92822-6", "Genomic coord system", valueCodeableConcept=cc(LNC, "LA30100-4", "0-based interval counting")),
        {"code": {"coding": [{"system": LNC, "code": "81254-5"}], "text": "Variant exact start-end"}, "valueRange": {"low": {"value": 86852620}}},
        {"code": {"coding": [{"system": LNC, "code": "92821-8"}], "text": "Population allele frequency"}, "valueQuantity": qty(0.327084, None, "1")},
    ],
}


def mc(n, impact, parts):
    c = consequence(f"molec-conseq{n}", "variant-with-molec-consequences", parts, subject="Patient/HG00403")
    c["effectiveDateTime"] = "2023-06-01"
    c["performer"] = [ref("Organization/ExampleLab")]
    c["interpretation"] = [cc("http://example.org/pcingola.github.io/SnpEff/se_inputoutput/#impact-prediction", *impact)]
    return c


molec = bundle("collection", [mc_variant,
                              mc(1, ("HIGH", "High"), [("51958-7", "NM_001395525.1"),
                                                       ("feature-consequence", ("SO:0001575", "splice_donor_variant")),
                                                       ("functional-effect", ("SO_0002054", "loss_of_function_variant"))]),
                              mc(2, ("LOW", "Low"), [("48004-6", "NM_001366781.1:c.90T>C"), ("51958-7", "NM_001366781.1"),
                                                     ("feature-consequence", ("SO:0001819", "synonymous_variant"))]),
                              mc(3, ("MOD", "Modifier"), [("48004-6", "NM_001395543.1:c.-171T>C"), ("51958-7", "NM_001395543.1"),
                                                          ("feature-consequence", ("SO:0001623", "5_prime_UTR_variant"))]),
                              mc(4, ("MOD", "Modifier"), [("51958-7", "NM_001395544.1"),
                                                          ("feature-consequence", ("SO:0001627", "intron_variant"))])],
               base="http://example.org/fhir/", ids="variant-with-molec-consequences")
# molec-conseq1's splice_donor_variant concept has a second coding (intron_variant):
molec["entry"][1]["resource"]["component"][1]["valueCodeableConcept"]["coding"].append(
    {"system": SO, "code": "SO:0001627", "display": "intron_variant"})


def to_xml(value, name, indent=0):
    """FHIR JSON → FHIR XML: primitives as value attributes, an extension's url as an
    attribute, arrays as repeated elements, `resource` wrapping the typed element."""
    pad = "  " * indent
    if isinstance(value, dict):
        attrs = ""
        inner = ""
        for k, v in value.items():
            if k == "resourceType":
                continue
            if k == "url" and name in ("extension", "modifierExtension"):
                attrs = f' url="{escape(v, {chr(34): "&quot;"})}"'
                continue
            if k == "resource":
                inner += f"{pad}  <resource>\n{to_xml(v, v['resourceType'], indent + 2)}{pad}  </resource>\n"
            elif isinstance(v, list):
                inner += "".join(to_xml(x, k, indent + 1) for x in v)
            else:
                inner += to_xml(v, k, indent + 1)
        return f"{pad}<{name}{attrs}>\n{inner}{pad}</{name}>\n"
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return f'{pad}<{name} value="{escape(text, {chr(34): "&quot;"})}"/>\n'


def write(name, resource, xml=False):
    with open(name + ".json", "w") as f:
        json.dump(resource, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if xml:
        body = to_xml(resource, resource["resourceType"])
        body = body.replace(f"<{resource['resourceType']}>", f'<{resource["resourceType"]} xmlns="http://hl7.org/fhir">', 1)
        with open(name + ".xml", "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + body)


write("somatic-report-pdf", somatic, xml=True)
write("oncology-report-bundle", onco, xml=True)
write("cgops-find-subject-variants-braf", cgops)
write("variant-with-molec-consequences", molec)
