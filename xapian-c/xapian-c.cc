/*
 * xapian-c.cc — the C binding over libxapian 1.4 declared in
 * include/xapian-c.h.  With reference.cc (the benchmarks' Xapian pipeline)
 * the only C++ in newsidx: it owns the handles (structs in internal.hh),
 * the exception-to-status translation and the per-thread error text.
 *
 * Every extern "C" entry point runs its body through guard(), whose single
 * catch(...) hands the in-flight exception to translate_exception(): the
 * catch ladder (most derived class first) exists exactly once.
 *
 * What Xapian 1.4.22 throws on a read-only open (checked by experiment and
 * pinned by tests/unit/test_xapian_c.c):
 *   - missing path                      -> DatabaseNotFoundError ("Couldn't stat")
 *   - directory that is not a database  -> DatabaseNotFoundError ("Couldn't detect type")
 *   - regular file with junk in it      -> DatabaseOpeningError (parsed as a stub: "Bad line")
 *   - empty regular file                -> opens fine: an empty stub, i.e. no shards
 *   - a second WritableDatabase on the same path in the same process
 *                                       -> DatabaseLockError (OFD locks are per open)
 */
#include "xapian-c.h"
#include "internal.hh"

#include <xapian.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <vector>

/* ------------------------------------------------------------ error state */

using namespace xc_detail;

namespace {

/* A plain array, not a std::string: a thread_local with a destructor
 * makes glibc register it on the thread's first use, and when that
 * allocation fails (a memory limit, ulimit -v) glibc aborts the process
 * ("Fatal glibc error: failed to register TLS destructor"), which
 * tests/e2e/hardening.sh hit in a bulk build's worker.  Longer messages
 * are cut (at a character boundary, with "..."). */
constexpr std::size_t XC_ERRMSG_MAX = 4096;
thread_local char g_errmsg[XC_ERRMSG_MAX];
/* Document identities; they start at 1 so 0 means "no document yet". */
std::atomic<unsigned long long> g_doc_serial{0};

/* Ends a message that filled the buffer with "..." at a character boundary. */
void cut_errmsg() noexcept {
    std::size_t len = XC_ERRMSG_MAX - 4;
    while (len && (static_cast<unsigned char>(g_errmsg[len]) & 0xC0) == 0x80)
        len--;
    std::memcpy(g_errmsg + len, "...", 4);
}

void set_errmsg(const char *msg, std::size_t len) noexcept {
    std::size_t n = len < XC_ERRMSG_MAX ? len : XC_ERRMSG_MAX - 1;
    std::memcpy(g_errmsg, msg, n);
    g_errmsg[n] = '\0';
    if (n < len)
        cut_errmsg();
}

void set_errmsg(const std::string &msg) noexcept {
    set_errmsg(msg.data(), msg.size());
}

void set_errmsg(const char *fn, const char *what, const std::string &ctx) noexcept {
    /* snprintf into the buffer: reporting must not need memory, since
     * running out of it is one of the things reported. */
    int n = ctx.empty() ? std::snprintf(g_errmsg, XC_ERRMSG_MAX, "%s: %s", fn, what)
                        : std::snprintf(g_errmsg, XC_ERRMSG_MAX, "%s: %s [%s]", fn, what, ctx.c_str());
    if (n >= (int)XC_ERRMSG_MAX)
        cut_errmsg();
}



/* 1 when a system error string is the file system running out of room. */
bool is_disk_full(const char *err) noexcept {
    return err && (!std::strcmp(err, std::strerror(ENOSPC)) || !std::strcmp(err, std::strerror(EDQUOT)));
}

xc_status xapian_fail(xc_status st, const char *fn, const Xapian::Error &e, const std::string &ctx) noexcept {
    try {
        /* get_error_string() is the errno text Xapian saw ("No space left
         * on device"): often the only part of the message that says what
         * went wrong ("Error writing block 127"). */
        const char *sys = e.get_error_string();
        std::string what = is_disk_full(sys) ? "disk full: " : "";
        what += std::string(e.get_type()) + ": " + e.get_msg();
        if (!e.get_context().empty())
            what += " (" + e.get_context() + ")";
        if (sys && *sys)
            what += std::string(" (") + sys + ")";
        set_errmsg(fn, what.c_str(), ctx);
    } catch (...) {
    }
    return st;
}


/* Path context for messages; empty if even that allocation fails. */
std::string ctx_path(const char *path) noexcept {
    try {
        return std::string("path ") + path;
    } catch (...) {
        return std::string();
    }
}


xc_status read_only(const char *fn) noexcept {
    return fail(XC_ERR_INVALID_OPERATION, fn, "database handle is read-only");
}



/* ------------------------------------------------------------ disk space
 *
 * Why a free-space check before a commit: Xapian 1.4.22 cannot report
 * every failed write.  A commit merges the pending document values into
 * the postlist table from the destructor of Glass::ValueUpdater
 * (backends/glass/glass_values.cc, GlassValueManager::merge_changes), and
 * a destructor is noexcept: when the disk fills just then, the
 * DatabaseError thrown by the block write calls std::terminate and the
 * process dies with SIGABRT, past any catch of ours.  Seen in 2 of 10
 * parallel first builds into a 20 MB tmpfs, where two workers fill the
 * disk at once (gdb: ~ValueUpdater -> write_tag -> GlassTable::add ->
 * "Error writing block", terminate in __gxx_personality_v0).  Every other
 * write failure arrives as an exception and is reported as usual.
 *
 * So a commit (and a close, which commits) first makes sure the file
 * system has room for it: at least twice the most this database grew in
 * one commit so far, and never less than NX_COMMIT_RESERVE_MIN, over and
 * above what the other commits under way in this process have set aside.
 * Short of that it fails with a "disk full" message instead of starting.
 * Growth is measured as the change in allocated size of the database's
 * files, which is what the file system has to find; blocks Xapian reuses
 * from its free list cost nothing.  This is an estimate, but the window it
 * guards is small: a commit writes the postings first (whose failures are
 * ordinary exceptions) and the values last. */
constexpr std::uint64_t NX_COMMIT_RESERVE_MIN = 2u << 20;

std::mutex g_space_mu;
std::uint64_t g_space_reserved = 0;   /* by the commits under way */

/* Bytes allocated to the files of a database folder (0 if unreadable). */
std::uint64_t allocated_bytes(const std::string &dir) noexcept {
    DIR *d = opendir(dir.c_str());
    if (!d)
        return 0;
    std::uint64_t total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat sb;
        if (e->d_name[0] != '.' && fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode))
            total += (std::uint64_t)sb.st_blocks * 512u;
    }
    closedir(d);
    return total;
}

