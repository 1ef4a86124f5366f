/*
 * test_names.c — unit tests of analysis/names.c: a table of sentences with
 * the names expected (display forms, in order, with kind hints) and words
 * that must not be part of any name; then exact spans, keys and token
 * ranges, buffer reuse, empty and invalid input, hostile token lists, and
 * two deterministic fuzz loops (random text, random token lists) checking
 * bounds and ordering.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/coref.h"
#include "analysis/names.h"

/* ------------------------------------------------------------ table */

typedef struct name_case {
    const char *text;
    const char *expect[6];  /* display forms in order, NULL-terminated */
    const char *kinds;      /* a letter per name: P(erson) L(place) O(rg) X (other) .(any); NULL: unchecked */
    const char *absent[4];  /* words no name may contain */
} name_case;

static const name_case k_cases[] = {
    /* plain names, multiword runs */
    { "Talks in Brussels ended.", { "Brussels" }, "L", { "Talks" } },
    { "The deal was signed by Keir Starmer on Friday.", { "Keir Starmer" }, "P", { "The", "Friday" } },
    { "Officials said Starmer would travel.", { "Starmer" }, NULL, { "Officials" } },
    { "He met Angela Merkel and Emmanuel Macron in Paris.",
      { "Angela Merkel", "Emmanuel Macron", "Paris" }, "PPL", { "He" } },
    { "Shares of Goldman Sachs rose.", { "Goldman Sachs" }, NULL, { "Shares" } },
    { "Trains run Paris \xE2\x80\x93 London daily.", { "Paris", "London" }, "LL", { "Trains" } },
    { "Talks between Paris and London stalled.", { "Paris", "London" }, NULL, { "Talks" } },
    { "The talks involved President Emmanuel\nMacron and others.", { "Emmanuel Macron" }, "P", { 0 } },
    { "\"We will win,\" said Starmer.", { "Starmer" }, NULL, { "We" } },
    { "He said: Brexit matters.", { "Brexit" }, NULL, { "He" } },
    { "It ended in talks with Macron", { "Macron" }, NULL, { "It" } },
    { "It left the Paris Agreement.", { "Paris Agreement" }, "X", { "It" } },
    /* particles */
    { "The report was written by Ursula von der Leyen last year.", { "Ursula von der Leyen" }, NULL, { "The" } },
    { "Ursula von der Leyen said the EU would act.", { "Ursula von der Leyen", "EU" }, ".O", { 0 } },
    { "It was the von der Leyen commission.", { "von der Leyen" }, NULL, { "It" } },
    { "It was Charles de Gaulle who said so.", { "Charles de Gaulle" }, NULL, { "It" } },
    { "The visit of Mohammed bin Salman was confirmed.", { "Mohammed bin Salman" }, NULL, { "The" } },
    { "A painting by van Gogh sold for millions.", { "van Gogh" }, NULL, { "A" } },
    { "Paintings by Vincent van Gogh sold well.", { "Vincent van Gogh" }, NULL, { "Paintings" } },
    { "The speech by Luiz In\xC3\xA1" "cio Lula da Silva was long.", { "Luiz In\xC3\xA1" "cio Lula da Silva" }, NULL, { 0 } },
    { "Manchester United sacked Erik ten Hag.", { "Manchester United", "Erik ten Hag" }, NULL, { 0 } },
    { "Officials said ten Russian diplomats were expelled.", { NULL }, NULL, { "ten", "Russian" } },
    { "Talks with Smith de facto ended.", { "Smith" }, NULL, { "de", "facto" } },
    /* initials */
    { "Voters backed Donald J. Trump in November.", { "Donald J. Trump" }, "P", { "November" } },
    { "Fans of J. K. Rowling queued for hours.", { "J. K. Rowling" }, "P", { "Fans" } },
    { "Mr. Smith met Dr. Jones.", { "Smith", "Jones" }, "PP", { "Mr", "Dr" } },
    { "He said I would win.", { NULL }, NULL, { "I", "He" } },
    { "The letter A was printed.", { NULL }, NULL, { "A", "The" } },
    /* non-ASCII */
    { "The summit was chaired by Ant\xC3\xB3nio Costa.", { "Ant\xC3\xB3nio Costa" }, NULL, { 0 } },
    { "Ukraine's president Volodymyr Zelenskyy spoke.", { "Ukraine", "Volodymyr Zelenskyy" }, "LP", { "president" } },
    { "Talks with Recep Tayyip Erdo\xC4\x9F" "an resumed.", { "Recep Tayyip Erdo\xC4\x9F" "an" }, NULL, { 0 } },
    { "Danish author S\xC3\xB8ren Kierkegaard is read widely.", { "S\xC3\xB8ren Kierkegaard" }, NULL, { "Danish" } },
    { "A statement from Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m followed.", { "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m" }, NULL, { "A" } },
    { "Talks with \xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD failed.",
      { "\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 \xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD" }, NULL, { 0 } },
    /* possessives */
    { "The plan was Starmer's idea.", { "Starmer" }, NULL, { "Starmer's" } },
    { "Critics attacked Macron\xE2\x80\x99s pension reform.", { "Macron" }, NULL, { "Critics" } },
    { "Officials studied Keir Starmer's speech.", { "Keir Starmer" }, NULL, { 0 } },
    { "Voters cheered O'Brien's win.", { "O'Brien" }, NULL, { "Voters" } },
    { "Starmer's Labour Party won.", { "Labour Party" }, "O", { "Starmer" } },
    { "Starmer's Labour Party won. Voters backed Starmer.", { "Starmer", "Labour Party", "Starmer" }, ".O.", { 0 } },
    /* hyphenated */
    { "Officials met Jean-Claude Juncker in Luxembourg.", { "Jean-Claude Juncker", "Luxembourg" }, NULL, { "Officials" } },
    { "Forces loyal to Bashar al-Assad advanced.", { "Bashar al-Assad" }, NULL, { "Forces" } },
    { "Rebels fought Al-Assad forces.", { "Al-Assad" }, NULL, { "Rebels" } },
    { "The Starmer-led government fell.", { "Starmer" }, NULL, { "led", "The" } },
    { "Shares in Rolls-Royce rose.", { "Rolls-Royce" }, NULL, { "Shares" } },
    { "Critics called it a pro-Russian move.", { NULL }, NULL, { "Russian", "pro" } },
    /* acronyms */
    { "Leaders met at the NATO summit.", { "NATO" }, "O", { "Leaders" } },
    { "The IMF cut its forecast.", { "IMF" }, "O", { "The" } },
    { "The BBC reported that the UN and the EU agreed.", { "BBC", "UN", "EU" }, "OOO", { "The" } },
    { "BBC reported the news.", { "BBC" }, "O", { 0 } },
    { "The U.S. economy grew.", { "U.S." }, "L", { "The" } },
    { "It was OK for viewers on TV.", { NULL }, NULL, { "OK", "TV", "It" } },
    { "Labour MPs said GDP grew.", { "Labour" }, NULL, { "MPs", "GDP" } },
    /* all caps */
    { "OIL PRICES RISE AS OPEC MEETS", { NULL }, NULL, { "OPEC", "OIL" } },
    { "U.S. STOCKS FALL AS FED HIKES RATES\n", { NULL }, NULL, { "FED", "U.S." } },
    { "OIL PRICES RISE AS OPEC MEETS\nOil prices rose as OPEC met in Vienna.", { "OPEC", "Vienna" }, NULL, { "Oil", "OIL" } },
    { "LONDON, March 3 (Reuters) - Oil prices rose sharply.", { "Reuters" }, NULL, { "LONDON", "Oil", "March" } },
    /* sentence-initial openers */
    { "Speaking to reporters, he declined to comment.", { NULL }, NULL, { "Speaking" } },
    { "Meanwhile, prices rose.", { NULL }, NULL, { "Meanwhile" } },
    { "Unlike Paris, Berlin kept its rules.", { "Paris", "Berlin" }, NULL, { "Unlike" } },
    { "However, Macron disagreed.", { "Macron" }, NULL, { "However" } },
    { "The European Commission said on Tuesday it would act.", { "European Commission" }, "O", { "The", "Tuesday" } },
    { "Asked about Macron, she said nothing.", { "Macron" }, NULL, { "Asked" } },
    { "Visiting Paris, Macron praised the city.", { "Paris", "Macron" }, NULL, { "Visiting" } },
    { "Analysts expect rates to fall.", { NULL }, NULL, { "Analysts" } },
    { "Investors sold. Markets fell.", { NULL }, NULL, { "Investors", "Markets" } },
    /* sentence-initial names */
    { "Starmer said the plan would work.", { NULL }, NULL, { "Starmer" } },
    { "Starmer said the plan would work. Critics doubted Starmer.", { "Starmer", "Starmer" }, NULL, { "Critics" } },
    { "European Commission officials said the rules would change.", { "European Commission" }, "O", { 0 } },
    { "Keir Starmer arrived in Brussels.", { "Keir Starmer", "Brussels" }, ".L", { 0 } },
    { "Macron spoke first. Then Scholz replied to Macron.", { "Macron", "Scholz", "Macron" }, NULL, { "Then" } },
    { "Macron met Macron.", { "Macron", "Macron" }, NULL, { 0 } },
    /* headings */
    { "Market Report\nShares rose in London on Monday.\n", { "London" }, NULL, { "Market", "Report", "Shares" } },
    { "Brussels Briefing\nOfficials in Brussels met again.", { "Brussels", "Brussels" }, NULL, { "Briefing", "Officials" } },
    /* titles */
    { "Talks were led by President Emmanuel Macron.", { "Emmanuel Macron" }, "P", { "President" } },
    { "Prime Minister Keir Starmer visited Kyiv.", { "Keir Starmer", "Kyiv" }, "PL", { "Prime", "Minister" } },
    { "Later the Prime Minister said he was confident.", { NULL }, NULL, { "Prime", "Minister", "Later" } },
    { "Talks with the President ended.", { NULL }, NULL, { "President" } },
    { "The talks were hosted by French President Emmanuel Macron.", { "Emmanuel Macron" }, "P", { "French", "President" } },
    { "Shares in General Motors fell after Chief Executive Mary Barra spoke.",
      { "General Motors", "Mary Barra" }, "OP", { "Chief", "Executive" } },
    { "The novel by Stephen King sold well.", { "Stephen King" }, NULL, { 0 } },
    { "Crowds greeted King Charles III in Paris.", { "Charles III", "Paris" }, "PL", { "King" } },
    { "Mr Starmer met Ms Badenoch.", { "Starmer", "Badenoch" }, "PP", { "Mr", "Ms" } },
    { "Crown Prince Mohammed bin Salman met Foreign Secretary David Lammy.",
      { "Mohammed bin Salman", "David Lammy" }, "PP", { "Crown", "Prince", "Foreign", "Secretary" } },
    { "The Home Office published the figures.", { "Home Office" }, "O", { "The" } },
    { "Bank of England Governor Andrew Bailey spoke.", { "Bank of England", "Andrew Bailey" }, "OP", { "Governor" } },
    { "Markets watched England Governor Andrew Bailey.", { "England", "Andrew Bailey" }, "LP", { "Governor" } },
    { "Lady Gaga sang.", { "Lady Gaga" }, NULL, { 0 } },
    { "Secretary-General Ant\xC3\xB3nio Guterres warned.", { "Ant\xC3\xB3nio Guterres" }, "P", { "Secretary", "General" } },
    /* quotes, "of", leftovers around titles */
    { "Ms Hewitt said: \"We have doubled it.\"", { "Hewitt" }, "P", { "We", "Ms" } },
    { "Talks failed. \xE2\x80\x9CThese plans are dead,\xE2\x80\x9D Macron said.", { "Macron" }, NULL, { "These" } },
    { "Rates were set by the Bank of England.", { "Bank of England" }, "O", { 0 } },
    { "The Freedom of Information Act came into force.", { "Freedom of Information Act" }, NULL, { "The" } },
    { "Talks with Secretary of State Antony Blinken ended.", { "Antony Blinken" }, "P", { "State", "Secretary", "of" } },
    { "Talks with the King of Spain ended.", { "Spain" }, "L", { "King", "of" } },
    { "Speaking of Paris, he smiled.", { "Paris" }, NULL, { "Speaking", "of" } },
    { "Pay was raised by the Trade and Industry Secretary Patricia Hewitt.", { "Patricia Hewitt" }, "P", { "Trade", "Industry" } },
    /* "U.S. Trade" is not a name: the title's country and portfolio */
    { "Talks with U.S. Trade Representative Clayton Yeutter ended.", { "U.S.", "Clayton Yeutter" }, ".P", { "Trade", "Representative" } },
    { "\"I'm happy,\" said Collins of Northern Ireland.", { "Collins", "Northern Ireland" }, ".L", { "I'm" } },
    { "Church of England bishops met the Duke of Edinburgh.", { "Church of England", "Duke of Edinburgh" }, NULL, { 0 } },
    /* days and months */
    { "Talks resume on Monday in Geneva.", { "Geneva" }, "L", { "Monday" } },
    { "The vote is due in May, said Theresa May.", { "Theresa May" }, NULL, { 0 } },
    { "Prices fell in January and March.", { NULL }, NULL, { "January", "March" } },
    { "The decision was announced by Starmer Monday.", { "Starmer" }, NULL, { "Monday" } },
    { "The Good Friday Agreement was signed in 1998.", { "Good Friday Agreement" }, NULL, { "The" } },
    { "Elections on May 5 favoured Labour.", { "Labour" }, NULL, { "May", "Elections" } },
    /* indented lines: paragraphs of wire copy and table rows start afresh */
    { "Qtly div 12 cts vs 12 cts prior\n    Pay May 5\n    Record April 9", { NULL }, NULL, { "Pay", "Record", "May" } },
    { "Shr 52 cts vs 49 cts\n    Net 1,751,609 vs 1,622,503\n    Revs 85.9 mln vs 85.1 mln",
      { NULL }, NULL, { "Shr", "Net", "Revs" } },
    { "Net 1.2 mln vs 1.1 mln\n    NOTE: figures restated by Exxon Corp.", { "Exxon Corp" }, NULL, { "NOTE" } },
    { "Profits rose at the unit\n    Tesco said, and Tesco shares rose.", { "Tesco", "Tesco" }, NULL, { 0 } },
    { "Profits rose at the unit\n    Keir Starmer said so.", { "Keir Starmer" }, NULL, { 0 } },
    { "The plan was backed by the\nEuropean Commission today.", { "European Commission" }, NULL, { 0 } },
    /* kinds */
    { "Rates were held by the European Central Bank.", { "European Central Bank" }, "O", { 0 } },
    { "Fans in New Zealand celebrated.", { "New Zealand" }, "L", { 0 } },
    { "Troops left the West Bank.", { "West Bank" }, "L", { 0 } },
    { "Shares in Apple Inc rose.", { "Apple Inc" }, "O", { 0 } },
    { "Unrest spread in the United Kingdom.", { "United Kingdom" }, "L", { 0 } },
    /* issue 19: whole names, suffixes, roles, not-names */
    { "US National Security Adviser Keith Kellogg met them.", { "US", "Keith Kellogg" }, "LP",
      { "National", "Security", "Adviser" } },
    { "The Securities and Exchange Commission (SEC) said so.",
      { "Securities and Exchange Commission", "SEC" }, "OO", { 0 } },
    { "Filings with the Securities and Exchange Commission rose.", { "Securities and Exchange Commission" }, "O",
      { 0 } },
    { "The offer is managed by Goldman, Sachs and Co and Kidder, Peabody and Co.",
      { "Goldman, Sachs and Co", "Kidder, Peabody and Co" }, "OO", { 0 } },
    { "Shares were placed through Smith Barney, Harris Upham and Co.", { "Smith Barney, Harris Upham and Co" },
      "O", { 0 } },
    { "The notes were sold through Smith and Sons Inc yesterday.", { "Smith and Sons Inc" }, "O", { 0 } },
    { "He sold the Co Inc stake and the Co unit.", { NULL }, NULL, { "Co", "Inc" } },
    { "Standard and Poor's Corp cut the rating.", { "Standard and Poor's Corp" }, "O", { 0 } },
    { "Talks under the General Agreement on Tariffs and Trade resumed.",
      { "General Agreement on Tariffs and Trade" }, NULL, { 0 } },
    { "The Ministry of International Trade and Industry said it would act.",
      { "Ministry of International Trade and Industry" }, "O", { 0 } },
    { "Talks between Paris and London stalled again.", { "Paris", "London" }, "LL", { "and" } },
    { "Youghal Carpets (Holdings) Plc agreed to merge.", { "Youghal Carpets (Holdings) Plc" }, "O", { 0 } },
    { "Engineers at Stone & McCarthy Research said so.", { "Stone & McCarthy Research" }, "O", { 0 } },
    { "    Rockwell International Corp <ROK> - Shelf offering of up to 200 mln dlrs\n",
      { "Rockwell International Corp" }, "O", { "Shelf", "ROK" } },
    { "    Paine Webber Group Inc <PWJ> - Offering of 3.6 mln shares\n", { "Paine Webber Group Inc" }, "O",
      { "Offering", "PWJ" } },
    { "    Freymiller Trucking Inc - Initial public offering of one mln shares\n",
      { "Freymiller Trucking Inc" }, "O", { "Initial" } },
    { "    WHEAT    1,234    5,678\n    DEC7    12.50    12.60\n    CORN    2.50    2.60\n", { NULL }, NULL,
      { "WHEAT", "DEC7", "CORN" } },
    { "Kuwaiti officials met West German bankers and Latin American traders.", { NULL }, NULL,
      { "Kuwaiti", "West", "German", "Latin" } },
    { "Iranians and Americans disagreed.", { NULL }, NULL, { "Iranians", "Americans" } },
    { "The third largest exposure after the U.S. And Japan.", { "U.S.", "Japan" }, "LL", { "And" } },
    { "Butter went at 2.27 times New York May, and New York Sept.", { "New York", "New York" }, "LL",
      { "May", "Sept" } },
    { "The firm will file for Chapter 11 protection.", { NULL }, NULL, { "Chapter" } },
    { "The Budget was approved by the Cabinet.", { NULL }, NULL, { "Budget", "Cabinet" } },
    { "TVs and LCD screens sold well.", { NULL }, NULL, { "TVs", "LCD" } },
    { "Total Bahia sales are estimated at six mln bags.", { "Bahia" }, NULL, { "Total" } },
    { "Sugar prices fell. Coffee rose on the news.", { NULL }, NULL, { "Sugar", "Coffee" } },
    { "The House of Commons voted and the Bank of Japan bought dollars.",
      { "House of Commons", "Bank of Japan" }, "OO", { 0 } },
    { "Prices rose in April-July, officials said.", { NULL }, NULL, { "April", "July" } },
    { "India-Pakistan peace boosts trade", { "India", "Pakistan" }, "LL", { 0 } },
    { "The Tories dismissed the plan, Labour said.", { "Tories", "Labour" }, "OO", { 0 } },
    { "Fans queued for Euro 2004 tickets.", { "Euro 2004" }, NULL, { 0 } },
    { "Judge Charles Harris QC made his remarks.", { "Charles Harris" }, "P", { "QC", "Judge" } },
    { "Senate Democratic leader Robert Byrd failed.", { "Senate", "Robert Byrd" }, "OP", { "Democratic" } },
    { "The rebels were called Nicaraguan Contras by officials.", { "Contras" }, NULL, { "Nicaraguan" } },
    { "Engineering firm Balfour Beatty went on trial.", { "Balfour Beatty" }, "O", { "Engineering" } },
    { "It was said by analyst Edward Atorino of the firm.", { "Edward Atorino" }, "P", { "analyst" } },
    { "Federal Reserve Board Vice Chairman\nManuel Johnson said he does not see increasing pressure on\n"
      "interest rates but said the Fed would watch out for developments that could push them\n"
      "higher in the months and years ahead of the next election cycle in the country.\n",
      { "Federal Reserve Board", "Manuel Johnson", "Fed" }, "OPO", { "Vice", "Chairman" } },
    /* a word inside a name mid-sentence vouches for nothing at a sentence start */
    { "Digital music downloads count now. The Hot Digital Sales chart grew. Sales of songs rose.",
      { "Hot Digital Sales" }, NULL, { 0 } },
    /* empty and junk */
    { "", { NULL }, NULL, { 0 } },
    { "... -- !!", { NULL }, NULL, { 0 } },
};

