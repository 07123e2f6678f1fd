#!/usr/bin/env python3
# Writes bad/ from good/minimal-one-variant.xml: one fault per file, named for the fault.
# Run from this folder. The expected message of each is in bad/NAME.xml.expected.
import re
base = open('good/minimal-one-variant.xml', encoding='utf-8').read()
def w(name, text, mode='w'):
    if isinstance(text, bytes):
        open('bad/' + name, 'wb').write(text)
    else:
        open('bad/' + name, 'w', encoding='utf-8').write(text)
w('empty.xml', '')
w('truncated.xml', base[: base.index('<variants>') + 30])
w('not-xml.xml', 'MRN,gene,vaf\nFX-0001,KRAS,0.025\n')
w('unknown-root-element.xml', base.replace('<ctdnaResult', '<ctdnaReport').replace('</ctdnaResult>', '</ctdnaReport>'))
w('wrong-namespace.xml', base.replace('urn:ctdna-monitor:result:1', 'urn:example:other-lab:2'))
w('vaf-above-one.xml', base.replace('<vaf>0.025</vaf>', '<vaf>1.25</vaf>'))
w('vaf-negative.xml', base.replace('<vaf>0.025</vaf>', '<vaf>-0.01</vaf>'))
w('vaf-not-a-number.xml', base.replace('<vaf>0.025</vaf>', '<vaf>NaN</vaf>'))
w('depth-below-alt-reads.xml', base.replace('<depth>2000</depth>', '<depth>40</depth>'))
w('missing-mrn.xml', base.replace('    <mrn issuer="FIX">FX-0001</mrn>\n', ''))
w('collected-after-received.xml', base.replace('2024-05-06T15:00:00+02:00', '2024-05-05T15:00:00+02:00'))
w('collection-date-in-future.xml', base.replace('2024-05-06T09:15:00+02:00', '2099-05-06T09:15:00+02:00').replace('2024-05-06T15:00:00+02:00', '2099-05-06T15:00:00+02:00'))
w('invalid-date.xml', base.replace('2024-05-06T09:15:00+02:00', '2024-02-30T09:15:00+02:00'))
w('detected-without-vaf.xml', base.replace('      <altReads>50</altReads>\n', '').replace('      <vaf>0.025</vaf>\n', ''))
w('duplicate-variant-conflicting-values.xml', base.replace('    <variant status="not-detected">',
   '    <variant status="detected">\n      <gene>KRAS</gene>\n      <pHGVS>p.G12D</pHGVS>\n      <altReads>90</altReads>\n      <depth>2000</depth>\n      <vaf>0.045</vaf>\n    </variant>\n    <variant status="not-detected">'))
