# The writer, one thread and the parallel bulk build (tests/unit/test_writer.c),
# through newsidx.h.
nx_unit_test(test_writer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_writer.c
  MODULES nx_xapianc nx_analysis nx_core nx_indexer nx_searcher
  LABELS writer)

# The queues between the dispatcher and the workers, under Helgrind too
# (the plain build only: the sanitizer runtime and Valgrind do not mix).
if(NOT NX_SANITIZE)
  find_program(NX_VALGRIND valgrind)
  if(NX_VALGRIND)
    add_test(NAME test_writer_helgrind
      COMMAND ${NX_VALGRIND} --tool=helgrind --error-exitcode=99
              --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/tools/helgrind.supp
              $<TARGET_FILE:test_writer>)
    set_tests_properties(test_writer_helgrind PROPERTIES
      ENVIRONMENT "${NX_TEST_ENV}" LABELS "unit;writer;helgrind" TIMEOUT 300)
  endif()
endif()
