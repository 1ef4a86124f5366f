/*
 * serve_page.c — the search page of `newsidx serve`, rendered on the
 * server so it works without JavaScript: the form with its filters, one
 * page of results with highlighted snippets, pagination, "who is in these
 * stories", and the article page.  Every byte of stored text and of the
 * request is escaped where it is written (sb_html, sb_url, and
 * nx_render_highlight's NX_HL_HTML for snippets); the page carries no
 * script, and the CSP the server sends forbids any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

#define HTML_TYPE "text/html; charset=utf-8"
#define PAGE_SIZE 10
#define NAMES_SHOWN 12
#define NAMES_SAMPLE 200
#define SOURCES_SHOWN 100

static void head(sbuf *b, const char *title)
{
    sb_adds(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if (title && *title) {
        sb_html(b, title);
        sb_adds(b, " \xe2\x80\x94 ");
    }
    sb_adds(b, "newsidx</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n");
}

static void tail(sbuf *b)
{
    sb_adds(b, "</body>\n</html>\n");
}

void serve_page_error(serve_response *rs, unsigned status, const char *message)
{
    sbuf b = { 0 };
    head(&b, "Error");
    sb_adds(&b, "<header class=\"top\"><a class=\"brand\" href=\"/\">newsidx</a></header>\n<main>\n");
    sb_printf(&b, "<h1>Error %u</h1>\n<p class=\"error\">", status);
    sb_html(&b, message);
    sb_adds(&b, "</p>\n<p><a href=\"/\">Back to the search page</a></p>\n</main>\n");
    tail(&b);
    serve_set_body(rs, status, HTML_TYPE, &b);
}

/* ------------------------------------------------------------ the form */

typedef struct form_ctx {
    sbuf *b;
    const char *chosen;
    unsigned n;
} form_ctx;

static void source_option(void *ctx, const char *value, unsigned long count)
{
    form_ctx *f = ctx;
    if (f->n++ >= SOURCES_SHOWN)
        return;
    sb_adds(f->b, "<option value=\"");
    sb_html(f->b, value);
    sb_adds(f->b, f->chosen && !strcmp(f->chosen, value) ? "\" selected>" : "\">");
    sb_html(f->b, value);
    sb_printf(f->b, " (%lu)</option>", count);
}

static void value_attr(sbuf *b, const char *name, const char *v)
{
    sb_printf(b, " name=\"%s\" value=\"", name);
    sb_html(b, v ? v : "");
    sb_adds(b, "\"");
}

static void form(sbuf *b, nx_index *ix, const serve_search *s)
{
    sb_adds(b, "<header class=\"top\">\n<a class=\"brand\" href=\"/\">newsidx</a>\n"
               "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
               "<div class=\"box\"><input type=\"search\" id=\"q\" aria-label=\"Search the archive\""
               " placeholder=\"Search the archive\"");
    value_attr(b, "q", s->q);
    sb_adds(b, " autofocus>\n<button type=\"submit\">Search</button></div>\n<div class=\"filters\">\n"
               "<label>From <input type=\"date\"");
    value_attr(b, "since", s->so.since);
    sb_adds(b, "></label>\n<label>To <input type=\"date\"");
    value_attr(b, "until", s->so.until);
    sb_adds(b, "></label>\n<label>Source <select name=\"source\"><option value=\"\">any</option>");
    form_ctx f = { b, s->source, 0 };
    if (ix)
        nx_index_sources(ix, source_option, &f);
    if (s->source && !f.n) {
        sb_adds(b, "<option selected value=\"");
        sb_html(b, s->source);
        sb_adds(b, "\">");
        sb_html(b, s->source);
        sb_adds(b, "</option>");
    }
    sb_adds(b, "</select></label>\n<label>Section <input type=\"text\" size=\"12\"");
    value_attr(b, "section", s->section);
    sb_adds(b, "></label>\n<label>Order <select name=\"sort\">");
    sb_printf(b, "<option value=\"relevance\"%s>relevance</option><option value=\"date\"%s>newest first</option>",
              s->so.sort == NX_SORT_DATE ? "" : " selected", s->so.sort == NX_SORT_DATE ? " selected" : "");
    sb_adds(b, "</select></label>\n</div>\n</form>\n</header>\n");
}

/* ------------------------------------------------------------ links */

