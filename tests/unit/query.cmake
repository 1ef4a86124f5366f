# Unit tests of the query language (searcher/query.c, lib/schema.c's field
# table).  The two sources are compiled into the test directly, so it needs
# only the analysis module and the binding, not the whole searcher.
nx_unit_test(test_query
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/test_query.c
          ${PROJECT_SOURCE_DIR}/searcher/query.c
          ${PROJECT_SOURCE_DIR}/lib/schema.c
  MODULES nx_analysis nx_xapianc
  LABELS searcher)
