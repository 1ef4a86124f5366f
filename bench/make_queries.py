#!/usr/bin/env python3
"""make_queries.py — derives bench/queries.txt from Reuters-21578: the
short keyword queries a reporter would type (1-4 words), taken from the most
frequent headline bigrams and trigrams, the most frequent places alone and
with the headline word most typical of each, and the most frequent topics in
plain words.  Deterministic (ties broken alphabetically).

usage: make_queries.py REUTERS_DIR > bench/queries.txt
"""
import collections, glob, html, os, re, sys

STOP = set("""a an and are as at be by for from has have in is it its of on or
that the to was were will with after over says said say up down new not no
sees see into than vs pct mln dlrs cts qtr shr net rev year two three four
first second third 1st 2nd 3rd 4th oth""".split())

TOPIC_WORDS = {
    "earn": "quarterly earnings", "acq": "takeover bid", "money-fx": "foreign exchange",
    "crude": "crude oil", "grain": "grain", "trade": "trade deficit", "interest": "interest rates",
    "ship": "shipping", "wheat": "wheat", "corn": "corn", "dlr": "dollar", "money-supply": "money supply",
    "sugar": "sugar", "oilseed": "oilseeds", "coffee": "coffee", "gnp": "gnp growth", "gold": "gold",
    "veg-oil": "vegetable oil", "soybean": "soybeans", "nat-gas": "natural gas", "bop": "balance of payments",
    "livestock": "livestock", "cpi": "consumer prices", "cocoa": "cocoa", "reserves": "foreign reserves",
    "carcass": "beef exports", "jobs": "unemployment", "copper": "copper", "rice": "rice",
    "iron-steel": "steel", "cotton": "cotton", "alum": "aluminium", "ipi": "industrial production",
    "rubber": "rubber", "meal-feed": "animal feed", "gas": "gasoline", "barley": "barley", "tin": "tin",
}

def docs(d):
    for f in sorted(glob.glob(os.path.join(d, "reut2-*.sgm"))):
        text = open(f, encoding="latin-1").read()
        for m in re.finditer(r"<REUTERS.*?</REUTERS>", text, re.S):
            r = m.group(0)
            t = re.search(r"<TITLE>(.*?)</TITLE>", r, re.S)
            places = re.findall(r"<D>(.*?)</D>", (re.search(r"<PLACES>(.*?)</PLACES>", r, re.S) or [None, ""])[1] if re.search(r"<PLACES>(.*?)</PLACES>", r, re.S) else "")
            topics = re.findall(r"<D>(.*?)</D>", re.search(r"<TOPICS>(.*?)</TOPICS>", r, re.S).group(1)) if re.search(r"<TOPICS>(.*?)</TOPICS>", r, re.S) else []
            yield (html.unescape(t.group(1)) if t else ""), places, topics

def words(title):
    return [w for w in re.findall(r"[a-z]+", title.lower())]

def top(counter, n, minlen=1):
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in items if len(k) >= minlen][:n]

def main():
    d = sys.argv[1]
    bi, tri = collections.Counter(), collections.Counter()
    place_n, topic_n = collections.Counter(), collections.Counter()
    place_words = collections.defaultdict(collections.Counter)
    for title, places, topics in docs(d):
        ws = words(title)
        for i in range(len(ws) - 1):
            a, b = ws[i], ws[i + 1]
            if a in STOP or b in STOP or len(a) < 3 or len(b) < 3:
                continue
            bi[a + " " + b] += 1
            if i + 2 < len(ws) and ws[i + 2] not in STOP and len(ws[i + 2]) >= 3:
                tri[a + " " + b + " " + ws[i + 2]] += 1
        for p in places:
            place_n[p] += 1
            pw = set(p.split("-"))
            for w in ws:
                if w not in STOP and len(w) >= 4 and w not in pw:
                    place_words[p][w] += 1
        for t in topics:
            topic_n[t] += 1
    out = []
    out += top(bi, 120)
    out += top(tri, 30)
    for p in top(place_n, 40):
        out.append(p.replace("-", " "))
    for p in top(place_n, 30):
        w = top(place_words[p], 1)
        if w:
            out.append(p.replace("-", " ") + " " + w[0])
    for t in top(topic_n, 40):
        if t in TOPIC_WORDS:
            out.append(TOPIC_WORDS[t])
    seen, final = set(), []
    for q in out:
        if q not in seen:
            seen.add(q)
            final.append(q)
    print("# Reporter-style queries derived from Reuters-21578 by bench/make_queries.py")
    print("# (headline bigrams/trigrams, places, place + typical headline word, topics).")
    for q in final:
        print(q)

if __name__ == "__main__":
    main()
