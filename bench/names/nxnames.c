/*
 * nxnames.c — the name finder's side of the names evaluation (bench/names/,
 * README.md there): reads articles exactly as `newsidx index` does (loader
 * and readers), runs the indexer's name recognition on them and prints
 * what it found as JSON Lines for score.py.  No scoring here.
 *
 *   nxnames text   --corpora DIR --own DIR REF...
 *       the title and body of each article as the reader gives them, with
 *       byte offsets every line, for annotating by hand
 *   nxnames fields --corpora DIR --own DIR REF...
 *       the same as JSON Lines ({"ref", "title", "body"}), for annotate.py
 *   nxnames predict --corpora DIR --own DIR ARTICLES.tsv
 *       one object per article: its fields, the name mentions the indexer
 *       keeps (field, byte span, the type of the name they belong to) and
 *       the names stored for it
 *   nxnames find LANGUAGE [TITLE] < TEXT
 *       the mentions of the body (with their flags and name) and the names
 *       of an article given on standard input, for looking at the rules
 *   nxnames labels --corpora DIR
 *       one object per Reuters-21578 story with a body: its PEOPLE and
 *       ORGS labels and the names stored for it
 *
 * A REF is "bbc/<section>/<file>", "reuters21578/<file>#<NEWID>" or
 * "own/<file>" (a text under --own).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/coref.h"
#include "analysis/names.h"
#include "analysis/stem.h"
#include "analysis/tokenize.h"
#include "indexer/docbuild.h"
#include "indexer/load.h"
#include "indexer/reader.h"
#include "lib/schema.h"
#include "lib/stored.h"

typedef struct opts {
    const char *corpora, *own;
} opts;

/* ------------------------------------------------------------ reading one article */

typedef struct grab {
    const char *want_id;            /* NULL: the first article */
    int (*each)(void *ctx, const nx_article *a);    /* or every article to this */
    void *each_ctx;
    char *title, *body;
    char **people, **orgs;
    size_t npeople, norgs;
    int found;
} grab;

static char **copy_list(const char *const *v, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        out[i] = strdup(v[i] ? v[i] : "");
    return out;
}

static nx_status grab_article(void *ctx, const nx_article *a)
{
    grab *g = ctx;
    if (g->each)
        return g->each(g->each_ctx, a) == 0 ? NX_OK : NX_ERR_IO;
    if (g->found || (g->want_id && (!a->id || strcmp(a->id, g->want_id) != 0)))
        return NX_OK;
    g->found = 1;
    g->title = strdup(a->title ? a->title : "");
    g->body = strdup(a->body ? a->body : "");
    g->people = copy_list(a->people, a->n_people);
    g->npeople = a->n_people;
    g->orgs = copy_list(a->orgs, a->n_orgs);
    g->norgs = a->n_orgs;
    return NX_OK;
}

static void grab_free(grab *g)
{
    free(g->title);
    free(g->body);
    for (size_t i = 0; i < g->npeople; i++)
        free(g->people[i]);
    for (size_t i = 0; i < g->norgs; i++)
        free(g->orgs[i]);
    free(g->people);
    free(g->orgs);
}

static void warn_stderr(void *ctx, const char *path, long line, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "nxnames: %s:%ld: %s\n", path, line, msg);
}

static int read_file_into(const char *path, grab *g)
{
    nx_load_result lr;
    char err[512];
    if (nx_load_file(path, &lr, err, sizeof err) != NX_OK) {
        fprintf(stderr, "nxnames: %s\n", err);
        return -1;
    }
    nx_reader_sink sink = { .ctx = g, .article = grab_article, .warn = warn_stderr, .no_folder_section = 1 };
    nx_status st = nx_read_any(path, lr.data, lr.len, &sink);
    free(lr.data);
    if (st != NX_OK) {
        fprintf(stderr, "nxnames: %s: cannot read (%s)\n", path, nx_status_name(st));
        return -1;
    }
    return 0;
}

