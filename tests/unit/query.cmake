# Unit tests of the query language: reading (searcher/query_read.c), the
# tree's analyses (query_tree.c: date spans for shard pruning) and
# compiling (query_compile.c), with lib/schema.c's field table and the term
# rules.  The sources are compiled into the test directly, so it needs only
# the analysis module and the binding, not the whole searcher.
set(NX_QUERY_SOURCES
  ${PROJECT_SOURCE_DIR}/searcher/query_read.c
  ${PROJECT_SOURCE_DIR}/searcher/query_tree.c
  ${PROJECT_SOURCE_DIR}/searcher/query_compile.c
  ${PROJECT_SOURCE_DIR}/lib/schema.c
  ${PROJECT_SOURCE_DIR}/lib/terms.c
  ${PROJECT_SOURCE_DIR}/lib/core.c)
# lib/hash.c comes with nx_analysis (nx_prim).
nx_unit_test(test_query
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/test_query.c ${NX_QUERY_SOURCES}
  MODULES nx_analysis nx_xapianc
  LABELS searcher)