/* Cases in German and French (names.h says what each language gets). */
typedef struct lang_case {
    nx_names_lang lang;
    name_case c;
} lang_case;

static const lang_case k_lang_cases[] = {
    /* German: nouns are capitalised, names need more */
    { NX_NAMES_DE, { "Die Gewerkschaft fordert eine kürzere Arbeitszeit und höhere Löhne. Die Wähler sind gespalten.",
      { NULL }, NULL, { "Arbeitszeit", "Löhne", "Wähler", "Die" } } },
    { NX_NAMES_DE, { "Die GDL hat für Mittwoch den Fernverkehr der Deutschen Bahn bestreikt.", { "GDL", "Deutschen Bahn" },
      "OO", { "Mittwoch", "Fernverkehr", "der" } } },
    { NX_NAMES_DE, { "GDL-Chef Claus Weselsky sagte am Morgen in Frankfurt, die Löhne müssten steigen.",
      { "GDL", "Claus Weselsky", "Frankfurt" }, "OPL", { "Chef", "Morgen", "Löhne" } } },
    { NX_NAMES_DE, { "Die Delegationen unter Leitung von Friedrich Merz berieten.", { "Friedrich Merz" }, "P",
      { "Leitung", "von" } } },
    { NX_NAMES_DE, { "Die Europäische Zentralbank (EZB) und die Deutsche Bundesbank warnten.",
      { "Europäische Zentralbank", "EZB", "Deutsche Bundesbank" }, "OOO", { "Die" } } },
    { NX_NAMES_DE, { "Nach der Bundestagswahl trafen sich Union und SPD in Berlin.", { "Union", "SPD", "Berlin" }, "OOL",
      { "Nach", "Bundestagswahl" } } },
    { NX_NAMES_DE, { "Ursula von der Leyen sprach mit Frankfurt am Main.", { "Ursula von der Leyen", "Frankfurt am Main" },
      "PL", { 0 } } },
    /* French: articles, elision, adjectives inside names */
    { NX_NAMES_FR, { "Les syndicats de la SNCF ont appelé à la grève.", { "SNCF" }, "O", { "Les", "la" } } },
    { NX_NAMES_FR, { "Le ministre de l'Économie Bruno Le Maire a parlé de l'OTAN.", { "Bruno Le Maire", "OTAN" }, "PO",
      { "Économie", "l'OTAN" } } },
    { NX_NAMES_FR, { "La Commission européenne et la Banque centrale européenne ont répondu.",
      { "Commission européenne", "Banque centrale européenne" }, "OO", { "La" } } },
    { NX_NAMES_FR, { "L'action Airbus a gagné 2 % selon les analystes de la Société Générale.",
      { "Airbus", "Société Générale" }, "OO", { "L'action", "de" } } },
    { NX_NAMES_FR, { "Le président Xavier Dupont a reçu M. Macron et Mme Merkel à l'Élysée.",
      { "Xavier Dupont", "Macron", "Merkel", "Élysée" }, "PPPL", { "M", "Mme" } } },
};

