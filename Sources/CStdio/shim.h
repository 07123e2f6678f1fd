#ifndef CTDNA_CSTDIO_SHIM_H
#define CTDNA_CSTDIO_SHIM_H
#include <stdio.h>

/* printf("%.*f"): Swift cannot call a variadic C function directly, and Swift's own
   va_list route (withVaList) costs a runtime protocol lookup on first use. */
static inline int ctdna_format_fixed(char *buffer, size_t size, int digits, double value) {
    return snprintf(buffer, size, "%.*f", digits, value);
}

#endif
