#ifndef CTDNA_CPANGO_SHIM_H
#define CTDNA_CPANGO_SHIM_H
#include <pango/pangocairo.h>

/// g_object_unref takes a gpointer; a typed helper keeps the call sites plain.
static inline void ctdna_pango_layout_free(PangoLayout *layout) {
    if (layout != NULL) { g_object_unref(layout); }
}

/// Whether `markup` is valid Pango markup (and so will not draw as an error box).
static inline int ctdna_pango_markup_is_valid(const char *markup, char **message) {
    GError *error = NULL;
    gboolean ok = pango_parse_markup(markup, -1, 0, NULL, NULL, NULL, &error);
    if (!ok && error != NULL) {
        if (message != NULL) { *message = g_strdup(error->message); }
        g_error_free(error);
    }
    return ok ? 1 : 0;
}

static inline void ctdna_g_free(void *p) { g_free(p); }
#endif