static const char *kind_name(nx_name_type k)
{
    switch (k) {
    case NX_NAME_PERSON: return "P";
    case NX_NAME_PLACE: return "L";
    case NX_NAME_ORG: return "O";
    default: return "X";
    }
}

static void dump(const char *text, const nx_namelist *nl)
{
    fprintf(stderr, "  text: %s\n  got:", text);
    for (size_t i = 0; i < nl->n; i++)
        fprintf(stderr, " [%s|%s|%s]", nx_name_display(nl, i), nx_name_key(nl, i),
                kind_name(nl->v[i].type));
    fprintf(stderr, "\n");
}

/* Does display form d contain word w (split at spaces and hyphens)? */
static int has_word(const char *d, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = d; *p;) {
        size_t n = strcspn(p, " -");
        if (n == wl && memcmp(p, w, n) == 0)
            return 1;
        p += n;
        if (*p)
            p++;
    }
    return strcmp(d, w) == 0;
}

/* Checks the invariants every result must hold, whatever the input. */
static void check_invariants(const char *text, size_t len, const nx_toklist *tl, const nx_namelist *nl)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < nl->n; i++) {
        const nx_name *m = &nl->v[i];
        assert_true(m->start < m->end);
        assert_true(m->end <= len);
        assert_true(m->start >= prev_end);
        prev_end = m->end;
        assert_true(m->ntok >= 1);
        assert_true(m->first_tok + m->ntok <= tl->n);
        assert_true(m->key_off < nl->buflen && m->disp_off < nl->buflen);
        const char *k = memchr(nl->buf + m->key_off, '\0', nl->buflen - m->key_off);
        const char *d = memchr(nl->buf + m->disp_off, '\0', nl->buflen - m->disp_off);
        assert_non_null(k);
        assert_non_null(d);
        size_t dl = (size_t)(d - (nl->buf + m->disp_off));
        if (!(dl > 0 && dl <= m->end - m->start + m->ntok)) {
            fprintf(stderr, "display '%s' longer than span [%zu,%zu) of '%.*s'\n",
                    nl->buf + m->disp_off, m->start, m->end, (int)len, text);
            fail();
        }
        /* at most one added separator per token ("J.Smith" shows as "J. Smith") */
        /* the display starts with the source bytes at the name's start */
        size_t fl = strcspn(nl->buf + m->disp_off, " -");
        assert_memory_equal(nl->buf + m->disp_off, text + m->start, fl);
        assert_true((int)m->type >= NX_NAME_OTHER && (int)m->type <= NX_NAME_PLACE);
    }
}

