/*
 * names.c — proper-name recognition over nx_tokenize() output (names.h).
 *
 * Owns the rule tables (particles, titles, sentence openers, days and
 * months, kind hints), loaded once into a lexicon (one hash lookup per
 * token gives every table it is in), and the passes that apply them:
 *   1. per-token context in scratch flags: invalid tokens, "shouted" units
 *      (mostly ALL CAPS), heading lines, effective sentence starts;
 *   2. a hash set of the words seen capitalised mid-sentence, the evidence
 *      that lets a sentence-initial or heading word count as a name;
 *   3. the run scan: capitalised runs (with particles, hyphen parts,
 *      initials) are trimmed of openers, titles, days and months, and
 *      emitted as nx_name records;
 *   4. keys and display strings are written into the list buffer.
 * The scratch of passes 1-3 lives in nl->buf and is overwritten by pass 4,
 * so a warm list never allocates.  Every pass is O(tokens + text bytes).
 */
#include "names.h"
#include "lib/utf8.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tables */

/* Lower-case words allowed inside a name when a capitalised word follows. */
static const char *const k_particles[] = {
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
    "bin", "bint", "ibn", "al", "el", "dos", "das", "ter", "ten", "y", "des", "dei", "zu",
};
/* Particles that may also open a name ("said van Gogh", "al-Qaeda"); the rest
 * ("ten", "y", "der"...) are ordinary words too often to start one. */
static const char *const k_particle_starters[] = {
    "von", "van", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn", "al", "el",
};

/* Capitalised sentence openers that are ordinary words, not names. */
static const char *const k_openers[] = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "nor", "if", "when", "while",
    "whilst", "meanwhile", "however", "speaking", "unlike", "after", "before", "this",
    "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his", "her",
    "their", "our", "its", "my", "your", "there", "here", "as", "for", "with", "without",
    "by", "from", "despite", "although", "though", "last", "next", "earlier", "later",
    "today", "yesterday", "tomorrow", "tonight", "under", "over", "according", "asked",
    "what", "who", "whom", "whose", "why", "how", "where", "which", "whether", "so", "yet",
    "also", "still", "then", "now", "since", "until", "till", "because", "once", "some",
    "many", "most", "several", "few", "all", "both", "each", "every", "no", "not", "none",
    "other", "others", "another", "such", "more", "less", "only", "even", "just", "first",
    "second", "third", "finally", "instead", "indeed", "moreover", "furthermore",
    "nevertheless", "nonetheless", "overall", "separately", "elsewhere", "similarly",
    "likewise", "thus", "therefore", "otherwise", "rather", "perhaps", "maybe", "during",
    "through", "following", "amid", "among", "against", "between", "around", "about",
    "into", "near", "within", "across", "towards", "toward", "upon", "along", "beyond",
    "nearly", "almost", "is", "are", "was", "were", "will", "would", "could", "should",
    "can", "do", "does", "did", "has", "have", "had", "let", "please", "yes", "well", "oh",
    "thank", "thanks", "unless", "whereas", "via", "per", "plus", "given", "including",
    "regarding", "never", "always", "often", "sometimes", "already", "again", "too",
    "very", "much", "one", "two", "three", "any", "hence", "below", "above", "behind",
    "inside", "outside", "whatever", "whoever", "sure", "shortly", "like",
    "i'm", "i've", "i'll", "i'd", "it's", "that's", "there's", "here's", "what's", "we're",
    "we've", "we'll", "they're", "they've", "you're", "he's", "she's", "don't", "can't",
    "won't", "let's",
};

/* Title words: a head title makes what follows a person; modifiers only
 * widen a title ("Prime Minister", "Foreign Secretary"). */
enum { T_NONE = 0, T_MOD, T_AMBIG, T_STARTONLY, T_STRONG };
typedef struct title_word { const char *w; unsigned char cls; } title_word;
static const title_word k_titles[] = {
    /* strong heads: always a title before a name */
    { "president", T_STRONG }, { "minister", T_STRONG }, { "chancellor", T_STRONG },
    { "secretary", T_STRONG }, { "senator", T_STRONG }, { "governor", T_STRONG },
    { "pope", T_STRONG }, { "mr", T_STRONG }, { "mrs", T_STRONG }, { "ms", T_STRONG },
    { "mx", T_STRONG }, { "dr", T_STRONG }, { "sir", T_STRONG }, { "dame", T_STRONG },
    { "lord", T_STRONG }, { "baroness", T_STRONG }, { "baron", T_STRONG },
    { "premier", T_STRONG }, { "sheikh", T_STRONG }, { "emir", T_STRONG },
    { "ayatollah", T_STRONG }, { "archbishop", T_STRONG }, { "cardinal", T_STRONG },
    { "bishop", T_STRONG }, { "rev", T_STRONG }, { "reverend", T_STRONG },
    { "prof", T_STRONG }, { "professor", T_STRONG }, { "mayor", T_STRONG },
    { "ambassador", T_STRONG }, { "commissioner", T_STRONG }, { "chairman", T_STRONG },
    { "chairwoman", T_STRONG }, { "chairperson", T_STRONG }, { "spokesman", T_STRONG },
    { "spokeswoman", T_STRONG }, { "spokesperson", T_STRONG }, { "sen", T_STRONG },
    { "rep", T_STRONG }, { "gov", T_STRONG }, { "lt", T_STRONG }, { "col", T_STRONG },
    { "capt", T_STRONG }, { "sgt", T_STRONG }, { "adm", T_STRONG }, { "admiral", T_STRONG },
    { "colonel", T_STRONG }, { "lieutenant", T_STRONG }, { "sergeant", T_STRONG },
    { "congressman", T_STRONG }, { "congresswoman", T_STRONG }, { "councillor", T_STRONG },
    { "prince", T_STRONG }, { "princess", T_STRONG }, { "ceo", T_STRONG },
    { "representative", T_STRONG },
    /* a title at the start of a run, a surname inside one ("Stephen King") */
    { "king", T_STARTONLY }, { "queen", T_STARTONLY },
    /* titles that are also ordinary name words ("General Motors", "Lady Gaga") */
    { "general", T_AMBIG }, { "gen", T_AMBIG }, { "justice", T_AMBIG }, { "judge", T_AMBIG },
    { "lady", T_AMBIG }, { "major", T_AMBIG }, { "maj", T_AMBIG }, { "chief", T_AMBIG },
    { "director", T_AMBIG }, { "captain", T_AMBIG }, { "marshal", T_AMBIG },
    { "speaker", T_AMBIG }, { "leader", T_AMBIG }, { "coach", T_AMBIG },
    { "manager", T_AMBIG }, { "commander", T_AMBIG },
    /* modifiers */
    { "prime", T_MOD }, { "vice", T_MOD }, { "deputy", T_MOD }, { "foreign", T_MOD },
    { "home", T_MOD }, { "finance", T_MOD }, { "defence", T_MOD }, { "defense", T_MOD },
    { "interior", T_MOD }, { "health", T_MOD }, { "trade", T_MOD }, { "energy", T_MOD },
    { "education", T_MOD }, { "environment", T_MOD }, { "transport", T_MOD },
    { "acting", T_MOD }, { "crown", T_MOD }, { "first", T_MOD }, { "shadow", T_MOD },
    { "junior", T_MOD }, { "senior", T_MOD }, { "state", T_MOD }, { "executive", T_MOD },
    { "attorney", T_MOD }, { "surgeon", T_MOD }, { "grand", T_MOD }, { "high", T_MOD },
    { "assistant", T_MOD }, { "associate", T_MOD }, { "managing", T_MOD },
    { "permanent", T_MOD }, { "supreme", T_MOD }, { "economy", T_MOD },
};

