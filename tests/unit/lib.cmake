# The on-disk hash (lib/hash.c): lib/ alone.
nx_unit_test(test_hash
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_hash.c
  MODULES nx_core nx_xapianc
  LABELS lib)
