/*
 * names_lexicon.c — the name finder's word tables and their lookup
 * (names_lexicon.h).  Places, demonyms and given names are in the
 * gazetteer (gazetteer.h); the tables here are the function words and cue
 * words the rules in names.c test.
 */
#include "analysis/names_lexicon.h"

#include <pthread.h>
#include <string.h>

/* Lower-case words allowed inside a name when a capitalised word follows. */
static const char *const k_particles[] = {
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
    "bin", "bint", "ibn", "al", "el", "dos", "das", "ter", "ten", "y", "des", "dei", "zu",
};
/* Particles that may also open a name in English text ("said van Gogh",
 * "al-Qaeda"); the rest ("ten", "y", "der"...) are ordinary words too
 * often to start one.  German and French have their own rules (names.c). */
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
    "inside", "outside", "whatever", "whoever", "sure", "shortly", "like", "to", "up",
    "out", "off", "down", "back", "away", "far", "long", "big", "old", "good", "bad", "great",
    "low", "top", "current", "recent", "future", "former", "ex", "fellow", "veteran",
    "rival", "total",
    "i'm", "i've", "i'll", "i'd", "it's", "that's", "there's", "here's", "what's", "we're",
    "we've", "we'll", "they're", "they've", "you're", "he's", "she's", "don't", "can't",
    "won't", "let's", "isn't", "wasn't", "didn't", "doesn't",
};
/* German: articles, prepositions, pronouns, conjunctions and adverbs that
 * open sentences.  Nouns are capitalised there anyway (names.c). */
static const char *const k_openers_de[] = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "oder", "aber", "doch", "denn", "sondern", "in", "im", "am", "an", "auf", "aus",
    "bei", "beim", "mit", "nach", "von", "vom", "zu", "zum", "zur", "für", "über", "unter",
    "vor", "zwischen", "seit", "während", "wegen", "trotz", "ohne", "gegen", "durch", "um",
    "bis", "ab", "laut", "auch", "so", "wie", "wenn", "als", "da", "dann", "noch", "nur",
    "schon", "sehr", "mehr", "nicht", "kein", "keine", "es", "er", "sie", "wir", "ich", "ihr",
    "ihre", "sein", "seine", "unser", "man", "sich", "dies", "diese", "dieser", "dieses",
    "jetzt", "heute", "gestern", "morgen", "hier", "dort", "damit", "dabei", "deshalb",
    "trotzdem", "jedoch", "außerdem", "zudem", "bereits", "viele", "alle", "beide",
    "einige", "mehrere", "andere", "weitere", "immer", "nun", "daher", "dazu", "zuletzt",
    "zunächst", "später", "danach", "inzwischen", "allerdings", "erst", "wer", "was", "wo",
    "warum", "ob", "dass", "weil", "obwohl", "zwar", "eher", "kaum", "fast", "etwa", "rund",
    "knapp", "mindestens", "neue", "neuen", "erste", "ersten", "letzte", "letzten",
};
static const char *const k_openers_fr[] = {
    "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "et", "ou", "mais", "donc",
    "dans", "en", "à", "au", "aux", "pour", "par", "sur", "sous", "avec", "sans", "selon",
    "chez", "vers", "entre", "depuis", "pendant", "après", "avant", "il", "elle", "ils",
    "elles", "on", "nous", "vous", "je", "ce", "cette", "ces", "cet", "son", "sa", "ses",
    "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "qui", "que", "quand",
    "comme", "si", "lors", "ainsi", "aussi", "enfin", "alors", "puis", "toutefois",
    "cependant", "pourtant", "malgré", "dès", "plus", "moins", "tout", "tous", "toute",
    "toutes", "plusieurs", "certains", "certaines", "autre", "autres", "déjà", "encore",
    "seul", "seule", "même", "très", "trop", "bien", "non", "oui", "mardi", "lundi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier", "aujourd'hui", "demain",
    "là", "ici", "lorsque", "puisque", "parce", "afin", "outre", "face", "côté", "quant",
    "nouveau", "nouvelle", "premier", "première", "dernier", "dernière",
};