/* Abbreviated titles written with a dot ("Mr. Smith"): the dot does not
 * end the name. */
static const char *const k_dotted_titles[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "sgt", "maj", "adm", "rev", "st", "mt", "ft", "fr", "hon", "messrs",
};

static const char *const k_days[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};
static const char *const k_months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
};
/* Words before a month that show it is a date ("in May", "since March"). */
static const char *const k_date_preps[] = {
    "in", "on", "since", "until", "till", "by", "from", "of", "during", "before", "after",
    "last", "next", "early", "late", "mid", "this", "through", "throughout", "between",
    "end", "start",
};

/* Capitalised adjectives that are not names on their own ("Russian forces"). */
static const char *const k_demonyms[] = {
    "american", "british", "french", "german", "russian", "chinese", "ukrainian",
    "israeli", "palestinian", "iranian", "iraqi", "syrian", "indian", "pakistani",
    "japanese", "korean", "italian", "spanish", "european", "african", "asian", "arab",
    "turkish", "polish", "dutch", "belgian", "swiss", "swedish", "norwegian", "danish",
    "finnish", "greek", "irish", "scottish", "welsh", "english", "canadian", "australian",
    "mexican", "brazilian", "egyptian", "saudi", "western", "eastern", "northern",
    "southern", "muslim", "christian", "jewish", "catholic", "lebanese", "afghan",
};
/* Short all-caps words that are not names ("NOTE:" opens the footnote of
 * a wire story's figures, in about 1,100 Reuters stories). */
static const char *const k_acronym_stops[] = {
    "ok", "tv", "am", "pm", "ad", "bc", "ps", "mp", "mps", "pc", "pcs", "dvd", "dvds", "cd",
    "cds", "id", "ceo", "gdp", "vat", "note", "notes",
};

/* Hint tables for nx_name_kind. */
static const char *const k_org_last[] = {
    "bank", "commission", "council", "ministry", "party", "union", "inc", "corp", "ltd",
    "plc", "llc", "group", "agency", "organisation", "organization", "association",
    "committee", "court", "parliament", "fund", "company", "airlines", "airways",
    "university", "college", "institute", "bureau", "department", "office", "authority",
    "federation", "reserve", "exchange", "foundation", "society", "corporation",
    "holdings", "times", "post", "journal", "assembly", "congress", "senate", "police",
    "army", "navy", "club", "league", "network", "motors", "co",
};
static const char *const k_org_acronyms[] = {
    "nato", "imf", "bbc", "cnn", "opec", "un", "eu", "wto", "fbi", "cia", "ecb", "nasa",
    "fifa", "uefa", "nhs", "who", "oecd", "itv", "cbs", "nbc", "abc", "ap", "afp", "kgb",
    "fsb", "mi5", "mi6", "sec", "fed", "ftse", "hsbc", "ubs", "ibm",
};
static const char *const k_place_first[] = {
    "new", "north", "south", "east", "west", "saint", "st", "san", "santa", "los", "las",
    "port", "mount", "lake", "cape", "fort", "upper", "lower", "sri", "hong", "buenos",
    "northern", "southern",
};
static const char *const k_place_last[] = {
    "republic", "kingdom", "island", "islands", "states", "city", "county", "province",
    "sea", "ocean", "river", "strait", "gulf", "bay", "valley", "peninsula", "emirates",
    "strip", "heights", "mountains", "coast",
};
static const char *const k_places[] = {
    "london", "paris", "brussels", "berlin", "moscow", "kyiv", "kiev", "washington",
    "beijing", "tokyo", "rome", "madrid", "lisbon", "dublin", "edinburgh", "cardiff",
    "belfast", "ottawa", "canberra", "delhi", "mumbai", "gaza", "israel", "ukraine",
    "russia", "china", "india", "japan", "germany", "france", "britain", "england",
    "scotland", "wales", "ireland", "italy", "spain", "portugal", "poland", "turkey",
    "iran", "iraq", "syria", "egypt", "brazil", "canada", "australia", "mexico",
    "europe", "africa", "asia", "america", "us", "usa", "uk", "uae", "geneva", "vienna",
    "warsaw", "ankara", "istanbul", "tehran", "jerusalem", "cairo", "sydney", "frankfurt",
    "zurich", "athens", "amsterdam", "stockholm", "oslo", "copenhagen", "helsinki",
    "seoul", "taiwan", "singapore", "pakistan", "afghanistan", "lebanon", "jordan",
    "denmark", "sweden", "norway", "finland", "greece", "hungary", "austria",
    "switzerland", "belgium", "netherlands", "nigeria", "kenya", "argentina", "chile",
    "colombia", "venezuela", "cuba", "texas", "california", "florida", "chicago",
    "boston", "manchester", "birmingham", "glasgow", "liverpool", "leeds", "bristol",
    "saudi arabia",
};