/* Reads the article REF names into g. */
static int load_ref(const opts *o, const char *ref, grab *g)
{
    char path[4096], id[64];
    memset(g, 0, sizeof *g);
    const char *hash = strchr(ref, '#');
    if (strncmp(ref, "own/", 4) == 0) {
        snprintf(path, sizeof path, "%s/%s", o->own, ref + 4);
    } else if (hash) {
        snprintf(path, sizeof path, "%s/%.*s", o->corpora, (int)(hash - ref), ref);
        snprintf(id, sizeof id, "reuters-%s", hash + 1);
        g->want_id = id;
    } else {
        snprintf(path, sizeof path, "%s/%s", o->corpora, ref);
    }
    if (read_file_into(path, g) != 0)
        return -1;
    g->want_id = NULL;
    if (!g->found) {
        fprintf(stderr, "nxnames: %s: no such article in %s\n", ref, path);
        grab_free(g);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ what the indexer finds */

/* The mentions the indexer keeps, each typed as the name it belongs to. */
static int add_mentions(json_t *arr, nx_article_names *an, const char *title, const char *body,
                        nx_toklist *tl_title, nx_toklist *tl_body, const char *lang)
{
    nx_namefind_opts o = { nx_names_lang_for(lang), 1 };
    if (nx_tokenize(title, strlen(title), tl_title) != NX_OK || nx_tokenize(body, strlen(body), tl_body) != NX_OK)
        return -1;
    nx_names_input in[NX_NSEGS] = { { title, strlen(title), tl_title }, { body, strlen(body), tl_body } };
    if (nx_article_names_find(an, in, &o) != NX_OK)
        return -1;
    static const char *const seg_name[NX_NSEGS] = { "title", "body" };
    for (int sg = 0; sg < NX_NSEGS; sg++) {
        const char *text = in[sg].text;
        for (size_t i = 0; i < an->nl[sg].n; i++) {
            int e = an->ent_of[sg][i];
            if (e < 0)
                continue;
            const nx_name *m = &an->nl[sg].v[i];
            json_array_append_new(arr, json_pack("[s, I, I, s, s%]", seg_name[sg], (json_int_t)m->start,
                                                 (json_int_t)m->end, nx_name_type_name(an->ent[e].type),
                                                 text + m->start, m->end - m->start));
        }
    }
    return 0;
}

/* The names the index stores for the article, from the real document. */
static json_t *stored_names(nx_docbuilder *b, const char *title, const char *body)
{
    nx_article a = { 0 };
    a.id = "nxnames";
    a.title = title;
    a.body = body;
    xc_doc *doc = NULL;
    char err[NX_ERRMSG_MAX];
    json_t *out = json_array();
    if (nx_build_document(b, &a, NULL, &doc, err) != NX_OK) {
        fprintf(stderr, "nxnames: %s\n", err);
        return out;
    }
    char *rec = NULL;
    size_t rlen = 0;
    nx_stored sd;
    if (xc_doc_get_value(doc, NX_SLOT_RECORD, &rec, &rlen) == XC_OK &&
        nx_stored_decode(rec, rlen, &sd) == NX_OK) {
        for (size_t k = 0; k < sd.nlist[NX_LIST_NAMES]; k++) {
            const char *key = nx_stored_name_key(&sd, k), *info = nx_stored_name_info(&sd, k);
            json_array_append_new(out, json_pack("[s, s, s]", sd.list[NX_LIST_NAMES][k], key ? key : "",
                                                 info ? info : ""));
        }
        nx_stored_clear(&sd);
    }
    xc_doc_free(doc);
    return out;
}

typedef struct tools {
    nx_stemmer *st;
    nx_docbuilder *b;
    nx_toklist tl, tl2;
    nx_article_names an;
} tools;

static int tools_init(tools *t, const char *lang)
{
    char *msg = NULL;
    memset(t, 0, sizeof *t);
    if (nx_stemmer_new(lang, &t->st, &msg) != NX_OK) {
        fprintf(stderr, "nxnames: %s\n", msg ? msg : "no stemmer");
        free(msg);
        return -1;
    }
    if (nx_docbuilder_new(t->st, &t->b) != NX_OK)
        return -1;
    nx_toklist_init(&t->tl);
    nx_toklist_init(&t->tl2);
    nx_article_names_init(&t->an);
    return 0;
}

static void tools_free(tools *t)
{
    nx_docbuilder_free(t->b);
    nx_stemmer_free(t->st);
    nx_toklist_free(&t->tl);
    nx_toklist_free(&t->tl2);
    nx_article_names_free(&t->an);
}

static void print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

/* ------------------------------------------------------------ modes */

static void show_field(const char *name, const char *text)
{
    printf("=== %s (%zu bytes)\n", name, strlen(text));
    size_t off = 0;
    while (text[off]) {
        const char *nl = strchr(text + off, '\n');
        size_t n = nl ? (size_t)(nl - text - off) : strlen(text + off);
        printf("%6zu| %.*s\n", off, (int)n, text + off);
        off += n + (nl ? 1 : 0);
    }
}

static int mode_text(const opts *o, int argc, char **argv, int json)
{
    for (int i = 0; i < argc; i++) {
        grab g;
        if (load_ref(o, argv[i], &g) != 0)
            return 1;
        if (json) {
            print_json(json_pack("{s:s, s:s, s:s}", "ref", argv[i], "title", g.title, "body", g.body));
        } else {
            printf("##### %s\n", argv[i]);
            show_field("title", g.title);
            show_field("body", g.body);
        }
        grab_free(&g);
    }
    return 0;
}

static int mode_predict(const opts *o, const char *articles)
{
    FILE *f = fopen(articles, "r");
    if (!f) {
        perror(articles);
        return 1;
    }
    char line[4096];
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *ref = strtok(line, "\t"), *lang = strtok(NULL, "\t");
        if (!ref || !lang) {
            fprintf(stderr, "nxnames: %s: a row needs REF<TAB>LANGUAGE\n", articles);
            rc = 1;
            break;
        }
        grab g;
        tools t;
        if (load_ref(o, ref, &g) != 0) {
            rc = 1;
            break;
        }
        if (tools_init(&t, lang) != 0) {
            grab_free(&g);
            rc = 1;
            break;
        }
        json_t *mentions = json_array();
        if (add_mentions(mentions, &t.an, g.title, g.body, &t.tl, &t.tl2, lang) != 0) {
            fprintf(stderr, "nxnames: %s: out of memory\n", ref);
            rc = 1;
        }
        print_json(json_pack("{s:s, s:s, s:{s:s, s:s}, s:o, s:o}", "ref", ref, "lang", lang, "fields",
                             "title", g.title, "body", g.body, "mentions", mentions, "names",
                             stored_names(t.b, g.title, g.body)));
        tools_free(&t);
        grab_free(&g);
        if (rc)
            break;
    }
    fclose(f);
    return rc;
}

typedef struct label_ctx {
    tools t;
} label_ctx;

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i] ? v[i] : ""));
    return a;
}

