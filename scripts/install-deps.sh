#!/usr/bin/env bash
# Installs the Debian packages newsidx needs to build and test, when missing.
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config   # compiler, build system, dependency lookup
  libxapian-dev xapian-tools         # the index; xapian-check and xapian-tcpsrv for tests
  libstemmer-dev                     # Snowball stemmers
  libutf8proc-dev                    # Unicode normalisation and case folding
  libjansson-dev                     # JSON Lines input, stored documents, --json output
  libxml2-dev                        # HTML articles
  libcsv-dev                         # CSV articles
  libcmocka-dev                      # unit tests
  jq                                 # end-to-end tests check --json output with it
  valgrind                           # the threads test also runs under Helgrind
  sqlite3 libsqlite3-dev             # FTS5 reference in the benchmarks
  libmicrohttpd-dev                  # newsidx serve: the HTTP server
  curl                               # the serve tests talk to the server with it
  chromium python3                   # the search page tested in a real headless browser
  wrk                                # bench/serve.sh: the HTTP load test
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
