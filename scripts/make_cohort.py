#!/usr/bin/env python3
"""Synthetic cohort generator for tests and `make bench`.

  python3 scripts/make_cohort.py OUT [--patients N] [--draws D] [--seed S]

Writes OUT/<MRN>/draw-NN.<ext>, mixing our result XML (50 %), FHIR XML (20 %), FHIR
JSON (15 %) and FoundationOne XML (15 %), plus OUT/<MRN>/clinical.xml. Seeded: the same
arguments give the same bytes. Every name and value is invented.
"""
import argparse
import json
import os
import random
from xml.sax.saxutils import escape

GENES = [("KRAS", "p.G12D", "c.35G>A", "G12D"), ("KRAS", "p.G12V", "c.35G>T", "G12V"), ("NRAS", "p.Q61K", "c.181C>A", "Q61K"),
         ("NRAS", "p.Q61R", "c.182A>G", "Q61R"), ("TP53", "p.R248Q", "c.743G>A", "R248Q"), ("TP53", "p.R175H", "c.524G>A", "R175H"),
         ("BRAF", "p.V600E", "c.1799T>A", "V600E"), ("DIS3", "p.R780K", "c.2339G>A", "R780K"), ("TRAF3", "p.R300*", "c.898C>T", "R300*"),
         ("FAM46C", "p.D90G", "c.269A>G", "D90G"), ("DNMT3A", "p.R882H", "c.2645G>A", "R882H"), ("TET2", "p.Q1034*", "c.3100C>T", "Q1034*")]
PANEL = "KRAS NRAS BRAF TP53 DIS3 TRAF3 FAM46C DNMT3A TET2 CIC MYC"
FAMILY = ["Abara", "Berg", "Castell", "Dunmore", "Eze", "Fontaine", "Gallo", "Haas", "Iqbal", "Jansen", "Kowal", "Lund",
          "Moss", "Nakamura", "Orsi", "Pryce", "Quint", "Rahman", "Sato", "Tovar", "Ueda", "Vance", "Weir", "Yildiz"]
GIVEN = ["Alex", "Bea", "Cai", "Dana", "Eli", "Faye", "Gus", "Hana", "Ivo", "Jun", "Kit", "Lena", "Milo", "Noor"]


def day(d):
    y, m, dd = 2021, 1, 1
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    d0 = d
    while True:
        ml = months[m - 1] + (1 if m == 2 and y % 4 == 0 else 0)
        if d0 < ml:
            return f"{y:04d}-{m:02d}-{d0 + 1:02d}"
        d0 -= ml
        m += 1
        if m > 12:
            m, y = 1, y + 1


def own(p, k, date, calls):
    vs = ""
    for (g, prot, c, _), vaf, depth in calls:
        if vaf is None:
            vs += f'<variant status="not-detected"><gene>{g}</gene><cHGVS>{escape(c)}</cHGVS><pHGVS>{prot}</pHGVS><depth>{depth}</depth></variant>\n'
        else:
            alt = max(1, round(vaf * depth))
            vs += (f'<variant status="detected"><gene>{g}</gene><cHGVS>{escape(c)}</cHGVS><pHGVS>{prot}</pHGVS>'
                   f'<altReads>{alt}</altReads><depth>{depth}</depth><vaf>{alt / depth:.6f}</vaf></variant>\n')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ctdnaResult xmlns="urn:ctdna-monitor:result:1" reportId="{p["mrn"]}-R{k:02d}" version="1" status="final">\n'
            f'<patient><mrn>{p["mrn"]}</mrn><name><family>{p["family"]}</family><given>{p["given"]}</given></name><sex>{p["sex"]}</sex><birthDate>{p["born"]}</birthDate></patient>\n'
            f'<specimen accession="{p["mrn"]}-S{k:02d}"><collected>{date}T08:00:00Z</collected><received>{date}T12:00:00Z</received><cfDNANgPerMl>{8 + k % 7}</cfDNANgPerMl></specimen>\n'
            f'<assay name="MyeloTrack-cf" version="2.1"><panel>{PANEL}</panel><limitOfDetection>0.0005</limitOfDetection></assay>\n'
            f'<qc status="pass"/>\n<variants>\n{vs}</variants>\n</ctdnaResult>\n')


