#ifndef CTDNA_CLIBXML2_SHIM_H
#define CTDNA_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlmemory.h>

/// Options for every parse: strict and offline. No XML_PARSE_RECOVER (a broken
/// file is an error, never repaired), XML_PARSE_NONET (no network), and
/// deliberately neither XML_PARSE_NOENT (no entity substitution) nor
/// XML_PARSE_DTDLOAD / XML_PARSE_DTDATTR / XML_PARSE_DTDVALID (no DTD loading).
static inline int ctdna_xml_safe_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
}

/// Frees a string libxml2 allocated (xmlFree is a function pointer, which Swift
/// cannot call directly through the macro-like global).
static inline void ctdna_xml_free(void *ptr) {
    if (ptr != NULL) { xmlFree(ptr); }
}

/// Whether the parser saw namespace errors (an undeclared prefix, say): libxml2
/// still returns a document for those, so the caller must check.
static inline int ctdna_xml_ns_well_formed(xmlParserCtxtPtr ctxt) {
    return ctxt->nsWellFormed;
}

static inline int ctdna_xml_well_formed(xmlParserCtxtPtr ctxt) {
    return ctxt->wellFormed;
}

#endif
