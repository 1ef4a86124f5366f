/*
 * xapian-c-reference.h — Xapian's own pipeline (TermGenerator, QueryParser,
 * MSet::snippet) through the binding, for the benchmarks' "plain Xapian"
 * reference.  Defined in xapian-c/reference.cc, which only bench/ and the
 * binding's tests link: libnewsidx has none of these.  Not installed.
 */
#ifndef XAPIAN_C_REFERENCE_H
#define XAPIAN_C_REFERENCE_H

#include "xapian-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MSet::snippet (Xapian's own highlighter, used by the benchmarks as the
 * reference). stemlang may be NULL/"" for none. Caller frees *out. */
xc_status xc_mset_snippet(const xc_mset *m, const char *text, size_t len, size_t length,
                          const char *stemlang, const char *hi_start, const char *hi_end,
                          const char *omit, char **out);

typedef struct xc_termgen xc_termgen;
typedef struct xc_qparser xc_qparser;
/* stemlang NULL/"" = no stemming; stem_strategy as Xapian's STEM_NONE=0, SOME=1, ALL=2, ALL_Z=3, SOME_FULL_POS=4 */
xc_status xc_termgen_new(const char *stemlang, int stem_strategy, xc_termgen **out);
void xc_termgen_free(xc_termgen *tg);
/* Indexes text into doc (positions on), with an optional term prefix. */
xc_status xc_termgen_index(xc_termgen *tg, xc_doc *doc, const char *text, size_t len,
                           unsigned wdfinc, const char *prefix);
xc_status xc_termgen_increase_termpos(xc_termgen *tg, unsigned delta);
xc_status xc_qparser_new(const xc_db *db, const char *stemlang, int stem_strategy, xc_qparser **out);
void xc_qparser_free(xc_qparser *qp);
enum { XC_QP_DEFAULT_OR = 0, XC_QP_DEFAULT_AND = 1 };
/* flags 0 = Xapian's FLAG_DEFAULT. */
xc_status xc_qparser_parse(xc_qparser *qp, const char *text, int default_op, unsigned flags, xc_query **out);

#ifdef __cplusplus
}
#endif

#endif