static void find(const char *text, size_t len, nx_toklist *tl, nx_namelist *nl)
{
    assert_int_equal(nx_tokenize(text, len, tl), NX_OK);
    assert_int_equal(nx_find_names(text, len, tl, nl), NX_OK);
    check_invariants(text, len, tl, nl);
}

static int run_case(const name_case *c, nx_names_lang lang, nx_toklist *tl, nx_namelist *nl)
{
    nx_namefind_opts o = { lang, 0 };
    assert_int_equal(nx_tokenize(c->text, strlen(c->text), tl), NX_OK);
    assert_int_equal(nx_find_names_ex(c->text, strlen(c->text), tl, &o, nl), NX_OK);
    check_invariants(c->text, strlen(c->text), tl, nl);
    size_t want = 0;
    while (want < 6 && c->expect[want])
        want++;
    int ok = nl->n == want;
    for (size_t i = 0; ok && i < want; i++) {
        ok = strcmp(nx_name_display(nl, i), c->expect[i]) == 0;
        if (ok && c->kinds && c->kinds[i] != '.')
            ok = c->kinds[i] == kind_name(nl->v[i].type)[0];
    }
    for (size_t a = 0; ok && a < 4 && c->absent[a]; a++)
        for (size_t i = 0; i < nl->n; i++)
            if (has_word(nx_name_display(nl, i), c->absent[a]))
                ok = 0;
    if (!ok) {
        fprintf(stderr, "FAIL: want");
        for (size_t i = 0; i < want; i++)
            fprintf(stderr, " [%s|%c]", c->expect[i], c->kinds ? c->kinds[i] : '.');
        fprintf(stderr, "\n");
        dump(c->text, nl);
    }
    return ok;
}