/* Title words, with their class (names_lexicon.h). */
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
    { "representative", T_STRONG }, { "adviser", T_STRONG }, { "advisor", T_STRONG },
    { "envoy", T_STRONG }, { "negotiator", T_STRONG }, { "treasurer", T_STRONG },
    { "chef", T_STRONG },
    /* a title at the start of a run, a surname or a word inside one
     * ("Stephen King"; "Drummer Larry Mullen" but "Analyst Day") */
    { "king", T_STARTONLY }, { "queen", T_STARTONLY }, { "drummer", T_STARTONLY },
    { "guitarist", T_STARTONLY }, { "singer", T_STARTONLY }, { "actor", T_STARTONLY },
    { "actress", T_STARTONLY }, { "analyst", T_STARTONLY }, { "economist", T_STARTONLY },
    { "striker", T_STARTONLY }, { "midfielder", T_STARTONLY }, { "goalkeeper", T_STARTONLY },
    { "skipper", T_STARTONLY }, { "defender", T_STARTONLY }, { "winger", T_STARTONLY },
    /* titles that are also ordinary name words ("General Motors", "Lady Gaga") */
    { "general", T_AMBIG }, { "gen", T_AMBIG }, { "justice", T_AMBIG }, { "judge", T_AMBIG },
    { "lady", T_AMBIG }, { "major", T_AMBIG }, { "maj", T_AMBIG }, { "chief", T_AMBIG },
    { "director", T_AMBIG }, { "captain", T_AMBIG }, { "marshal", T_AMBIG },
    { "speaker", T_AMBIG }, { "leader", T_AMBIG }, { "coach", T_AMBIG },
    { "manager", T_AMBIG }, { "commander", T_AMBIG }, { "officer", T_AMBIG },
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
    { "national", T_MOD }, { "security", T_MOD }, { "culture", T_MOD }, { "treasury", T_MOD },
    { "commerce", T_MOD }, { "agriculture", T_MOD }, { "labor", T_MOD }, { "industry", T_MOD },
    { "justice", T_MOD }, { "special", T_MOD }, { "chief", T_MOD }, { "former", T_MOD },
};

/* German (nouns, so capitalised) and French (mostly lower case) titles:
 * titles in those languages only. */
static const char *const k_titles_foreign[] = {
    "herr", "frau", "kanzler", "kanzlerin", "präsident", "präsidentin", "ministerin", "chefin",
    "vorsitzende", "vorsitzender", "mme", "mlle", "monsieur", "madame", "ministre",
    "présidente",
};

/* Abbreviations written with a dot ("Mr. Smith", "Exxon Corp. said"): the
 * dot does not end the name. */
static const char *const k_dotted_titles[] = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "sgt", "maj", "adm", "rev", "st", "mt", "ft", "fr", "hon", "messrs", "corp", "inc",
    "co", "ltd", "bros", "jr", "sr",
};

static const char *const k_days[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};
static const char *const k_months[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
};
static const char *const k_dates_de[] = {
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend",
    "sonntag", "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli",
    "august", "september", "oktober", "november", "dezember", "frühjahr", "herbst",
    "sommer", "winter", "morgen", "abend", "nachmittag", "vormittag",
};
static const char *const k_dates_fr[] = {
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
    "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre",
};
/* Words before a month that show it is a date ("in May", "since March"). */
static const char *const k_date_preps[] = {
    "in", "on", "since", "until", "till", "by", "from", "of", "during", "before", "after",
    "last", "next", "early", "late", "mid", "this", "through", "throughout", "between",
    "end", "start", "im", "seit", "bis", "ab", "en", "depuis", "fin", "début",
};

static const char *const k_postnominals[] = {
    "qc", "kc", "obe", "cbe", "mbe", "kbe", "mep", "msp", "phd",
};
/* Short all-caps words that are not names ("NOTE:" opens the footnote of
 * a wire story's figures, in about 1,100 Reuters stories). */
