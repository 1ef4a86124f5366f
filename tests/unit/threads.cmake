# Thread-safety test of the public API (tests/unit/test_threads.c): readers
# searching while a writer commits.  Also run under Valgrind's Helgrind in
# the plain build (the sanitizer runtime and Valgrind do not mix), with
# smaller counts: Helgrind is ~100x slower.
find_package(Threads REQUIRED)
nx_unit_test(test_threads
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_threads.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS threads)
target_link_libraries(test_threads PRIVATE Threads::Threads)

nx_helgrind_test(test_threads ENV NX_THREADS_SMALL=1 LABELS threads)