std::string mib(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
    return buf;
}

/* Room set aside for one commit of db, for as long as it lives. */
class CommitSpace {
  public:
    explicit CommitSpace(xc_db *db) noexcept : db_(db) {}
    CommitSpace(const CommitSpace &) = delete;
    CommitSpace &operator=(const CommitSpace &) = delete;
    ~CommitSpace() {
        std::lock_guard<std::mutex> lock(g_space_mu);
        g_space_reserved -= need_;
    }

    /* false, with why filled in, when the disk has no room for the commit. */
    bool reserve(std::string &why) {
        if (db_->path.empty())
            return true;
        struct statvfs vfs;
        if (statvfs(db_->path.c_str(), &vfs) != 0)
            return true;   /* cannot tell: let Xapian try */
        std::uint64_t avail = (std::uint64_t)vfs.f_bavail * vfs.f_frsize;
        std::uint64_t need = db_->max_growth * 2;
        if (need < NX_COMMIT_RESERVE_MIN)
            need = NX_COMMIT_RESERVE_MIN;
        std::lock_guard<std::mutex> lock(g_space_mu);
        if (avail < g_space_reserved + need) {
            why = "disk full: " + mib(avail) + " free, a commit may need " + mib(need) +
                  (g_space_reserved ? " and others under way " + mib(g_space_reserved) : "") +
                  " (" + std::strerror(ENOSPC) + ")";
            return false;
        }
        g_space_reserved += need;
        need_ = need;
        before_ = allocated_bytes(db_->path);
        return true;
    }

    /* After a successful commit: learn how much it took. */
    void committed() noexcept {
        if (!need_)
            return;
        std::uint64_t after = allocated_bytes(db_->path);
        if (after > before_ && after - before_ > db_->max_growth)
            db_->max_growth = after - before_;
    }

  private:
    xc_db *db_;
    std::uint64_t need_ = 0, before_ = 0;
};

/* Drops every change not yet committed, writing nothing. */
void discard_pending(xc_db *db) {
    if (!db->txn)
        db->rw.begin_transaction(false);
    db->txn = 0;
    db->rw.cancel_transaction();
}

} // namespace

/* What reference.cc shares (internal.hh). */
namespace xc_detail {

xc_status fail(xc_status st, const char *fn, const char *what, const std::string &ctx) noexcept {
    set_errmsg(fn, what, ctx);
    return st;
}

xc_status null_arg(const char *fn, const char *arg) noexcept {
    try {
        set_errmsg(std::string(fn) + ": argument '" + arg + "' is NULL");
    } catch (...) {
    }
    return XC_ERR_INVALID_ARGUMENT;
}

/* Called from inside a catch(...): rethrows and maps the exception. */
xc_status translate_exception(const char *fn, const std::string &ctx) noexcept {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return xapian_fail(XC_ERR_DATABASE_LOCK, fn, e, ctx);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return xapian_fail(XC_ERR_DATABASE_NOT_FOUND, fn, e, ctx);
    } catch (const Xapian::DatabaseVersionError &e) {
        return xapian_fail(XC_ERR_DATABASE_VERSION, fn, e, ctx);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return xapian_fail(XC_ERR_DATABASE_OPENING, fn, e, ctx);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return xapian_fail(XC_ERR_DATABASE_MODIFIED, fn, e, ctx);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return xapian_fail(XC_ERR_DATABASE_CORRUPT, fn, e, ctx);
    } catch (const Xapian::DatabaseCreateError &e) {
        return xapian_fail(XC_ERR_DATABASE_CREATE, fn, e, ctx);
    } catch (const Xapian::DatabaseClosedError &e) {
        return xapian_fail(XC_ERR_DATABASE_CLOSED, fn, e, ctx);
    } catch (const Xapian::DatabaseError &e) {
        return xapian_fail(XC_ERR_DATABASE, fn, e, ctx);
    } catch (const Xapian::DocNotFoundError &e) {
        return xapian_fail(XC_ERR_DOC_NOT_FOUND, fn, e, ctx);
    } catch (const Xapian::QueryParserError &e) {
        return xapian_fail(XC_ERR_QUERY_PARSER, fn, e, ctx);
    } catch (const Xapian::WildcardError &e) {
        return xapian_fail(XC_ERR_WILDCARD, fn, e, ctx);
    } catch (const Xapian::NetworkTimeoutError &e) {
        return xapian_fail(XC_ERR_NETWORK_TIMEOUT, fn, e, ctx);
    } catch (const Xapian::NetworkError &e) {
        return xapian_fail(XC_ERR_NETWORK, fn, e, ctx);
    } catch (const Xapian::InvalidArgumentError &e) {
        return xapian_fail(XC_ERR_INVALID_ARGUMENT, fn, e, ctx);
    } catch (const Xapian::InvalidOperationError &e) {
        return xapian_fail(XC_ERR_INVALID_OPERATION, fn, e, ctx);
    } catch (const Xapian::UnimplementedError &e) {
        return xapian_fail(XC_ERR_UNIMPLEMENTED, fn, e, ctx);
    } catch (const Xapian::FeatureUnavailableError &e) {
        return xapian_fail(XC_ERR_UNIMPLEMENTED, fn, e, ctx);
    } catch (const Xapian::RangeError &e) {
        return xapian_fail(XC_ERR_RANGE, fn, e, ctx);
    } catch (const Xapian::SerialisationError &e) {
        return xapian_fail(XC_ERR_SERIALISATION, fn, e, ctx);
    } catch (const Xapian::Error &e) {
        return xapian_fail(XC_ERR_OTHER, fn, e, ctx);
    } catch (const std::bad_alloc &) {
        return fail(XC_ERR_NOMEM, fn, "out of memory", ctx);
    } catch (const std::exception &e) {
        return fail(XC_ERR_OTHER, fn, e.what(), ctx);
    } catch (...) {
        return fail(XC_ERR_OTHER, fn, "unknown C++ exception", ctx);
    }
}

/* malloc'd NUL-terminated copy, so xc_free (= free) releases it. */
char *dup_out(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

xc_status new_query(const Xapian::Query &q, xc_query **out) {
    *out = new xc_query{q};
    return XC_OK;
}

bool valid_stem_strategy(int s) {
    return s >= 0 && s <= 4;
}

} // namespace xc_detail


