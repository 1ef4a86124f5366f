/*
 * reference.cc — Xapian's own analysis and highlighting (TermGenerator,
 * QueryParser, MSet::snippet) behind the declarations of
 * include/xapian-c-reference.h: "the plain Xapian pipeline" the benchmarks
 * measure newsidx against.  newsidx does its own analysis, so this object
 * is linked into bench/ and the binding's tests only, never into
 * libnewsidx.
 */
#include "xapian-c-reference.h"
#include "internal.hh"

#include <xapian.h>

#include <string>

using namespace xc_detail;

struct xc_termgen {
    Xapian::TermGenerator tg;
    Xapian::Stem stem;
    unsigned long long last_doc = 0;
};

struct xc_qparser {
    Xapian::QueryParser qp;
    Xapian::Stem stem;
    Xapian::Database db;
};

extern "C" xc_status xc_mset_snippet(const xc_mset *m, const char *text, size_t len, size_t length,
                                     const char *stemlang, const char *hi_start, const char *hi_end,
                                     const char *omit, char **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(m);
    if (!text && len)
        return null_arg(__func__, "text");
    return guard(__func__, [&] {
        Xapian::Stem stem = (stemlang && *stemlang) ? Xapian::Stem(stemlang) : Xapian::Stem();
        /* NULL markers fall back to Xapian's own defaults. */
        std::string s = m->m.snippet(text ? std::string(text, len) : std::string(), length, stem,
                                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                     hi_start ? hi_start : "<b>", hi_end ? hi_end : "</b>",
                                     omit ? omit : "...");
        *out = dup_out(s);
        return XC_OK;
    });
}

extern "C" xc_status xc_termgen_new(const char *stemlang, int stem_strategy, xc_termgen **out) {
    XC_NEED(out);
    *out = nullptr;
    if (!valid_stem_strategy(stem_strategy))
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "stem_strategy must be 0..4");
    return guard(__func__, [&] {
        xc_termgen *tg = new xc_termgen;
        try {
            if (stemlang && *stemlang)
                tg->stem = Xapian::Stem(stemlang);
            tg->tg.set_stemmer(tg->stem);
            tg->tg.set_stemming_strategy(static_cast<Xapian::TermGenerator::stem_strategy>(stem_strategy));
        } catch (...) {
            delete tg;
            throw;
        }
        *out = tg;
        return XC_OK;
    });
}

extern "C" void xc_termgen_free(xc_termgen *tg) {
    delete tg;
}

extern "C" xc_status xc_termgen_index(xc_termgen *tg, xc_doc *doc, const char *text, size_t len,
                                      unsigned wdfinc, const char *prefix) {
    XC_NEED(tg);
    XC_NEED(doc);
    if (!text && len)
        return null_arg(__func__, "text");
    return guard(__func__, [&] {
        /* set_document() resets the term position: only do it for a new
         * document so several fields of one document keep distinct positions. */
        if (tg->last_doc != doc->serial) {
            tg->tg.set_document(doc->d);
            tg->last_doc = doc->serial;
        }
        tg->tg.index_text(text ? std::string(text, len) : std::string(), wdfinc, prefix ? prefix : "");
        return XC_OK;
    });
}

extern "C" xc_status xc_termgen_increase_termpos(xc_termgen *tg, unsigned delta) {
    XC_NEED(tg);
    return guard(__func__, [&] {
        tg->tg.increase_termpos(delta);
        return XC_OK;
    });
}

extern "C" xc_status xc_qparser_new(const xc_db *db, const char *stemlang, int stem_strategy, xc_qparser **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    if (!valid_stem_strategy(stem_strategy))
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "stem_strategy must be 0..4");
    return guard(__func__, [&] {
        xc_qparser *qp = new xc_qparser;
        try {
            qp->db = db->get();
            if (stemlang && *stemlang)
                qp->stem = Xapian::Stem(stemlang);
            qp->qp.set_database(qp->db);
            qp->qp.set_stemmer(qp->stem);
            qp->qp.set_stemming_strategy(static_cast<Xapian::QueryParser::stem_strategy>(stem_strategy));
        } catch (...) {
            delete qp;
            throw;
        }
        *out = qp;
        return XC_OK;
    });
}

extern "C" void xc_qparser_free(xc_qparser *qp) {
    delete qp;
}

extern "C" xc_status xc_qparser_parse(xc_qparser *qp, const char *text, int default_op, unsigned flags, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(qp);
    XC_NEED(text);
    if (default_op != XC_QP_DEFAULT_OR && default_op != XC_QP_DEFAULT_AND)
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "default_op must be XC_QP_DEFAULT_OR or _AND");
    std::string ctx;
    try {
        ctx = std::string("query ") + text;
    } catch (...) {
    }
    return guard(__func__, ctx, [&] {
        qp->qp.set_default_op(default_op == XC_QP_DEFAULT_AND ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
        unsigned f = flags ? flags : static_cast<unsigned>(Xapian::QueryParser::FLAG_DEFAULT);
        return new_query(qp->qp.parse_query(text, f), out);
    });
}