/* Besides organisation, place and title words: words that head an
 * "X of Y" name ("Freedom of Information Act", "Duke of Edinburgh").
 * A person's name never does ("Collins of Reuters" is two names). */
static const char *const k_of_heads[] = {
    "freedom", "act", "church", "museum", "duke", "duchess", "earl", "house", "houses",
    "chamber", "chambers", "institute", "school", "board", "bill", "declaration", "treaty",
    "battle", "isle", "statue", "tower", "war", "order", "people's", "rock", "mount",
    "archbishop", "princess", "prince",
};

/* Small words a heading line may have in lower case. */
static const char *const k_heading_small[] = {
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "vs", "v",
};

#define NTAB(t) (sizeof(t) / sizeof *(t))

/* ------------------------------------------------------------ lexicon */

/* Every table word with the tables it is in and its title class, in one
 * hash table built at first use.  Each token is looked up once (mark_bad)
 * and the rules then test bits: scanning the tables for every question
 * about every token was half of the name finder's time. */
enum {
    W_PARTICLE = 1u << 0,
    W_PARTICLE_STARTER = 1u << 1,
    W_OPENER = 1u << 2,
    W_DOTTED_TITLE = 1u << 3,
    W_DAY = 1u << 4,
    W_MONTH = 1u << 5,
    W_DATE_PREP = 1u << 6,
    W_DEMONYM = 1u << 7,
    W_ACRONYM_STOP = 1u << 8,
    W_ORG_LAST = 1u << 9,
    W_ORG_ACRONYM = 1u << 10,
    W_PLACE_FIRST = 1u << 11,
    W_PLACE_LAST = 1u << 12,
    W_OF_HEAD = 1u << 13,
    W_HEADING_SMALL = 1u << 14,
    W_OF = 1u << 15,
    W_TITLE_SHIFT = 16,         /* bits 16-18: the title class (T_*) */
};

typedef struct lex_word { const char *w; size_t len; uint32_t bits; } lex_word;

#define LEX_SLOTS 2048          /* a power of two, over twice the words */
static lex_word g_lex[LEX_SLOTS];
static size_t g_lex_maxlen;
static pthread_once_t g_lex_once = PTHREAD_ONCE_INIT;

/* FNV-1a, for the lexicon here and the mid-sentence set (pass 2). */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < len; k++) {
        h ^= (unsigned char)s[k];
        h *= 16777619u;
    }
    return h;
}

static lex_word *lex_slot(const char *s, size_t len)
{
    for (uint32_t i = hash_bytes(s, len) & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1))
        if (!g_lex[i].w || (g_lex[i].len == len && memcmp(g_lex[i].w, s, len) == 0))
            return &g_lex[i];
}

static lex_word *lex_add(const char *w, uint32_t bits)
{
    size_t len = strlen(w);
    lex_word *e = lex_slot(w, len);
    e->w = w;
    e->len = len;
    e->bits |= bits;
    if (len > g_lex_maxlen)
        g_lex_maxlen = len;
    return e;
}

static void lex_add_all(const char *const *tab, size_t n, uint32_t bits)
{
    for (size_t i = 0; i < n; i++)
        lex_add(tab[i], bits);
}

static void lex_build(void)
{
    lex_add_all(k_particles, NTAB(k_particles), W_PARTICLE);
    lex_add_all(k_particle_starters, NTAB(k_particle_starters), W_PARTICLE_STARTER);
    lex_add_all(k_openers, NTAB(k_openers), W_OPENER);
    lex_add_all(k_dotted_titles, NTAB(k_dotted_titles), W_DOTTED_TITLE);
    lex_add_all(k_days, NTAB(k_days), W_DAY);
    lex_add_all(k_months, NTAB(k_months), W_MONTH);
    lex_add_all(k_date_preps, NTAB(k_date_preps), W_DATE_PREP);
    lex_add_all(k_demonyms, NTAB(k_demonyms), W_DEMONYM);
    lex_add_all(k_acronym_stops, NTAB(k_acronym_stops), W_ACRONYM_STOP);
    lex_add_all(k_org_last, NTAB(k_org_last), W_ORG_LAST);
    lex_add_all(k_org_acronyms, NTAB(k_org_acronyms), W_ORG_ACRONYM);
    lex_add_all(k_place_first, NTAB(k_place_first), W_PLACE_FIRST);
    lex_add_all(k_place_last, NTAB(k_place_last), W_PLACE_LAST);
    lex_add_all(k_of_heads, NTAB(k_of_heads), W_OF_HEAD);
    lex_add_all(k_heading_small, NTAB(k_heading_small), W_HEADING_SMALL);
    lex_add("of", W_OF);
    /* Backwards, so that a word listed twice keeps its first class, as
     * the scan did. */
    for (size_t k = NTAB(k_titles); k-- > 0;) {
        lex_word *e = lex_add(k_titles[k].w, 0);
        e->bits = (e->bits & ~(7u << W_TITLE_SHIFT)) | (uint32_t)k_titles[k].cls << W_TITLE_SHIFT;
    }
}

static uint32_t lex_bits(const char *s, size_t len)
{
    if (len == 0 || len > g_lex_maxlen)
        return 0;
    const lex_word *e = lex_slot(s, len);
    return e->w ? e->bits : 0;
}

/* ------------------------------------------------------------ context */

/* Per-token scratch flags (one byte per token in the list buffer). */
enum {
    F_BAD = 1,      /* span or normalised text out of bounds: never used */
    F_SHOUT = 2,    /* in a line/sentence that is mostly ALL CAPS */
    F_HEAD = 4,     /* on a heading line */
    F_SSTART = 8,   /* effective sentence start */
};

typedef struct ctx {
    const char *text;
    size_t len;
    const nx_toklist *tl;
    unsigned char *tf;      /* scratch flags, tl->n bytes */
    uint32_t *wm;           /* lexicon bits (W_*) of each token, 0 for a bad one */
    size_t *set;            /* open-addressing set of token index + 1; 0 = empty */
    size_t setmask;
    nx_namelist *nl;
} ctx;

static const char *tnorm(const ctx *c, size_t i, size_t *len)
{
    *len = c->tl->tok[i].norm_len;
    return c->tl->buf + c->tl->tok[i].norm_off;
}

