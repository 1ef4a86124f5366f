# `newsidx serve`: the HTTP API and search page, with curl and a real
# headless Chromium on 127.0.0.1.
nx_e2e_test(e2e_serve serve.sh)
