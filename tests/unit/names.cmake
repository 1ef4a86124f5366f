# Unit tests of proper-name recognition (analysis/names.c).
# This file is include()d from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
nx_unit_test(test_names
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_names.c
  MODULES nx_analysis
  LABELS analysis)
