# lib/terms.h: the term rules both sides share, and long ids found by id:.
nx_unit_test(test_terms
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_terms.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS searcher)
