# One story shown once on the real corpora (tests/unit/test_versions.c):
# no byte-identical pair on a results page of BBC or Reuters (skipped
# without NX_CORPORA).
nx_unit_test(test_versions
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_versions.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS searcher)
