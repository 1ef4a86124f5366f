#!/usr/bin/env python3
"""annotate.py - turns a hand-written draft into gold.tsv rows.

Annotating by byte offsets is error-prone, so mentions are written down by
hand as a list, in the order they occur, and this script finds each one's
offsets: the next occurrence of its text (as a whole word) after the
previous mention of the same field.  Draft format:

    @ REF                         an article (as in articles.tsv)
    title                         the mentions below are in the headline
    body                          ... in the body
    Keir Starmer<TAB>P            text and type: P person, O organisation,
    Starmer<TAB>P<TAB>+1          L place, X other; +N skips N occurrences

It prints the rows on stdout and, on stderr, every occurrence of an
annotated text that was skipped, so a forgotten mention shows up.  It never
looks at what newsidx finds.
Usage: annotate.py NXNAMES OWN_DIR CORPORA DRAFT...
"""
import json
import re
import subprocess
import sys

TYPES = {"P": "person", "O": "organisation", "L": "place", "X": "other"}


def is_word_byte(b):
    return b >= 0x80 or chr(b).isalnum()


def occurrences(text, s):
    """Starts and ends of s in text as whole words; a space in s matches any
    run of white space (wire copy breaks lines inside names)."""
    pat = re.compile(rb"\s+".join(re.escape(w) for w in s.split(b" ")))
    out, at = [], 0
    while True:
        m = pat.search(text, at)
        if not m:
            return out
        i, j = m.start(), m.end()
        if (i == 0 or not is_word_byte(text[i - 1])) and (j == len(text) or not is_word_byte(text[j])):
            out.append((i, j))
        at = i + 1


def parse(paths):
    arts, cur, field = [], None, None
    for path in paths:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@ "):
                cur = {"ref": line[2:].strip(), "mentions": []}
                arts.append(cur)
                field = None
            elif line.strip() in ("title", "body"):
                field = line.strip()
            else:
                parts = line.split("\t")
                if cur is None or field is None or len(parts) < 2 or parts[1] not in TYPES:
                    sys.exit("%s:%d: bad line %r" % (path, n, line))
                skip = int(parts[2][1:]) if len(parts) > 2 else 0
                cur["mentions"].append((field, parts[0], TYPES[parts[1]], skip, "%s:%d" % (path, n)))
    return arts


def main():
    nxnames, own, corpora, drafts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    arts = parse(drafts)
    out = subprocess.run([nxnames, "fields", "--corpora", corpora, "--own", own] + [a["ref"] for a in arts],
                         check=True, capture_output=True, text=True).stdout
    fields = {}
    for line in out.splitlines():
        o = json.loads(line)
        fields[o["ref"]] = {"title": o["title"].encode(), "body": o["body"].encode()}
    bad = 0
    for a in arts:
        pos = {"title": 0, "body": 0}
        used = {}
        for field, s, typ, skip, where in a["mentions"]:
            text = fields[a["ref"]][field]
            sb = s.encode()
            cands = [(i, j) for i, j in occurrences(text, sb) if i >= pos[field]]
            if len(cands) <= skip:
                print("%s: %r not found in %s %s after byte %d" % (where, s, a["ref"], field, pos[field]),
                      file=sys.stderr)
                bad = 1
                continue
            i, j = cands[skip]
            pos[field] = j
            used.setdefault((field, s), set()).add((i, j))
            print("%s\t%s\t%d\t%d\t%s\t%s" % (a["ref"], field, i, j, typ, s))
        spans = [(f, i, j) for (f, s), st in used.items() for i, j in st]
        for (field, s), starts in sorted(used.items()):
            text = fields[a["ref"]][field]
            for i, j in occurrences(text, s.encode()):
                inside = any(f == field and b <= i < e for f, b, e in spans)
                if (i, j) not in starts and not inside:
                    ctx = text[max(0, i - 30):j + 30].decode(errors="replace")
                    print("%s %s: unmarked %r at %d: ...%s..." % (a["ref"], field, s, i, ctx.replace("\n", " ")),
                          file=sys.stderr)
    sys.exit(bad)


if __name__ == "__main__":
    main()
