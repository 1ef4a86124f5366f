/*
 * reader_html.c — one news article per HTML page (libxml2's forgiving HTML
 * parser; no network, no error output).
 *
 *   title     og:title, else JSON-LD headline, else the <h1> inside
 *             <article>, else <title>
 *   date      article:published_time (also og:/name=date/pubdate/
 *             itemprop=datePublished metas), else JSON-LD datePublished,
 *             else the first <time datetime>
 *   byline    meta name=author / article:author (unless a URL), else the
 *             JSON-LD authors, else an element with rel=author, else one
 *             whose class has "byline"
 *   (JSON-LD: the first schema.org NewsArticle/Article/BlogPosting... in a
 *   <script type="application/ld+json">, also inside @graph)
 *   section   article:section;  tags  article:tag metas (else name=keywords)
 *   url       og:url, else <link rel=canonical>;  source  og:site_name
 *   body      text of <article>, else <main>, else <body>, leaving out
 *             script, style, nav, header, footer, aside, form, noscript,
 *             figure captions and a repeat of the headline; block elements
 *             become paragraph breaks ("\n\n"), table cells and other
 *             whitespace one space.
 * The id is the path.
 */
#include "indexer/reader.h"
#include "indexer/reader_util.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

typedef struct page {
    nx_sbuf title, byline, section, url, canonical, source, date_raw, time_raw, body, tmp;
    nx_sbuf ld_title, ld_date, ld_author;   /* from a JSON-LD article object */
    nx_strlist tags, keywords;
    xmlNode *article, *main, *body_el, *title_el, *rel_author, *byline_el;
    int pend_space, pend_break;
    int oom;
} page;

static int name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (name_is(n, *names))
            return 1;
    return 0;
}

static const char *const skip_names[] = {
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript",
    "figcaption", "template", "iframe", "svg", "button", "select", "head", NULL};

static const char *const block_names[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article",
    "main", "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "tr", "pre", "hr",
    "figure", "body", NULL};

/* Table cells and captions: a word boundary, not a paragraph ("Item" and
 * "Cost" in two cells are two words). */
static const char *const cell_names[] = { "td", "th", "caption", NULL };

