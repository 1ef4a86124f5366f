#!/usr/bin/env bash
# Install-and-embed: `cmake --install` this build into a temp prefix, check
# what landed there, then build examples/embed.c against the installed copy
# three ways (pkg-config + shared, pkg-config --static, find_package shared
# and static) and check each program's output.  Also: the man page renders
# cleanly and documents every option the CLI's --help lists.
. "$(dirname "$0")/lib.sh"
: "${NX_BUILD_DIR:?}" "${NX_SOURCE_DIR:?}"
CC=${NX_CC:-cc}
P=$T/prefix
EX=$NX_SOURCE_DIR/examples
export TMPDIR=$T            # embed makes its index here

# The library under test was built with ASan/UBSan: everything linked
# against it must carry the same runtime.
SAN=()
case "${NX_SANITIZE:-0}" in
    1|ON|on|TRUE|true|YES|yes) SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer)
        echo "install.sh: sanitizer build: examples get ${SAN[*]}" ;;
esac

libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$NX_BUILD_DIR/CMakeCache.txt")
libdir=${libdir:-lib}
L=$P/$libdir
export PKG_CONFIG_PATH=$L/pkgconfig
export LD_LIBRARY_PATH=$L

# --- install -----------------------------------------------------------------
run cmake --install "$NX_BUILD_DIR" --prefix "$P"
expect_rc 0 "cmake --install"
[ "$RC" -eq 0 ] || finish

for f in "$P/include/newsidx.h" "$L/libnewsidx.so" "$L/libnewsidx.so.0" "$L/libnewsidx.a" \
         "$L/pkgconfig/newsidx.pc" "$L/cmake/newsidx/newsidxConfig.cmake" \
         "$L/cmake/newsidx/newsidxConfigVersion.cmake" "$L/cmake/newsidx/newsidxTargets.cmake" \
         "$P/share/man/man1/newsidx.1" "$P/bin/newsidx"; do
    if [ -e "$f" ]; then ok; else fail "not installed: ${f#"$P"/}"; fi
done
# Embedders get the public header and nothing else.
headers=$(cd "$P/include" && find . -type f | sort | tr '\n' ' ')
if [ "$headers" = "./newsidx.h " ]; then ok; else fail "installed headers: $headers (want only newsidx.h)"; fi