def fhir(p, k, date, calls):
    pid = f"p-{p['mrn']}-{k}"
    obs = []
    for i, ((g, prot, c, _), vaf, depth) in enumerate(calls):
        comps = [{"code": {"coding": [{"system": "http://loinc.org", "code": "48018-6"}]},
                  "valueCodeableConcept": {"coding": [{"system": "http://www.genenames.org/geneId", "display": g}]}},
                 {"code": {"coding": [{"system": "http://loinc.org", "code": "48005-3"}]},
                  "valueCodeableConcept": {"coding": [{"code": prot}]}},
                 {"code": {"coding": [{"system": "http://loinc.org", "code": "48004-6"}]},
                  "valueCodeableConcept": {"coding": [{"code": c}]}},
                 {"code": {"coding": [{"system": "http://loinc.org", "code": "82121-5"}]},
                  "valueQuantity": {"value": depth, "code": "1"}}]
        if vaf is not None:
            comps.append({"code": {"coding": [{"system": "http://loinc.org", "code": "81258-6"}]},
                          "valueQuantity": {"value": round(vaf * 100, 4), "unit": "%", "code": "%"}})
        obs.append({"resourceType": "Observation", "id": f"o-{p['mrn']}-{k}-{i}", "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "69548-6"}]},
                    "subject": {"reference": f"urn:uuid:{pid}"},
                    "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA9633-4" if vaf is not None else "LA9634-2"}]},
                    "component": comps})
    patient = {"resourceType": "Patient", "id": pid, "identifier": [{"value": p["mrn"]}],
               "name": [{"family": p["family"], "given": [p["given"]]}], "gender": p["sex"], "birthDate": p["born"]}
    spec = {"resourceType": "Specimen", "id": f"s-{pid}", "accessionIdentifier": {"value": f"{p['mrn']}-S{k:02d}"},
            "collection": {"collectedDateTime": f"{date}T08:00:00Z"}}
    rep = {"resourceType": "DiagnosticReport", "id": f"r-{pid}", "identifier": [{"value": f"{p['mrn']}-R{k:02d}"}],
           "status": "final", "code": {"text": "Riverside cfDNA panel"}, "subject": {"reference": f"urn:uuid:{pid}"},
           "specimen": [{"reference": f"urn:uuid:s-{pid}"}], "result": [{"reference": f"urn:uuid:{o['id']}"} for o in obs]}
    res = [patient, spec, rep] + obs
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in res]}


def to_xml(value, name, indent=0):
    pad = " " * indent
    if isinstance(value, dict):
        inner = ""
        for k, v in value.items():
            if k == "resourceType":
                continue
            if k == "resource":
                inner += f"{pad} <resource>\n{to_xml(v, v['resourceType'], indent + 2)}{pad} </resource>\n"
            elif isinstance(v, list):
                inner += "".join(to_xml(x, k, indent + 1) for x in v)
            else:
                inner += to_xml(v, k, indent + 1)
        return f"{pad}<{name}>\n{inner}{pad}</{name}>\n"
    return f'{pad}<{name} value="{escape(str(value), {chr(34): "&quot;"})}"/>\n'


