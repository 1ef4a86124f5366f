#!/usr/bin/env bash
# Builds newsidx twice and runs the whole test suite on each build:
#   build/        optimised, warnings as errors
#   build-asan/   AddressSanitizer + UndefinedBehaviorSanitizer
# Installs missing Debian packages first.  Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

build_and_test() { # dir extra-cmake-args...
    local dir=$1; shift
    echo "==> configuring $dir"
    cmake -S . -B "$dir" -DNX_WERROR=ON "$@" >/dev/null
    echo "==> building $dir"
    cmake --build "$dir" -j"$jobs"
    echo "==> testing $dir"
    (cd "$dir" && ctest --output-on-failure -j"$jobs")
}

# The benchmark programs are built (not run) so they stay warning-free too.
build_and_test build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNX_BENCH=ON
# LeakSanitizer stays on: leaks are bugs too.  halt_on_error keeps reports short.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
build_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DNX_SANITIZE=ON
echo "==> all tests passed (normal and ASan/UBSan builds)"
