/*
 * callcycles.c — test tool: fails when a call cycle joins two or more of
 * the library's object files.
 *
 *   callcycles OBJECT-LIST [STATIC-LIBRARY]
 *
 * OBJECT-LIST names one object file per line (the build writes the list
 * of libnewsidx's objects).  Each is read with `nm -P`: a global symbol it
 * leaves undefined and another object defines is an arrow from the first
 * object to the second ("who calls a function defined in whom"; data
 * counts too).  The strongly connected components of that graph with more
 * than one object are the call cycles; each is printed with its members,
 * its shortest cycle through the first of them, and every arrow inside it
 * with one symbol behind each.  With
 * STATIC-LIBRARY, the list must hold exactly as many objects as the
 * library has members, each by name, so no object escapes the check.
 *
 * Exit 0: no cycle outside the allow-list below; 1: a cycle; 2: the
 * inputs could not be read.  Written by hand: binutils has no cycle
 * report, and a shell pipeline would need a graph algorithm in awk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Cycles that may stay for now, each a set of objects (named as below,
 * "folder/file.c").  A cycle passes when all its objects are in one set.
 * Only files in searcher/ and analysis/ may be listed: their owner is
 * rewriting them and removes the entry when the cycle is gone.  Every
 * cycle in indexer/, lib/ and xapian-c/ must be fixed, not listed.
 */
static const char *const allowed[][8] = {
    /* None now.  (searcher/index.c <-> searcher/shardmap.c, listed while
     * main was at 98f3536, went with 7f862c0.)  An entry looks like
     * { "searcher/a.c", "searcher/b.c", NULL }. */
    { NULL },
};

#define MAX_OBJS 512

typedef struct sym {
    char *name;
    int obj;
} sym;

typedef struct symvec {
    sym *v;
    size_t n, cap;
} symvec;

static char *objs[MAX_OBJS];     /* paths */
static char *names[MAX_OBJS];    /* "folder/file.c" */
static size_t nobj;
static symvec defs, undefs;
/* adj[a][b]: the index in undefs of a symbol a needs from b, plus one; 0: no arrow. */
static size_t *adj;

static void push(symvec *s, const char *name, int obj)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) {
            fprintf(stderr, "callcycles: out of memory\n");
            exit(2);
        }
    }
    s->v[s->n].name = strdup(name);
    s->v[s->n].obj = obj;
    if (!s->v[s->n].name) {
        fprintf(stderr, "callcycles: out of memory\n");
        exit(2);
    }
    s->n++;
}

static int cmp_sym(const void *a, const void *b)
{
    return strcmp(((const sym *)a)->name, ((const sym *)b)->name);
}

/* ".../CMakeFiles/nx_indexer.dir/indexer/writer.c.o" -> "indexer/writer.c". */
static char *display_name(const char *path)
{
    const char *p = strstr(path, ".dir/");
    p = p ? p + 5 : (strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
    char *n = strdup(p);
    size_t len = n ? strlen(n) : 0;
    if (len > 2 && !strcmp(n + len - 2, ".o"))
        n[len - 2] = '\0';
    return n;
}

static void read_symbols(int k)
{
    if (strchr(objs[k], '\'')) {
        fprintf(stderr, "callcycles: a quote in the path %s\n", objs[k]);
        exit(2);
    }
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "nm -P '%s'", objs[k]);
    FILE *f = popen(cmd, "r");
    if (!f) {
        fprintf(stderr, "callcycles: cannot run nm on %s\n", objs[k]);
        exit(2);
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char name[4096], type[8];
        if (sscanf(line, "%4095s %7s", name, type) != 2 || type[1])
            continue;
        char t = type[0];
        if (t == 'U')
            push(&undefs, name, k);
        else if (t >= 'A' && t <= 'Z')   /* global: T D B R C V W G S A ... */
            push(&defs, name, k);
    }
    if (pclose(f) != 0) {
        fprintf(stderr, "callcycles: nm failed on %s\n", objs[k]);
        exit(2);
    }
}

static void read_list(const char *list)
{
    FILE *f = fopen(list, "r");
    if (!f) {
        fprintf(stderr, "callcycles: cannot read %s\n", list);
        exit(2);
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        if (nobj == MAX_OBJS) {
            fprintf(stderr, "callcycles: more than %d objects\n", MAX_OBJS);
            exit(2);
        }
        objs[nobj] = strdup(line);
        names[nobj] = display_name(line);
        nobj++;
    }
    fclose(f);
    if (!nobj) {
        fprintf(stderr, "callcycles: %s lists no object\n", list);
        exit(2);
    }
}

/* The library's members, by name, must be the listed objects. */
static void check_coverage(const char *lib)
{
    char cmd[4200];
    if (strchr(lib, '\'')) {
        fprintf(stderr, "callcycles: a quote in the path %s\n", lib);
        exit(2);
    }
    snprintf(cmd, sizeof cmd, "ar t '%s'", lib);
    FILE *f = popen(cmd, "r");
    if (!f) {
        fprintf(stderr, "callcycles: cannot run ar on %s\n", lib);
        exit(2);
    }
    char line[4096];
    size_t members = 0;
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        members++;
        int found = 0;
        for (size_t k = 0; k < nobj && !found; k++) {
            const char *base = strrchr(objs[k], '/');
            found = !strcmp(base ? base + 1 : objs[k], line);
        }
        if (!found) {
            fprintf(stderr, "callcycles: %s holds %s, which the object list lacks\n", lib, line);
            bad = 1;
        }
    }
    if (pclose(f) != 0 || members == 0) {
        fprintf(stderr, "callcycles: ar failed on %s\n", lib);
        exit(2);
    }
    if (members != nobj) {
        fprintf(stderr, "callcycles: %s has %zu members, the list %zu objects\n", lib, members, nobj);
        bad = 1;
    }
    if (bad)
        exit(2);
}

