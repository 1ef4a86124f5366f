/* A fixture for callcycles: cycle_a.c and cycle_b.c call each other,
 * cycle_c.c only calls into them, so callcycles must report exactly the
 * first two. */
int cycle_b(int n);
int cycle_a(int n) { return n > 0 ? cycle_b(n - 1) : 0; }