w('doctype-external-entity.xml', base.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ctdnaResult [\n  <!ENTITY leak SYSTEM "file:///etc/passwd">\n]>\n').replace('FixturePanel', '&leak;'))
w('undeclared-prefix.xml', base.replace('<qc status="pass"/>', '<x:qc status="pass"/>'))
w('invalid-utf8.xml', base.replace('FixturePanel', 'Fixture\udcffPanel').encode('utf-8', 'surrogateescape'))

# Entities, DTDs and size: the parser must refuse these without reading anything else.
w('external-dtd.xml', base.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ctdnaResult SYSTEM "http://example.invalid/ctdna.dtd">\n'))
lol = '<!ENTITY lol "lol">\n' + ''.join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
w('billion-laughs.xml', base.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ctdnaResult [\n' + lol + ']>\n').replace('FixturePanel', '&lol9;'))
w('quadratic-blowup.xml', base.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ctdnaResult [\n<!ENTITY a "' + 'x' * 50000 + '">\n]>\n')
   .replace('FixturePanel', '&a;' * 2000))
w('deep-nesting.xml', base.replace('<qc status="pass"/>', '<qc status="pass"/>' + '<x>' * 5000 + '</x>' * 5000))
w('undeclared-entity.xml', base.replace('FixturePanel', 'Fixture&nbsp;Panel'))
w('parameter-entity.xml', base.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ctdnaResult [\n<!ENTITY % ext SYSTEM "file:///etc/passwd">\n%ext;\n]>\n'))
w('xinclude.xml', base.replace('<qc status="pass"/>', '<qc status="pass"/><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'))
w('utf16-declared-but-utf8.xml', base.replace('encoding="UTF-8"', 'encoding="UTF-16"'))
w('unknown-element.xml', base.replace('<qc status="pass"/>', '<qc status="pass"/><comment>free text</comment>'))
w('report-version-zero.xml', base.replace('version="1" status="final"', 'version="0" status="final"'))
w('unknown-call-status.xml', base.replace('<variant status="detected">', '<variant status="present">'))
w('sex-not-allowed.xml', base.replace('<sex>female</sex>', '<sex>f</sex>'))
w('birth-date-in-future.xml', base.replace('<birthDate>1960-01-02</birthDate>', '<birthDate>2090-01-02</birthDate>'))
w('birth-after-collection.xml', base.replace('<birthDate>1960-01-02</birthDate>', '<birthDate>2024-06-01</birthDate>'))
w('no-variant-description.xml', base.replace('      <cHGVS>NM_004985.5:c.35G&gt;A</cHGVS>\n      <pHGVS>NP_004976.2:p.(Gly12Asp)</pHGVS>\n', ''))
w('two-root-elements.xml', base + '<ctdnaResult xmlns="urn:ctdna-monitor:result:1"/>\n')
w('nul-byte.xml', base.replace('FixturePanel', 'Fixture\x00Panel'))

# Issue 13 additions: from good/clinical-context-full.xml and good/result-issue-13-fields.xml.
clinical = open('good/clinical-context-full.xml', encoding='utf-8').read()
result13 = open('good/result-issue-13-fields.xml', encoding='utf-8').read()
w('fish-clonal-fraction-above-one.xml', clinical.replace('clonalFraction="0.45"', 'clonalFraction="1.5"'))
w('fish-clone-size-when-not-detected.xml', clinical.replace('<fish kind="t(4;14)" detected="false"/>', '<fish kind="t(4;14)" detected="false" clonalFraction="0.3"/>'))
w('fish-listed-twice-with-different-values.xml', clinical.replace('<fish kind="t(4;14)" detected="false"/>', '<fish kind="t(4;14)" detected="false"/>\n    <fish kind="t(4;14)" detected="true"/>'))
w('lesion-class-unknown.xml', clinical.replace('<lesion site="kidney" class="extramedullary"/>', '<lesion site="kidney" class="visceral"/>'))
w('lesion-site-unknown.xml', clinical.replace('<lesion site="kidney" class="extramedullary"/>', '<lesion site="adrenal" class="extramedullary"/>'))
w('biopsy-date-in-future.xml', clinical.replace('<biopsy date="2024-02-20"', '<biopsy date="2099-02-20"'))
w('biopsy-variant-without-change.xml', clinical.replace('<variant gene="TP53" proteinChange="p.R175H"/>', '<variant gene="TP53"/>'))
w('immunofixation-not-zero-or-one.xml', clinical.replace('<value marker="serum-immunofixation" date="2024-01-10">1</value>', '<value marker="serum-immunofixation" date="2024-01-10">0.5</value>'))
w('light-chain-unknown.xml', clinical.replace('<lightChain>lambda</lightChain>', '<lightChain>heavy</lightChain>'))
w('mrd-method-unknown.xml', clinical.replace('mrdMethod="NGS"', 'mrdMethod="PCR"'))
w('processing-hours-negative.xml', result13.replace('<processingHours>26.5</processingHours>', '<processingHours>-2</processingHours>'))
w('clinical-significance-unknown.xml', result13.replace('clinicalSignificance="pathogenic"', 'clinicalSignificance="drug-response"'))
