#!/usr/bin/env python3
"""score.py - scores newsidx's name recognition against the hand annotations.

Glue only: what newsidx finds comes from nxnames (JSON Lines); this compares
it with gold.tsv and prints Markdown tables (README.md says how it counts).

  score.py ARTICLES.tsv GOLD.tsv PREDICT.jsonl [LABELS.jsonl] [--errors]

--errors lists the misses, false alarms and wrong types of the *tuning*
subset; the held-out subset's are never printed.
"""
import collections
import hashlib
import json
import re
import sys

TYPES = ["person", "organisation", "place", "other"]


def subset_of(ref):
    return "heldout" if int(hashlib.sha256(ref.encode()).hexdigest()[:8], 16) % 3 == 0 else "tune"


def norm_ws(s):
    return re.sub(r"\s+", " ", s)


def load_articles(path):
    arts = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        ref, lang, subset = line.rstrip("\n").split("\t")
        if subset != subset_of(ref):
            sys.exit("%s:%d: %s is in subset %r, but the rule puts it in %r" % (path, n, ref, subset, subset_of(ref)))
        arts.append((ref, lang, subset))
    return arts


def load_gold(path):
    gold = collections.defaultdict(list)
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        ref, field, start, end, typ, text = line.rstrip("\n").split("\t")
        if typ not in TYPES:
            sys.exit("%s:%d: unknown type %r" % (path, n, typ))
        gold[ref].append((field, int(start), int(end), typ, text, n))
    return gold


def prf(c, f, g):
    p = c / f if f else 0.0
    r = c / g if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Counts:
    def __init__(self):
        self.c = collections.Counter()

    def add(self, key, correct, found, gold):
        self.c[key, "c"] += correct
        self.c[key, "f"] += found
        self.c[key, "g"] += gold

    def row(self, key):
        c, f, g = self.c[key, "c"], self.c[key, "f"], self.c[key, "g"]
        p, r, f1 = prf(c, f, g)
        return "| %s | %d | %d | %d | %.3f | %.3f | %.3f |" % (key, g, f, c, p, r, f1)


