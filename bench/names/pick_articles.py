#!/usr/bin/env python3
"""pick_articles.py - how the corpus articles of the names evaluation set were picked.

Run once, before any annotation (its output is articles.tsv's corpus rows);
kept so the choice can be checked and repeated.  The pick is random with a
fixed seed, not by hand, so the set is not chosen for how well the rules
do on it:
  - BBC: 4 articles from each of the 5 section folders (20);
  - Reuters-21578: 22 stories among those whose <BODY> has at least 500
    bytes (shorter ones are mostly one-line briefs and tables).
Usage: pick_articles.py CORPORA_DIR
"""
import os
import random
import re
import sys

SEED = 19  # the number


def main():
    corpora = sys.argv[1]
    rnd = random.Random(SEED)
    rows = []
    bbc = os.path.join(corpora, "bbc")
    for section in sorted(os.listdir(bbc)):
        files = sorted(os.listdir(os.path.join(bbc, section)))
        for f in sorted(rnd.sample(files, 4)):
            rows.append(("bbc/%s/%s" % (section, f), "english"))
    stories = []
    rdir = os.path.join(corpora, "reuters21578")
    for f in sorted(os.listdir(rdir)):
        data = open(os.path.join(rdir, f), "rb").read().decode("latin-1")
        for m in re.finditer(r'<REUTERS [^>]*NEWID="(\d+)">(.*?)</REUTERS>', data, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if body and len(body.group(1)) >= 500:
                stories.append("reuters21578/%s#%s" % (f, m.group(1)))
    for s in sorted(rnd.sample(stories, 22), key=lambda s: int(s.split("#")[1])):
        rows.append((s, "english"))
    for ref, lang in rows:
        print("%s\t%s" % (ref, lang))


if __name__ == "__main__":
    main()