static void test_table(void **state)
{
    (void)state;
    nx_toklist tl;
    nx_namelist nl;
    nx_toklist_init(&tl);
    nx_namelist_init(&nl);
    size_t n = sizeof k_cases / sizeof *k_cases, failed = 0;
    assert_true(n >= 70);
    for (size_t i = 0; i < n; i++)
        failed += !run_case(&k_cases[i], NX_NAMES_EN, &tl, &nl);
    for (size_t i = 0; i < sizeof k_lang_cases / sizeof *k_lang_cases; i++)
        failed += !run_case(&k_lang_cases[i].c, k_lang_cases[i].lang, &tl, &nl);
    n += sizeof k_lang_cases / sizeof *k_lang_cases;
    if (failed)
        fprintf(stderr, "%zu of %zu cases failed\n", failed, n);
    assert_int_equal(failed, 0);
    nx_namelist_free(&nl);
    nx_toklist_free(&tl);
}

/* ------------------------------------------------------------ one entry per name (coref.c) */

typedef struct ent_want {
    const char *display;
    char type;              /* P L O X */
    unsigned mentions;      /* 0: unchecked */
} ent_want;

typedef struct article_case {
    nx_names_lang lang;
    const char *title, *body;
    ent_want want[5];       /* names that must be there (others may be) */
    const char *absent[4];  /* displays no name may have */
} article_case;

static const article_case k_articles[] = {
    /* the wire story: the surname a dozen times, the given name
     * and a possessive count toward the full name */
    { NX_NAMES_EN, "Starmer presses on with Ukraine plan",
      "Prime Minister Keir Starmer met European leaders in London. Starmer said the talks went well. "
      "Officials close to Starmer said Keir's plan had support. Starmer spoke again later, and "
      "Starmer's aides briefed reporters. \"We are close,\" Starmer said. Critics said Starmer had "
      "promised too much. Starmer rejected that. Starmer met Zelensky. Starmer then flew home. "
      "Starmer will report to Parliament, where Starmer faces questions.",
      { { "Keir Starmer", 'P', 14 }, { "London", 'L', 1 } }, { "Starmer", "Keir" } },
    { NX_NAMES_EN, NULL,
      "Talks were hosted by Ursula von der Leyen in Brussels. Von der Leyen said Europe would act.",
      { { "Ursula von der Leyen", 'P', 2 }, { "Brussels", 'L', 1 } }, { "Von der Leyen" } },
    { NX_NAMES_EN, NULL,
      "US National Security Adviser Keith Kellogg arrived. Kellogg said the US would help.",
      { { "Keith Kellogg", 'P', 2 }, { "US", 'L', 2 } }, { "Kellogg" } },
    { NX_NAMES_EN, NULL,
      "President Ronald Reagan signed the bill. Reagan said it would help farmers.",
      { { "Ronald Reagan", 'P', 2 } }, { "Reagan" } },
    { NX_NAMES_EN, NULL,
      "A report by the U.S. Securities and Exchange Commission (SEC) concluded that index trading was "
      "not to blame. The SEC staff said it would watch. The SEC said more.",
      { { "Securities and Exchange Commission", 'O', 4 }, { "U.S.", 'L', 1 } }, { "SEC" } },
    { NX_NAMES_EN, NULL,
      "The United States urged Canada to act. U.S. officials said the United States would wait.",
      { { "United States", 'L', 3 }, { "Canada", 'L', 1 } }, { "U.S." } },
    { NX_NAMES_EN, NULL,
      "<Multi-Step Products Inc>, earlier reporting a loss, said it agreed to sell a unit.\n"
      "    Multi-Step also said it will pay 900,000 dlrs. Multi-Step had a loss.",
      { { "Multi-Step Products Inc", 'O', 3 } }, { "Multi-Step" } },
    { NX_NAMES_EN, NULL,
      "Shares of Eastman Kodak Co rose. Analysts said Kodak would gain.",
      { { "Eastman Kodak Co", 'O', 2 } }, { "Kodak" } },
    /* a headline's lone first word counts when the story names it in full */
    { NX_NAMES_EN, "Blair returns from peace mission",
      "Prime Minister Tony Blair has arrived back from the Middle East.",
      { { "Tony Blair", 'P', 2 }, { "Middle East", 'L', 1 } }, { "Blair" } },
    /* ... and not when it is an ordinary word the text also writes in lower case */
    { NX_NAMES_EN, NULL,
      "The Hot Digital Sales chart grew. Sales of songs rose as sales of discs fell.",
      { { "Hot Digital Sales", 'X', 1 } }, { "Sales" } },
    /* German: lone nouns count only as forms of a name given in full */
    { NX_NAMES_DE, "Streik bei der Deutschen Bahn",
      "GDL-Chef Claus Weselsky sagte, die Arbeitszeit müsse sinken. Weselsky warf dem Vorstand "
      "Untätigkeit vor. Die Kunden würden bestraft, sagte Weselsky.",
      { { "Claus Weselsky", 'P', 3 }, { "Deutschen Bahn", 'O', 1 }, { "GDL", 'O', 1 } },
      { "Weselsky", "Arbeitszeit", "Kunden", "Vorstand" } },
    { NX_NAMES_FR, "Emmanuel Macron reçoit Olaf Scholz",
      "Le président Emmanuel Macron a reçu le chancelier Olaf Scholz. M. Macron a plaidé pour "
      "l'Europe. Scholz s'est montré prudent.",
      { { "Emmanuel Macron", 'P', 3 }, { "Olaf Scholz", 'P', 3 } }, { "Macron", "Scholz" } },
};