static unsigned tflags(const ctx *c, size_t i) { return c->tl->tok[i].flags; }

#define TOK_IS(c, i, bit) (((c)->wm[i] & (bit)) != 0)

static int title_class(const ctx *c, size_t i)
{
    return (int)((c->wm[i] >> W_TITLE_SHIFT) & 7u);
}

static size_t tok_cps(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    return nx_utf8_count(s, len);
}

/* Capitalised letter word (not a number). */
static int is_cap(const ctx *c, size_t i)
{
    unsigned f = tflags(c, i);
    return !(c->tf[i] & F_BAD) && !(f & NX_TOK_NUMBER) &&
           (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS));
}

/* A short all-caps word inside mixed-case text: "NATO", "IMF", "U.S.". */
static int is_acronym(const ctx *c, size_t i)
{
    if (!is_cap(c, i) || !(tflags(c, i) & NX_TOK_ALLCAPS))
        return 0;
    size_t n = tok_cps(c, i);
    return n >= 2 && n <= 5;
}

static int is_initial(const ctx *c, size_t i)
{
    return is_cap(c, i) && tok_cps(c, i) == 1;
}

/* A capitalised word that may be part of a name, ignoring the heading rule.
 * Long all-caps words ("LONDON" in a dateline) are not. */
static int cap_word_raw(const ctx *c, size_t i)
{
    if (!is_cap(c, i) || (c->tf[i] & F_SHOUT))
        return 0;
    return !(tflags(c, i) & NX_TOK_ALLCAPS) || is_acronym(c, i);
}

static int in_set(const ctx *c, size_t i);

static int cap_word(const ctx *c, size_t i)
{
    if (!cap_word_raw(c, i))
        return 0;
    return !(c->tf[i] & F_HEAD) || in_set(c, i);
}

static int is_particle(const ctx *c, size_t i)
{
    unsigned f = tflags(c, i);
    if ((c->tf[i] & (F_BAD | F_SHOUT)) || (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS | NX_TOK_NUMBER)))
        return 0;
    return TOK_IS(c, i, W_PARTICLE);
}

/* Lower-case "of" between capitalised words: "Bank of England". */
static int is_of(const ctx *c, size_t i)
{
    unsigned f = tflags(c, i);
    if ((c->tf[i] & (F_BAD | F_SHOUT)) || (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS)))
        return 0;
    return TOK_IS(c, i, W_OF);
}

static int is_space_byte(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
}

/* Bytes [a, b) hold only white space (at most one line break, so a blank
 * line separates) and, when allow_dot, at most one '.'. */
static int gap_ok(const ctx *c, size_t a, size_t b, int allow_dot)
{
    int dots = 0, nl = 0;
    const unsigned char *t = (const unsigned char *)c->text;
    for (size_t k = a; k < b; k++) {
        if (t[k] == '.' && allow_dot && !dots) {
            dots = 1;
        } else if (t[k] == 0xC2 && k + 1 < b && t[k + 1] == 0xA0) {
            k++;        /* no-break space */
        } else if (!is_space_byte(t[k])) {
            return 0;
        } else if (t[k] == '\n' && ++nl > 1) {
            return 0;
        }
    }
    return 1;
}

/* "J. Trump", "Mr. Smith", "U.S. President": the dot after p does not
 * separate p from q. */
static int dot_excused(const ctx *c, size_t p, size_t q)
{
    if (!is_cap(c, p))
        return 0;
    if (!(tflags(c, p) & NX_TOK_ABBREV) && !is_initial(c, p) && !TOK_IS(c, p, W_DOTTED_TITLE))
        return 0;
    if (TOK_IS(c, q, W_OPENER))
        return 0;
    return gap_ok(c, c->tl->tok[p].end, c->tl->tok[q].start, 1);
}

/* May tokens p and q = p + 1 belong to the same name? */
static int joinable(const ctx *c, size_t p, size_t q)
{
    if ((c->tf[p] | c->tf[q]) & F_BAD)
        return 0;
    if ((c->tf[p] ^ c->tf[q]) & F_HEAD)
        return 0;
    if (tflags(c, p) & NX_TOK_POSSESSIVE)
        return 0;
    unsigned fq = tflags(c, q);
    if (fq & NX_TOK_HYPHENATED)
        return 1;
    if (c->tf[q] & F_SSTART)
        return 0;
    if (!(fq & NX_TOK_PUNCT_BEFORE) && gap_ok(c, c->tl->tok[p].end, c->tl->tok[q].start, 0))
        return 1;
    return dot_excused(c, p, q);
}

/* ------------------------------------------------------------ pass 1: context */

/* Tokens must lie inside the text, in order and without overlap, with
 * their normalised text inside the buffer; others are ignored. */
static void mark_bad(ctx *c)
{
    const nx_toklist *tl = c->tl;
    size_t floor = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const nx_token *t = &tl->tok[i];
        int bad = t->start >= t->end || t->end > c->len || t->start < floor || !tl->buf ||
                  t->norm_off > tl->buflen || t->norm_len >= tl->buflen - t->norm_off;
        c->tf[i] = bad ? F_BAD : 0;
        c->wm[i] = bad ? 0 : lex_bits(tl->buf + t->norm_off, t->norm_len);
        if (!bad)
            floor = t->end;
    }
}

/* A unit (tokens between sentence or line breaks) is shouted when at least
 * two words and most of its words are ALL CAPS: a wire headline. */
static void mark_shouting(ctx *c)
{
    size_t n = c->tl->n, i = 0;
    while (i < n) {
        size_t j = i + 1, words = 0, caps = 0;
        while (j < n && !(tflags(c, j) & (NX_TOK_LINE_START | NX_TOK_SENT_START)))
            j++;
        for (size_t k = i; k < j; k++) {
            if ((c->tf[k] & F_BAD) || (tflags(c, k) & NX_TOK_NUMBER))
                continue;
            words++;
            caps += (tflags(c, k) & NX_TOK_ALLCAPS) != 0;
        }
        if (caps >= 2 && caps * 2 > words)
            for (size_t k = i; k < j; k++)
                c->tf[k] |= F_SHOUT;
        i = j;
    }
}

