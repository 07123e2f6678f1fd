#ifndef CTDNA_CHTSLIB_SHIM_H
#define CTDNA_CHTSLIB_SHIM_H

#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include <htslib/hfile.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>
#include <htslib/hts_log.h>

/* Swift cannot call htslib's variadic hopen() nor its function-like macros, and cannot
   read bcf1_t's bit fields portably: these inline wrappers are the whole C surface the
   VariantCallFormat module uses. Every pointer they return is owned by the object it
   came from (the htsFile, the header or the record) and is read before that is freed. */

/// Opens bytes already in memory as an htsFile (plain or BGZF/gzip-compressed text).
/// The bytes are copied: hFILE's memory backend owns (and frees) its buffer. NULL when
/// the copy or the open fails; nothing is left allocated then.
static inline htsFile *ctdna_hts_open_memory(const unsigned char *bytes, size_t count) {
    char *copy = malloc(count > 0 ? count : 1);
    if (copy == NULL) return NULL;
    if (count > 0) memcpy(copy, bytes, count);
    hFILE *h = hopen("mem:", "r:", copy, count);
    if (h == NULL) { free(copy); return NULL; }
    htsFile *fp = hts_hopen(h, "mem:", "r");
    if (fp == NULL) { (void)hclose(h); return NULL; }  /* frees the copy */
    return fp;
}

/// 1 when htslib detected VCF text (plain or compressed), 0 otherwise (BCF, SAM, ...).
static inline int ctdna_hts_is_vcf_text(htsFile *fp) {
    const htsFormat *f = hts_get_format(fp);
    return f != NULL && f->format == vcf ? 1 : 0;
}

/// 1 when the input was gzip or BGZF compressed.
static inline int ctdna_hts_is_compressed(htsFile *fp) {
    const htsFormat *f = hts_get_format(fp);
    return f != NULL && f->compression != no_compression ? 1 : 0;
}

/// Next line into `line` (without its newline): length, -1 at end of file, < -1 on error.
static inline int ctdna_hts_getline(htsFile *fp, kstring_t *line) {
    return hts_getline(fp, 2 /* KS_SEP_LINE, from kseq.h */, line);
}

static inline kstring_t *ctdna_kstring_new(void) { return calloc(1, sizeof(kstring_t)); }
static inline void ctdna_kstring_free(kstring_t *s) { if (s != NULL) { free(s->s); free(s); } }
static inline const char *ctdna_kstring_text(const kstring_t *s) { return s->s != NULL ? s->s : ""; }
static inline size_t ctdna_kstring_length(const kstring_t *s) { return s->l; }

static inline int ctdna_hdr_nsamples(const bcf_hdr_t *h) { return bcf_hdr_nsamples(h); }
static inline const char *ctdna_hdr_sample(const bcf_hdr_t *h, int i) { return h->samples[i]; }

/// The contig name of the record, or NULL when its id is out of the header's range.
static inline const char *ctdna_rec_chrom(const bcf_hdr_t *h, const bcf1_t *v) {
    if (v->rid < 0 || v->rid >= h->n[BCF_DT_CTG]) return NULL;
    return bcf_hdr_id2name(h, v->rid);
}
static inline long long ctdna_rec_pos(const bcf1_t *v) { return (long long)v->pos; }
static inline int ctdna_rec_errcode(const bcf1_t *v) { return v->errcode; }
static inline int ctdna_rec_nallele(bcf1_t *v) { return bcf_unpack(v, BCF_UN_STR) < 0 ? -1 : (int)v->n_allele; }
static inline const char *ctdna_rec_allele(const bcf1_t *v, int i) { return v->d.allele[i]; }
static inline int ctdna_rec_nfilter(bcf1_t *v) { return bcf_unpack(v, BCF_UN_FLT) < 0 ? -1 : v->d.n_flt; }
static inline const char *ctdna_rec_filter(const bcf_hdr_t *h, const bcf1_t *v, int i) {
    int id = v->d.flt[i];
    if (id < 0 || id >= h->n[BCF_DT_ID]) return NULL;
    return bcf_hdr_int2id(h, BCF_DT_ID, id);
}

/// FORMAT values: the number of values written to *dst (n per sample), or < 0 (-1 no
/// such tag in the header, -2 wrong type, -3 absent from this record).
static inline int ctdna_fmt_int32(const bcf_hdr_t *h, bcf1_t *v, const char *tag, int32_t **dst, int *ndst) {
    return bcf_get_format_values(h, v, tag, (void **)dst, ndst, BCF_HT_INT);
}
static inline int ctdna_fmt_float(const bcf_hdr_t *h, bcf1_t *v, const char *tag, float **dst, int *ndst) {
    return bcf_get_format_values(h, v, tag, (void **)dst, ndst, BCF_HT_REAL);
}
/// INFO string (the whole comma-joined value): its length, or < 0 when absent.
static inline int ctdna_info_string(const bcf_hdr_t *h, bcf1_t *v, const char *tag, char **dst, int *ndst) {
    return bcf_get_info_values(h, v, tag, (void **)dst, ndst, BCF_HT_STR);
}

static inline int ctdna_int32_is_value(int32_t x) { return x != bcf_int32_missing && x != bcf_int32_vector_end; }
static inline int ctdna_float_is_value(float x) { return !bcf_float_is_missing(x) && !bcf_float_is_vector_end(x); }

static inline void ctdna_hts_quiet(void) { hts_set_log_level(HTS_LOG_OFF); }

#endif
