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

# analysis/dupsig.c: copies of one story (issue 22), against an independent
# Jaccard computation on generated texts.
nx_unit_test(test_dupsig
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_dupsig.c
  MODULES nx_analysis
  LABELS analysis)
