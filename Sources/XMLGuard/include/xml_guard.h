#ifndef CTDNA_XML_GUARD_H
#define CTDNA_XML_GUARD_H

/// Installs, for the whole process, a libxml2 external-entity loader that refuses every
/// request (a DTD, an entity, a schema import) and counts it. Defence in depth: the
/// parser options and the DOCTYPE guard already keep libxml2 from loading anything.
void ctdna_xml_refuse_external_loads(void);

/// How many times libxml2 asked to load an external resource since the process
/// started; tests check it stays at zero.
int ctdna_xml_external_load_attempts(void);

#endif