/* Does the line of tokens [ls, le) look like a heading: short, every word
 * capitalised (or a small function word), no punctuation, alone on its
 * line and ended by a line break? */
static int is_heading(const ctx *c, size_t ls, size_t le)
{
    const nx_token *tok = c->tl->tok;
    if (le - ls > 10)
        return 0;
    if (ls > 0 && !(tflags(c, ls) & (NX_TOK_SENT_START | NX_TOK_PARA_START)))
        return 0;
    size_t caps = 0;
    for (size_t k = ls; k < le; k++) {
        if (c->tf[k] & F_BAD)
            return 0;
        unsigned f = tflags(c, k);
        if (k > ls && (f & NX_TOK_PUNCT_BEFORE))
            return 0;
        if (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS))
            caps++;
        else if (!(f & NX_TOK_NUMBER) && !TOK_IS(c, k, W_HEADING_SMALL) && !is_particle(c, k))
            return 0;
    }
    if (!caps)
        return 0;
    /* nothing but blanks before it on its line */
    for (size_t b = tok[ls].start; b > 0; b--) {
        unsigned char ch = (unsigned char)c->text[b - 1];
        if (ch == '\n')
            break;
        if (ch != ' ' && ch != '\t' && ch != '\r')
            return 0;
    }
    /* and a line break right after it */
    for (size_t b = tok[le - 1].end; b < c->len; b++) {
        unsigned char ch = (unsigned char)c->text[b];
        if (ch == '\n')
            return 1;
        if (ch != ' ' && ch != '\t' && ch != '\r')
            return 0;
    }
    return 0;
}

/* Wire datelines: "LONDON, March 3 (Reuters) - Oil prices rose": the word
 * after the spaced dash that follows an ALL CAPS line opener starts the
 * sentence.  ls is the first token of i's line. */
static int after_dateline(const ctx *c, size_t ls, size_t i)
{
    if (i == ls || i - ls > 6 || !(tflags(c, i) & NX_TOK_PUNCT_BEFORE))
        return 0;
    if (((c->tf[ls] | c->tf[i - 1]) & F_BAD) || !(tflags(c, ls) & NX_TOK_ALLCAPS) ||
        tok_cps(c, ls) < 3)
        return 0;
    const char *x = c->text;
    size_t a = c->tl->tok[i - 1].end, b = c->tl->tok[i].start;
    for (size_t k = a; k + 3 <= b; k++) {
        if (x[k] == ' ' && x[k + 1] == '-' && x[k + 2] == ' ')
            return 1;
        if (memcmp(x + k, "\xE2\x80", 2) == 0 &&
            ((unsigned char)x[k + 2] == 0x93 || (unsigned char)x[k + 2] == 0x94))
            return 1;   /* en or em dash */
    }
    return 0;
}

/* A word right after an opening quote starts a (quoted) sentence:
 * 'she said: "We will'.  A closing quote is followed by a space instead. */
static int opens_quote(const ctx *c, size_t i)
{
    size_t s = c->tl->tok[i].start;
    const char *x = c->text;
    if (s >= 1 && x[s - 1] == '"')
        return 1;
    return s >= 3 && (memcmp(x + s - 3, "\xE2\x80\x9C", 3) == 0 ||
                      memcmp(x + s - 3, "\xE2\x80\x98", 3) == 0);
}

/* A line opening with blanks (two or more, or a tab) starts a paragraph,
 * as in wire copy, or a table row ("    Shr 52 cts vs 49 cts"): either way
 * its first word says nothing about being a name by its capital. */
static int indented_line(const ctx *c, size_t i)
{
    size_t s = c->tl->tok[i].start, blanks = 0;
    while (s > 0) {
        unsigned char ch = (unsigned char)c->text[s - 1];
        if (ch == '\n')
            return blanks >= 2;
        if (ch == '\t')
            blanks += 2;
        else if (ch == ' ')
            blanks++;
        else if (ch != '\r')
            return 0;
        s--;
    }
    return 0;   /* the text's first line: a sentence start already */
}

static void mark_sentences_and_headings(ctx *c)
{
    size_t n = c->tl->n, ls = 0;
    for (size_t i = 0; i < n; i++) {
        if (tflags(c, i) & NX_TOK_LINE_START)
            ls = i;
        if (c->tf[i] & F_BAD)
            continue;
        if (i == 0 || ((tflags(c, i) & NX_TOK_SENT_START) && !dot_excused(c, i - 1, i)) ||
            after_dateline(c, ls, i) || opens_quote(c, i) ||
            (i == ls && (tflags(c, i) & NX_TOK_LINE_START) && indented_line(c, i)))
            c->tf[i] |= F_SSTART;
    }
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && !(tflags(c, j) & NX_TOK_LINE_START))
            j++;
        if (is_heading(c, i, j)) {
            for (size_t k = i; k < j; k++)
                c->tf[k] |= F_HEAD;
            if (j < n)
                c->tf[j] |= F_SSTART;   /* a heading ends without a full stop */
        }
        i = j;
    }
}

/* ------------------------------------------------------------ pass 2: mid-sentence set */

static int same_norm(const ctx *c, size_t i, size_t j)
{
    size_t li, lj;
    const char *si = tnorm(c, i, &li), *sj = tnorm(c, j, &lj);
    return li == lj && memcmp(si, sj, li) == 0;
}

/* Slot for token i's text: the slot holding an equal word, or an empty one. */
static size_t set_slot(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    size_t h = hash_bytes(s, len) & c->setmask;
    for (size_t probes = 0; probes <= c->setmask; probes++) {
        size_t v = c->set[h];
        if (v == 0 || same_norm(c, v - 1, i))
            return h;
        h = (h + 1) & c->setmask;
    }
    return (size_t)-1;  /* full: cannot happen, the table is at most half full */
}

static int in_set(const ctx *c, size_t i)
{
    size_t h = set_slot(c, i);
    return h != (size_t)-1 && c->set[h] != 0;
}

static int mid_sentence_cap(const ctx *c, size_t i)
{
    return cap_word_raw(c, i) && !(c->tf[i] & (F_HEAD | F_SSTART));
}

