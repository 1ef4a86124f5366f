/*
 * load.c — reads one input file into memory for the readers: size and type
 * checks, binary detection, strict UTF-8 validation and Windows-1252
 * repair of files that are not UTF-8.
 */
#include "indexer/load.h"

#include "lib/core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_err(char *errbuf, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *errbuf, size_t errsz, const char *fmt, ...)
{
    if (!errbuf || errsz == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errsz, fmt, ap);
    va_end(ap);
}

/* Windows-1252 for 0x80..0x9F; 0 marks the five undefined bytes.  0xA0..0xFF
 * are Latin-1, i.e. the code point equals the byte. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static size_t put_cp(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Re-encodes a file that failed validation.  Valid UTF-8 sequences are kept
 * and each byte that does not start one is decoded as Windows-1252: a pure
 * Latin-1/cp1252 file comes out exactly as a whole-file cp1252 decode would,
 * and a UTF-8 file with one stray byte (BBC sport/199.txt) keeps its other
 * characters intact instead of turning them into mojibake. */
static char *recode_cp1252(const char *in, size_t len, size_t *outlen)
{
    if (len > (((size_t)-1) - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *u = (const unsigned char *)in;
    size_t o = 0, i = 0;
    while (i < len) {
        size_t k = u[i] < 0x80 ? 1 : nx_utf8_seq(u + i, len - i);
        if (k > 0) {
            memcpy(out + o, in + i, k);
            o += k;
            i += k;
            continue;
        }
        unsigned cp = u[i];
        if (cp < 0xA0) {
            cp = cp1252_high[cp - 0x80];
            if (cp == 0)
                cp = 0xFFFD;
        }
        o += put_cp(out + o, cp);
        i++;
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* Reads fd to EOF into a NUL-terminated buffer; size_hint from fstat (0 for
 * pipes).  Returns NX_OK, NX_ERR_IO, NX_ERR_NOMEM or NX_ERR_FORMAT (too big). */
static nx_status read_all(int fd, size_t size_hint, char **data, size_t *len,
                          char *errbuf, size_t errsz)
{
    size_t cap = size_hint + 1 > 4096 ? size_hint + 1 : 4096;
    char *buf = malloc(cap);
    if (!buf) {
        set_err(errbuf, errsz, "out of memory reading %zu bytes", size_hint);
        return NX_ERR_NOMEM;
    }
    size_t n = 0;
    for (;;) {
        if (n + 1 >= cap) {
            /* The file grew after fstat, or is a pipe: grow, within the limit. */
            if (cap > NX_MAX_FILE_BYTES) {
                free(buf);
                set_err(errbuf, errsz, "file too large (over %u bytes)", NX_MAX_FILE_BYTES);
                return NX_ERR_FORMAT;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                set_err(errbuf, errsz, "out of memory reading file");
                return NX_ERR_NOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            set_err(errbuf, errsz, "cannot read: %s", strerror(e));
            return NX_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > NX_MAX_FILE_BYTES) {
        free(buf);
        set_err(errbuf, errsz, "file too large (%zu bytes, limit %u)", n, NX_MAX_FILE_BYTES);
        return NX_ERR_FORMAT;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return NX_OK;
}

static nx_status open_checked(const char *path, int *fd_out, size_t *size,
                              char *errbuf, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_err(errbuf, errsz, "cannot open: %s", strerror(errno));
        return NX_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        set_err(errbuf, errsz, "cannot stat: %s", strerror(e));
        return NX_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        set_err(errbuf, errsz, "is a directory");
        return NX_ERR_IO;
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > NX_MAX_FILE_BYTES) {
        close(fd);
        set_err(errbuf, errsz, "file too large (%lld bytes, limit %u)",
                (long long)st.st_size, NX_MAX_FILE_BYTES);
        return NX_ERR_FORMAT;
    }
    *size = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    *fd_out = fd;
    return NX_OK;
}

static nx_status load_fd(int fd, size_t size, nx_load_result *res, char *errbuf, size_t errsz);

nx_status nx_load_file(const char *path, nx_load_result *res, char *errbuf, size_t errsz)
{
    if (errbuf && errsz)
        errbuf[0] = '\0';
    if (!path || !res) {
        set_err(errbuf, errsz, "invalid argument");
        return NX_ERR_INVALID;
    }
    memset(res, 0, sizeof *res);
    int fd;
    size_t size;
    nx_status st = open_checked(path, &fd, &size, errbuf, errsz);
    if (st != NX_OK)
        return st;
    st = load_fd(fd, size, res, errbuf, errsz);
    close(fd);
    return st;
}

nx_status nx_load_fd(int fd, nx_load_result *res, char *errbuf, size_t errsz)
{
    if (errbuf && errsz)
        errbuf[0] = '\0';
    if (fd < 0 || !res) {
        set_err(errbuf, errsz, "invalid argument");
        return NX_ERR_INVALID;
    }
    memset(res, 0, sizeof *res);
    struct stat st;
    size_t size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    return load_fd(fd, size, res, errbuf, errsz);
}

/* Reads fd and checks what was read: not binary, UTF-8 or repaired. */
static nx_status load_fd(int fd, size_t size, nx_load_result *res, char *errbuf, size_t errsz)
{
    char *data;
    size_t len;
    nx_status st = read_all(fd, size, &data, &len, errbuf, errsz);
    if (st != NX_OK)
        return st;

    /* A NUL anywhere means binary (or UTF-16): no reader could use it. */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        set_err(errbuf, errsz, "binary file (NUL byte at offset %zu)", (size_t)(nul - data));
        free(data);
        return NX_ERR_FORMAT;
    }
    size_t skipped = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(data, data + 3, len - 3 + 1);
        len -= 3;
        skipped = 3;
    }
    size_t bad = 0;
    if (!nx_utf8_valid(data, len, &bad)) {
        size_t olen = 0;
        char *out = recode_cp1252(data, len, &olen);
        free(data);
        if (!out) {
            set_err(errbuf, errsz, "out of memory re-encoding file");
            return NX_ERR_NOMEM;
        }
        data = out;
        len = olen;
        res->recoded = 1;
        res->bad_offset = bad + skipped;  /* offset in the file as stored */
    }
    res->data = data;
    res->len = len;
    return NX_OK;
}

int nx_load_declares_cp1252(const char *data, size_t len)
{
    static const char *const names[] = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
                                         "l1", "windows-1252", "cp1252", NULL };
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 7 < n; i++) {
        if (strncasecmp(data + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < n && (data[j] == ' ' || data[j] == '=' || data[j] == '"' || data[j] == '\''))
            j++;
        for (const char *const *nm = names; *nm; nm++) {
            size_t k = strlen(*nm);
            if (j + k <= n && strncasecmp(data + j, *nm, k) == 0 &&
                (j + k == n || !(isalnum((unsigned char)data[j + k]) || data[j + k] == '-')))
                return 1;
        }
        return 0;   /* the first declaration is the page's */
    }
    return 0;
}
