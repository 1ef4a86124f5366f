# Snippets and highlight rendering (searcher/snippet.c, searcher/render.c).
# The sources are compiled into the tests directly so they need only the
# analysis module (tokenizer + stemmer), not the whole searcher with Xapian.
nx_unit_test(test_render
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/test_render.c
          ${PROJECT_SOURCE_DIR}/searcher/render.c
  LABELS searcher)
nx_unit_test(test_snippet
  SOURCES ${PROJECT_SOURCE_DIR}/tests/unit/test_snippet.c
          ${PROJECT_SOURCE_DIR}/searcher/snippet.c
          ${PROJECT_SOURCE_DIR}/searcher/render.c
  MODULES nx_analysis
  LABELS searcher)
