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

if(NOT NX_SANITIZE)
  find_program(NX_VALGRIND valgrind)
  if(NX_VALGRIND)
    add_test(NAME test_threads_helgrind
      COMMAND ${NX_VALGRIND} --tool=helgrind --error-exitcode=99
              --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/tools/helgrind.supp
              $<TARGET_FILE:test_threads>)
    set_tests_properties(test_threads_helgrind PROPERTIES
      ENVIRONMENT "${NX_TEST_ENV};NX_THREADS_SMALL=1"
      LABELS "unit;threads;helgrind" TIMEOUT 300)
  else()
    message(STATUS "valgrind not found: test_threads_helgrind not registered")
  endif()
endif()
