# Related stories through the public header (tests/unit/test_similar.c):
# the article and its copies left out, follow-ups first, filters obeyed,
# an unknown id refused with NX_ERR_NOT_FOUND.
add_executable(test_similar ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_similar.c)
target_link_libraries(test_similar PRIVATE newsidx PkgConfig::CMOCKA)
add_test(NAME test_similar COMMAND test_similar)
set_tests_properties(test_similar PROPERTIES LABELS "unit;api;searcher" TIMEOUT 120)
