#include "xml_guard.h"
#include <libxml/parser.h>

/* One counter for the whole process (a `static` in a header gave one per includer). */
static int external_load_attempts = 0;

static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    __atomic_add_fetch(&external_load_attempts, 1, __ATOMIC_RELAXED);
    return NULL;
}

void ctdna_xml_refuse_external_loads(void) {
    xmlSetExternalEntityLoader(refuse_external);
}

int ctdna_xml_external_load_attempts(void) {
    return __atomic_load_n(&external_load_attempts, __ATOMIC_RELAXED);
}
