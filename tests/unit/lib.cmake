# lib/ alone: the article's field table (lib/article.c), the stored record
# built from it (lib/stored.c), the on-disk hash (lib/hash.c) and the shard
# layout (lib/shards.c).
nx_unit_test(test_article
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_article.c
  MODULES nx_core nx_xapianc
  LABELS lib)
nx_unit_test(test_hash
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_hash.c
  MODULES nx_core nx_xapianc
  LABELS lib)
nx_unit_test(test_shard_layout
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_shard_layout.c
  MODULES nx_core nx_xapianc
  LABELS lib)