static int has_entity_display(const nx_article_names *an, const char *d)
{
    for (size_t e = 0; e < an->nent; e++)
        if (!strcmp(nx_entity_str(an, an->ent[e].disp_off), d))
            return 1;
    return 0;
}

static void dump_entities(const nx_article_names *an)
{
    for (size_t e = 0; e < an->nent; e++) {
        char *info = nx_name_info_format(an, e);
        fprintf(stderr, "  [%s] %s\n", nx_entity_str(an, an->ent[e].disp_off), info ? info : "");
        free(info);
    }
}

static void test_articles(void **state)
{
    (void)state;
    nx_toklist tl[2];
    nx_toklist_init(&tl[0]);
    nx_toklist_init(&tl[1]);
    nx_article_names an;
    nx_article_names_init(&an);
    size_t failed = 0;
    for (size_t i = 0; i < sizeof k_articles / sizeof *k_articles; i++) {
        const article_case *ac = &k_articles[i];
        const char *title = ac->title ? ac->title : "";
        assert_int_equal(nx_tokenize(title, strlen(title), &tl[0]), NX_OK);
        assert_int_equal(nx_tokenize(ac->body, strlen(ac->body), &tl[1]), NX_OK);
        nx_names_input in[NX_NSEGS] = { { title, strlen(title), &tl[0] },
                                        { ac->body, strlen(ac->body), &tl[1] } };
        nx_namefind_opts o = { ac->lang, 1 };
        assert_int_equal(nx_article_names_find(&an, in, &o), NX_OK);
        int ok = 1;
        for (size_t w = 0; w < 5 && ac->want[w].display; w++) {
            const ent_want *ew = &ac->want[w];
            int found = 0;
            for (size_t e = 0; e < an.nent && !found; e++) {
                if (strcmp(nx_entity_str(&an, an.ent[e].disp_off), ew->display) != 0)
                    continue;
                found = kind_name(an.ent[e].type)[0] == ew->type &&
                        (!ew->mentions || an.ent[e].mentions == ew->mentions);
            }
            ok &= found;
        }
        for (size_t a = 0; a < 4 && ac->absent[a]; a++)
            ok &= !has_entity_display(&an, ac->absent[a]);
        if (!ok) {
            fprintf(stderr, "FAIL: article case %zu:\n", i);
            dump_entities(&an);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
    nx_article_names_free(&an);
    nx_toklist_free(&tl[0]);
    nx_toklist_free(&tl[1]);
}

/* The stored description: role, aliases, counts survive format + parse. */
static void test_name_info(void **state)
{
    (void)state;
    const char *body = "US National Security Adviser Keith Kellogg arrived. Kellogg said the US would help. "
                       "Keith spoke last.";
    nx_toklist tl[2];
    nx_toklist_init(&tl[0]);
    nx_toklist_init(&tl[1]);
    assert_int_equal(nx_tokenize(body, strlen(body), &tl[1]), NX_OK);
    nx_names_input in[NX_NSEGS] = { { "", 0, &tl[0] }, { body, strlen(body), &tl[1] } };
    nx_article_names an;
    nx_article_names_init(&an);
    assert_int_equal(nx_article_names_find(&an, in, NULL), NX_OK);
    size_t k = an.nent;
    for (size_t e = 0; e < an.nent; e++)
        if (!strcmp(nx_entity_str(&an, an.ent[e].key_off), "keith kellogg"))
            k = e;
    assert_true(k < an.nent);
    char *info = nx_name_info_format(&an, k);
    assert_non_null(info);
    nx_name_info ni;
    nx_name_info_parse(info, &ni);
    assert_int_equal(ni.type, NX_NAME_PERSON);
    assert_int_equal(ni.mentions, 3);
    assert_true(ni.salience > 3.0);         /* the first mention is in the lead */
    assert_int_equal(ni.role_len, strlen("National Security Adviser"));
    assert_memory_equal(ni.role, "National Security Adviser", ni.role_len);
    assert_true(ni.aliases_len >= 7 && strncmp(ni.aliases, "kellogg", 7) == 0);
    free(info);
    /* older records and garbage read as one "other" mention */
    nx_name_info_parse(NULL, &ni);
    assert_int_equal(ni.type, NX_NAME_OTHER);
    assert_int_equal(ni.mentions, 1);
    nx_name_info_parse("bogus\tx\t-3", &ni);
    assert_int_equal(ni.type, NX_NAME_OTHER);
    assert_int_equal(ni.mentions, 1);
    assert_true(ni.salience == 1.0);
    /* the type names and their parser agree */
    for (int t = NX_NAME_OTHER; t <= NX_NAME_PLACE; t++) {
        nx_name_type back;
        assert_int_equal(nx_name_type_parse(nx_name_type_name((nx_name_type)t), &back), NX_OK);
        assert_int_equal(back, t);
    }
    nx_name_type back;
    assert_int_equal(nx_name_type_parse("ORG", &back), NX_OK);
    assert_int_equal(back, NX_NAME_ORG);
    assert_int_equal(nx_name_type_parse("city", &back), NX_ERR_INVALID);
    nx_article_names_free(&an);
    nx_toklist_free(&tl[0]);
    nx_toklist_free(&tl[1]);
}

/* ------------------------------------------------------------ spans, keys, tokens */

typedef struct span_case {
    const char *text;
    size_t idx;             /* which name */
    size_t start, end;      /* its byte span */
    const char *key;
    size_t first_tok, ntok;
} span_case;

static const span_case k_spans[] = {
    { "The plan was Starmer's idea.", 0, 13, 20, "starmer", 3, 1 },
    { "Critics attacked Macron\xE2\x80\x99s reform.", 0, 17, 23, "macron", 2, 1 },
    { "Voters backed Donald J. Trump in November.", 0, 14, 29, "donald j trump", 2, 3 },
    { "The summit was chaired by Ant\xC3\xB3nio Costa.", 0, 26, 40, "ant\xC3\xB3nio costa", 5, 2 },
    { "Officials met Jean-Claude Juncker today.", 0, 14, 33, "jean-claude juncker", 2, 3 },
    { "It was Ursula von der Leyen.", 0, 7, 27, "ursula von der leyen", 2, 4 },
    { "Forces loyal to Bashar al-Assad's army.", 0, 16, 31, "bashar al-assad", 3, 3 },
    { "Talks with Recep Tayyip ERDO\xC4\x9E" "AN failed.", 0, 11, 23, "recep tayyip", 2, 2 },
    { "Danish author S\xC3\xB8ren Kierkegaard wrote.", 0, 14, 32, "s\xC3\xB8ren kierkegaard", 2, 2 },
    { "Talks were led by President Emmanuel Macron.", 0, 28, 43, "emmanuel macron", 5, 2 },
    { "The U.S. economy grew.", 0, 4, 8, "us", 1, 1 },
    { "Prime Minister Keir Starmer visited Kyiv.", 1, 36, 40, "kyiv", 5, 1 },
    { "Voters cheered O\xE2\x80\x99" "Brien\xE2\x80\x99s win.", 0, 15, 24, "o'brien", 2, 1 },
};

static void test_spans_keys(void **state)
{
    (void)state;
    nx_toklist tl = { 0 };
    nx_namelist nl = { 0 };
    for (size_t i = 0; i < sizeof k_spans / sizeof *k_spans; i++) {
        const span_case *s = &k_spans[i];
        find(s->text, strlen(s->text), &tl, &nl);
        if (nl.n <= s->idx || nl.v[s->idx].start != s->start || nl.v[s->idx].end != s->end ||
            strcmp(nx_name_key(&nl, s->idx), s->key) != 0 ||
            nl.v[s->idx].first_tok != s->first_tok || nl.v[s->idx].ntok != s->ntok) {
            fprintf(stderr, "span case %zu: want [%zu,%zu) '%s' tok %zu+%zu\n", i, s->start,
                    s->end, s->key, s->first_tok, s->ntok);
            for (size_t k = 0; k < nl.n; k++)
                fprintf(stderr, "  got [%zu,%zu) '%s' tok %zu+%zu\n", nl.v[k].start, nl.v[k].end,
                        nx_name_key(&nl, k), nl.v[k].first_tok, nl.v[k].ntok);
            fail();
        }
    }
    nx_namelist_free(&nl);
    nx_toklist_free(&tl);
}

/* ------------------------------------------------------------ lists and odd input */

static void test_reuse_and_empty(void **state)
{
    (void)state;
    nx_toklist tl;
    nx_namelist nl;
    nx_toklist_init(&tl);
    nx_namelist_init(&nl);

    /* empty text, NULL text, empty token list */
    find("", 0, &tl, &nl);
    assert_int_equal(nl.n, 0);
    assert_int_equal(nx_find_names(NULL, 0, &tl, &nl), NX_OK);
    assert_int_equal(nl.n, 0);

    /* a big text warms the buffers; the same and a smaller one reuse them */
    size_t reps = 400;
    const char *unit = "Talks with Keir Starmer in Brussels ended. ";
    size_t ul = strlen(unit);
    char *big = malloc(reps * ul + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    big[reps * ul] = '\0';
    find(big, reps * ul, &tl, &nl);
    assert_int_equal(nl.n, 2 * reps);
    assert_string_equal(nx_name_display(&nl, 2 * reps - 1), "Brussels");
    nx_name *v = nl.v;
    char *buf = nl.buf;
    find(big, reps * ul, &tl, &nl);
    assert_ptr_equal(nl.v, v);
    assert_ptr_equal(nl.buf, buf);
    find("Talks with Angela Merkel.", 25, &tl, &nl);
    assert_ptr_equal(nl.v, v);
    assert_ptr_equal(nl.buf, buf);
    assert_int_equal(nl.n, 1);
    assert_string_equal(nx_name_key(&nl, 0), "angela merkel");
    free(big);

    /* a list from another text: names are refilled, the old ones gone */
    find("nothing here at all", 19, &tl, &nl);
    assert_int_equal(nl.n, 0);
    nx_namelist_free(&nl);
    nx_namelist_free(&nl);      /* twice is harmless */
    nx_toklist_free(&tl);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    nx_toklist tl = { 0 };
    nx_namelist nl = { 0 };
    const char text[] = "Talks with \xff\xfeMacron\x80 in Par\xc3 and \xed\xa0\x80" "Berlin\xe2\x82";
    find(text, sizeof text - 1, &tl, &nl);
    int macron = 0, berlin = 0;
    for (size_t i = 0; i < nl.n; i++) {
        macron |= strcmp(nx_name_display(&nl, i), "Macron") == 0;
        berlin |= strcmp(nx_name_display(&nl, i), "Berlin") == 0;
    }
    assert_true(macron && berlin);
    /* a NUL inside the text separates words like any control byte */
    const char nul[] = "Talks with Angela\0Merkel ended";
    find(nul, sizeof nul - 1, &tl, &nl);
    for (size_t i = 0; i < nl.n; i++)
        assert_null(strchr(nx_name_display(&nl, i), ' '));
    nx_namelist_free(&nl);
    nx_toklist_free(&tl);
}

/* A token list that does not match its text (a caller bug) must not make
 * the recogniser read out of bounds: such tokens are ignored. */
static void test_hostile_toklist(void **state)
{
    (void)state;
    const char *text = "Talks with Keir Starmer";
    char normbuf[] = "talks\0with\0keir\0starmer";
    nx_token tok[6] = {
        { 0, 5, 0, 5, 0, NX_TOK_CAPITALISED | NX_TOK_SENT_START },
        { 6, 10, 6, 4, 1, 0 },
        { 11, 15, 11, 4, 2, NX_TOK_CAPITALISED },
        { 16, 23, 16, 7, 3, NX_TOK_CAPITALISED },
        { 20, 900, 16, 7, 4, NX_TOK_CAPITALISED },          /* span past the text */
        { 1, 2, 5000, 3, 5, NX_TOK_CAPITALISED | NX_TOK_POSSESSIVE }, /* norm past the buffer */
    };
    nx_toklist tl = { tok, 6, 6, normbuf, sizeof normbuf, sizeof normbuf };
    nx_namelist nl = { 0 };
    assert_int_equal(nx_find_names(text, strlen(text), &tl, &nl), NX_OK);
    assert_int_equal(nl.n, 1);
    assert_string_equal(nx_name_display(&nl, 0), "Keir Starmer");
    /* NULL text with a non-empty list: nothing found, nothing read */
    assert_int_equal(nx_find_names(NULL, 0, &tl, &nl), NX_OK);
    assert_int_equal(nl.n, 0);
    nx_namelist_free(&nl);
}

/* ------------------------------------------------------------ fuzz */

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const k_frags[] = {
    "Keir ", "Starmer", "'s ", "\xE2\x80\x99s ", "-", "von ", "der ", "al-", "Mr. ", "J. ",
    "NATO ", "OIL PRICES ", ". ", ", ", "\n", "\n\n", "\xC3\x89mile ", "the ", "said ",
    "President ", "Prime Minister ", "Monday ", "May ", "(", ") - ", "U.S. ", "I ", "A. ",
    "\xff", "\xe2\x82", "ten ", "de ", "Jean-Claude ", "LONDON ", "Market Report\n", " ",
    "and ", "Co ", "Inc ", ", ", "& ", "(SEC) ", "Securities ", "Die ", "GDL-Chef ", "l'", "L'\xC3\x89lys\xC3\xA9" "e ",
    "<XX> ", " - ", "of the ", "1,234 ", "Kuwaiti ", "Commission ", "eBay ", "Starmer ",
};

static void test_fuzz_text(void **state)
{
    (void)state;
    nx_toklist tl = { 0 }, tl2 = { 0 };
    nx_namelist nl = { 0 };
    nx_article_names an;
    nx_article_names_init(&an);
    uint32_t seed = 0x9e3779b9u;
    char text[512];
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = 0, target = rng_next(&seed) % 400;
        while (len < target) {
            uint32_t r = rng_next(&seed);
            if (r % 4 == 0) {
                text[len++] = (char)(rng_next(&seed) & 0xff);   /* raw byte */
            } else {
                const char *f = k_frags[r % (sizeof k_frags / sizeof *k_frags)];
                size_t fl = strlen(f);
                if (len + fl > sizeof text)
                    break;
                memcpy(text + len, f, fl);
                len += fl;
            }
        }
        /* exact-length heap copy so ASan sees any read past the end */
        char *t = malloc(len ? len : 1);
        assert_non_null(t);
        memcpy(t, text, len);
        find(t, len, &tl, &nl);
        /* the same text as a body, in each language, through coref.c: every
         * kept mention names an entity, and every entity has a mention */
        nx_names_input in[NX_NSEGS] = { { "Keir Starmer", 12, &tl2 }, { t, len, &tl } };
        nx_namefind_opts o = { (nx_names_lang)(iter % 3), 1 };
        assert_int_equal(nx_tokenize("Keir Starmer", 12, &tl2), NX_OK);
        assert_int_equal(nx_article_names_find(&an, in, &o), NX_OK);
        unsigned total = 0;
        for (int sg = 0; sg < NX_NSEGS; sg++)
            for (size_t i = 0; i < an.nl[sg].n; i++) {
                assert_true(an.ent_of[sg][i] >= -1 && an.ent_of[sg][i] < (int)an.nent);
                total += an.ent_of[sg][i] >= 0;
            }
        unsigned sum = 0;
        for (size_t e = 0; e < an.nent; e++) {
            assert_true(an.ent[e].mentions >= 1);
            sum += an.ent[e].mentions;
            char *info = nx_name_info_format(&an, e);
            assert_non_null(info);
            free(info);
        }
        assert_int_equal(sum, total);
        free(t);
    }
    nx_article_names_free(&an);
    nx_toklist_free(&tl2);
    nx_namelist_free(&nl);
    nx_toklist_free(&tl);
}

/* Random token lists (spans, flags and normalised offsets anywhere) over a
 * random text: the recogniser must keep every result in bounds. */
static void test_fuzz_tokens(void **state)
{
    (void)state;
    nx_namelist nl = { 0 };
    uint32_t seed = 12345u;
    for (int iter = 0; iter < 2000; iter++) {
        size_t len = 1 + rng_next(&seed) % 120, ntok = rng_next(&seed) % 40;
        size_t nbuf = 1 + rng_next(&seed) % 200;
        char *text = malloc(len);
        char *nbufp = malloc(nbuf);
        nx_token *tok = malloc((ntok ? ntok : 1) * sizeof *tok);
        assert_true(text && nbufp && tok);
        for (size_t i = 0; i < len; i++)
            text[i] = "Ab .'s-\n\xE2\x80\x99Z"[rng_next(&seed) % 12];
        for (size_t i = 0; i < nbuf; i++)
            nbufp[i] = (i + 1 == nbuf || rng_next(&seed) % 5 == 0) ? '\0' : (char)('a' + rng_next(&seed) % 3);
        for (size_t i = 0; i < ntok; i++) {
            size_t a = rng_next(&seed) % (len + 4), b = a + rng_next(&seed) % 8;
            tok[i].start = a;
            tok[i].end = b;
            tok[i].norm_off = rng_next(&seed) % (nbuf + 3);
            tok[i].norm_len = rng_next(&seed) % 6;
            tok[i].pos = (unsigned)i;
            tok[i].flags = rng_next(&seed) & 0x3ff;
        }
        nx_toklist tl = { tok, ntok, ntok, nbufp, nbuf, nbuf };
        assert_int_equal(nx_find_names(text, len, &tl, &nl), NX_OK);
        for (size_t i = 0; i < nl.n; i++) {
            const nx_name *m = &nl.v[i];
            assert_true(m->end <= len && m->start < m->end);
            assert_true(m->first_tok + m->ntok <= ntok);
            assert_true(m->key_off < nl.buflen && m->disp_off < nl.buflen);
            assert_non_null(memchr(nl.buf + m->disp_off, '\0', nl.buflen - m->disp_off));
        }
        free(text);
        free(nbufp);
        free(tok);
    }
    nx_namelist_free(&nl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_articles),
        cmocka_unit_test(test_name_info),
        cmocka_unit_test(test_spans_keys),
        cmocka_unit_test(test_reuse_and_empty),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_hostile_toklist),
        cmocka_unit_test(test_fuzz_text),
        cmocka_unit_test(test_fuzz_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