/* "/?q=...&since=..." for the same search with another q and page. */
static void search_href(sbuf *b, const serve_search *s, const char *q, unsigned page)
{
    sb_adds(b, "/?q=");
    sb_url(b, q);
    const struct { const char *k, *v; } kept[] = {
        { "since", s->so.since }, { "until", s->so.until }, { "source", s->source }, { "section", s->section },
        { "sort", s->so.sort == NX_SORT_DATE ? "date" : NULL },
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (kept[i].v) {
            sb_printf(b, "&amp;%s=", kept[i].k);
            sb_url(b, kept[i].v);
        }
    if (page > 1)
        sb_printf(b, "&amp;page=%u", page);
}

static void article_href(sbuf *b, const serve_config *cfg, const char *id, const char *q)
{
    char buf[4096];
    const char *shown = serve_show_id(cfg, id, buf, sizeof buf);
    sb_adds(b, "/article?id=");
    sb_url(b, shown ? shown : "");
    if (q && *q) {
        sb_adds(b, "&amp;q=");
        sb_url(b, q);
    }
}

static void meta_line(sbuf *b, const nx_hit *h)
{
    const char *date = nx_hit_field(h, NX_FIELD_DATE), *src = nx_hit_field(h, NX_FIELD_SOURCE),
               *sec = nx_hit_field(h, NX_FIELD_SECTION), *by = nx_hit_field(h, NX_FIELD_BYLINE);
    sb_adds(b, "<p class=\"meta\">");
    int any = 0;
    if (date && *date) {
        char day[11];
        snprintf(day, sizeof day, "%.10s", date);
        sb_adds(b, "<time datetime=\"");
        sb_html(b, day);
        sb_adds(b, "\">");
        sb_html(b, day);
        sb_adds(b, "</time>");
        any = 1;
    }
    const char *parts[] = { src, sec, by };
    const char *cls[] = { "source", "section", "byline" };
    for (size_t i = 0; i < 3; i++)
        if (parts[i] && *parts[i]) {
            sb_printf(b, "%s<span class=\"%s\">", any ? " \xc2\xb7 " : "", cls[i]);
            sb_html(b, parts[i]);
            sb_adds(b, "</span>");
            any = 1;
        }
    sb_adds(b, "</p>\n");
}

/* ------------------------------------------------------------ results */

static void hit_item(sbuf *b, const serve_config *cfg, const nx_hit *h, const char *q)
{
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    char buf[4096];
    int linked = serve_show_id(cfg, nx_hit_id(h), buf, sizeof buf) != NULL;
    sb_adds(b, "<li class=\"hit\">\n<h2>");
    if (linked) {
        sb_adds(b, "<a href=\"");
        article_href(b, cfg, nx_hit_id(h), q);
        sb_adds(b, "\">");
    }
    sb_html(b, title && *title ? title : "(untitled)");
    sb_adds(b, linked ? "</a></h2>\n" : "</h2>\n");
    meta_line(b, h);
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    char *html = NULL;
    if (snip && *snip && nx_render_highlight(snip, spans, nspans, NX_HL_HTML, NULL, NULL, &html) == NX_OK) {
        sb_adds(b, "<p class=\"snippet\">");
        sb_adds(b, html);
        sb_adds(b, "</p>\n");
    }
    nx_free(html);
    sb_adds(b, "</li>\n");
}

static void pages(sbuf *b, const serve_search *s, unsigned long total, unsigned max_offset)
{
    unsigned page = s->so.offset / PAGE_SIZE + 1;
    unsigned long last = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    unsigned long reachable = max_offset / PAGE_SIZE + 1;
    if (last > reachable)
        last = reachable;
    if (last <= 1)
        return;
    sb_adds(b, "<nav class=\"pages\" aria-label=\"Pages\">\n");
    if (page > 1) {
        sb_adds(b, "<a rel=\"prev\" href=\"");
        search_href(b, s, s->q, page - 1);
        sb_adds(b, "\">\xe2\x86\x90 Previous</a>\n");
    }
    unsigned long from = page > 5 ? page - 5 : 1, to = from + 9 < last ? from + 9 : last;
    for (unsigned long p = from; p <= to; p++) {
        if (p == page) {
            sb_printf(b, "<span aria-current=\"page\">%lu</span>\n", p);
            continue;
        }
        sb_adds(b, "<a href=\"");
        search_href(b, s, s->q, (unsigned)p);
        sb_printf(b, "\">%lu</a>\n", p);
    }
    if (page < last) {
        sb_adds(b, "<a rel=\"next\" href=\"");
        search_href(b, s, s->q, page + 1);
        sb_adds(b, "\">Next \xe2\x86\x92</a>\n");
    }
    sb_adds(b, "</nav>\n");
}

/* "Who is in these stories": the names facet of the same query. */
static void names_panel(sbuf *b, nx_index *ix, const serve_search *s, const char *query)
{
    nx_name_facet *f;
    if (nx_names(ix, query, NAMES_SHOWN, NAMES_SAMPLE, &f) != NX_OK)
        return;
    size_t n = nx_name_facet_count(f);
    if (n) {
        sb_adds(b, "<aside class=\"names\">\n<h2>Who is in these stories</h2>\n<ul>\n");
        for (size_t i = 0; i < n; i++) {
            const char *name = nx_name_facet_name(f, i);
            sb_adds(b, "<li>");
            if (!strchr(name, '"')) {
                sbuf q = { 0 };
                sb_printf(&q, "name:\"%s\"", name);
                char *qs = sb_take(&q, NULL);
                sb_adds(b, "<a href=\"");
                search_href(b, s, qs ? qs : "", 1);
                sb_adds(b, "\">");
                sb_html(b, name);
                sb_adds(b, "</a>");
                free(qs);
            } else {
                sb_html(b, name);
            }
            sb_printf(b, " <span class=\"count\" title=\"stories among these that name it\">%lu</span></li>\n",
                      nx_name_facet_docs(f, i));
        }
        sb_adds(b, "</ul>\n</aside>\n");
    }
    nx_name_facet_free(f);
}

static void results(sbuf *b, const serve_ctx *ctx, const serve_search *s, nx_results *r, nx_index *ix,
                    const char *query)
{
    size_t n = nx_results_count(r);
    unsigned long total = nx_results_total(r);
    if (nx_results_partial(r)) {
        const char *const *missing;
        size_t nm = nx_index_missing_shards(ix, &missing);
        sb_printf(b, "<p class=\"partial\">Partial results: %zu part%s of the archive could not be searched.</p>\n",
                  nm, nm == 1 ? "" : "s");
    }
    sb_adds(b, "<p class=\"total\">");
    if (n)
        sb_printf(b, "%s%lu match%s for <q>", nx_results_total_exact(r) ? "" : "About ", total,
                  total == 1 ? "" : "es");
    else if (total)
        sb_printf(b, "No results on this page (%lu match%s) for <q>", total, total == 1 ? "" : "es");
    else
        sb_adds(b, "No results for <q>");
    sb_html(b, s->q);
    sb_adds(b, "</q>");
    if (n)
        sb_printf(b, " \xe2\x80\x94 showing %u\xe2\x80\x93%zu", s->so.offset + 1, s->so.offset + n);
    sb_adds(b, "</p>\n");
    const char *sugg = nx_results_suggestion(r);
    if (sugg) {
        sb_adds(b, "<p class=\"suggestion\">Did you mean <a href=\"");
        search_href(b, s, sugg, 1);
        sb_adds(b, "\">");
        sb_html(b, sugg);
        sb_adds(b, "</a>?</p>\n");
    }
    sb_adds(b, "<div class=\"layout\">\n");
    if (n) {
        sb_printf(b, "<ol class=\"results\" start=\"%u\">\n", s->so.offset + 1);
        for (size_t i = 0; i < n; i++)
            hit_item(b, ctx->cfg, nx_results_hit(r, i), s->q);
        sb_adds(b, "</ol>\n");
    }
    if (total)
        names_panel(b, ix, s, query);
    sb_adds(b, "</div>\n");
    pages(b, s, total, ctx->cfg->max_offset);
}

void serve_page_search(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    serve_search s;
    char err[512];
    if (serve_parse_search(ctx->cfg, rq, 0, &s, err, sizeof err)) {
        serve_page_error(rs, 400, err);
        return;
    }
    s.so.limit = PAGE_SIZE;
    sbuf b = { 0 };
    head(&b, s.q);
    if (!s.q || !*s.q) {
        nx_status st;
        nx_index *ix = serve_pool_take(ctx->pool, 1, &st, err, sizeof err);
        s.q = "";
        form(&b, ix, &s);
        nx_stats stats;
        if (ix && nx_index_stats(ix, &stats) == NX_OK)
            sb_printf(&b, "<main>\n<p class=\"intro\">%lu articles%s%s%s.</p>\n</main>\n", stats.documents,
                      *stats.last_indexed ? " (last indexed " : "", stats.last_indexed,
                      *stats.last_indexed ? ")" : "");
        serve_pool_give(ctx->pool, ix, 1, NX_OK);
        tail(&b);
        serve_set_body(rs, 200, HTML_TYPE, &b);
        return;
    }
    nx_results *r;
    nx_index *ix;
    char *query;
    if (serve_run_search(ctx, &s, 0, rs, &r, &ix, &query, err, sizeof err)) {
        if (rs->status != 400) {
            sb_free(&b);
            return;
        }
        /* A query that cannot be understood: the form again, to correct it. */
        if (!rs->body_static)
            free(rs->body);
        memset(rs, 0, sizeof *rs);
        form(&b, NULL, &s);
        sb_adds(&b, "<main>\n<p class=\"error\">");
        sb_html(&b, err);
        sb_adds(&b, "</p>\n</main>\n");
        tail(&b);
        serve_set_body(rs, 400, HTML_TYPE, &b);
        return;
    }
    form(&b, ix, &s);
    sb_adds(&b, "<main>\n");
    results(&b, ctx, &s, r, ix, query);
    sb_adds(&b, "</main>\n");
    tail(&b);
    nx_results_free(r);
    serve_pool_give(ctx->pool, ix, s.allow_partial, NX_OK);
    free(query);
    serve_set_body(rs, 200, HTML_TYPE, &b);
}

/* ------------------------------------------------------------ the article */

/* The body as paragraphs: a blank line ends one. */
static void paragraphs(sbuf *b, const char *body)
{
    while (*body) {
        while (*body == '\n' || *body == '\r' || *body == ' ' || *body == '\t')
            body++;
        if (!*body)
            break;
        const char *end = strstr(body, "\n\n");
        size_t n = end ? (size_t)(end - body) : strlen(body);
        char *para = strndup(body, n);
        if (para) {
            sb_adds(b, "<p>");
            sb_html(b, para);
            sb_adds(b, "</p>\n");
        }
        free(para);
        body += n;
    }
}

static void label_list(sbuf *b, const nx_hit *h, nx_list l, const char *label, const char *field)
{
    const char *const *items;
    size_t n = nx_hit_list(h, l, &items);
    if (!n)
        return;
    sb_adds(b, "<dt>");
    sb_html(b, label);
    sb_adds(b, "</dt><dd><ul class=\"labels\">");
    serve_search none;
    memset(&none, 0, sizeof none);
    for (size_t i = 0; i < n; i++) {
        sb_adds(b, "<li>");
        if (!strchr(items[i], '"')) {
            sbuf q = { 0 };
            sb_printf(&q, "%s:\"%s\"", field, items[i]);
            char *qs = sb_take(&q, NULL);
            sb_adds(b, "<a href=\"");
            search_href(b, &none, qs ? qs : "", 1);
            sb_adds(b, "\">");
            sb_html(b, items[i]);
            sb_adds(b, "</a>");
            free(qs);
        } else {
            sb_html(b, items[i]);
        }
        sb_adds(b, "</li>");
    }
    sb_adds(b, "</ul></dd>\n");
}

void serve_page_article(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    const char *q = serve_arg(rq, "q");
    nx_index *ix;
    nx_results *r;
    if (serve_load_article(ctx, rq, "/article/", 0, rs, &ix, &r))
        return;
    const nx_hit *h = nx_results_hit(r, 0);
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    if (!title || !*title)
        title = "(untitled)";
    sbuf b = { 0 };
    head(&b, title);
    serve_search s;
    memset(&s, 0, sizeof s);
    s.q = q ? q : "";
    form(&b, ix, &s);
    sb_adds(&b, "<main>\n<article class=\"story\">\n");
    if (q && *q) {
        sb_adds(&b, "<p class=\"back\"><a href=\"");
        search_href(&b, &s, q, 1);
        sb_adds(&b, "\">\xe2\x86\x90 Back to the results</a></p>\n");
    }
    sb_adds(&b, "<h1>");
    sb_html(&b, title);
    sb_adds(&b, "</h1>\n");
    meta_line(&b, h);
    const char *dateline = nx_hit_field(h, NX_FIELD_DATELINE);
    if (dateline && *dateline) {
        sb_adds(&b, "<p class=\"dateline\">");
        sb_html(&b, dateline);
        sb_adds(&b, "</p>\n");
    }
    const char *body = nx_hit_field(h, NX_FIELD_BODY);
    sb_adds(&b, "<div class=\"body\">\n");
    paragraphs(&b, body ? body : "");
    sb_adds(&b, "</div>\n<dl class=\"about\">\n");
    const char *url = nx_hit_field(h, NX_FIELD_URL);
    if (url && *url) {
        sb_adds(&b, "<dt>Original</dt><dd>");
        /* Only web addresses become links: a javascript: URL stays text. */
        int web = !strncmp(url, "https://", 8) || !strncmp(url, "http://", 7);
        if (web) {
            sb_adds(&b, "<a rel=\"noreferrer noopener\" href=\"");
            sb_html(&b, url);
            sb_adds(&b, "\">");
        }
        sb_html(&b, url);
        sb_adds(&b, web ? "</a></dd>\n" : "</dd>\n");
    }
    label_list(&b, h, NX_LIST_NAMES, "Names in the story", "name");
    label_list(&b, h, NX_LIST_PEOPLE, "People", "person");
    label_list(&b, h, NX_LIST_PLACES, "Places", "place");
    label_list(&b, h, NX_LIST_ORGS, "Organisations", "org");
    label_list(&b, h, NX_LIST_TAGS, "Topics", "topic");
    sb_adds(&b, "</dl>\n</article>\n</main>\n");
    tail(&b);
    nx_results_free(r);
    serve_pool_give(ctx->pool, ix, 0, NX_OK);
    serve_set_body(rs, 200, HTML_TYPE, &b);
}