static const char *const k_acronym_stops[] = {
    "ok", "tv", "tvs", "am", "pm", "ad", "bc", "ps", "mp", "mps", "pc", "pcs", "dvd", "dvds",
    "cd", "cds", "id", "ceo", "gdp", "gnp", "vat", "note", "notes", "lcd", "iptv", "hdtv",
    "hd", "gmt", "bst", "pct", "dlr", "dlrs", "mln", "bln", "stg", "cts", "fob", "cif", "shr",
    "qtr", "usd", "arms", "vs", "ie", "eg", "etc", "faq", "sms", "pdf", "ceos", "cfo", "coo",
    "ipo", "rpt", "corrected", "update", "msps", "meps", "msp", "mlas", "tds", "mbes", "obes", "cbes",
};

/* Organisation cue words: a name ending with one is an organisation. */
static const char *const k_org_last[] = {
    "bank", "commission", "council", "ministry", "party", "union", "inc", "corp", "ltd",
    "plc", "llc", "group", "agency", "organisation", "organization", "association",
    "committee", "court", "parliament", "fund", "company", "airlines", "airways",
    "university", "college", "institute", "bureau", "department", "office", "authority",
    "federation", "reserve", "exchange", "foundation", "society", "corporation",
    "holdings", "times", "post", "journal", "assembly", "congress", "senate", "police",
    "army", "navy", "club", "league", "network", "motors", "co", "industry", "industries",
    "telegraph", "research", "administration", "board", "trust", "partners", "associates",
    "securities", "services", "systems", "technologies", "electronics", "communications",
    "petroleum", "railways", "rail", "media", "records", "pictures", "studios", "press",
    "radio", "television", "fc", "united", "rovers", "athletic", "front", "movement",
    "alliance", "coalition", "tribunal", "service", "forces", "guard", "centre", "center",
    "hospital", "academy", "orchestra", "institution", "commissioners", "agencies",
    "brothers", "bros", "enterprises", "international", "labs", "laboratories",
    "pharmaceuticals", "chemicals", "steel", "energy", "oil", "gas", "airport", "stores",
    "insurance", "bancorp", "financial", "capital", "investments", "realty", "mining",
    "resources", "products", "manufacturing", "maintenance", "project", "community",
    "bahn", "fonds",
    /* German and French */
    "ag", "gmbh", "kg", "kgaa", "se", "sa", "sas", "sarl", "spa", "srl", "nv", "bv", "ab",
    "asa", "oyj", "bhd", "pty", "lp", "llp", "bundesbank", "bundestag", "bundesrat",
    "landtag", "bundeswehr", "bundesregierung", "zentralbank",
};
/* Corporate suffixes: stay with their name, are never a name alone. */
static const char *const k_corp_suffixes[] = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc",
    "llc", "lp", "llp", "ag", "gmbh", "kg", "kgaa", "se", "sa", "sas", "sarl", "spa", "srl",
    "nv", "bv", "ab", "asa", "oyj", "bhd", "pty", "bros", "cos",
};
/* Words that head an organisation's name ("Ministry of ...", "Banque de
 * France"). */
static const char *const k_org_first[] = {
    "ministry", "department", "bank", "university", "institute", "council", "committee",
    "federation", "association", "agency", "league", "society", "court", "college",
    "school", "office", "commission", "alliance", "board", "bureau", "centre", "center",
    "fund", "organisation", "organization", "union", "campaign", "confederation", "house",
    "chamber", "chambers",
    /* French and German */
    "banque", "conseil", "parlement", "cour", "agence", "fondation", "société", "bourse",
    "parti", "ministère", "fédération", "groupe", "institut",
    "caisse", "confédération", "mouvement", "commissariat", "gewerkschaft", "bundesagentur",
    "bundesamt", "instituts", "verband", "stiftung", "ministerium",
};
/* Lower-case words that may sit inside a name after a head word:
 * "Department for Culture", "Agreement on Tariffs", "Institut für". */
static const char *const k_connectors[] = { "for", "on", "für", "against", "pour" };

