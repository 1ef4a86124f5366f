/* Fixture for callcycles (see cycle_a.c): calls in, is called by nobody. */
int cycle_a(int n);
int cycle_c(void) { return cycle_a(3); }
