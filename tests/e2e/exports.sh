#!/usr/bin/env bash
# libnewsidx.so exports exactly the functions include/newsidx.h declares:
# nothing internal (nx_tokenize, xc_db_open, C++ template code) leaks into
# an embedder's namespace, and nothing the header promises is missing.
. "$(dirname "$0")/lib.sh"
: "${NX_LIBNEWSIDX:?NX_LIBNEWSIDX must point at the built libnewsidx.so}"
: "${NX_HEADER:?NX_HEADER must point at include/newsidx.h}"
command -v nm >/dev/null || { echo "SKIP: nm not found (binutils)"; exit 77; }
# Function declarations: a name followed by its parameter list.
grep -oE '\bnx_[a-z0-9_]+ *\(' "$NX_HEADER" | sed 's/ *($//' | sort -u >"$T/declared"
nm -D --defined-only "$NX_LIBNEWSIDX" | awk '{ print $3 }' | sort -u >"$T/exported"
[ "$(wc -l <"$T/declared")" -ge 40 ] && ok || fail "found only $(wc -l <"$T/declared") declarations in $NX_HEADER"
extra=$(comm -13 "$T/declared" "$T/exported")
missing=$(comm -23 "$T/declared" "$T/exported")
[ -z "$extra" ] && ok || fail "exported but not in newsidx.h: $(echo $extra | head -c 600)"
[ -z "$missing" ] && ok || fail "declared in newsidx.h but not exported: $missing"
finish