/* Lower-case roles right before a name say it is a person's. */
static const char *const k_role_nouns[] = {
    "analyst", "economist", "spokesman", "spokeswoman", "spokesperson", "chairman",
    "chairwoman", "director", "president", "minister", "secretary", "chancellor", "governor",
    "senator", "adviser", "advisor", "aide", "official", "executive", "chief", "boss", "head",
    "leader", "manager", "coach", "captain", "skipper", "striker", "midfielder", "defender",
    "goalkeeper", "keeper", "winger", "prop", "centre", "fly-half", "scrum-half", "lock",
    "hooker", "flanker", "full-back", "batsman", "bowler", "player", "champion", "runner",
    "athlete", "star", "actor", "actress", "singer", "songwriter", "rapper", "drummer",
    "guitarist", "bassist", "musician", "artist", "producer", "writer", "author", "novelist",
    "editor", "journalist", "correspondent", "reporter", "presenter", "host", "comedian",
    "soulman", "model", "contestant", "contestants", "investor", "banker", "trader", "lawyer", "attorney", "judge", "prosecutor",
    "professor", "scientist", "researcher", "doctor", "surgeon", "guru", "founder", "owner",
    "colleague", "wife", "husband", "son", "daughter", "brother", "sister", "father",
    "mother", "widow", "candidate", "challenger", "incumbent", "nominee", "envoy",
    "ambassador", "negotiator", "mediator", "commentator", "expert", "consultant",
    "activist", "campaigner", "victim", "suspect", "defendant", "trouble-shooter",
    "footballer", "cricketer", "golfer", "boxer", "jockey", "trainer",
    "driver", "cyclist", "swimmer", "sprinter", "skier", "designer", "architect", "priest",
    "rabbi", "imam", "cleric", "dissident", "tycoon", "billionaire", "entrepreneur",
    "magnate", "mogul", "deputy", "emperor", "colonel", "commander", "officer", "soldier",
    "inspector", "detective", "constable", "superintendent", "treasurer", "counterpart",
    "rival", "successor", "predecessor", "mp", "mep", "partner", "friend", "manager",
    /* French */
    "ministre", "président", "présidente", "directeur",
    "directrice", "patron", "dirigeant", "secrétaire",
    "ambassadeur", "député", "sénateur", "maire", "juge", "avocat", "entraîneur", "joueur",
    "chanteur", "chanteuse", "acteur", "actrice", "économiste", "analyste",
    "conseiller", "conseillère", "commissaire", "syndicaliste", "fondateur", "général",
};
/* Lower-case kinds of organisation right before a name ("firm Balfour
 * Beatty", "le syndicat SUD-Rail"). */
static const char *const k_org_nouns[] = {
    "firm", "company", "group", "bank", "carrier", "airline", "maker", "manufacturer",
    "consultancy", "broadcaster", "network", "agency", "giant", "retailer", "insurer",
    "lender", "publisher", "developer", "supplier", "operator", "unit", "subsidiary",
    "concern", "conglomerate", "studio", "label", "band", "club", "team", "party", "union",
    "association", "organisation", "organization", "body", "watchdog", "regulator",
    "newspaper", "paper", "magazine", "website", "charity", "brewer", "chain", "utility",
    "exporter", "importer", "distributor", "telco", "exchange", "fund", "trust",
    "university", "conglomerate", "airline", "automaker", "carmaker", "chipmaker",
    "constructeur", "concurrent", "groupe", "entreprise", "société",
    "banque", "opérateur", "fabricant", "équipementier", "motoriste", "transporteur",
    "firme",
};
/* Words a house style capitalises that name nothing on their own. */
static const char *const k_generic[] = {
    "government", "cabinet", "budget", "chapter", "parliament", "internet", "net", "web",
    "state", "nation", "aids", "stuff", "pro", "earnings", "sugar", "coffee",
    "cotton", "cocoa", "wheat", "corn", "oil", "gold", "silver", "democratic", "republican",
    "federal", "national", "international", "world", "global", "bill", "christmas", "easter",
    "ramadan", "hanukkah", "thanksgiving", "diwali", "eid", "halloween", "olympic",
    "regierung",
    "bundesregierung", "gouvernement",
};