static void fill_set(ctx *c)
{
    for (size_t k = 0; k <= c->setmask; k++)
        c->set[k] = 0;
    for (size_t i = 0; i < c->tl->n; i++) {
        if (!mid_sentence_cap(c, i))
            continue;
        size_t h = set_slot(c, i);
        if (h != (size_t)-1 && c->set[h] == 0)
            c->set[h] = i + 1;
    }
}

/* ------------------------------------------------------------ pass 3: runs */

/* End (exclusive, <= b) of the word starting at token w: w plus the parts
 * hyphenated to it. */
static size_t word_end(const ctx *c, size_t w, size_t b)
{
    size_t e = w + 1;
    while (e < b && (tflags(c, e) & NX_TOK_HYPHENATED))
        e++;
    return e;
}

/* Start of the last word of [s, e). */
static size_t last_word(const ctx *c, size_t s, size_t e)
{
    size_t w = e - 1;
    while (w > s && (tflags(c, w) & NX_TOK_HYPHENATED))
        w--;
    return w;
}

/* Title class of the word [w, we): a hyphenated word is a title when all
 * its parts are ("Vice-President"). */
static int word_title(const ctx *c, size_t w, size_t we)
{
    int best = T_NONE;
    for (size_t k = w; k < we; k++) {
        int cls = title_class(c, k);
        if (cls == T_NONE)
            return T_NONE;
        if (cls > best)
            best = cls;
    }
    return best;
}

/* Byte end of token t as shown in a name: possessive 's cut, the dot of an
 * initial or abbreviation kept when the tokenizer left it out. */
static size_t disp_end(const ctx *c, size_t t, int last)
{
    const nx_token *tk = &c->tl->tok[t];
    const char *x = c->text;
    size_t e = tk->end;
    if (tflags(c, t) & NX_TOK_POSSESSIVE) {
        if (e >= tk->start + 3 && (x[e - 1] == 's' || x[e - 1] == 'S') && x[e - 2] == '\'')
            return e - 2;
        if (e >= tk->start + 5 && (x[e - 1] == 's' || x[e - 1] == 'S') &&
            memcmp(x + e - 4, "\xE2\x80\x99", 3) == 0)
            return e - 4;
        return e;
    }
    int abbrev = (tflags(c, t) & NX_TOK_ABBREV) != 0;
    if ((abbrev || is_initial(c, t)) && e < c->len && x[e] == '.' &&
        (!last || (abbrev && tok_cps(c, t) >= 2)))
        return e + 1;
    return e;
}

static int single_token_is(const ctx *c, size_t s, size_t e, uint32_t bit)
{
    return e == s + 1 && TOK_IS(c, s, bit);
}

/* A leading month is a date when a date word or a number comes before it. */
static int month_is_date_before(const ctx *c, size_t s)
{
    if (s == 0 || (c->tf[s - 1] & F_BAD))
        return 0;
    return (tflags(c, s - 1) & NX_TOK_NUMBER) || TOK_IS(c, s - 1, W_DATE_PREP);
}

static int month_is_date_after(const ctx *c, size_t e)
{
    return e < c->tl->n && !(c->tf[e] & F_BAD) && (tflags(c, e) & NX_TOK_NUMBER);
}

/* Drops days, dated months, "MPs"-style words, stray particles and "of"
 * from both ends of [*s, *e). */
static void trim_segment(const ctx *c, size_t *s, size_t *e)
{
    while (*s < *e) {
        size_t fw = word_end(c, *s, *e), lw = last_word(c, *s, *e);
        if (single_token_is(c, *s, fw, W_DAY) ||
            (single_token_is(c, *s, fw, W_MONTH) && month_is_date_before(c, *s)))
            *s = fw;
        else if (is_of(c, *s) || single_token_is(c, *s, fw, W_ACRONYM_STOP))
            *s = fw;
        else if (is_of(c, lw) || single_token_is(c, lw, *e, W_DAY) ||
                 single_token_is(c, lw, *e, W_ACRONYM_STOP) ||
                 (single_token_is(c, lw, *e, W_MONTH) && month_is_date_after(c, *e)) ||
                 (*e == lw + 1 && is_particle(c, lw)))
            *e = lw;
        else
            break;
    }
}

/* A lone word that is no name: an initial, "I", a day or month, a
 * demonym, "OK", a particle, a function word ("We" after a colon), a
 * title word on its own ("the President", "Trade and Industry"). */
static int lone_word_rejected(const ctx *c, size_t s, size_t e)
{
    if (e != s + 1)
        return 0;
    return is_initial(c, s) || is_particle(c, s) || is_of(c, s) || TOK_IS(c, s, W_DAY) ||
           TOK_IS(c, s, W_MONTH) || TOK_IS(c, s, W_DEMONYM) || TOK_IS(c, s, W_ACRONYM_STOP) ||
           TOK_IS(c, s, W_OPENER) || title_class(c, s) != T_NONE;
}

/* Do the tokens [s, e) spell the space-separated words of phrase? */
static int match_phrase(const ctx *c, size_t s, size_t e, const char *phrase)
{
    const char *p = phrase;
    for (size_t t = s; t < e; t++) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        size_t len;
        const char *w = tnorm(c, t, &len);
        if (wl != len || memcmp(w, p, len) != 0)
            return 0;
        if (t + 1 < e && !sp)
            return 0;
        if (t + 1 == e && sp)
            return 0;
        p = sp ? sp + 1 : p + wl;
    }
    return 1;
}

static nx_name_kind name_kind(const ctx *c, size_t s, size_t e, int person)
{
    size_t last = e - 1;
    /* two words after a compass word are a place even when the second
     * sounds like an organisation ("West Bank") */
    if (e == s + 2 && !person && TOK_IS(c, s, W_PLACE_FIRST))
        return NX_NAME_PLACE;
    if (TOK_IS(c, last, W_ORG_LAST) && e > s + 1)
        return NX_NAME_ORG;
    for (size_t t = s + 1; t + 1 < e; t++)
        if (is_of(c, t)) {
            if (TOK_IS(c, t - 1, W_ORG_LAST))
                return NX_NAME_ORG;     /* "Bank of England" */
            break;
        }
    if (e == s + 1 && TOK_IS(c, s, W_ORG_ACRONYM))
        return NX_NAME_ORG;
    if (person)
        return NX_NAME_PERSON;
    for (size_t t = s; t + 1 < e; t++)
        if (is_initial(c, t) && !(tflags(c, t) & NX_TOK_HYPHENATED))
            return NX_NAME_PERSON;
    if (e > s + 1 && (TOK_IS(c, s, W_PLACE_FIRST) || TOK_IS(c, last, W_PLACE_LAST)))
        return NX_NAME_PLACE;
    for (size_t k = 0; k < NTAB(k_places); k++)
        if (match_phrase(c, s, e, k_places[k]))
            return NX_NAME_PLACE;
    return NX_NAME_UNKNOWN;
}