/* Next node of a pre-order walk under root, not entering n's children. */
static xmlNode *walk_next(xmlNode *n, const xmlNode *root, page *pg)
{
    while (n && n != root) {
        if (pg && name_in(n, block_names))
            pg->pend_break = 1;
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Copies an attribute into b (reset first); 0 if absent. */
static int get_attr(const xmlNode *n, const char *attr, nx_sbuf *b)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return 0;
    nx_sb_reset(b);
    const char *s = (const char *)v;
    size_t len = strlen(s);
    nx_rd_trim(&s, &len);
    nx_sb_putn(b, s, len);
    xmlFree(v);
    return 1;
}

/* The text under n, whitespace collapsed, into b (appended). */
static void node_text(const xmlNode *n, nx_sbuf *b)
{
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return;
    int space = 0;
    size_t start = b->len;
    for (const char *s = (const char *)v; *s; s++) {
        if (nx_rd_isspace((unsigned char)*s)) {
            space = b->len > start;
            continue;
        }
        if (space)
            nx_sb_putc(b, ' ');
        space = 0;
        nx_sb_putc(b, *s);
    }
    xmlFree(v);
}

static void set_once(nx_sbuf *dst, const nx_sbuf *src)
{
    if (dst->len == 0 && src->len > 0)
        nx_sb_putn(dst, src->p, src->len);
}

static int is_url(const nx_sbuf *b)
{
    return b->len >= 4 && (strncasecmp(b->p, "http", 4) == 0 || b->p[0] == '/');
}

static void meta(page *pg, const xmlNode *n)
{
    nx_sbuf key = {0};
    if (!get_attr(n, "property", &key) && !get_attr(n, "name", &key) &&
        !get_attr(n, "itemprop", &key)) {
        nx_sb_free(&key);
        return;
    }
    if (!get_attr(n, "content", &pg->tmp) || pg->tmp.len == 0) {
        nx_sb_free(&key);
        return;
    }
    const char *k = nx_sb_str(&key);
    if (strcasecmp(k, "og:title") == 0) {
        set_once(&pg->title, &pg->tmp);
    } else if (strcasecmp(k, "article:published_time") == 0 ||
               strcasecmp(k, "og:published_time") == 0 ||
               strcasecmp(k, "og:article:published_time") == 0 ||
               strcasecmp(k, "date") == 0 || strcasecmp(k, "pubdate") == 0 ||
               strcasecmp(k, "publish-date") == 0 || strcasecmp(k, "datePublished") == 0) {
        set_once(&pg->date_raw, &pg->tmp);
    } else if (strcasecmp(k, "author") == 0 || strcasecmp(k, "article:author") == 0) {
        if (!is_url(&pg->tmp))
            set_once(&pg->byline, &pg->tmp);
    } else if (strcasecmp(k, "article:section") == 0) {
        set_once(&pg->section, &pg->tmp);
    } else if (strcasecmp(k, "article:tag") == 0) {
        if (nx_sl_push(&pg->tags, pg->tmp.p, pg->tmp.len) != 0)
            pg->oom = 1;
    } else if (strcasecmp(k, "keywords") == 0) {
        if (nx_sl_push_split(&pg->keywords, pg->tmp.p, pg->tmp.len) != 0)
            pg->oom = 1;
    } else if (strcasecmp(k, "og:url") == 0) {
        set_once(&pg->url, &pg->tmp);
    } else if (strcasecmp(k, "og:site_name") == 0) {
        set_once(&pg->source, &pg->tmp);
    }
    nx_sb_free(&key);
}

/* The JSON-LD types that describe one article (schema.org). */
static int ld_is_article(json_t *o)
{
    static const char *const types[] = { "NewsArticle", "Article", "ReportageNewsArticle",
                                         "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting",
                                         "Report", NULL };
    json_t *t = json_object_get(o, "@type");
    for (size_t k = 0; k < (json_is_array(t) ? json_array_size(t) : 1); k++) {
        json_t *one = json_is_array(t) ? json_array_get(t, k) : t;
        for (const char *const *ty = types; json_is_string(one) && *ty; ty++)
            if (strcmp(json_string_value(one), *ty) == 0)
                return 1;
    }
    return 0;
}

/* An author as a string, {"name": ...}, or an array of those. */
static void ld_authors(nx_sbuf *b, json_t *v)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_object(a))
            a = json_object_get(a, "name");
        if (!json_is_string(a) || !*json_string_value(a))
            continue;
        if (b->len)
            nx_sb_puts(b, ", ");
        nx_sb_puts(b, json_string_value(a));
    }
}

static void ld_take(page *pg, json_t *o)
{
    if (json_is_array(o)) {
        for (size_t i = 0; i < json_array_size(o); i++)
            ld_take(pg, json_array_get(o, i));
        return;
    }
    if (!json_is_object(o))
        return;
    json_t *graph = json_object_get(o, "@graph");
    if (graph)
        ld_take(pg, graph);
    if (!ld_is_article(o) || pg->ld_title.len || pg->ld_date.len)
        return;   /* the first article object of the page */
    json_t *v;
    if (json_is_string(v = json_object_get(o, "headline")))
        nx_sb_puts(&pg->ld_title, json_string_value(v));
    if (json_is_string(v = json_object_get(o, "datePublished")))
        nx_sb_puts(&pg->ld_date, json_string_value(v));
    if ((v = json_object_get(o, "author")))
        ld_authors(&pg->ld_author, v);
}

/* <script type="application/ld+json">: publishers put the article's
 * headline, date and authors there (schema.org NewsArticle), often
 * nowhere else in a form a machine can read.  A block that does not
 * parse is ignored: it is the page's metadata, not its text. */