static int label_article(void *ctx, const nx_article *a)
{
    label_ctx *c = ctx;
    if (!a->body || !*a->body)
        return 0;
    print_json(json_pack("{s:s, s:o, s:o, s:s, s:s, s:o}", "id", a->id, "people",
                         str_array(a->people, a->n_people), "orgs", str_array(a->orgs, a->n_orgs), "title",
                         a->title ? a->title : "", "body", a->body, "names",
                         stored_names(c->t.b, a->title, a->body)));
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int mode_labels(const opts *o)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/reuters21578", o->corpora);
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    char *files[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        if (strncmp(e->d_name, "reut2-", 6) == 0)
            files[n++] = strdup(e->d_name);
    closedir(d);
    qsort(files, n, sizeof *files, cmp_str);
    label_ctx c;
    if (tools_init(&c.t, "english") != 0)
        return 1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        grab g = { 0 };
        g.each = label_article;
        g.each_ctx = &c;
        if (read_file_into(path, &g) != 0)
            rc = 1;
        free(files[i]);
    }
    tools_free(&c.t);
    return rc;
}

static int mode_find(const char *lang, const char *title)
{
    nx_buf in = { 0 };
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (nx_buf_append(&in, chunk, n) != 0)
            return 1;
    if (nx_buf_append(&in, "", 1) != 0)
        return 1;
    tools t;
    if (tools_init(&t, "english") != 0)
        return 1;
    json_t *m = json_array();
    int rc = add_mentions(m, &t.an, title ? title : "", in.p, &t.tl, &t.tl2, lang);
    const nx_namelist *nl = &t.an.nl[NX_SEG_BODY];
    for (size_t i = 0; rc == 0 && i < nl->n; i++) {
        const nx_name *nm = &nl->v[i];
        printf("mention %-30s key=%-30s type=%-12s flags=%s%s%s ent=%d role='%.*s'\n", nx_name_display(nl, i),
               nx_name_key(nl, i), nx_name_type_name(nm->type), nm->flags & NX_NAME_WEAK ? "W" : "-",
               nm->flags & NX_NAME_ABBREV_DEF ? "D" : "-", nm->flags & NX_NAME_CUE_STRONG ? "S" : "-",
               t.an.ent_of[NX_SEG_BODY][i], (int)(nm->role_end - nm->role_start), in.p + nm->role_start);
    }
    for (size_t e = 0; rc == 0 && e < t.an.nent; e++) {
        char *info = nx_name_info_format(&t.an, e);
        printf("name %zu: %s [%s] %s\n", e, nx_entity_str(&t.an, t.an.ent[e].disp_off),
               nx_entity_str(&t.an, t.an.ent[e].key_off), info ? info : "");
        free(info);
    }
    json_decref(m);
    tools_free(&t);
    nx_buf_free(&in);
    return rc ? 1 : 0;
}

static int usage(void)
{
    fputs("usage: nxnames text|fields|predict|find|labels --corpora DIR [--own DIR] ARGS...\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    opts o = { "../shared/corpora", "bench/names/texts" };
    if (argc < 2)
        return usage();
    const char *mode = argv[1];
    int i = 2;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (!strcmp(argv[i], "--corpora"))
            o.corpora = argv[i + 1];
        else if (!strcmp(argv[i], "--own"))
            o.own = argv[i + 1];
        else
            return usage();
    }
    if (!strcmp(mode, "text") || !strcmp(mode, "fields"))
        return mode_text(&o, argc - i, argv + i, mode[0] == 'f');
    if (!strcmp(mode, "predict") && i + 1 == argc)
        return mode_predict(&o, argv[i]);
    if (!strcmp(mode, "find") && (i + 1 == argc || i + 2 == argc))
        return mode_find(argv[i], i + 2 == argc ? argv[i + 1] : NULL);
    if (!strcmp(mode, "labels") && i == argc)
        return mode_labels(&o);
    return usage();
}