soname=$(readelf -d "$L/libnewsidx.so" 2>/dev/null | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
if [ "$soname" = "libnewsidx.so.0" ]; then ok; else fail "soname is '$soname', want libnewsidx.so.0"; fi

# Every function newsidx.h declares is exported by the shared library
# (declarations start at column 0; the name is the identifier before "(").
missing=
funcs=$(grep -E '^[a-z].*[ *]nx_[a-z_]+\(' "$P/include/newsidx.h" | grep -v '^typedef' |
        grep -oE 'nx_[a-z_]+\(' | tr -d '(' | sort -u)
[ -n "$funcs" ] || fail "found no function declarations in newsidx.h"
exported=$(nm -D --defined-only "$L/libnewsidx.so" | awk '$2 == "T" { print $3 }')
for fn in $funcs; do
    grep -qx "$fn" <<<"$exported" || missing="$missing $fn"
done
if [ -z "$missing" ]; then ok; else fail "libnewsidx.so does not export:$missing"; fi

run "$P/bin/newsidx" --version
expect_rc 0 "installed newsidx --version"
expect_out "^newsidx 0\.1\.0$" "installed newsidx --version"

# --- what every build of embed must print ------------------------------------
check_embed() { # binary label
    run "$1"
    expect_rc 0 "$2: embed"
    expect_out "^libnewsidx 0\.1\.0$" "$2: version line"
    expect_out "^indexed 3 articles$" "$2: indexed"
    expect_out "^documents: 3, language: english$" "$2: stats"
    expect_out "^hits: 2$" "$2: two articles mention interest rates"
    expect_out "^[12]\. id=bank-0314 score=[0-9]+\.[0-9]{3} title=Central bank raises interest rates again$" "$2: bank hit"
    expect_out "^[12]\. id=homes-0320 score=[0-9]+\.[0-9]{3} title=Home buyers feel the squeeze$" "$2: homes hit"
    expect_no_out "storm-0302" "$2: storm article does not match"
    expect_out '^   span \[[0-9]+,[0-9]+\) "(interest|rates)"' "$2: spans cover query words"
    expect_no_out "out of range" "$2: spans inside the snippet"
    expect_out "^   marked: .*<<(interest|rates)>>" "$2: rendered highlight"
    # every span printed must name a query word (offsets line up with the text)
    if grep -E '^   span ' "$T/out" | grep -vqiE '"(interest|rates?)"'; then
        fail "$2: a span does not cover a query word: $(grep -E '^   span ' "$T/out" | head -5)"
    else ok; fi
    cp "$T/out" "$T/embed-$2.out"
    run "$1" storm
    expect_rc 0 "$2: embed storm"
    expect_out "^hits: 1$" "$2: one storm"
    expect_out "^1\. id=storm-0302 " "$2: storm hit"
}
same_as_first() { # label
    if cmp -s "$T/embed-pc-shared.out" "$T/embed-$1.out"; then ok
    else fail "$1: output differs from the pkg-config build: $(diff "$T/embed-pc-shared.out" "$T/embed-$1.out" | head -10)"; fi
}
needs_libnewsidx() { readelf -d "$1" | grep -q 'NEEDED.*libnewsidx\.so'; }

# --- pkg-config, shared --------------------------------------------------------
run pkg-config --modversion newsidx
expect_out "^0\.1\.0$" "pkg-config --modversion"
# shellcheck disable=SC2046
run "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" -o "$T/embed-pc" "$EX/embed.c" \
    $(pkg-config --cflags --libs newsidx)
expect_rc 0 "cc embed.c \$(pkg-config --cflags --libs newsidx)"
if [ -x "$T/embed-pc" ]; then
    if needs_libnewsidx "$T/embed-pc"; then ok; else fail "pkg-config build does not link libnewsidx.so"; fi
    if ldd "$T/embed-pc" | grep -q "$L/libnewsidx.so.0"; then ok
    else fail "embed-pc does not load the installed library: $(ldd "$T/embed-pc" | grep newsidx)"; fi
    check_embed "$T/embed-pc" pc-shared
fi

# The example in docs/API.md is real code: it compiles and finds its article.
awk '/^```c$/ { f = 1; next } /^```$/ { f = 0 } f' "$NX_SOURCE_DIR/docs/API.md" >"$T/api.c"
# shellcheck disable=SC2046
run "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" -o "$T/api" "$T/api.c" $(pkg-config --cflags --libs newsidx)
expect_rc 0 "docs/API.md example compiles"
if [ -x "$T/api" ]; then
    run sh -c 'cd "$1" && exec ./api' sh "$T"
    expect_rc 0 "docs/API.md example runs"
    expect_out '^a1 [0-9.]+ Central bank raises rates$' "docs/API.md example finds its article"
    expect_out '\[interest\] \[rates\]' "docs/API.md example highlights"
fi

# --- pkg-config, static (through examples/Makefile) -----------------------------
mkdir -p "$T/mk"
run make -C "$T/mk" -f "$EX/Makefile" VPATH="$EX" STATIC=1 CC="$CC" CFLAGS="-O1 -Wall -Wextra -Werror ${SAN[*]}"
expect_rc 0 "make STATIC=1 (pkg-config --static)"
if [ -x "$T/mk/embed" ]; then
    if needs_libnewsidx "$T/mk/embed"; then fail "static build still needs libnewsidx.so"; else ok; fi
    check_embed "$T/mk/embed" pc-static
    same_as_first pc-static
fi

# --- the README's command line, and what it needs to start -------------------------
# Taken from the README (its "cc app.c ..." lines, the prefix and app.c put
# in), so the README cannot drift from what works: the program it builds
# starts without LD_LIBRARY_PATH.
readme_cc=$(awk '/^cc app\.c / { f = 1 } f { line = line $0 "\n"; if (!/\\$/) { printf "%s", line; exit } }' \
            "$NX_SOURCE_DIR/README.md" | sed 's/\\$//' | tr -d '\n' |
            sed "s|/opt/newsidx/lib|$L|g; s|/opt/newsidx|$P|g; s|app\.c|$EX/embed.c|; s|-o app|-o $T/embed-readme|")
case $readme_cc in *-rpath*) ok ;; *) fail "the README's cc line has no -Wl,-rpath: $readme_cc" ;; esac
run env -u LD_LIBRARY_PATH sh -c "$readme_cc ${SAN[*]}"
expect_rc 0 "the README's cc line builds embed.c"
if [ -x "$T/embed-readme" ]; then
    run env -u LD_LIBRARY_PATH "$T/embed-readme"
    expect_rc 0 "the README's build starts without LD_LIBRARY_PATH"
    expect_out "^indexed 3 articles$" "the README's build runs"
fi
# Without the rpath (what the README said at 5bebfc6) it does not start.
# shellcheck disable=SC2046
run "$CC" -std=c11 "${SAN[@]}" -o "$T/embed-norpath" "$EX/embed.c" $(pkg-config --cflags --libs newsidx)
run env -u LD_LIBRARY_PATH "$T/embed-norpath"
if [ "$RC" -ne 0 ] && grep -q "libnewsidx.so.0" "$T/err"; then ok
else fail "without -rpath or LD_LIBRARY_PATH the program should not find libnewsidx.so.0 (rc $RC)"; fi

