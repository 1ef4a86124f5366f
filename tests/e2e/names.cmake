# issue 19: the names view end to end.
nx_e2e_test(e2e_names names.sh)