static nx_status push_name(ctx *c, size_t s, size_t e, nx_name_kind kind)
{
    nx_namelist *nl = c->nl;
    if (nl->n == nl->cap) {
        size_t ncap = nl->cap ? nl->cap * 2 : 16;
        if (ncap > SIZE_MAX / sizeof *nl->v)
            return NX_ERR_NOMEM;
        nx_name *v = realloc(nl->v, ncap * sizeof *v);
        if (!v)
            return NX_ERR_NOMEM;
        nl->v = v;
        nl->cap = ncap;
    }
    nx_name *nm = &nl->v[nl->n++];
    nm->first_tok = s;
    nm->ntok = e - s;
    nm->start = c->tl->tok[s].start;
    nm->end = disp_end(c, e - 1, 1);
    nm->key_off = nm->disp_off = 0;
    nm->kind = kind;
    return NX_OK;
}

/* A capitalised word (not an acronym) opening a sentence: its capital
 * proves nothing, so alone it is a name only when the mid-sentence set
 * vouches for it. */
static int sentence_opener(const ctx *c, size_t i)
{
    return (c->tf[i] & F_SSTART) && is_cap(c, i) && !is_acronym(c, i);
}

static nx_status emit_segment(ctx *c, size_t s, size_t e, int person)
{
    size_t e0 = e;
    trim_segment(c, &s, &e);
    if (s >= e || lone_word_rejected(c, s, e))
        return NX_OK;
    /* The sentence-start rule (process_run) again for a word that a date
     * after it had kept company: "Pay May 5" in a dividend table. */
    if (e < e0 && e == s + 1 && (TOK_IS(c, e, W_MONTH) || TOK_IS(c, e, W_DAY)) &&
        sentence_opener(c, s) && !in_set(c, s))
        return NX_OK;
    if (!cap_word(c, s) && !is_particle(c, s))
        return NX_OK;   /* a trimmed segment left starting on a hyphen part */
    return push_name(c, s, e, name_kind(c, s, e, person));
}

/* Splits the run [a, b) at title blocks and emits the name segments:
 * "French President Emmanuel Macron" -> (French), Emmanuel Macron [person]. */
static nx_status split_titles(ctx *c, size_t a, size_t b)
{
    size_t seg = a, w = a;
    int person = 0;
    while (w < b) {
        size_t we = word_end(c, w, b);
        if (word_title(c, w, we) == T_NONE) {
            w = we;
            continue;
        }
        /* the maximal block of title and modifier words from w */
        size_t bend = w, nwords = 0;
        int strong = 0, head = 0;
        while (bend < b) {
            size_t e2 = word_end(c, bend, b);
            int cls = word_title(c, bend, e2);
            if (cls == T_NONE && is_of(c, bend) && e2 < b &&
                word_title(c, e2, word_end(c, e2, b)) != T_NONE) {
                bend = e2;      /* "Secretary of State" */
                continue;
            }
            if (cls == T_NONE)
                break;
            head |= cls != T_MOD;
            strong |= cls == T_STRONG || (cls == T_STARTONLY && bend == a);
            nwords++;
            bend = e2;
        }
        if (!head) {
            w = bend;
            continue;
        }
        if (!strong && nwords < 2) {
            /* ambiguous: a title only before a full name of 2+ words */
            size_t after = 0;
            for (size_t x = bend; x < b && after < 2; x = word_end(c, x, b)) {
                if (word_title(c, x, word_end(c, x, b)) >= T_AMBIG)
                    break;
                after++;
            }
            if (after < 2) {
                w = bend;
                continue;
            }
        }
        /* a lone word before a title is mostly part of it ("Trade
         * Secretary", "Labour Leader"); places and acronyms stay */
        if (w > seg && (word_end(c, seg, w) < w || is_acronym(c, seg) ||
                        name_kind(c, seg, w, 0) == NX_NAME_PLACE)) {
            nx_status st = emit_segment(c, seg, w, person);
            if (st != NX_OK)
                return st;
        }
        seg = bend;
        /* "King of Spain": what follows "of" is no person */
        person = !(bend < b && is_of(c, bend));
        w = bend;
    }
    if (seg < b)
        return emit_segment(c, seg, b, person);
    return NX_OK;
}

static int ends_ing_ly(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    return len >= 5 && (memcmp(s + len - 3, "ing", 3) == 0 || memcmp(s + len - 2, "ly", 2) == 0);
}

/* Applies the sentence-start rule to the run [a, b), then splits titles. */
static nx_status process_run(ctx *c, size_t a, size_t b)
{
    if (sentence_opener(c, a)) {
        size_t we = word_end(c, a, b);
        if (TOK_IS(c, a, W_OPENER) || (ends_ing_ly(c, a) && !in_set(c, a)))
            a = we;             /* "The European Commission" -> European Commission */
        else if (we == b && !in_set(c, a))
            a = we;             /* lone opener never seen capitalised mid-sentence */
        if (a >= b)
            return NX_OK;
    }
    return split_titles(c, a, b);
}

/* End of a particle chain starting at j (j is a particle): the index of the
 * capitalised word it leads to, or 0 when it leads nowhere. */
static size_t particle_chain(const ctx *c, size_t j)
{
    size_t n = c->tl->n, k = j + 1;
    for (int guard = 0; k < n && guard < 4; guard++) {
        if (!joinable(c, k - 1, k))
            return 0;
        if (cap_word(c, k))
            return k;
        if (!is_particle(c, k))
            return 0;
        k++;
    }
    return 0;
}

static int of_head(const ctx *c, size_t t)
{
    return TOK_IS(c, t, W_ORG_LAST) || TOK_IS(c, t, W_PLACE_LAST) || TOK_IS(c, t, W_OF_HEAD) ||
           title_class(c, t) != T_NONE;
}

