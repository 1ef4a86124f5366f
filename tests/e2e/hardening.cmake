# Hardening (docs/RELIABILITY.md): a full disk, files that are not
# regular, control bytes in queries, a search before the first build.
nx_e2e_test(e2e_diskfull diskfull.sh LABELS diskfull)
nx_e2e_test(e2e_hardening hardening.sh)
