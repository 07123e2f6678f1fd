#ifndef CTDNA_CLIBXML2_SHIM_H
#define CTDNA_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, and then <libxml/encoding.h> includes the system's
   <unicode/ucnv.h>. Swift's Foundation carries its own ICU headers (_FoundationICU) with
   the same include guards but other enum members, and a module that sees both fails to
   build ("'U_MF_…' from module '_FoundationICU' is not present in definition of
   'enum UErrorCode' in module 'CLibXML2'") depending on which it loads first. We use no
   ICU API of libxml2 and never touch xmlCharEncodingHandler's fields (the only layout the
   macro changes), so the ICU declarations are left out of this module. */
#undef LIBXML_ICU_ENABLED
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