/* If a name run starts at i, returns its end (exclusive); else 0. */
static size_t run_at(const ctx *c, size_t i)
{
    size_t n = c->tl->n, j;
    if (cap_word(c, i)) {
        j = i + 1;
    } else if (is_particle(c, i) && TOK_IS(c, i, W_PARTICLE_STARTER)) {
        size_t k = particle_chain(c, i);
        if (!k)
            return 0;
        j = k + 1;
    } else {
        return 0;
    }
    while (j < n && joinable(c, j - 1, j)) {
        if (cap_word(c, j)) {
            j++;
        } else if (is_of(c, j) && !(tflags(c, j) & NX_TOK_HYPHENATED) && of_head(c, j - 1) &&
                   j + 1 < n &&
                   cap_word(c, j + 1) && joinable(c, j, j + 1) &&
                   !(tflags(c, j + 1) & NX_TOK_HYPHENATED)) {
            j += 2;
        } else if (is_particle(c, j)) {
            size_t k = particle_chain(c, j);
            if (!k)
                break;
            j = k + 1;
        } else {
            break;
        }
    }
    return j;
}

static nx_status scan_runs(ctx *c)
{
    size_t n = c->tl->n, i = 0;
    while (i < n) {
        size_t e = run_at(c, i);
        if (!e) {
            i++;
            continue;
        }
        nx_status st = process_run(c, i, e);
        if (st != NX_OK)
            return st;
        i = e;
    }
    return NX_OK;
}

/* ------------------------------------------------------------ buffers and strings */

static nx_status reserve_buf(nx_namelist *nl, size_t need)
{
    if (need <= nl->bufcap)
        return NX_OK;
    size_t ncap = nl->bufcap ? nl->bufcap : 256;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            ncap = need;
            break;
        }
        ncap *= 2;
    }
    char *b = realloc(nl->buf, ncap);
    if (!b)
        return NX_ERR_NOMEM;
    nl->buf = b;
    nl->bufcap = ncap;
    return NX_OK;
}

/* Bytes needed for name m's key and display, both NUL-terminated. */
static size_t name_bytes(const ctx *c, const nx_name *m)
{
    size_t total = 2 * m->ntok + 2;
    for (size_t t = m->first_tok; t < m->first_tok + m->ntok; t++)
        total += c->tl->tok[t].norm_len + (disp_end(c, t, t + 1 == m->first_tok + m->ntok) -
                                           c->tl->tok[t].start);
    return total;
}

static void put(nx_namelist *nl, const char *s, size_t len)
{
    memcpy(nl->buf + nl->buflen, s, len);
    nl->buflen += len;
}

static void write_strings(ctx *c, nx_name *m)
{
    nx_namelist *nl = c->nl;
    size_t end = m->first_tok + m->ntok;
    m->key_off = nl->buflen;
    for (size_t t = m->first_tok; t < end; t++) {
        if (t > m->first_tok)
            put(nl, (tflags(c, t) & NX_TOK_HYPHENATED) ? "-" : " ", 1);
        size_t len;
        const char *s = tnorm(c, t, &len);
        put(nl, s, len);
    }
    put(nl, "", 1);
    m->disp_off = nl->buflen;
    for (size_t t = m->first_tok; t < end; t++) {
        if (t > m->first_tok)
            put(nl, (tflags(c, t) & NX_TOK_HYPHENATED) ? "-" : " ", 1);
        size_t st = c->tl->tok[t].start;
        put(nl, c->text + st, disp_end(c, t, t + 1 == end) - st);
    }
    put(nl, "", 1);
}

static nx_status build_strings(ctx *c)
{
    nx_namelist *nl = c->nl;
    size_t total = 0;
    for (size_t i = 0; i < nl->n; i++) {
        size_t nb = name_bytes(c, &nl->v[i]);
        if (nb > SIZE_MAX - total)
            return NX_ERR_NOMEM;
        total += nb;
    }
    nx_status st = reserve_buf(nl, total);
    if (st != NX_OK)
        return st;
    nl->buflen = 0;
    for (size_t i = 0; i < nl->n; i++)
        write_strings(c, &nl->v[i]);
    return NX_OK;
}

/* Lays out the scratch in nl->buf: flags, then the set (aligned). */
static nx_status setup_scratch(ctx *c)
{
    size_t n = c->tl->n;
    if (n > SIZE_MAX / 64)
        return NX_ERR_NOMEM;
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    size_t off = (n + 15) & ~(size_t)15;
    size_t off2 = off + ((n * sizeof(uint32_t) + 15) & ~(size_t)15);
    nx_status st = reserve_buf(c->nl, off2 + slots * sizeof(size_t));
    if (st != NX_OK)
        return st;
    c->tf = (unsigned char *)c->nl->buf;
    c->wm = (uint32_t *)(void *)(c->nl->buf + off);
    c->set = (size_t *)(void *)(c->nl->buf + off2);
    c->setmask = slots - 1;
    return NX_OK;
}

/* ------------------------------------------------------------ API */

void nx_namelist_init(nx_namelist *nl)
{
    memset(nl, 0, sizeof *nl);
}

void nx_namelist_free(nx_namelist *nl)
{
    if (!nl)
        return;
    free(nl->v);
    free(nl->buf);
    memset(nl, 0, sizeof *nl);
}

nx_status nx_find_names(const char *text, size_t len, const nx_toklist *tl, nx_namelist *nl)
{
    nl->n = 0;
    nl->buflen = 0;
    if (!tl || tl->n == 0 || !tl->tok || (!text && len > 0))
        return NX_OK;
    pthread_once(&g_lex_once, lex_build);
    ctx c = { text, text ? len : 0, tl, NULL, NULL, NULL, 0, nl };
    nx_status st = setup_scratch(&c);
    if (st == NX_OK) {
        mark_bad(&c);
        mark_shouting(&c);
        mark_sentences_and_headings(&c);
        fill_set(&c);
        st = scan_runs(&c);
    }
    if (st == NX_OK)
        st = build_strings(&c);
    if (st != NX_OK) {
        nl->n = 0;
        nl->buflen = 0;
    }
    return st;
}
