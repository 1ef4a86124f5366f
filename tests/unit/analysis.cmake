# Unit tests of the shared text analysis: analysis/tokenize.c and analysis/stem.c.
# This file is include()d from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
nx_unit_test(test_tokenize
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_tokenize.c
  MODULES nx_analysis
  LABELS analysis)

nx_unit_test(test_stem
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_stem.c
  MODULES nx_analysis
  LABELS analysis)