# examples/Makefile with PKG_CONFIG_PATH= on make's command line (GNU Make
# 4.3 does not hand that to $(shell)), and RPATH= for the run.
mkdir -p "$T/mk2"
run env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH make -C "$T/mk2" -f "$EX/Makefile" VPATH="$EX" CC="$CC" \
    CFLAGS="-O1 -Wall -Wextra -Werror ${SAN[*]}" PKG_CONFIG_PATH="$L/pkgconfig" RPATH="$L"
expect_rc 0 "make PKG_CONFIG_PATH=... RPATH=... (not in the environment)"
if [ -x "$T/mk2/embed" ]; then
    run env -u LD_LIBRARY_PATH "$T/mk2/embed"
    expect_rc 0 "the Makefile's RPATH= build starts without LD_LIBRARY_PATH"
    expect_out "^indexed 3 articles$" "the Makefile's RPATH= build runs"
fi
run env -u PKG_CONFIG_PATH make -C "$T/mk2" -f "$EX/Makefile" VPATH="$EX" PKG_CONFIG_PATH=/nonexistent
expect_rc 2 "make with a wrong PKG_CONFIG_PATH fails"
expect_err "pkg-config does not know newsidx" "and says why"

# --- find_package, shared and static ---------------------------------------------
for variant in shared static; do
    static=OFF; [ $variant = static ] && static=ON
    run cmake -S "$EX" -B "$T/cm-$variant" -DCMAKE_PREFIX_PATH="$P" -DNEWSIDX_EXAMPLE_STATIC=$static \
        -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="${SAN[*]}" -DCMAKE_EXE_LINKER_FLAGS="${SAN[*]}"
    expect_rc 0 "find_package($variant): configure"
    run cmake --build "$T/cm-$variant"
    expect_rc 0 "find_package($variant): build"
    bin=$T/cm-$variant/embed
    [ -x "$bin" ] || continue
    if [ $variant = shared ]; then
        if needs_libnewsidx "$bin"; then ok; else fail "find_package shared build does not need libnewsidx.so"; fi
    else
        if needs_libnewsidx "$bin"; then fail "find_package static build needs libnewsidx.so"; else ok; fi
    fi
    check_embed "$bin" "cmake-$variant"
    same_as_first "cmake-$variant"
done

# An incompatible version request is refused.
mkdir -p "$T/badver"
cat >"$T/badver/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(badver LANGUAGES C)
find_package(newsidx 9.0 REQUIRED)
CM
run cmake -S "$T/badver" -B "$T/badver/b" -DCMAKE_PREFIX_PATH="$P"
if [ "$RC" -ne 0 ] && grep -q "newsidx" "$T/err"; then ok; else fail "find_package(newsidx 9.0) did not fail (rc $RC)"; fi

# --- man page ----------------------------------------------------------------------
MAN=$P/share/man/man1/newsidx.1
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$MAN" >"$T/out" 2>"$T/err"; RC=$?
    expect_rc 0 "man -l newsidx.1"
    if [ -s "$T/err" ]; then fail "man page warnings: $(head -c 600 "$T/err")"; else ok; fi
    expect_out "newsidx - full-text search for news archives" "man page NAME"
elif command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww -z "$MAN" 2>"$T/err"; RC=$?
    expect_rc 0 "groff newsidx.1"
    if [ -s "$T/err" ]; then fail "man page warnings: $(head -c 600 "$T/err")"; else ok; fi
else
    echo "install.sh: neither man nor groff found; man page rendering not checked"
fi
# The page documents every long option and exit code the CLI's help lists.
man_text=$(sed 's/\\-/-/g' "$MAN")
# The command list comes from `newsidx --help`, so a new command without a
# section in the page fails here.
cmds=$("$P/bin/newsidx" --help | sed -n '/^commands:/,/^$/p' | awk 'NF && !/^commands:/ { print $1 }')
[ -n "$cmds" ] || fail "no commands in newsidx --help"
for cmd in $cmds; do
    if grep -qF ".SS \"newsidx $cmd " <<<"$man_text"; then ok; else fail "man page has no section for '$cmd'"; fi
    "$P/bin/newsidx" "$cmd" --help >"$T/help" 2>&1
    for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/help" | sort -u); do
        if grep -qF -- "$opt" <<<"$man_text"; then ok; else fail "man page lacks $cmd option $opt"; fi
    done
done
"$P/bin/newsidx" --help >"$T/help"
for code in $(grep -oE '(^|[ ;])[0-9]+ ' "$T/help" | tr -dc '0-9\n' | sort -un); do
    if grep -qE "^\.B $code\$" <<<"$man_text"; then ok; else fail "man page lacks exit status $code"; fi
done
for var in NEWSIDX_DB NO_COLOR NX_JSON_FIELDS; do
    if grep -qF "$var" <<<"$man_text"; then ok; else fail "man page lacks $var"; fi
done

finish