static const char *const k_of_heads[] = {
    "freedom", "act", "church", "museum", "duke", "duchess", "earl", "house", "houses",
    "chamber", "chambers", "institute", "school", "board", "bill", "declaration", "treaty",
    "battle", "isle", "statue", "tower", "war", "order", "people's", "rock", "mount",
    "archbishop", "princess", "prince", "news", "agreement", "convention", "conference",
    "charter", "organisation", "organization", "federation", "association", "league",
    "bank", "university", "college", "republic", "kingdom", "state", "states", "city",
    "gulf", "bay", "sea", "straits", "strait", "cape", "lake", "bourse", "banque", "cour",
    "université", "ville", "île", "institut", "universität",
};

/* Small words a heading line may have in lower case. */
static const char *const k_heading_small[] = {
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "vs", "v", "und", "der", "die", "das", "de", "la", "le", "les", "et", "du",
    "des", "für", "von",
};

static const char *const k_place_first[] = {
    "new", "north", "south", "east", "west", "saint", "st", "san", "santa", "los", "las",
    "port", "mount", "lake", "cape", "fort", "upper", "lower", "sri", "hong", "buenos",
    "northern", "southern",
};
static const char *const k_place_last[] = {
    "republic", "kingdom", "island", "islands", "states", "city", "county", "province",
    "sea", "ocean", "river", "strait", "gulf", "bay", "valley", "peninsula", "emirates",
    "strip", "heights", "mountains", "coast", "square", "street", "road", "avenue",
    "bridge", "park", "airport", "station", "hill", "hills", "lane", "stadium",
};
static const char *const k_org_acronyms[] = {
    "nato", "imf", "bbc", "cnn", "opec", "un", "eu", "wto", "fbi", "cia", "ecb", "nasa",
    "fifa", "uefa", "nhs", "who", "oecd", "itv", "cbs", "nbc", "abc", "ap", "afp", "kgb",
    "fsb", "mi5", "mi6", "sec", "fed", "ftse", "hsbc", "ubs", "ibm", "gatt", "ec", "eec",
    "usda", "nyse", "amex", "nasdaq", "cftc", "fdic", "ftc", "fcc", "epa", "ira", "plo",
    "anc", "spd", "cdu", "csu", "fdp", "afd", "snp", "ukip", "gop",
    "ezb", "oecd", "unesco", "unicef", "unctad", "icao", "iaea", "asean",
};

static const char *const k_and[] = { "and", "und", "et" };

/* Words that end the names of events, laws and works: such a name is
 * "other" however it starts ("South Asian Free Trade Area Agreement"). */
static const char *const k_other_last[] = {
    "agreement", "treaty", "act", "accord", "accords", "convention", "protocol", "awards",
    "award", "prize", "prizes", "cup", "championship", "championships", "games", "olympics",
    "festival", "show", "expo", "fair", "tour", "open", "trophy", "series", "marathon",
    "summit", "declaration", "doctrine", "plan", "programme", "program", "initiative",
    "bill", "law", "directive", "index", "average", "abkommen", "vertrag", "gesetz", "traité",
    "accord", "loi", "festspiele",
};

/* French adjectives that stay inside a name after its head word:
 * "Commission européenne", "Banque centrale européenne". */
static const char *const k_adj_fr[] = {
    "européenne", "européen", "européennes", "européens", "centrale", "central", "nationale",
    "national", "internationale", "international", "mondiale", "mondial", "fédérale",
    "fédéral", "générale", "populaire", "socialiste", "démocrate", "républicaine",
    "républicain", "monétaire", "économique", "sociale", "social", "française", "français",
    "allemande", "italienne", "américaine", "britannique", "unies", "unis", "nationaux",
    "constitutionnel", "constitutionnelle", "supérieure", "supérieur",
};

#define NTAB(t) (sizeof(t) / sizeof *(t))

typedef struct lex_word { const char *w; size_t len; uint64_t bits; } lex_word;

#define LEX_SLOTS 4096          /* a power of two, over twice the words */
static lex_word g_lex[LEX_SLOTS];
static size_t g_lex_maxlen;
static pthread_once_t g_lex_once = PTHREAD_ONCE_INIT;

