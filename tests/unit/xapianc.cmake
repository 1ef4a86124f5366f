# Unit tests of the xapian-c binding (xapian-c/xapian-c.cc).
# This file is include()d from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
nx_unit_test(test_xapian_c
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_xapian_c.c
  MODULES nx_xapianc
  LABELS xapianc)
