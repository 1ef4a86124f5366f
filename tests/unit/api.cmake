# The public API's boundary (NULLs, bad arguments), through newsidx.h only.
add_executable(test_api ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_api.c)
target_link_libraries(test_api PRIVATE newsidx PkgConfig::CMOCKA)
add_test(NAME test_api COMMAND test_api)
set_tests_properties(test_api PROPERTIES LABELS "unit;api" TIMEOUT 120)
