#!/usr/bin/env bash
# Runs every fuzz harness of tests/fuzz/ in turn with clang's libFuzzer
# (ASan + UBSan), SECONDS each (default 60), and reports per harness the
# inputs executed, the coverage reached and the findings.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. scripts/fuzz.sh 1800 fuzz_query
#
# Needs clang-14 and its runtime libraries (libFuzzer, ASan, UBSan); on
# Debian 12:  apt-get install clang-14 libclang-rt-14-dev
# (the normal test run does not need them: it replays each harness's
# corpus with gcc, see tests/fuzz/fuzz.cmake).
#
# The build goes to build-fuzz/ (-DNX_FUZZ=ON).  Each harness starts from
# its checked-in seeds (tests/fuzz/corpus/NAME, never written to) plus
# what earlier runs found (build-fuzz/corpus/NAME, where new inputs go),
# with its dictionary (tests/fuzz/dict/NAME.dict).  A crash, leak, timeout
# or out-of-memory input lands in build-fuzz/findings/NAME/; once fixed,
# copy it into tests/fuzz/corpus/NAME/ as a regression input
# (regress-WHAT) so every ctest run replays it.
#
# One harness at a time, under nice: the machines are shared.  Exit status
# 1 when any harness had a finding.
#
# fuzz_http (the request handling of `newsidx serve`) runs with the others.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
case $secs in ''|*[!0-9]*) echo "usage: $0 [SECONDS] [HARNESS...]" >&2; exit 2 ;; esac

CC_FUZZ=${CC_FUZZ:-clang-14}
CXX_FUZZ=${CXX_FUZZ:-clang++-14}
if ! command -v "$CC_FUZZ" >/dev/null || ! command -v "$CXX_FUZZ" >/dev/null; then
    echo "fuzz.sh: $CC_FUZZ/$CXX_FUZZ not found; on Debian: apt-get install clang-14 libclang-rt-14-dev" >&2
    exit 2
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }' |
        "$CC_FUZZ" -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
    echo "fuzz.sh: $CC_FUZZ cannot link libFuzzer; on Debian: apt-get install libclang-rt-14-dev" >&2
    exit 2
fi

out=build-fuzz
echo "==> configuring $out (clang, libFuzzer, ASan, UBSan)"
CC=$CC_FUZZ CXX=$CXX_FUZZ cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNX_FUZZ=ON >/dev/null
echo "==> building the harnesses"
nice -n 19 cmake --build "$out" -j2 --target fuzz_all >/dev/null

if [ $# -gt 0 ]; then
    harnesses=("$@")
else
    mapfile -t harnesses < <(sed -n '/^set(NX_FUZZ_HARNESSES/,/)/p' tests/fuzz/fuzz.cmake |
                             tr ' ()' '\n\n\n' | grep '^fuzz_')
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
report=()
for h in "${harnesses[@]}"; do
    bin=$out/tests/$h
    [ -x "$bin" ] || { echo "fuzz.sh: no harness $h" >&2; exit 2; }
    work=$out/corpus/$h findings=$out/findings/$h log=$out/logs/$h.log
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    dict=()
    [ -f "tests/fuzz/dict/$h.dict" ] && dict=(-dict="tests/fuzz/dict/$h.dict")
    echo "==> $h for ${secs} s (log: $log)"
    before=$(find "$findings" -type f | wc -l)
    # -fork=1 keeps fuzzing past a finding (each one is saved), so one bug
    # does not end the run; -ignore_crashes etc. make the parent go on.
    rc=0
    nice -n 19 "$bin" "${dict[@]}" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$findings/" -print_final_stats=1 \
        "$work" "tests/fuzz/corpus/$h" >"$log" 2>&1 || rc=$?
    after=$(find "$findings" -type f | wc -l)
    new=$((after - before))
    # Fork mode prints "#N: cov: C ft: F corp: K exec/s: E ..." lines.
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    line=$(printf '%-16s %10s execs  cov %6s  ft %7s  corpus %6s  findings %s' "$h" "${execs:-?}" \
           "${cov:-?}" "${ft:-?}" "$(find "$work" -type f | wc -l)" "$new")
    [ "$rc" -ne 0 ] && [ "$new" -eq 0 ] && line="$line  (libFuzzer exit $rc, see the log)"
    echo "    $line"
    report+=("$line")
    if [ "$new" -gt 0 ]; then
        status=1
        ls -t "$findings" | head -"$new" | sed "s|^|      $findings/|"
    fi
done
echo "==> summary (${secs} s each)"
printf '    %s\n' "${report[@]}"
exit $status
