"""MM-1005: one patient whose draws arrive in all three formats over the years.

Imported by make_sample_data.py. Every value is invented.
"""
import json
import os
from xml.sax.saxutils import escape

ISSUER = "https://northbridge.example/fhir/mrn"
PATIENT = {"mrn": "MM-1005", "family": "Varga", "given": "Ilona", "sex": "female", "born": "1962-08-14"}
GENES = {
    "KRAS p.G12V": ("KRAS", "HGNC:6407", "NM_004985.5", "c.35G>T", "p.Gly12Val", "G12V", "c.35G>T"),
    "TP53 p.R175H": ("TP53", "HGNC:11998", "NM_000546.6", "c.524G>A", "p.Arg175His", "R175H", "c.524G>A"),
    "NRAS p.Q61R": ("NRAS", "HGNC:7989", "NM_002524.5", "c.182A>G", "p.Gln61Arg", "Q61R", "c.182A>G"),
}


def own_format(report_id, date, calls, cfdna):
    variants = ""
    for name, (vaf, depth) in calls.items():
        gene, _, tx, c, p, _, _ = GENES[name]
        if vaf is None:
            variants += (f'    <variant status="not-detected" origin="somatic"><gene>{gene}</gene><transcript>{tx}</transcript>'
                         f'<cHGVS>{escape(c)}</cHGVS><pHGVS>{p}</pHGVS><depth>{depth}</depth></variant>\n')
        else:
            alt = round(vaf * depth)
            variants += (f'    <variant status="detected" origin="somatic"><gene>{gene}</gene><transcript>{tx}</transcript>'
                         f'<cHGVS>{escape(c)}</cHGVS><pHGVS>{p}</pHGVS><altReads>{alt}</altReads><depth>{depth}</depth>'
                         f'<vaf>{alt / depth:.5f}</vaf></variant>\n')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ctdnaResult xmlns="urn:ctdna-monitor:result:1" reportId="{report_id}" version="1" status="final">
  <laboratory>Northbridge Haematology Molecular Laboratory</laboratory>
  <patient>
    <mrn issuer="{ISSUER}">{PATIENT['mrn']}</mrn>
    <name><family>{PATIENT['family']}</family><given>{PATIENT['given']}</given></name>
    <sex>{PATIENT['sex']}</sex>
    <birthDate>{PATIENT['born']}</birthDate>
  </patient>
  <specimen accession="S{report_id}">
    <collected>{date}T09:10:00+01:00</collected>
    <cfDNANgPerMl>{cfdna}</cfDNANgPerMl>
  </specimen>
  <assay name="MyeloTrack-cf" version="2.1">
    <panel>KRAS NRAS BRAF TP53 DIS3 DNMT3A TET2</panel>
    <limitOfDetection>0.0005</limitOfDetection>
  </assay>
  <qc status="pass"/>
  <variants>
{variants}  </variants>
</ctdnaResult>
"""


def fhir_resources(report_id, date, calls, percent):
    """The resources of one draw as Python dicts (FHIR JSON shape)."""
    pid, sid, rid = f"pat-{report_id}", f"spec-{report_id}", f"rep-{report_id}"
    observations = []
    for i, (name, (vaf, depth)) in enumerate(calls.items()):
        gene, hgnc, tx, c, p, _, _ = GENES[name]
        comps = [
            ("48018-6", {"valueCodeableConcept": {"coding": [{"system": "http://www.genenames.org/geneId", "code": hgnc, "display": gene}]}}),
            ("48004-6", {"valueCodeableConcept": {"coding": [{"system": "http://varnomen.hgvs.org", "code": f"{tx}:{c}"}]}}),
            ("48005-3", {"valueCodeableConcept": {"coding": [{"system": "http://varnomen.hgvs.org", "code": f"NP_0:p.({p[2:]})" if i % 2 else p}]}}),
            ("48002-0", {"valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA6684-0", "display": "Somatic"}]}}),
            ("82121-5", {"valueQuantity": {"value": depth, "system": "http://unitsofmeasure.org", "code": "1"}}),
        ]
        if vaf is not None:
            q = {"value": round(vaf * 100, 3), "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"} if percent \
                else {"value": vaf, "system": "http://unitsofmeasure.org", "code": "1"}
            comps.append(("81258-6", {"valueQuantity": q}))
        present = ("LA9633-4", "Present") if vaf is not None else ("LA9634-2", "Absent")
        observations.append({
            "resourceType": "Observation", "id": f"var-{report_id}-{i}",
            "meta": {"profile": ["http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant"]},
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "69548-6", "display": "Genetic variant assessment"}]},
            "subject": {"reference": f"urn:uuid:{pid}"},
            "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": present[0], "display": present[1]}]},
            "component": [dict({"code": {"coding": [{"system": "http://loinc.org", "code": code}]}}, **value) for code, value in comps],
        })
    patient = {"resourceType": "Patient", "id": pid,
               "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
                               "system": ISSUER, "value": PATIENT["mrn"]}],
               "name": [{"family": PATIENT["family"], "given": [PATIENT["given"]]}],
               "gender": PATIENT["sex"], "birthDate": PATIENT["born"]}
    specimen = {"resourceType": "Specimen", "id": sid, "accessionIdentifier": {"value": f"S{report_id}"},
                "type": {"text": "Peripheral blood plasma (Streck BCT)"},
                "subject": {"reference": f"urn:uuid:{pid}"},
                "collection": {"collectedDateTime": f"{date}T08:45:00+01:00"},
                "receivedTime": f"{date}T14:20:00+01:00"}
    report = {"resourceType": "DiagnosticReport", "id": rid,
              "identifier": [{"system": "https://riverside.example/reports", "value": report_id}],
              "status": "final",
              "code": {"coding": [{"system": "http://loinc.org", "code": "81247-9"}], "text": "Riverside cfDNA myeloma panel"},
              "subject": {"reference": f"urn:uuid:{pid}"}, "issued": f"{date}T18:00:00+01:00",
              "specimen": [{"reference": f"urn:uuid:{sid}"}],
              "result": [{"reference": f"urn:uuid:{o['id']}"} for o in observations]}
    return [patient, specimen, report] + observations


def bundle(resources):
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}


def to_xml(value, name, indent):
    """FHIR JSON → FHIR XML for the subset these files use."""
    pad = "  " * indent
    if isinstance(value, dict):
        inner = ""
        for k, v in value.items():
            if k == "resourceType":
                continue
            if k == "resource":
                inner += f"{pad}  <resource>\n{to_xml(v, v['resourceType'], indent + 2)}{pad}  </resource>\n"
            elif isinstance(v, list):
                inner += "".join(to_xml(item, k, indent + 1) for item in v)
            else:
                inner += to_xml(v, k, indent + 1)
        return f"{pad}<{name}>\n{inner}{pad}</{name}>\n"
    return f'{pad}<{name} value="{escape(str(value), {chr(34): "&quot;"})}"/>\n'


def fhir_xml(resources):
    body = to_xml(bundle(resources), "Bundle", 0)
    body = body.replace("<Bundle>", '<Bundle xmlns="http://hl7.org/fhir">', 1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def foundation_one(report_id, version, coll_date, received, calls, tf):
    coll = f"\n\t\t\t\t<CollDate>{coll_date}</CollDate>" if coll_date else ""
    shorts = ""
    for name, (vaf, depth) in calls.items():
        gene, _, tx, c, _, one, cds = GENES[name]
        shorts += (f'\t\t\t\t<short-variant allele-fraction="{vaf:.4f}" cds-effect="{cds[2:]}" depth="{depth}" '
                   f'equivocal="false" functional-effect="missense" gene="{gene}" percent-reads="{vaf * 100:.2f}" '
                   f'protein-effect="{one}" status="known" transcript="{tx.split(".")[0]}">\n'
                   f'\t\t\t\t\t<dna-evidence sample="SA-1"/>\n\t\t\t\t</short-variant>\n')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rr:ResultsReport xmlns:rr="http://integration.foundationmedicine.com/reporting">
\t<rr:ResultsPayload>
\t\t<FinalReport>
\t\t\t<ReportId>{report_id}</ReportId>
\t\t\t<Version>{version}</Version>
\t\t\t<Sample>
\t\t\t\t<SampleId>{report_id}.01</SampleId>
\t\t\t\t<TestType>FoundationOne Liquid CDx</TestType>
\t\t\t\t<ReceivedDate>{received}</ReceivedDate>
\t\t\t</Sample>
\t\t\t<PMI>
\t\t\t\t<ReportId>{report_id}</ReportId>
\t\t\t\t<MRN>{PATIENT['mrn']}</MRN>
\t\t\t\t<FirstName>{PATIENT['given']}</FirstName>
\t\t\t\t<LastName>{PATIENT['family']}</LastName>
\t\t\t\t<Gender>Female</Gender>
\t\t\t\t<DOB>{PATIENT['born']}</DOB>{coll}
\t\t\t\t<ReceivedDate>{received}</ReceivedDate>
\t\t\t\t<OrderingMD>Menon, Anika</OrderingMD>
\t\t\t\t<SpecSite>Blood</SpecSite>
\t\t\t</PMI>
\t\t\t<reportProperties>
\t\t\t\t<reportProperty identifier="AdditionalFindings" key="TumorFractionScore"><value>{tf}</value></reportProperty>
\t\t\t</reportProperties>
\t\t</FinalReport>
\t\t<variant-report xmlns="http://foundationmedicine.com/compbio/variant-report-external" pipeline-version="v3.4.0" test-type="FoundationOne Liquid CDx">
\t\t\t<quality-control status="Pass"/>
\t\t\t<short-variants>
{shorts}\t\t\t</short-variants>
\t\t\t<copy-number-alterations/>
\t\t\t<rearrangements/>
\t\t\t<biomarkers>
\t\t\t\t<microsatellite-instability status="MSS"/>
\t\t\t</biomarkers>
\t\t</variant-report>
\t</rr:ResultsPayload>
</rr:ResultsReport>
"""


