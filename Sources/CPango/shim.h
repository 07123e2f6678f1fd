#ifndef CTDNA_CPANGO_SHIM_H
#define CTDNA_CPANGO_SHIM_H
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>

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

/// Adds every font in `dir` to fontconfig's current configuration for this process only,
/// through fontconfig's cache of that folder (written on first use to fontconfig's cache
/// folder): later runs skip scanning the fonts' character maps. 1 when accepted. Must run
/// before Pango's first font map is made.
static inline int ctdna_fc_add_app_dir(const char *dir) {
    FcConfig *config = FcConfigGetCurrent();
    return (config != NULL && FcConfigAppFontAddDir(config, (const FcChar8 *)dir)) ? 1 : 0;
}

/// Whether fontconfig knows a font whose family is exactly `family` (not a substitute).
static inline int ctdna_fc_has_family(const char *family) {
    FcPattern *pattern = FcPatternCreate();
    FcObjectSet *objects = FcObjectSetBuild(FC_FAMILY, (char *)0);
    if (pattern == NULL || objects == NULL) {
        if (pattern) FcPatternDestroy(pattern);
        if (objects) FcObjectSetDestroy(objects);
        return 0;
    }
    FcPatternAddString(pattern, FC_FAMILY, (const FcChar8 *)family);
    FcFontSet *set = FcFontList(NULL, pattern, objects);
    int found = (set != NULL && set->nfont > 0) ? 1 : 0;
    if (set) FcFontSetDestroy(set);
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    return found;
}

/// The characters of `layout` that no font could draw (Pango draws each as a box with its
/// hex code): writes up to `capacity` code points to `out`, returns how many there are.
static inline int ctdna_pango_layout_unknown_characters(PangoLayout *layout, uint32_t *out, int capacity) {
    int count = 0;
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    if (iter == NULL) { return 0; }
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
        if (run == NULL) { continue; }
        PangoGlyphString *glyphs = run->glyphs;
        for (int i = 0; i < glyphs->num_glyphs; i++) {
            PangoGlyph g = glyphs->glyphs[i].glyph;
            if (g != PANGO_GLYPH_EMPTY && g != 0xFFFFFFFFu && (g & PANGO_GLYPH_UNKNOWN_FLAG)) {
                if (count < capacity) { out[count] = (uint32_t)(g & ~PANGO_GLYPH_UNKNOWN_FLAG); }
                count++;
            }
        }
    } while (pango_layout_iter_next_run(iter));
    pango_layout_iter_free(iter);
    return count;
}
#endif
