# Readers, loader, format detection and dates (indexer/load.c, detect.c,
# reader_*.c, date.c).  The sources are compiled into the test directly so
# the test does not depend on the rest of nx_indexer being linkable; they
# only need nx_core (the UTF-8 check).
set(NX_READER_SOURCES
  ${PROJECT_SOURCE_DIR}/indexer/load.c
  ${PROJECT_SOURCE_DIR}/indexer/detect.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_util.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_text.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_fields.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_json.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_csv.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_html.c
  ${PROJECT_SOURCE_DIR}/indexer/reader_sgml.c)
nx_unit_test(test_readers
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_readers.c ${CMAKE_CURRENT_LIST_DIR}/readers_common.c ${NX_READER_SOURCES}
  MODULES nx_core nx_xapianc
  LABELS readers)
nx_unit_test(test_readers_corpus
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_readers_corpus.c ${CMAKE_CURRENT_LIST_DIR}/readers_common.c ${NX_READER_SOURCES}
  MODULES nx_core nx_xapianc
  LABELS "readers;corpus")
