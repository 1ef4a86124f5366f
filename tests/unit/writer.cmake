# The writer, one thread and the parallel bulk build (tests/unit/test_writer.c),
# through newsidx.h.
nx_unit_test(test_writer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_writer.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS writer)

# The queues between the dispatcher and the workers, under Helgrind too.
nx_helgrind_test(test_writer LABELS writer)