def f1(p, k, date, calls):
    sv = ""
    for (g, prot, c, one), vaf, depth in calls:
        if vaf is None:
            continue
        sv += (f'<short-variant allele-fraction="{vaf:.4f}" cds-effect="{escape(c[2:])}" depth="{depth}" gene="{g}" '
               f'percent-reads="{vaf * 100:.2f}" protein-effect="{escape(one)}" status="known"/>\n')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rr:ResultsReport xmlns:rr="http://integration.foundationmedicine.com/reporting">'
            f'<rr:ResultsPayload><FinalReport><ReportId>{p["mrn"]}-R{k:02d}</ReportId><Version>1</Version>'
            f'<Sample><SampleId>{p["mrn"]}-S{k:02d}</SampleId><TestType>FoundationOne Liquid CDx</TestType></Sample>'
            f'<PMI><MRN>{p["mrn"]}</MRN><FirstName>{p["given"]}</FirstName><LastName>{p["family"]}</LastName>'
            f'<Gender>{p["sex"].title()}</Gender><DOB>{p["born"]}</DOB><CollDate>{date}</CollDate><ReceivedDate>{date}</ReceivedDate></PMI>'
            f'</FinalReport><variant-report xmlns="http://foundationmedicine.com/compbio/variant-report-external">'
            f'<quality-control status="Pass"/><short-variants>\n{sv}</short-variants></variant-report></rr:ResultsPayload></rr:ResultsReport>\n')


def clinical(p, start, draws):
    labs = "".join(f'<value marker="m-protein" date="{day(max(0, start + i * 45 - 2))}">{max(0.0, 3.0 - i * 0.4):.1f}</value>' for i in range(draws))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<clinicalContext xmlns="urn:ctdna-monitor:result:1" documentId="{p["mrn"]}-C" version="1">'
            f'<patient><mrn>{p["mrn"]}</mrn><sex>{p["sex"]}</sex><birthDate>{p["born"]}</birthDate></patient>'
            f'<therapy><line regimen="VRd" start="{day(start + 3)}" end="{day(start + 150)}"/><line regimen="Lenalidomide maintenance" start="{day(start + 200)}"/></therapy>'
            f'<labs>{labs}</labs></clinicalContext>\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--patients", type=int, default=1000)
    ap.add_argument("--draws", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    seen = set()
    for n in range(a.patients):
        p = {"mrn": f"SYN{n:06d}", "family": rnd.choice(FAMILY), "given": rnd.choice(GIVEN), "sex": rnd.choice(["female", "male"]),
             "born": f"{rnd.randint(1940, 1975)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"}
        # One name, birth date and sex under two MRNs is refused as one person split
        # (issue 15): every synthetic person is someone else.
        while (p["family"], p["given"], p["sex"], p["born"]) in seen:
            p["born"] = f"{rnd.randint(1940, 1975)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        seen.add((p["family"], p["given"], p["sex"], p["born"]))
        variants = rnd.sample(GENES, rnd.randint(2, 5))
        start = rnd.randint(0, 300)
        folder = os.path.join(a.out, p["mrn"])
        os.makedirs(folder, exist_ok=True)
        levels = [rnd.uniform(0.02, 0.3) for _ in variants]
        for k in range(a.draws):
            date = day(start + k * 45)
            factor = 0.5 ** min(k, 6) * (2 ** max(0, k - 8))
            calls = []
            for v, level in zip(variants, levels):
                vaf = level * factor * rnd.uniform(0.8, 1.25)
                calls.append((v, None if vaf < 0.0008 else min(vaf, 0.95), rnd.randint(2000, 9000)))
            kind = rnd.random()
            if kind < 0.5:
                path, text = f"draw-{k:02d}.xml", own(p, k, date, calls)
            elif kind < 0.7:
                body = to_xml(fhir(p, k, date, calls), "Bundle").replace("<Bundle>", '<Bundle xmlns="http://hl7.org/fhir">', 1)
                path, text = f"draw-{k:02d}-fhir.xml", '<?xml version="1.0" encoding="UTF-8"?>\n' + body
            elif kind < 0.85:
                path, text = f"draw-{k:02d}.json", json.dumps(fhir(p, k, date, calls), separators=(",", ":")) + "\n"
            else:
                path, text = f"draw-{k:02d}-f1.xml", f1(p, k, date, calls)
            with open(os.path.join(folder, path), "w") as f:
                f.write(text)
        with open(os.path.join(folder, "clinical.xml"), "w") as f:
            f.write(clinical(p, start, a.draws))


if __name__ == "__main__":
    main()
