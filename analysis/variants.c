/*
 * variants.c — the British/American spelling table and its stem map (see
 * variants.h).  The table is short and looked up once per query word, so
 * the map is a plain array scanned with a length check first.
 */
#include "analysis/variants.h"

#include <stdlib.h>
#include <string.h>

/* British, American.  Only pairs that differ in spelling alone: "tyre"/
 * "tire", "kerb"/"curb", "storey"/"story" or "cheque"/"check" are other
 * words too in American usage, "tonne"/"ton" are different units. */
static const char *const k_pairs[][2] = {
    { "aluminium", "aluminum" },   { "labour", "labor" },
    { "programme", "program" },    { "centre", "center" },
    { "theatre", "theater" },      { "fibre", "fiber" },
    { "litre", "liter" },          { "metre", "meter" },
    { "kilometre", "kilometer" },  { "calibre", "caliber" },
    { "defence", "defense" },      { "offence", "offense" },
    { "licence", "license" },      { "pretence", "pretense" },
    { "colour", "color" },         { "favour", "favor" },
    { "favourite", "favorite" },   { "honour", "honor" },
    { "humour", "humor" },         { "neighbour", "neighbor" },
    { "neighbourhood", "neighborhood" }, { "harbour", "harbor" },
    { "rumour", "rumor" },         { "behaviour", "behavior" },
    { "vapour", "vapor" },         { "endeavour", "endeavor" },
    { "armour", "armor" },         { "flavour", "flavor" },
    { "odour", "odor" },           { "tumour", "tumor" },
    { "saviour", "savior" },       { "realise", "realize" },
    { "analyse", "analyze" },      { "paralyse", "paralyze" },
    { "catalogue", "catalog" },    { "analogue", "analog" },
    { "fuelled", "fueled" },       { "counsellor", "counselor" },
    { "jewellery", "jewelry" },    { "grey", "gray" },
    { "sceptical", "skeptical" },  { "manoeuvre", "maneuver" },
    { "paediatric", "pediatric" }, { "anaemia", "anemia" },
    { "haemorrhage", "hemorrhage" }, { "oestrogen", "estrogen" },
    { "encyclopaedia", "encyclopedia" }, { "judgement", "judgment" },
    { "mould", "mold" },           { "smoulder", "smolder" },
    { "plough", "plow" },          { "sulphur", "sulfur" },
    { "aeroplane", "airplane" },   { "pyjamas", "pajamas" },
    { "cosy", "cozy" },            { "moustache", "mustache" },
    { "gaol", "jail" },            { "artefact", "artifact" },
    { "mediaeval", "medieval" },   { "foetus", "fetus" },
    { "leukaemia", "leukemia" },   { "diarrhoea", "diarrhea" },
    { "orthopaedic", "orthopedic" },
};

typedef struct vpair { char *from, *to; size_t from_len; } vpair;

struct nx_variants {
    vpair *v;
    size_t n;
};

static int add(nx_variants *m, const char *from, size_t flen, const char *to, size_t tlen)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].from_len == flen && !memcmp(m->v[i].from, from, flen))
            return 0;   /* first pair wins */
    vpair p = { malloc(flen + 1), malloc(tlen + 1), flen };
    if (!p.from || !p.to) {
        free(p.from);
        free(p.to);
        return -1;
    }
    memcpy(p.from, from, flen);
    p.from[flen] = '\0';
    memcpy(p.to, to, tlen);
    p.to[tlen] = '\0';
    m->v[m->n++] = p;
    return 0;
}

nx_status nx_variants_new(nx_stemmer *st, nx_variants **out)
{
    *out = NULL;
    size_t npairs = sizeof k_pairs / sizeof k_pairs[0];
    nx_variants *m = calloc(1, sizeof *m);
    if (!m || !(m->v = calloc(2 * npairs, sizeof *m->v))) {
        free(m);
        return NX_ERR_NOMEM;
    }
    const char *lang = st ? nx_stemmer_language(st) : NULL;
    if (lang && !strcmp(lang, "english")) {
        for (size_t i = 0; i < npairs; i++) {
            /* nx_stem's result lives until the stemmer goes: copy it. */
            size_t la, lb;
            const char *a = nx_stem(st, k_pairs[i][0], strlen(k_pairs[i][0]), &la);
            char *ca = a ? strdup(a) : NULL;
            const char *b = ca ? nx_stem(st, k_pairs[i][1], strlen(k_pairs[i][1]), &lb) : NULL;
            int bad = !b;
            if (b && (la != lb || memcmp(ca, b, la)))
                bad = add(m, ca, la, b, lb) != 0 || add(m, b, lb, ca, la) != 0;
            free(ca);
            if (bad) {
                nx_variants_free(m);
                return NX_ERR_NOMEM;
            }
        }
    }
    *out = m;
    return NX_OK;
}

void nx_variants_free(nx_variants *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].from);
        free(m->v[i].to);
    }
    free(m->v);
    free(m);
}

const char *nx_variant_of(const nx_variants *m, const char *stem, size_t len)
{
    if (!m || !stem)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].from_len == len && m->v[i].from[0] == stem[0] && !memcmp(m->v[i].from, stem, len))
            return m->v[i].to;
    return NULL;
}
