# Each store of indexer/store.h on its own (tests/unit/test_store.c): the
# plain database, the date shards and the parallel bulk build, without the
# writer, on real Xapian databases.
nx_unit_test(test_store
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_store.c
  MODULES nx_indexer nx_analysis nx_core nx_xapianc
  LABELS writer)

# The bulk store's queues and workers, under Helgrind too.
nx_helgrind_test(test_store LABELS writer)