/* ------------------------------------------------------------ misc */

extern "C" const char *xc_errmsg(void) {
    return g_errmsg;
}

extern "C" const char *xc_status_name(xc_status st) {
    switch (st) {
    case XC_OK: return "XC_OK";
    case XC_ERR_INVALID_ARGUMENT: return "XC_ERR_INVALID_ARGUMENT";
    case XC_ERR_NOMEM: return "XC_ERR_NOMEM";
    case XC_ERR_DATABASE_LOCK: return "XC_ERR_DATABASE_LOCK";
    case XC_ERR_DATABASE_NOT_FOUND: return "XC_ERR_DATABASE_NOT_FOUND";
    case XC_ERR_DATABASE_OPENING: return "XC_ERR_DATABASE_OPENING";
    case XC_ERR_DATABASE_VERSION: return "XC_ERR_DATABASE_VERSION";
    case XC_ERR_DATABASE_CREATE: return "XC_ERR_DATABASE_CREATE";
    case XC_ERR_DATABASE_MODIFIED: return "XC_ERR_DATABASE_MODIFIED";
    case XC_ERR_DATABASE_CORRUPT: return "XC_ERR_DATABASE_CORRUPT";
    case XC_ERR_DATABASE_CLOSED: return "XC_ERR_DATABASE_CLOSED";
    case XC_ERR_DATABASE: return "XC_ERR_DATABASE";
    case XC_ERR_DOC_NOT_FOUND: return "XC_ERR_DOC_NOT_FOUND";
    case XC_ERR_QUERY_PARSER: return "XC_ERR_QUERY_PARSER";
    case XC_ERR_WILDCARD: return "XC_ERR_WILDCARD";
    case XC_ERR_NETWORK_TIMEOUT: return "XC_ERR_NETWORK_TIMEOUT";
    case XC_ERR_NETWORK: return "XC_ERR_NETWORK";
    case XC_ERR_INVALID_OPERATION: return "XC_ERR_INVALID_OPERATION";
    case XC_ERR_UNIMPLEMENTED: return "XC_ERR_UNIMPLEMENTED";
    case XC_ERR_RANGE: return "XC_ERR_RANGE";
    case XC_ERR_SERIALISATION: return "XC_ERR_SERIALISATION";
    case XC_ERR_OTHER: return "XC_ERR_OTHER";
    }
    return "XC_UNKNOWN_STATUS";
}

extern "C" const char *xc_version(void) {
    return Xapian::version_string();
}

extern "C" void xc_free(void *p) {
    std::free(p);
}

/* ------------------------------------------------------------ databases */