/* ---------------------------------------------------------------- graph */

static int idx[MAX_OBJS], low[MAX_OBJS], onstack[MAX_OBJS], comp[MAX_OBJS];
static int stack[MAX_OBJS], sp, counter, ncomp;

static void strongconnect(int v)   /* Tarjan */
{
    idx[v] = low[v] = ++counter;
    stack[sp++] = v;
    onstack[v] = 1;
    for (size_t w = 0; w < nobj; w++) {
        if (!adj[v * nobj + w])
            continue;
        if (!idx[w]) {
            strongconnect((int)w);
            if (low[w] < low[v])
                low[v] = low[w];
        } else if (onstack[w] && idx[w] < low[v]) {
            low[v] = idx[w];
        }
    }
    if (low[v] == idx[v]) {
        int w;
        do {
            w = stack[--sp];
            onstack[w] = 0;
            comp[w] = ncomp;
        } while (w != v);
        ncomp++;
    }
}

static int in_set(const char *const *set, const char *name)
{
    for (; *set; set++)
        if (!strcmp(*set, name))
            return 1;
    return 0;
}

/* 1 when every object of component c is in one allow-listed set. */
static int allowed_comp(int c)
{
    for (size_t a = 0; a < sizeof allowed / sizeof *allowed; a++) {
        int all = 1;
        for (size_t k = 0; k < nobj && all; k++)
            if (comp[k] == c && !in_set(allowed[a], names[k]))
                all = 0;
        if (all)
            return 1;
    }
    return 0;
}

/* Prints a shortest cycle through `from` inside component c (BFS). */
static void print_cycle(int c, int from)
{
    int prev[MAX_OBJS], queue[MAX_OBJS], qh = 0, qt = 0, end = -1;
    for (size_t k = 0; k < nobj; k++)
        prev[k] = -2;
    queue[qt++] = from;
    prev[from] = -1;
    while (qh < qt && end < 0) {
        int v = queue[qh++];
        for (size_t w = 0; w < nobj; w++) {
            if (!adj[v * nobj + w] || comp[w] != c)
                continue;
            if ((int)w == from) {
                end = v;
                break;
            }
            if (prev[w] == -2) {
                prev[w] = v;
                queue[qt++] = (int)w;
            }
        }
    }
    int path[MAX_OBJS], n = 0;
    for (int v = end; v >= 0; v = prev[v])
        path[n++] = v;
    printf("  %s", names[from]);
    for (int i = n - 1; i >= 0; i--) {
        int a = path[i], b = i ? path[i - 1] : from;
        printf(" -> %s (%s)", names[b], undefs.v[adj[a * nobj + b] - 1].name);
    }
    printf("\n");
}

/* The allow-list may name only the folders whose owner keeps it. */
static void check_allowed(void)
{
    for (size_t a = 0; a < sizeof allowed / sizeof *allowed; a++)
        for (const char *const *n = allowed[a]; *n; n++)
            if (strncmp(*n, "searcher/", 9) && strncmp(*n, "analysis/", 9)) {
                fprintf(stderr, "callcycles: the allow-list may not name %s\n", *n);
                exit(2);
            }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: callcycles OBJECT-LIST [STATIC-LIBRARY]\n");
        return 2;
    }
    check_allowed();
    read_list(argv[1]);
    if (argc == 3)
        check_coverage(argv[2]);
    for (size_t k = 0; k < nobj; k++)
        read_symbols((int)k);
    qsort(defs.v, defs.n, sizeof *defs.v, cmp_sym);
    adj = calloc(nobj * nobj, sizeof *adj);
    if (!adj)
        return 2;
    size_t arrows = 0;
    for (size_t u = 0; u < undefs.n; u++) {
        sym key = { undefs.v[u].name, 0 };
        sym *d = bsearch(&key, defs.v, defs.n, sizeof *defs.v, cmp_sym);
        if (!d)
            continue;              /* outside the library (libc, Xapian...) */
        while (d > defs.v && !strcmp(d[-1].name, key.name))
            d--;
        for (; d < defs.v + defs.n && !strcmp(d->name, key.name); d++) {
            size_t a = (size_t)undefs.v[u].obj, b = (size_t)d->obj;
            if (a != b && !adj[a * nobj + b]) {
                adj[a * nobj + b] = u + 1;
                arrows++;
            }
        }
    }
    for (size_t v = 0; v < nobj; v++)
        if (!idx[v])
            strongconnect((int)v);
    int failed = 0, cycles = 0, passed = 0;
    for (int c = 0; c < ncomp; c++) {
        int size = 0, first = -1;
        for (size_t k = 0; k < nobj; k++)
            if (comp[k] == c) {
                size++;
                if (first < 0)
                    first = (int)k;
            }
        if (size < 2)
            continue;
        cycles++;
        int ok = allowed_comp(c);
        passed += ok;
        failed |= !ok;
        printf("%s: a call cycle joins %d objects:", ok ? "allowed" : "cycle", size);
        for (size_t k = 0; k < nobj; k++)
            if (comp[k] == c)
                printf(" %s", names[k]);
        printf("\n");
        print_cycle(c, first);
        /* Every arrow inside, for whoever breaks the cycle. */
        for (size_t a = 0; a < nobj; a++)
            for (size_t b = 0; b < nobj; b++)
                if (comp[a] == c && comp[b] == c && adj[a * nobj + b])
                    printf("    %s calls %s in %s\n", names[a], undefs.v[adj[a * nobj + b] - 1].name, names[b]);
    }
    printf("callcycles: %zu objects, %zu arrows between them, %d cycles (%d allowed)\n", nobj, arrows,
           cycles, passed);
    return failed ? 1 : 0;
}