def score(arts, gold, pred, show_errors):
    counts = {s: Counts() for s in ("tune", "heldout", "all")}
    errors = []
    narts = collections.Counter()
    for ref, lang, subset in arts:
        if ref not in pred:
            sys.exit("nxnames gave nothing for %s" % ref)
        p = pred[ref]
        fields = {k: v.encode() for k, v in p["fields"].items()}
        g = gold.get(ref, [])
        for field, start, end, typ, text, n in g:
            got = fields[field][start:end].decode(errors="replace")
            if norm_ws(got) != text:
                sys.exit("gold.tsv:%d: %s %s [%d,%d) is %r in the text, not %r: the reader's text changed; "
                         "re-annotate with annotate.py" % (n, ref, field, start, end, got, text))
        gspan = {(f, s, e): t for f, s, e, t, _, _ in g}
        pspan = {}
        for f, s, e, t, _ in p["mentions"]:
            pspan[(f, s, e)] = t
        narts[subset] += 1
        narts["all"] += 1
        for sub in (subset, "all"):
            cn = counts[sub]
            cn.add("all names (span)", len(gspan.keys() & pspan.keys()), len(pspan), len(gspan))
            cn.add("all names (typed)", sum(1 for k in gspan if pspan.get(k) == gspan[k]), len(pspan), len(gspan))
            for t in TYPES:
                gk = {k for k, v in gspan.items() if v == t}
                pk = {k for k, v in pspan.items() if v == t}
                cn.add(t, len(gk & pk), len(pk), len(gk))
            cn.add("lang " + lang + " (span)", len(gspan.keys() & pspan.keys()), len(pspan), len(gspan))
        if show_errors and subset == "tune":
            text = fields
            for k in sorted(gspan.keys() | pspan.keys(), key=lambda k: (k[0] != "title", k[1])):
                f, s, e = k
                surf = norm_ws(text[f][s:e].decode(errors="replace"))
                if k in gspan and k not in pspan:
                    errors.append("%s %s %d: MISSED %s %r" % (ref, f, s, gspan[k], surf))
                elif k in pspan and k not in gspan:
                    errors.append("%s %s %d: FALSE %s %r" % (ref, f, s, pspan[k], surf))
                elif gspan[k] != pspan[k]:
                    errors.append("%s %s %d: TYPE %s as %s %r" % (ref, f, s, gspan[k], pspan[k], surf))
    for sub, title in (("tune", "tuning"), ("heldout", "held-out"), ("all", "all")):
        print("\n### Names: %s subset (%d articles)\n" % (title, narts[sub]))
        print("| | gold | found | correct | precision | recall | F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        keys = TYPES + ["all names (span)", "all names (typed)"]
        keys += sorted(k for k, kind in counts[sub].c if k.startswith("lang ") and kind == "c")
        for k in keys:
            print(counts[sub].row(k))
    if show_errors:
        print("\n### Tuning subset errors\n")
        for e in errors:
            print(e)


# ORGS labels are abbreviations; what each names (lower case, as a stored
# name key would be).  Codes not listed match only themselves.
ORG_NAMES = {
    "ec": ["european community", "european communities", "european economic community", "eec",
           "european commission", "ec commission", "common market"],
    "imf": ["international monetary fund"],
    "opec": ["organization of petroleum exporting countries", "organisation of petroleum exporting countries"],
    "worldbank": ["world bank", "international bank for reconstruction and development"],
    "nyse": ["new york stock exchange", "big board"],
    "gatt": ["general agreement on tariffs and trade"],
    "nasdaq": ["national association of securities dealers"],
    "amex": ["american stock exchange"],
    "ico-coffee": ["international coffee organization", "international coffee organisation", "ico"],
    "oecd": ["organisation for economic co-operation and development",
             "organization for economic cooperation and development",
             "organisation for economic cooperation and development"],
    "icco": ["international cocoa organization", "international cocoa organisation"],
    "cbt": ["chicago board of trade", "cbot"],
    "cme": ["chicago mercantile exchange"],
    "tse": ["tokyo stock exchange", "toronto stock exchange"],
    "lse": ["london stock exchange", "stock exchange"],
    "adb-asia": ["asian development bank", "adb"],
    "cboe": ["chicago board options exchange"],
    "lme": ["london metal exchange"],
    "liffe": ["london international financial futures exchange"],
    "itc": ["international tin council"],
    "nymex": ["new york mercantile exchange"],
    "adb-africa": ["african development bank", "adb"],
    "un": ["united nations", "u.n."],
    "unctad": ["united nations conference on trade and development"],
    "ase": ["american stock exchange", "amsterdam stock exchange"],
    "fao": ["food and agriculture organization", "food and agriculture organisation"],
    "pse": ["pacific stock exchange", "paris stock exchange", "philadelphia stock exchange"],
    "tose": ["tokyo stock exchange"],
    "simex": ["singapore international monetary exchange"],
    "inro": ["international natural rubber organization", "international natural rubber organisation"],
    "eib": ["european investment bank"],
    "comex": ["commodity exchange"],
    "iea": ["international energy agency"],
    "nycsce": ["new york coffee, sugar and cocoa exchange", "coffee, sugar and cocoa exchange"],
    "nyce": ["new york cotton exchange"],
    "sse": ["sydney stock exchange", "stockholm stock exchange"],
    "hkse": ["hong kong stock exchange"],
    "asx": ["australian stock exchange"],
    "biffex": ["baltic international freight futures exchange"],
    "ida": ["international development association"],
    "atpc": ["association of tin producing countries"],
    "zse": ["zurich stock exchange"],
    "gcc": ["gulf cooperation council", "gulf co-operation council"],
    "isa": ["international sugar agreement", "international sugar organization"],
    "fse": ["frankfurt stock exchange"],
    "bis": ["bank for international settlements"],
    "ipe": ["international petroleum exchange"],
    "oapec": ["organization of arab petroleum exporting countries"],
    "iwc-wheat": ["international wheat council"],
    "asean": ["association of south east asian nations", "association of southeast asian nations"],
    "escap": ["economic and social commission for asia and the pacific"],
    "eca": ["economic commission for africa"],
    "euratom": ["european atomic energy community"],
    "comecon": ["council for mutual economic assistance", "cmea"],
    "efta": ["european free trade association"],
}


def words(s):
    return [w for w in re.split(r"[\s\-]+", s.lower()) if w]


def person_found(label, keys):
    lw = words(label)
    return any(words(k)[-len(lw):] == lw for k in keys)


def org_found(label, keys):
    want = set([label] + ORG_NAMES.get(label, []))
    return any(k in want for k in keys)


def in_text(label, body):
    lw = words(label)
    return re.search(r"(?i)\b" + r"[\s\-]+".join(map(re.escape, lw)) + r"\b", body) is not None


def labels(path):
    res = {"PEOPLE": collections.Counter(), "ORGS": collections.Counter()}
    for line in open(path, encoding="utf-8"):
        o = json.loads(line)
        keys = [n[1] for n in o["names"]]
        for kind, labs, found in (("PEOPLE", o["people"], person_found), ("ORGS", o["orgs"], org_found)):
            if not labs:
                continue
            c = res[kind]
            c["stories"] += 1
            ok = [found(l, keys) for l in labs]
            c["stories_all"] += all(ok)
            c["labels"] += len(labs)
            c["labels_found"] += sum(ok)
            if kind == "PEOPLE":
                c["stories_in_text"] += all(in_text(l, o["title"] + "\n" + o["body"]) for l in labs)
    print("\n### Reuters-21578 labels found among the stored names (stories with a body)\n")
    print("| labels | stories | all labels found | labels | found |")
    print("|---|---:|---:|---:|---:|")
    for kind in ("PEOPLE", "ORGS"):
        c = res[kind]
        print("| %s | %d | %d (%.1f%%) | %d | %d (%.1f%%) |" % (
            kind, c["stories"], c["stories_all"], 100.0 * c["stories_all"] / max(1, c["stories"]),
            c["labels"], c["labels_found"], 100.0 * c["labels_found"] / max(1, c["labels"])))
    c = res["PEOPLE"]
    print("\nPEOPLE stories whose every label is written in the title or body at all (the most a name "
          "finder can get): %d (%.1f%%)." % (c["stories_in_text"], 100.0 * c["stories_in_text"] / max(1, c["stories"])))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_errors = "--errors" in sys.argv
    if len(args) < 3:
        sys.exit(__doc__)
    arts = load_articles(args[0])
    gold = load_gold(args[1])
    known = {a[0] for a in arts}
    for ref in gold:
        if ref not in known:
            sys.exit("gold.tsv names %s, which is not in articles.tsv" % ref)
    pred = {}
    for line in open(args[2], encoding="utf-8"):
        o = json.loads(line)
        pred[o["ref"]] = o
    score(arts, gold, pred, show_errors)
    if len(args) > 3:
        labels(args[3])


if __name__ == "__main__":
    main()