extern "C" xc_status xc_db_open(const char *path, xc_db **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(path);
    return guard(__func__, ctx_path(path), [&] {
        xc_db *db = new xc_db;
        try {
            db->ro = Xapian::Database(path);
        } catch (...) {
            delete db;
            throw;
        }
        *out = db;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_new_empty(xc_db **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] {
        *out = new xc_db;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                       unsigned connect_timeout_ms, xc_db **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(host);
    if (port == 0 || port > 65535)
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "port must be 1..65535");
    std::string ctx;
    try {
        ctx = std::string("remote ") + host + ":" + std::to_string(port);
    } catch (...) {
    }
    return guard(__func__, ctx, [&] {
        /* The header promises 0 = Xapian's default (10 s), whereas Xapian
         * itself reads 0 as "never time out". */
        useconds_t t = timeout_ms ? timeout_ms : 10000;
        useconds_t ct = connect_timeout_ms ? connect_timeout_ms : 10000;
        Xapian::Database remote = Xapian::Remote::open(host, port, t, ct);
        xc_db *db = new xc_db;
        db->ro = remote;
        *out = db;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_add_database(xc_db *db, const xc_db *sub) {
    XC_NEED(db);
    XC_NEED(sub);
    if (db->writable)
        return fail(XC_ERR_INVALID_OPERATION, __func__, "shards can only be added to a read-only handle");
    return guard(__func__, [&] {
        db->ro.add_database(sub->get());
        return XC_OK;
    });
}

/* Both public entry points, so that messages name the one called. */
static xc_status open_writable(const char *fn, const char *path, int mode_and_flags,
                               unsigned block_size, xc_db **out) {
    *out = nullptr;
    /* Xapian quietly uses its default for a size it does not accept. */
    if (block_size && (block_size < 2048 || block_size > 65536 || (block_size & (block_size - 1))))
        return fail(XC_ERR_INVALID_ARGUMENT, fn,
                    "block size must be a power of two from 2048 to 65536", ctx_path(path));
    const int known_flags = XC_DB_NO_SYNC | XC_DB_DANGEROUS | XC_DB_NO_TERMLIST | XC_DB_RETRY_LOCK;
    int mode = mode_and_flags & 0x0f;
    int flags = mode_and_flags & ~0x0f;
    int action;
    switch (mode) {
    case XC_DB_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
    case XC_DB_CREATE_OR_OVERWRITE: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
    case XC_DB_CREATE: action = Xapian::DB_CREATE; break;
    case XC_DB_OPEN: action = Xapian::DB_OPEN; break;
    default: return fail(XC_ERR_INVALID_ARGUMENT, fn, "unknown open mode", ctx_path(path));
    }
    if (flags & ~known_flags)
        return fail(XC_ERR_INVALID_ARGUMENT, fn, "unknown open flags", ctx_path(path));
    if (flags & XC_DB_NO_SYNC) action |= Xapian::DB_NO_SYNC;
    if (flags & XC_DB_DANGEROUS) action |= Xapian::DB_DANGEROUS;
    if (flags & XC_DB_NO_TERMLIST) action |= Xapian::DB_NO_TERMLIST;
    if (flags & XC_DB_RETRY_LOCK) action |= Xapian::DB_RETRY_LOCK;
    return guard(fn, ctx_path(path), [&] {
        xc_db *db = new xc_db;
        try {
            db->rw = Xapian::WritableDatabase(path, action, (int)block_size);
            db->writable = true;
            db->path = path;
        } catch (...) {
            delete db;
            throw;
        }
        *out = db;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_open_writable(const char *path, int mode_and_flags, xc_db **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(path);
    return open_writable(__func__, path, mode_and_flags, 0, out);
}

extern "C" xc_status xc_db_open_writable_ex(const char *path, int mode_and_flags,
                                            unsigned block_size, xc_db **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(path);
    return open_writable(__func__, path, mode_and_flags, block_size, out);
}

extern "C" void xc_db_close(xc_db *db) {
    if (!db)
        return;
    /* A writable handle is closed explicitly so the pending changes are
     * committed and the lock released now, even if an enquire or mset still
     * holds a reference.  close() may throw (disk full, ...): there is no
     * way to report from here, so the error is only recorded for xc_errmsg.
     * Read-only handles are merely released: close() would also close the
     * shards shared with a database they were added to. */
    if (db->writable) {
        /* Without room for the commit close() makes, the pending changes
         * are dropped: they could not be written, and trying may abort
         * (see CommitSpace). */
        try {
            CommitSpace space(db);
            std::string why;
            if (db->txn == 1 || space.reserve(why)) {
                db->rw.close();
                space.committed();
            } else {
                fail(XC_ERR_DATABASE, __func__, why.c_str(), ctx_path(db->path.c_str()));
                discard_pending(db);
                db->rw.close();
            }
        } catch (...) {
            translate_exception(__func__, std::string());
        }
    }
    try {
        delete db;
    } catch (...) {
    }
}

extern "C" int xc_db_is_writable(const xc_db *db) {
    return db && db->writable ? 1 : 0;
}

extern "C" xc_status xc_db_reopen(xc_db *db, int *changed) {
    if (changed)
        *changed = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        bool moved = db->get().reopen();
        if (changed)
            *changed = moved ? 1 : 0;
        return XC_OK;
    });
}

/* The write API: one entry point each, all refused on read-only handles. */
#define XC_NEED_WRITABLE(db)                                                   \
    do {                                                                       \
        XC_NEED(db);                                                           \
        if (!(db)->writable)                                                   \
            return read_only(__func__);                                        \
    } while (0)

/* Runs a call that commits (commit, begin or commit a flushed
 * transaction) once the disk has room for it (CommitSpace). */
template <class F>
static xc_status committing(const char *fn, xc_db *db, F &&call) noexcept {
    return guard(fn, ctx_path(db->path.c_str()), [&] {
        CommitSpace space(db);
        std::string why;
        if (!space.reserve(why))
            return fail(XC_ERR_DATABASE, fn, why.c_str(), ctx_path(db->path.c_str()));
        call();
        space.committed();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_commit(xc_db *db) {
    XC_NEED_WRITABLE(db);
    return committing(__func__, db, [&] {
        db->rw.commit();
        db->changes = 0;
    });
}

/* Xapian's own flush threshold (XAPIAN_FLUSH_THRESHOLD, else 10000), read
 * the way Xapian reads it. */
static unsigned flush_threshold() noexcept {
    static const unsigned t = [] {
        const char *p = std::getenv("XAPIAN_FLUSH_THRESHOLD");
        long v = p ? std::atol(p) : 0;
        return v > 0 ? (unsigned)v : 10000u;
    }();
    return t;
}

/* Runs a document change.  Outside a transaction Xapian commits by itself
 * on the change that reaches its flush threshold, so that change gets the
 * commit's free-space check (CommitSpace) too. */
template <class F>
static xc_status changing(const char *fn, xc_db *db, F &&call) noexcept {
    if (db->txn || db->changes + 1 < flush_threshold())
        return guard(fn, [&] {
            call();
            db->changes++;
            return XC_OK;
        });
    return committing(fn, db, [&] {
        call();
        db->changes = 0;
    });
}

extern "C" xc_status xc_db_begin_transaction(xc_db *db, int flushed) {
    XC_NEED_WRITABLE(db);
    if (!flushed)
        return guard(__func__, [&] {
            db->rw.begin_transaction(false);
            db->txn = 1;
            return XC_OK;
        });
    return committing(__func__, db, [&] {
        db->rw.begin_transaction(true);
        db->txn = 2;
        db->changes = 0;
    });
}

extern "C" xc_status xc_db_commit_transaction(xc_db *db) {
    XC_NEED_WRITABLE(db);
    if (db->txn != 2)
        return guard(__func__, [&] {
            db->rw.commit_transaction();
            db->txn = 0;
            return XC_OK;
        });
    return committing(__func__, db, [&] {
        db->txn = 0;   /* Xapian ends the transaction before it commits */
        db->rw.commit_transaction();
        db->changes = 0;
    });
}

extern "C" xc_status xc_db_cancel_transaction(xc_db *db) {
    XC_NEED_WRITABLE(db);
    return guard(__func__, [&] {
        db->rw.cancel_transaction();
        db->txn = 0;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_add_document(xc_db *db, const xc_doc *doc, xc_docid *docid) {
    if (docid)
        *docid = 0;
    XC_NEED_WRITABLE(db);
    XC_NEED(doc);
    return changing(__func__, db, [&] {
        Xapian::docid id = db->rw.add_document(doc->d);
        if (docid)
            *docid = id;
    });
}

extern "C" xc_status xc_db_replace_document_by_term(xc_db *db, const char *unique_term,
                                                    const xc_doc *doc, xc_docid *docid) {
    if (docid)
        *docid = 0;
    XC_NEED_WRITABLE(db);
    XC_NEED(unique_term);
    XC_NEED(doc);
    return changing(__func__, db, [&] {
        Xapian::docid id = db->rw.replace_document(unique_term, doc->d);
        if (docid)
            *docid = id;
    });
}

extern "C" xc_status xc_db_replace_document(xc_db *db, xc_docid docid, const xc_doc *doc) {
    XC_NEED_WRITABLE(db);
    XC_NEED(doc);
    return changing(__func__, db, [&] { db->rw.replace_document(docid, doc->d); });
}

extern "C" xc_status xc_db_delete_document_by_term(xc_db *db, const char *unique_term) {
    XC_NEED_WRITABLE(db);
    XC_NEED(unique_term);
    return changing(__func__, db, [&] { db->rw.delete_document(unique_term); });
}

extern "C" xc_status xc_db_delete_document(xc_db *db, xc_docid docid) {
    XC_NEED_WRITABLE(db);
    return changing(__func__, db, [&] { db->rw.delete_document(docid); });
}

extern "C" xc_status xc_db_find_by_term(const xc_db *db, const char *term, xc_docid *docid) {
    XC_NEED(docid);
    *docid = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        const Xapian::Database &d = db->get();
        Xapian::PostingIterator p = d.postlist_begin(term);
        if (p == d.postlist_end(term))
            return fail(XC_ERR_DOC_NOT_FOUND, __func__, "no document is indexed by the term", term);
        *docid = *p;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_document(const xc_db *db, xc_docid docid, xc_doc **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        Xapian::Document d = db->get().get_document(docid);
        *out = new xc_doc{d, ++g_doc_serial};
        return XC_OK;
    });
}

/* ------------------------------------------------------------ statistics */

extern "C" xc_status xc_db_get_doccount(const xc_db *db, unsigned long *count) {
    XC_NEED(count);
    *count = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        *count = db->get().get_doccount();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_lastdocid(const xc_db *db, xc_docid *docid) {
    XC_NEED(docid);
    *docid = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        *docid = db->get().get_lastdocid();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_avlength(const xc_db *db, double *avlen) {
    XC_NEED(avlen);
    *avlen = 0.0;
    XC_NEED(db);
    return guard(__func__, [&] {
        *avlen = db->get().get_avlength();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_total_length(const xc_db *db, unsigned long long *len) {
    XC_NEED(len);
    *len = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        *len = db->get().get_total_length();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_termfreq(const xc_db *db, const char *term, unsigned long *freq) {
    XC_NEED(freq);
    *freq = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        *freq = db->get().get_termfreq(term);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_collection_freq(const xc_db *db, const char *term, unsigned long long *freq) {
    XC_NEED(freq);
    *freq = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        *freq = db->get().get_collection_freq(term);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_term_exists(const xc_db *db, const char *term, int *exists) {
    XC_NEED(exists);
    *exists = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        *exists = db->get().term_exists(term) ? 1 : 0;
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_value_stats(const xc_db *db, unsigned slot, unsigned long *freq,
                                        char **lo, size_t *lolen, char **hi, size_t *hilen) {
    XC_NEED(freq);
    *freq = 0;
    if (lo)
        *lo = nullptr;
    if (hi)
        *hi = nullptr;
    if (lolen)
        *lolen = 0;
    if (hilen)
        *hilen = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        *freq = db->get().get_value_freq(slot);
        std::string l = lo ? db->get().get_value_lower_bound(slot) : std::string();
        std::string h = hi ? db->get().get_value_upper_bound(slot) : std::string();
        char *lcopy = lo ? dup_out(l) : nullptr, *hcopy = nullptr;
        try {
            hcopy = hi ? dup_out(h) : nullptr;
        } catch (...) {
            std::free(lcopy);
            throw;
        }
        if (lo)
            *lo = lcopy;
        if (hi)
            *hi = hcopy;
        if (lolen)
            *lolen = l.size();
        if (hilen)
            *hilen = h.size();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_uuid(const xc_db *db, char **uuid) {
    XC_NEED(uuid);
    *uuid = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        *uuid = dup_out(db->get().get_uuid());
        return XC_OK;
    });
}

/* ------------------------------------------------------------ metadata, spelling */

extern "C" xc_status xc_db_get_metadata(const xc_db *db, const char *key, char **value, size_t *len) {
    XC_NEED(value);
    *value = nullptr;
    if (len)
        *len = 0;
    XC_NEED(db);
    XC_NEED(key);
    return guard(__func__, [&] {
        std::string v = db->get().get_metadata(key);
        *value = dup_out(v);
        if (len)
            *len = v.size();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_set_metadata(xc_db *db, const char *key, const char *value, size_t len) {
    XC_NEED_WRITABLE(db);
    XC_NEED(key);
    if (!value && len)
        return null_arg(__func__, "value");
    return guard(__func__, [&] {
        db->rw.set_metadata(key, value ? std::string(value, len) : std::string());
        return XC_OK;
    });
}

extern "C" xc_status xc_db_add_spelling(xc_db *db, const char *word, unsigned freqinc) {
    XC_NEED_WRITABLE(db);
    XC_NEED(word);
    return guard(__func__, [&] {
        db->rw.add_spelling(word, freqinc);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_get_spelling_suggestion(const xc_db *db, const char *word,
                                                   unsigned max_edit_distance, char **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    XC_NEED(word);
    return guard(__func__, [&] {
        /* 0 edits could never suggest anything: read it as Xapian's default. */
        unsigned dist = max_edit_distance ? max_edit_distance : 2;
        *out = dup_out(db->get().get_spelling_suggestion(word, dist));
        return XC_OK;
    });
}

/* ------------------------------------------------------------ term lists */

/* Both iterators are made before the list is allocated, so an exception
 * from Xapian leaves nothing to free. */
static xc_termlist *make_termlist(Xapian::TermIterator begin, Xapian::TermIterator end,
                                  bool has_freq, bool has_wdf) {
    xc_termlist *tl = new xc_termlist;
    tl->it = begin;
    tl->end = end;
    tl->has_freq = has_freq;
    tl->has_wdf = has_wdf;
    return tl;
}

extern "C" xc_status xc_db_allterms(const xc_db *db, const char *prefix, xc_termlist **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        std::string p = prefix ? prefix : "";
        *out = make_termlist(db->get().allterms_begin(p), db->get().allterms_end(p), true, false);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_spellings(const xc_db *db, xc_termlist **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        *out = make_termlist(db->get().spellings_begin(), db->get().spellings_end(), true, false);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_metadata_keys(const xc_db *db, const char *prefix, xc_termlist **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        std::string p = prefix ? prefix : "";
        *out = make_termlist(db->get().metadata_keys_begin(p), db->get().metadata_keys_end(p), false,
                             false);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_postlist(const xc_db *db, const char *term, xc_docid **docids, size_t *n) {
    XC_NEED(docids);
    *docids = nullptr;
    XC_NEED(n);
    *n = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        std::vector<xc_docid> v;
        const Xapian::Database &d = db->get();
        for (Xapian::PostingIterator it = d.postlist_begin(term); it != d.postlist_end(term); ++it)
            v.push_back(*it);
        if (!v.empty()) {
            xc_docid *out = static_cast<xc_docid *>(std::malloc(v.size() * sizeof(xc_docid)));
            if (!out)
                throw std::bad_alloc();
            std::memcpy(out, v.data(), v.size() * sizeof(xc_docid));
            *docids = out;
        }
        *n = v.size();
        return XC_OK;
    });
}

extern "C" xc_status xc_db_termlist(const xc_db *db, xc_docid docid, xc_termlist **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        *out = make_termlist(db->get().termlist_begin(docid), db->get().termlist_end(docid), true, true);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_doc_words(const xc_db *db, xc_docid docid, xc_term_keep keep, void *ctx,
                                     xc_term_info **out, size_t *n, unsigned long long *doclen) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(n);
    *n = 0;
    XC_NEED(db);
    return guard(__func__, [&] {
        const Xapian::Database &d = db->get();
        /* Terms and wdf first, packed after: one allocation for the caller. */
        struct word { size_t off, len; Xapian::termcount wdf; };
        std::string bytes;
        std::vector<word> at;
        unsigned long long len = 0;
        for (Xapian::TermIterator t = d.termlist_begin(docid), end = d.termlist_end(docid); t != end; ++t) {
            Xapian::termcount wdf = t.get_wdf();
            len += wdf;
            const std::string &term = *t;
            if (keep && !keep(term.c_str(), term.size(), ctx))
                continue;
            at.push_back(word{ bytes.size(), term.size(), wdf });
            bytes.append(term);
            bytes.push_back('\0');
        }
        if (doclen)
            *doclen = len;
        if (at.empty())
            return XC_OK;
        size_t head = at.size() * sizeof(xc_term_info);
        auto *v = static_cast<xc_term_info *>(std::malloc(head + bytes.size()));
        if (!v)
            throw std::bad_alloc();
        char *text = reinterpret_cast<char *>(v) + head;
        std::memcpy(text, bytes.data(), bytes.size());
        for (size_t i = 0; i < at.size(); i++)
            v[i] = xc_term_info{ text + at[i].off, at[i].len, 0, at[i].wdf };
        *out = v;
        *n = at.size();
        return XC_OK;
    });
}

extern "C" int xc_termlist_next(xc_termlist *tl, xc_term_info *info) {
    if (!tl || !info) {
        null_arg(__func__, !tl ? "tl" : "info");
        return -1;
    }
    int result = 0;
    xc_status st = guard(__func__, [&] {
        if (tl->started && tl->it != tl->end)
            ++tl->it;
        tl->started = true;
        if (tl->it == tl->end) {
            result = 0;
            return XC_OK;
        }
        tl->cur = *tl->it;
        info->term = tl->cur.c_str();
        info->len = tl->cur.size();
        info->termfreq = tl->has_freq ? tl->it.get_termfreq() : 0;
        info->wdf = tl->has_wdf ? tl->it.get_wdf() : 0;
        result = 1;
        return XC_OK;
    });
    return st == XC_OK ? result : -1;
}

extern "C" void xc_termlist_free(xc_termlist *tl) {
    delete tl;
}

extern "C" xc_status xc_db_positions(const xc_db *db, xc_docid docid, const char *term,
                                     unsigned **positions, size_t *n) {
    XC_NEED(positions);
    *positions = nullptr;
    XC_NEED(n);
    *n = 0;
    XC_NEED(db);
    XC_NEED(term);
    return guard(__func__, [&] {
        const Xapian::Database &d = db->get();
        std::vector<unsigned> v;
        for (Xapian::PositionIterator p = d.positionlist_begin(docid, term);
             p != d.positionlist_end(docid, term); ++p)
            v.push_back(*p);
        if (v.empty())
            return XC_OK;
        unsigned *arr = static_cast<unsigned *>(std::malloc(v.size() * sizeof(unsigned)));
        if (!arr)
            throw std::bad_alloc();
        std::memcpy(arr, v.data(), v.size() * sizeof(unsigned));
        *positions = arr;
        *n = v.size();
        return XC_OK;
    });
}

/* ------------------------------------------------------------ documents */

extern "C" xc_status xc_doc_new(xc_doc **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] {
        *out = new xc_doc{Xapian::Document(), ++g_doc_serial};
        return XC_OK;
    });
}

extern "C" void xc_doc_free(xc_doc *doc) {
    delete doc;
}

extern "C" xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc) {
    XC_NEED(doc);
    XC_NEED(term);
    if (pos == 0)
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "positions start at 1");
    return guard(__func__, [&] {
        doc->d.add_posting(std::string(term, len), pos, wdfinc);
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdfinc) {
    XC_NEED(doc);
    XC_NEED(term);
    return guard(__func__, [&] {
        doc->d.add_term(std::string(term, len), wdfinc);
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len) {
    XC_NEED(doc);
    XC_NEED(term);
    return guard(__func__, [&] {
        doc->d.add_boolean_term(std::string(term, len));
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_add_value(xc_doc *doc, unsigned slot, const char *value, size_t len) {
    XC_NEED(doc);
    if (!value && len)
        return null_arg(__func__, "value");
    return guard(__func__, [&] {
        doc->d.add_value(slot, value ? std::string(value, len) : std::string());
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len) {
    XC_NEED(doc);
    if (!data && len)
        return null_arg(__func__, "data");
    return guard(__func__, [&] {
        doc->d.set_data(data ? std::string(data, len) : std::string());
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_get_data(const xc_doc *doc, char **data, size_t *len) {
    XC_NEED(data);
    *data = nullptr;
    if (len)
        *len = 0;
    XC_NEED(doc);
    return guard(__func__, [&] {
        std::string s = doc->d.get_data();
        *data = dup_out(s);
        if (len)
            *len = s.size();
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_get_value(const xc_doc *doc, unsigned slot, char **value, size_t *len) {
    XC_NEED(value);
    *value = nullptr;
    if (len)
        *len = 0;
    XC_NEED(doc);
    return guard(__func__, [&] {
        std::string s = doc->d.get_value(slot);
        *value = dup_out(s);
        if (len)
            *len = s.size();
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_get_docid(const xc_doc *doc, xc_docid *docid) {
    XC_NEED(docid);
    *docid = 0;
    XC_NEED(doc);
    return guard(__func__, [&] {
        *docid = doc->d.get_docid();
        return XC_OK;
    });
}

extern "C" xc_status xc_doc_termcount(const xc_doc *doc, unsigned *count) {
    XC_NEED(count);
    *count = 0;
    XC_NEED(doc);
    return guard(__func__, [&] {
        *count = doc->d.termlist_count();
        return XC_OK;
    });
}

extern "C" xc_status xc_sortable_serialise(double v, char *buf, size_t *len) {
    XC_NEED(buf);
    XC_NEED(len);
    *len = 0;
    return guard(__func__, [&] {
        std::string s = Xapian::sortable_serialise(v);
        if (s.size() > 18)
            return fail(XC_ERR_RANGE, __func__, "serialised value longer than 18 bytes");
        std::memcpy(buf, s.data(), s.size());
        *len = s.size();
        return XC_OK;
    });
}

extern "C" double xc_sortable_unserialise(const char *buf, size_t len) {
    if (!buf)
        return 0.0;
    double v = 0.0;
    guard(__func__, [&] {
        v = Xapian::sortable_unserialise(std::string(buf, len));
        return XC_OK;
    });
    return v;
}

/* ------------------------------------------------------------ queries */

extern "C" xc_status xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(term);
    return guard(__func__, [&] {
        return new_query(Xapian::Query(std::string(term, len), wqf, pos), out);
    });
}

namespace {
/* Every document, as a query of its own.  Not a copy of the static
 * Query::MatchAll: copies share its reference count, which Xapian does not
 * update atomically, so threads building queries at once (every default
 * search builds an AND_MAYBE) raced on it (test_threads_helgrind).  The
 * empty term is what MatchAll is made of. */
Xapian::Query match_all() { return Xapian::Query(std::string()); }
} // namespace

extern "C" xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n,
                                      unsigned param, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(subs);
    if (n == 0)
        return fail(XC_ERR_INVALID_ARGUMENT, __func__, "at least one subquery is needed");
    for (size_t i = 0; i < n; i++)
        if (!subs[i])
            return null_arg(__func__, "subs[i]");
    Xapian::Query::op xop;
    bool takes_param = false, and_maybe = false;
    switch (op) {
    case XC_OP_AND: xop = Xapian::Query::OP_AND; break;
    case XC_OP_OR: xop = Xapian::Query::OP_OR; break;
    case XC_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case XC_OP_XOR: xop = Xapian::Query::OP_XOR; break;
    case XC_OP_AND_MAYBE: xop = Xapian::Query::OP_FILTER; and_maybe = true; break;
    case XC_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case XC_OP_NEAR: xop = Xapian::Query::OP_NEAR; takes_param = true; break;
    case XC_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; takes_param = true; break;
    case XC_OP_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; takes_param = true; break;
    case XC_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case XC_OP_MAX: xop = Xapian::Query::OP_MAX; break;
    default: return fail(XC_ERR_INVALID_ARGUMENT, __func__, "unknown query operator");
    }
    return guard(__func__, [&] {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        if (and_maybe) {
            /* (first OR rest... OR 0 * every document) FILTER first: the
             * matches of first, weighted by all, as AND_MAYBE means; see
             * xapian-c.h for the Xapian bug this avoids.  The unweighted
             * MatchAll makes the OR's estimate the whole database, so the
             * estimated total stays AND_MAYBE's (the product of the two
             * sides' frequencies would be far too low) and the smaller,
             * unweighted first is what the AND moves with next(). */
            if (n == 1)
                return new_query(v[0], out);
            Xapian::Query first = v[0];
            v.push_back(Xapian::Query(0.0, match_all()));
            Xapian::Query any(Xapian::Query::OP_OR, v.begin(), v.end());
            return new_query(Xapian::Query(Xapian::Query::OP_FILTER, any, first), out);
        }
        return new_query(Xapian::Query(xop, v.begin(), v.end(), takes_param ? param : 0), out);
    });
}

extern "C" xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(q);
    return guard(__func__, [&] {
        return new_query(Xapian::Query(factor, q->q), out);
    });
}

extern "C" xc_status xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] {
        if (lo && hi)
            return new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi), out);
        if (hi)
            return new_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), out);
        /* Xapian turns ">= empty" into "all documents", also those without a
         * value in slot; a one-NUL bound keeps the empty (= unset) value out. */
        std::string from = (lo && *lo) ? std::string(lo) : std::string(1, '\0');
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from), out);
    });
}

extern "C" xc_status xc_query_wildcard(const char *prefix, unsigned max_expansion, int limit_mode, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(prefix);
    int flags;
    switch (limit_mode) {
    case XC_WILDCARD_LIMIT_ERROR: flags = Xapian::Query::WILDCARD_LIMIT_ERROR; break;
    case XC_WILDCARD_LIMIT_FIRST: flags = Xapian::Query::WILDCARD_LIMIT_FIRST; break;
    case XC_WILDCARD_LIMIT_MOST_FREQUENT: flags = Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT; break;
    default: return fail(XC_ERR_INVALID_ARGUMENT, __func__, "unknown wildcard limit mode");
    }
    return guard(__func__, [&] {
        return new_query(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion, flags), out);
    });
}

extern "C" xc_status xc_query_match_all(xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] { return new_query(match_all(), out); });
}

extern "C" xc_status xc_query_match_nothing(xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] { return new_query(Xapian::Query::MatchNothing, out); });
}

extern "C" xc_status xc_query_value_weight(unsigned slot, xc_query **out) {
    XC_NEED(out);
    *out = nullptr;
    return guard(__func__, [&] {
        /* release() hands the source's lifetime to the Query's refcount. */
        Xapian::PostingSource *ps = new Xapian::ValueWeightPostingSource(slot);
        return new_query(Xapian::Query(ps->release()), out);
    });
}

extern "C" int xc_query_is_empty(const xc_query *q) {
    /* A NULL query matches nothing, like an empty one. */
    return !q || q->q.empty() ? 1 : 0;
}

extern "C" xc_status xc_query_describe(const xc_query *q, char **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(q);
    return guard(__func__, [&] {
        *out = dup_out(q->q.get_description());
        return XC_OK;
    });
}

extern "C" void xc_query_free(xc_query *q) {
    delete q;
}

/* ------------------------------------------------------------ enquire */

extern "C" xc_status xc_enquire_new(const xc_db *db, xc_enquire **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(db);
    return guard(__func__, [&] {
        *out = new xc_enquire(db->get());
        return XC_OK;
    });
}

extern "C" void xc_enquire_free(xc_enquire *e) {
    delete e;
}

extern "C" xc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q, unsigned qlen) {
    XC_NEED(e);
    XC_NEED(q);
    return guard(__func__, [&] {
        e->e.set_query(q->q, qlen);
        return XC_OK;
    });
}

extern "C" xc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b, double min_normlen) {
    XC_NEED(e);
    return guard(__func__, [&] {
        e->e.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return XC_OK;
    });
}

extern "C" xc_status xc_enquire_set_boolean_weight(xc_enquire *e) {
    XC_NEED(e);
    return guard(__func__, [&] {
        e->e.set_weighting_scheme(Xapian::BoolWeight());
        return XC_OK;
    });
}

extern "C" xc_status xc_enquire_set_sort(xc_enquire *e, int how, unsigned slot, int reverse) {
    XC_NEED(e);
    bool rev = reverse != 0;
    return guard(__func__, [&] {
        switch (how) {
        case XC_SORT_RELEVANCE: e->e.set_sort_by_relevance(); break;
        case XC_SORT_VALUE: e->e.set_sort_by_value(slot, rev); break;
        case XC_SORT_VALUE_THEN_RELEVANCE: e->e.set_sort_by_value_then_relevance(slot, rev); break;
        case XC_SORT_RELEVANCE_THEN_VALUE: e->e.set_sort_by_relevance_then_value(slot, rev); break;
        default: return fail(XC_ERR_INVALID_ARGUMENT, __func__, "unknown sort order");
        }
        return XC_OK;
    });
}

extern "C" xc_status xc_enquire_set_collapse_key(xc_enquire *e, unsigned slot) {
    XC_NEED(e);
    return guard(__func__, [&] {
        e->e.set_collapse_key(slot);
        return XC_OK;
    });
}

extern "C" xc_status xc_enquire_get_mset(xc_enquire *e, unsigned first, unsigned maxitems,
                                         unsigned check_at_least, xc_mset **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(e);
    return guard(__func__, [&] {
        Xapian::MSet m = e->e.get_mset(first, maxitems, check_at_least);
        *out = new xc_mset{m};
        return XC_OK;
    });
}

namespace {
/* The caller's choice of expansion terms. */
class KeepDecider : public Xapian::ExpandDecider {
  public:
    KeepDecider(xc_term_keep keep, void *ctx) : keep_(keep), ctx_(ctx) {}
    bool operator()(const std::string &term) const override { return keep_(term.c_str(), term.size(), ctx_) != 0; }

  private:
    xc_term_keep keep_;
    void *ctx_;
};
} // namespace

extern "C" xc_status xc_enquire_get_eset(xc_enquire *e, const xc_docid *relevant, size_t nrel,
                                         unsigned maxitems, xc_term_keep keep, void *ctx,
                                         xc_eterm **out, size_t *n) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(n);
    *n = 0;
    XC_NEED(e);
    if (nrel && !relevant)
        return null_arg(__func__, "relevant");
    return guard(__func__, [&] {
        Xapian::RSet rset;
        for (size_t i = 0; i < nrel; i++)
            rset.add_document(relevant[i]);
        KeepDecider decider(keep, ctx);
        Xapian::ESet eset = e->e.get_eset(maxitems, rset, keep ? &decider : nullptr);
        if (eset.empty())
            return XC_OK;
        xc_eterm *v = static_cast<xc_eterm *>(std::calloc(eset.size(), sizeof(xc_eterm)));
        if (!v)
            throw std::bad_alloc();
        size_t k = 0;
        try {
            for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it, ++k) {
                v[k].term = dup_out(*it);
                v[k].weight = it.get_weight();
            }
        } catch (...) {
            xc_eterms_free(v, k);
            throw;
        }
        *out = v;
        *n = k;
        return XC_OK;
    });
}

extern "C" void xc_eterms_free(xc_eterm *v, size_t n) {
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        std::free(v[i].term);
    std::free(v);
}

/* ------------------------------------------------------------ mset */

extern "C" size_t xc_mset_size(const xc_mset *m) {
    return m ? m->m.size() : 0;
}

namespace {
xc_status check_index(const char *fn, const xc_mset *m, size_t i) {
    if (i >= m->m.size())
        return fail(XC_ERR_RANGE, fn, "index past the end of the mset");
    return XC_OK;
}
} // namespace

extern "C" xc_status xc_mset_get(const xc_mset *m, size_t i, xc_hit *hit) {
    XC_NEED(m);
    XC_NEED(hit);
    xc_status st = check_index(__func__, m, i);
    if (st != XC_OK)
        return st;
    return guard(__func__, [&] {
        Xapian::MSetIterator it = m->m[static_cast<Xapian::doccount>(i)];
        hit->docid = *it;
        hit->weight = it.get_weight();
        hit->percent = it.get_percent();
        hit->rank = it.get_rank();
        return XC_OK;
    });
}

extern "C" xc_status xc_mset_get_document(const xc_mset *m, size_t i, xc_doc **out) {
    XC_NEED(out);
    *out = nullptr;
    XC_NEED(m);
    xc_status st = check_index(__func__, m, i);
    if (st != XC_OK)
        return st;
    return guard(__func__, [&] {
        Xapian::Document d = m->m[static_cast<Xapian::doccount>(i)].get_document();
        *out = new xc_doc{d, ++g_doc_serial};
        return XC_OK;
    });
}

extern "C" unsigned long xc_mset_matches_estimated(const xc_mset *m) {
    return m ? m->m.get_matches_estimated() : 0;
}

extern "C" unsigned long xc_mset_matches_lower_bound(const xc_mset *m) {
    return m ? m->m.get_matches_lower_bound() : 0;
}

extern "C" unsigned long xc_mset_matches_upper_bound(const xc_mset *m) {
    return m ? m->m.get_matches_upper_bound() : 0;
}

extern "C" void xc_mset_free(xc_mset *m) {
    delete m;
}

/* ------------------------------------------------------------ maintenance */

extern "C" xc_status xc_db_compact_many(const char *const *srcs, size_t n, const char *dest) {
    XC_NEED(srcs);
    XC_NEED(dest);
    if (n == 0) {
        set_errmsg("xc_db_compact_many: no source database");
        return XC_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < n; i++)
        XC_NEED(srcs[i]);
    std::string ctx;
    try {
        ctx = std::string("into ") + dest;
    } catch (...) {
    }
    return guard(__func__, ctx, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dest);
        return XC_OK;
    });
}

extern "C" xc_status xc_db_compact(const char *src, const char *dest, int multipass) {
    XC_NEED(src);
    XC_NEED(dest);
    std::string ctx;
    try {
        ctx = std::string("from ") + src + " to " + dest;
    } catch (...) {
    }
    return guard(__func__, ctx, [&] {
        Xapian::Database(src).compact(dest, multipass ? Xapian::DBCOMPACT_MULTIPASS : 0);
        return XC_OK;
    });
}
