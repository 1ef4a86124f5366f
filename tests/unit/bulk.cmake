# The parallel bulk build (tests/unit/test_bulk.c), through newsidx.h.
nx_unit_test(test_bulk
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_bulk.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS bulk)

# The queues between the dispatcher and the workers, under Helgrind too
# (the plain build only: the sanitizer runtime and Valgrind do not mix).
if(NOT NX_SANITIZE)
  find_program(NX_VALGRIND valgrind)
  if(NX_VALGRIND)
    add_test(NAME test_bulk_helgrind
      COMMAND ${NX_VALGRIND} --tool=helgrind --error-exitcode=99
              --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/tools/helgrind.supp
              $<TARGET_FILE:test_bulk>)
    set_tests_properties(test_bulk_helgrind PROPERTIES
      ENVIRONMENT "${NX_TEST_ENV}" LABELS "unit;bulk;helgrind" TIMEOUT 300)
  endif()
endif()