static void json_ld(page *pg, const xmlNode *n)
{
    if (!get_attr(n, "type", &pg->tmp) || strcasecmp(nx_sb_str(&pg->tmp), "application/ld+json") != 0)
        return;
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return;
    json_t *root = json_loads((const char *)v, 0, NULL);
    xmlFree(v);
    if (root)
        ld_take(pg, root);
    json_decref(root);
}

static int class_has_byline(const xmlNode *n, nx_sbuf *tmp)
{
    return get_attr(n, "class", tmp) && tmp->len && strstr(tmp->p, "byline") != NULL;
}

/* One pass over the document for metadata and the landmark elements. */
static void scan_document(page *pg, xmlNode *root)
{
    for (xmlNode *n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            if (name_is(n, "meta")) {
                meta(pg, n);
            } else if (name_is(n, "script")) {
                json_ld(pg, n);
            } else if (name_is(n, "link")) {
                if (get_attr(n, "rel", &pg->tmp) && strcasecmp(nx_sb_str(&pg->tmp), "canonical") == 0 &&
                    get_attr(n, "href", &pg->tmp))
                    set_once(&pg->canonical, &pg->tmp);
            } else if (name_is(n, "title") && !pg->title_el) {
                pg->title_el = n;
            } else if (name_is(n, "article") && !pg->article) {
                pg->article = n;
            } else if (name_is(n, "main") && !pg->main) {
                pg->main = n;
            } else if (name_is(n, "body") && !pg->body_el) {
                pg->body_el = n;
            } else if (name_is(n, "time") && pg->time_raw.len == 0) {
                if (get_attr(n, "datetime", &pg->tmp))
                    set_once(&pg->time_raw, &pg->tmp);
            }
            if (!pg->rel_author && !name_is(n, "link") && get_attr(n, "rel", &pg->tmp) &&
                strcasecmp(nx_sb_str(&pg->tmp), "author") == 0)
                pg->rel_author = n;
            if (!pg->byline_el && class_has_byline(n, &pg->tmp))
                pg->byline_el = n;
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        n = walk_next(n, root, NULL);
    }
}

static const xmlNode *first_h1(xmlNode *root)
{
    for (xmlNode *n = root ? root->children : NULL; n;) {
        if (name_is(n, "h1"))
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;   /* an h1 in the article's <header> counts too */
            continue;
        }
        n = walk_next(n, root, NULL);
    }
    return NULL;
}

static void body_text(page *pg, const char *s)
{
    for (; *s; s++) {
        if (nx_rd_isspace((unsigned char)*s)) {
            pg->pend_space = 1;
            continue;
        }
        if (pg->body.len) {
            if (pg->pend_break)
                nx_sb_puts(&pg->body, "\n\n");
            else if (pg->pend_space)
                nx_sb_putc(&pg->body, ' ');
        }
        pg->pend_break = pg->pend_space = 0;
        const char *r = s + 1;
        while (*r && !nx_rd_isspace((unsigned char)*r))
            r++;
        nx_sb_putn(&pg->body, s, (size_t)(r - s));
        s = r - 1;
    }
}

/* An <h1> repeating the headline is left out of the body. */
static int is_headline(page *pg, const xmlNode *n)
{
    if (!name_is(n, "h1") || pg->title.len == 0)
        return 0;
    nx_sb_reset(&pg->tmp);
    node_text(n, &pg->tmp);
    return strcmp(nx_sb_str(&pg->tmp), pg->title.p) == 0;
}

static void collect_body(page *pg, xmlNode *root)
{
    for (xmlNode *n = root->children; n;) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (!name_in(n, skip_names) && !is_headline(pg, n)) {
                if (name_in(n, block_names))
                    pg->pend_break = 1;
                else if (name_in(n, cell_names))
                    pg->pend_space = 1;
                descend = n->children != NULL;
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            body_text(pg, (const char *)n->content);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        n = walk_next(n, root, pg);
    }
}

