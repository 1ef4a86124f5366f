# `newsidx serve`: the HTTP API and search page, with curl and a real
# headless Chromium on 127.0.0.1.
nx_e2e_test(e2e_serve serve.sh)
nx_e2e_test(e2e_serve_reindex serve_reindex.sh)
nx_e2e_test(e2e_serve_shards serve_shards.sh)
nx_e2e_test(e2e_serve_browser serve_browser.sh)
