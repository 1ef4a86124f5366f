# The match-set contract against an oracle computed with Xapian's posting
# and position lists, on generated queries: samples/ always, Reuters and
# BBC when NX_CORPORA has them (tests/unit/test_match_oracle.c).
nx_unit_test(test_match_oracle
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_match_oracle.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS "searcher;oracle;corpus")
set_tests_properties(test_match_oracle PROPERTIES TIMEOUT 1200)
