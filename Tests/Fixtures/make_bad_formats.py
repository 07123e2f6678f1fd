#!/usr/bin/env python3
# Writes fhir/bad and foundationone/bad from the good files beside them: one fault per
# file, named for the fault. Run from this folder. Expected messages: NAME.expected.
import json

def w(path, text):
    mode = 'wb' if isinstance(text, bytes) else 'w'
    with open(path, mode) as f:
        f.write(text)

j = open('fhir/good/bundle-absent-variant.json').read()
w('fhir/bad/vaf-fraction-above-one.json', j.replace('"value": 0.004,', '"value": 1.4,'))
w('fhir/bad/trailing-comma.json', j.replace('"type": "collection",', '"type": "collection",,', 1))
w('fhir/bad/duplicate-member.json', j.replace('"type": "collection",', '"type": "collection",\n  "type": "batch",', 1))
w('fhir/bad/truncated.json', j[: len(j) // 2])
w('fhir/bad/invalid-utf8.json', j.replace('Ilona', 'Il\udcffona').encode('utf-8', 'surrogateescape'))
w('fhir/bad/not-a-fhir-resource.json', '{\n  "patient": "MM-1005",\n  "vaf": 0.1\n}\n')
w('fhir/bad/nan-number.json', j.replace('"value": 0.004,', '"value": NaN,'))
w('fhir/bad/depth-not-whole.json', j.replace('"value": 4400,', '"value": 4400.5,'))
doc = json.loads(j)
for e in doc['entry']:
    if e['resource']['resourceType'] == 'DiagnosticReport':
        e['resource']['status'] = 'done'
w('fhir/bad/unknown-report-status.json', json.dumps(doc, indent=2) + '\n')
w('fhir/bad/variant-without-gene.json', j.replace('"code": "48018-6"', '"code": "99999-9"', 1))
x = open('fhir/good/bundle-percent-vaf.xml').read()
w('fhir/bad/vaf-percent-above-100.xml', x.replace('<value value="3.1"/>', '<value value="310"/>'))
w('fhir/bad/collected-after-received.xml', x.replace('<receivedTime value="2023-05-15T14:20:00+01:00"/>', '<receivedTime value="2023-05-14T14:20:00+01:00"/>'))
w('fhir/bad/no-patient-identifier.xml', x.replace('<value value="MM-1005"/>', ''))
f = open('foundationone/good/no-colldate.xml').read()
w('foundationone/bad/no-mrn.xml', f.replace('\t\t\t\t<MRN>MM-1005</MRN>\n', ''))
w('foundationone/bad/allele-fraction-above-one.xml', f.replace('allele-fraction="0.0120"', 'allele-fraction="1.2000"'))
w('foundationone/bad/no-dates.xml', f.replace('<ReceivedDate>2024-02-28</ReceivedDate>', ''))
w('foundationone/bad/no-variant-report.xml', f[: f.index('\t\t<variant-report')] + '\t</rr:ResultsPayload>\n</rr:ResultsReport>\n')
w('foundationone/bad/quality-status-unknown.xml', f.replace('<quality-control status="Pass"/>', '<quality-control status="Perfect"/>'))
