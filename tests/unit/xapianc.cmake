# Unit tests of the xapian-c binding (xapian-c/xapian-c.cc, and reference.cc:
# Xapian's own pipeline, which only the benchmarks use).
# This file is include()d from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
nx_unit_test(test_xapian_c
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_xapian_c.c
  MODULES nx_xapianc nx_xapianc_reference
  LABELS xapianc)