def write(root):
    folder = os.path.join(root, "cross-format", PATIENT["mrn"])
    os.makedirs(folder, exist_ok=True)

    def put(name, text):
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)

    put("2023-03-06-ctdna.xml", own_format("NBH-1005-01", "2023-03-06",
                                           {"KRAS p.G12V": (0.091, 5200), "TP53 p.R175H": (0.054, 4900)}, 16.2))
    put("2023-05-15-fhir.xml", fhir_xml(fhir_resources("RVS-23-0515", "2023-05-15",
                                                       {"KRAS p.G12V": (0.031, 3900), "TP53 p.R175H": (0.018, 4100)}, True)))
    put("2023-08-21-fhir.json", json.dumps(bundle(fhir_resources("RVS-23-0821", "2023-08-21",
                                                                 {"KRAS p.G12V": (0.004, 4400), "TP53 p.R175H": (None, 4300)}, False)), indent=2) + "\n")
    put("2023-11-27-foundationone.xml", foundation_one("ORD-7781-01", 1, "2023-11-27", "2023-11-29",
                                                       {"KRAS p.G12V": (0.0021, 6100)}, "0.4%"))
    put("2024-02-26-foundationone.xml", foundation_one("ORD-8120-01", 1, None, "2024-02-28",
                                                       {"KRAS p.G12V": (0.012, 5800), "TP53 p.R175H": (0.006, 5500)}, "1.9%"))
    put("2024-04-22-ctdna.xml", own_format("NBH-1005-02", "2024-04-22",
                                           {"KRAS p.G12V": (0.034, 5100), "TP53 p.R175H": (0.021, 5000),
                                            "NRAS p.Q61R": (0.011, 5300)}, 19.4))
