# Shared helpers for the end-to-end tests (sourced).  Each test gets a fresh
# temp dir, removed on exit; failures print what was expected and exit 1.
set -u
: "${NEWSIDX:?NEWSIDX must point at the built newsidx binary}"
: "${NX_SAMPLES:?NX_SAMPLES must point at samples/}"
T=$(mktemp -d "${TMPDIR:-/tmp}/nx-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
unset NEWSIDX_DB
FAILS=0
CHECKS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
ok() { CHECKS=$((CHECKS + 1)); }

# run CMD...: runs, saving stdout/stderr/exit code in $T/out $T/err $RC,
# and the hit lines of `search --json` output (its "type": "hit" objects,
# without the summary line) in $T/hits.
run() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
    jq -c 'select(.type? == "hit")' "$T/out" >"$T/hits" 2>/dev/null || : >"$T/hits"
}
# The summary line of `search --json` output.
json_summary() { jq -c 'select(.type? == "summary")' "$T/out"; }

expect_rc() { # expected-code description
    if [ "$RC" -eq "$1" ]; then ok; else fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$T/err")"; fi
}
expect_out() { # regex description
    if grep -Eq -- "$1" "$T/out"; then ok; else fail "$2: stdout lacks /$1/: $(head -c 600 "$T/out")"; fi
}
expect_no_out() {
    if grep -Eq -- "$1" "$T/out"; then fail "$2: stdout has /$1/"; else ok; fi
}
expect_err() {
    if grep -Eq -- "$1" "$T/err"; then ok; else fail "$2: stderr lacks /$1/: $(head -c 600 "$T/err")"; fi
}
expect_err_lines() { # n description: stderr has exactly n lines
    local n
    n=$(wc -l <"$T/err")
    if [ "$n" -eq "$1" ]; then ok; else fail "$2: stderr has $n lines, expected $1: $(head -c 600 "$T/err")"; fi
}
# ids printed by --json, sorted, one per line
json_ids() { jq -r '.id' "$T/hits" | sort; }

# need_corpora: sets R and B to the Reuters and BBC folders, or skips the
# test (exit 77) saying where they were looked for.
need_corpora() {
    R="${NX_CORPORA:-}/reuters21578"
    B="${NX_CORPORA:-}/bbc"
    if [ ! -d "$R" ] || [ ! -d "$B" ]; then
        echo "SKIP: corpora not found (looked for $R and $B; set NX_CORPORA)"
        exit 77
    fi
}

finish() {
    echo "$CHECKS checks, $FAILS failures"
    if [ "$FAILS" -eq 0 ]; then echo "$CHECKS passed, 0 failed"; exit 0; fi
    exit 1
}

# gen_corpus DIR N: N plain-text articles of ~200 words, deterministic.
gen_corpus() {
    mkdir -p "$1"
    awk -v dir="$1" -v n="$2" 'BEGIN {
        srand(7)
        nw = split("harbour council budget election storm market minister bank strike " \
                   "ferry court hospital school river bridge festival police farmers " \
                   "energy prices trade talks museum airport railway housing", w, " ")
        for (i = 1; i <= n; i++) {
            f = sprintf("%s/a%05d.txt", dir, i)
            printf "Story %d on the %s and the %s\n\n", i, w[1 + i % nw], w[1 + (i * 7) % nw] > f
            for (p = 0; p < 8; p++) {
                line = ""
                for (k = 0; k < 25; k++) line = line w[1 + int(rand() * nw)] " "
                print line "said officials." > f
            }
            close(f)
        }
    }'
}