uint32_t nx_names_hash(const char *s, size_t len)
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
    for (uint32_t i = nx_names_hash(s, len) & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1))
        if (!g_lex[i].w || (g_lex[i].len == len && memcmp(g_lex[i].w, s, len) == 0))
            return &g_lex[i];
}

static lex_word *lex_add(const char *w, uint64_t bits)
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

static void lex_add_all(const char *const *tab, size_t n, uint64_t bits)
{
    for (size_t i = 0; i < n; i++)
        lex_add(tab[i], bits);
}

static void lex_build(void)
{
    lex_add_all(k_particles, NTAB(k_particles), W_PARTICLE);
    lex_add_all(k_particle_starters, NTAB(k_particle_starters), W_PARTICLE_STARTER);
    lex_add_all(k_openers, NTAB(k_openers), W_OPENER);
    lex_add_all(k_openers_de, NTAB(k_openers_de), W_OPENER_DE);
    lex_add_all(k_openers_fr, NTAB(k_openers_fr), W_OPENER_FR);
    lex_add_all(k_dotted_titles, NTAB(k_dotted_titles), W_DOTTED_TITLE);
    lex_add_all(k_days, NTAB(k_days), W_DAY);
    lex_add_all(k_months, NTAB(k_months), W_MONTH);
    lex_add_all(k_dates_de, NTAB(k_dates_de), W_DATE_DE);
    lex_add_all(k_dates_fr, NTAB(k_dates_fr), W_DATE_FR);
    lex_add_all(k_date_preps, NTAB(k_date_preps), W_DATE_PREP);
    lex_add_all(k_postnominals, NTAB(k_postnominals), W_POSTNOMINAL);
    lex_add_all(k_acronym_stops, NTAB(k_acronym_stops), W_ACRONYM_STOP);
    lex_add_all(k_org_last, NTAB(k_org_last), W_ORG_LAST);
    lex_add_all(k_corp_suffixes, NTAB(k_corp_suffixes), W_CORP_SUFFIX);
    lex_add_all(k_org_first, NTAB(k_org_first), W_ORG_FIRST);
    lex_add_all(k_connectors, NTAB(k_connectors), W_CONNECTOR);
    lex_add_all(k_role_nouns, NTAB(k_role_nouns), W_ROLE_NOUN);
    lex_add_all(k_org_nouns, NTAB(k_org_nouns), W_ORG_NOUN);
    lex_add_all(k_generic, NTAB(k_generic), W_GENERIC);
    lex_add_all(k_org_acronyms, NTAB(k_org_acronyms), W_ORG_ACRONYM);
    lex_add_all(k_place_first, NTAB(k_place_first), W_PLACE_FIRST);
    lex_add_all(k_place_last, NTAB(k_place_last), W_PLACE_LAST);
    lex_add_all(k_of_heads, NTAB(k_of_heads), W_OF_HEAD);
    lex_add_all(k_heading_small, NTAB(k_heading_small), W_HEADING_SMALL);
    lex_add_all(k_and, NTAB(k_and), W_AND);
    lex_add_all(k_other_last, NTAB(k_other_last), W_OTHER_LAST);
    lex_add_all(k_adj_fr, NTAB(k_adj_fr), W_ADJ_FR);
    lex_add("of", W_OF);
    for (size_t k = 0; k < NTAB(k_titles_foreign); k++) {
        lex_word *e = lex_add(k_titles_foreign[k], W_TITLE_FOREIGN);
        e->bits |= (uint64_t)T_STRONG << W_TITLE_SHIFT;
    }
    /* Backwards, so that a word listed twice keeps its first class. */
    for (size_t k = NTAB(k_titles); k-- > 0;) {
        lex_word *e = lex_add(k_titles[k].w, 0);
        e->bits = (e->bits & ~((uint64_t)7 << W_TITLE_SHIFT)) | (uint64_t)k_titles[k].cls << W_TITLE_SHIFT;
    }
}

uint64_t nx_names_lex_bits(const char *s, size_t len)
{
    pthread_once(&g_lex_once, lex_build);
    if (len == 0 || len > g_lex_maxlen)
        return 0;
    const lex_word *e = lex_slot(s, len);
    return e->w ? e->bits : 0;
}
