nx_unit_test(test_docbuild SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_docbuild.c
             MODULES nx_indexer nx_analysis nx_core nx_xapianc LABELS indexer)
