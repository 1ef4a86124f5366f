/*
 * internal.hh — what the binding's two C++ files share: the handle structs
 * behind include/xapian-c.h and the one exception ladder
 * (translate_exception, defined once in xapian-c.cc), reached through
 * guard().  xapian-c.cc is the binding newsidx uses; reference.cc is
 * Xapian's own analysis pipeline for the benchmarks, built only into them.
 * Private to xapian-c/.
 */
#ifndef NX_XAPIAN_C_INTERNAL_HH
#define NX_XAPIAN_C_INTERNAL_HH

#include "xapian-c.h"

#include <xapian.h>

#include <cstdint>
#include <string>

struct xc_db {
    /* Exactly one of these is in use: WritableDatabase is-a Database, but a
     * read-only handle must not be able to reach the write API at all. */
    Xapian::Database ro;
    Xapian::WritableDatabase rw;
    bool writable = false;
    /* Writable handles only: the folder (for the free-space guard below),
     * the most its allocated size grew in one commit so far, and the
     * transaction state (0 none, 1 unflushed, 2 flushed). */
    std::string path;
    std::uint64_t max_growth = 0;
    int txn = 0;
    unsigned changes = 0;   /* document changes since Xapian last committed */

    const Xapian::Database &get() const {
        return writable ? static_cast<const Xapian::Database &>(rw) : ro;
    }
    Xapian::Database &get() {
        return writable ? static_cast<Xapian::Database &>(rw) : ro;
    }
};

struct xc_doc {
    Xapian::Document d;
    /* Identity for TermGenerator: it must not restart positions when the same
     * document is indexed in several calls (addresses can be reused). */
    unsigned long long serial = 0;
};

struct xc_query {
    Xapian::Query q;
};

struct xc_enquire {
    explicit xc_enquire(const Xapian::Database &db) : e(db) {}
    /* Xapian::Enquire holds a counted reference to the database internals. */
    Xapian::Enquire e;
};

struct xc_mset {
    /* MSet keeps a reference to the enquire internals (query, db), which is
     * what snippet() and get_document() need after the enquire is freed. */
    Xapian::MSet m;
};

struct xc_termlist {
    Xapian::TermIterator it;
    Xapian::TermIterator end;
    std::string cur;      /* keeps the borrowed term pointer valid */
    bool started = false;
    bool has_wdf = false; /* all-terms iterators have no wdf */
    bool has_freq = true; /* metadata-key iterators have no term frequency */
};

namespace xc_detail {

/* Sets the thread's message to "fn: what [ctx]" and returns st. */
xc_status fail(xc_status st, const char *fn, const char *what, const std::string &ctx = std::string()) noexcept;
/* XC_ERR_INVALID_ARGUMENT with "fn: argument 'arg' is NULL". */
xc_status null_arg(const char *fn, const char *arg) noexcept;
/* Called from inside a catch(...): rethrows and maps the exception. */
xc_status translate_exception(const char *fn, const std::string &ctx) noexcept;
/* malloc'd NUL-terminated copy (xc_free releases it); throws bad_alloc. */
char *dup_out(const std::string &s);
xc_status new_query(const Xapian::Query &q, xc_query **out);
bool valid_stem_strategy(int s);

/* Runs body (returning xc_status) so that no exception escapes. */
template <class F>
xc_status guard(const char *fn, const std::string &ctx, F &&body) noexcept {
    try {
        return body();
    } catch (...) {
        return translate_exception(fn, ctx);
    }
}

template <class F>
xc_status guard(const char *fn, F &&body) noexcept {
    try {
        return body();
    } catch (...) {
        return translate_exception(fn, std::string());
    }
}

} // namespace xc_detail

#define XC_NEED(arg)                                                           \
    do {                                                                       \
        if (!(arg))                                                            \
            return null_arg(__func__, #arg);                                   \
    } while (0)

#endif