static void strip_by(nx_sbuf *b)
{
    if (b->len > 3 && strncasecmp(b->p, "by ", 3) == 0) {
        memmove(b->p, b->p + 3, b->len - 3 + 1);
        b->len -= 3;
    }
}

static void page_free(page *pg)
{
    nx_sbuf *bufs[] = {&pg->title, &pg->byline, &pg->section, &pg->url, &pg->canonical,
                       &pg->source, &pg->date_raw, &pg->time_raw, &pg->body, &pg->tmp,
                       &pg->ld_title, &pg->ld_date, &pg->ld_author};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
        if (bufs[i]->oom)
            pg->oom = 1;
        nx_sb_free(bufs[i]);
    }
    nx_sl_free(&pg->tags);
    nx_sl_free(&pg->keywords);
}

static const char *opt(const nx_sbuf *b)
{
    return b->len ? b->p : NULL;
}

/* Fills in what the metas did not give, from the landmark elements. */
static void fallbacks(page *pg, const char *path, const nx_reader_sink *s, char *date, size_t dsz)
{
    set_once(&pg->title, &pg->ld_title);
    if (pg->title.len == 0) {
        const xmlNode *h1 = pg->article ? first_h1(pg->article) : NULL;
        if (h1)
            node_text(h1, &pg->title);
        else if (pg->title_el)
            node_text(pg->title_el, &pg->title);
    }
    set_once(&pg->byline, &pg->ld_author);
    if (pg->byline.len == 0 && (pg->rel_author || pg->byline_el)) {
        node_text(pg->rel_author ? pg->rel_author : pg->byline_el, &pg->byline);
        strip_by(&pg->byline);
    }
    set_once(&pg->url, &pg->canonical);
    const nx_sbuf *d = pg->date_raw.len ? &pg->date_raw : pg->ld_date.len ? &pg->ld_date : &pg->time_raw;
    date[0] = '\0';
    if (d->len && !nx_normalise_date(d->p, date, dsz)) {
        date[0] = '\0';
        nx_rd_warnf(s, path, 0, "cannot understand date \"%.60s\"", d->p);
    }
}

nx_status nx_read_html(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    if (!path || !data || !s || !s->article)
        return NX_ERR_INVALID;
    if (len > INT_MAX) {
        nx_rd_warnf(s, path, 0, "HTML page too large");
        return NX_ERR_FORMAT;
    }
    /* The loader has made the text UTF-8 already, so a <meta charset> in the
     * page must not make the parser decode it a second time. */
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        nx_rd_warnf(s, path, 0, "no article text (not an HTML page)");
        return NX_ERR_FORMAT;
    }
    page pg;
    memset(&pg, 0, sizeof pg);
    scan_document(&pg, root);
    char date[32];
    fallbacks(&pg, path, s, date, sizeof date);
    xmlNode *from = pg.article ? pg.article : pg.main ? pg.main : pg.body_el ? pg.body_el : root;
    collect_body(&pg, from);
    nx_status st = NX_OK;
    if (pg.body.len == 0) {
        nx_rd_warnf(s, path, 0, "no article text");
        st = NX_ERR_FORMAT;
    } else if (!pg.oom && !pg.title.oom && !pg.body.oom && !pg.byline.oom) {
        nx_article a;
        memset(&a, 0, sizeof a);
        a.id = path;
        a.path = path;
        a.title = opt(&pg.title);
        a.body = pg.body.p;
        a.byline = opt(&pg.byline);
        a.section = opt(&pg.section);
        a.url = opt(&pg.url);
        a.source = opt(&pg.source);
        a.date = date[0] ? date : NULL;
        nx_strlist *tags = pg.tags.n ? &pg.tags : &pg.keywords;
        a.tags = (const char *const *)tags->v;
        a.n_tags = tags->n;
        st = s->article(s->ctx, &a);
    }
    page_free(&pg);
    xmlFreeDoc(doc);
    if (pg.oom && st == NX_OK)
        st = NX_ERR_NOMEM;
    return st;
}
