# `newsidx serve`'s request handling without a socket (serve_route and
# the pages, NX_SERVE_CORE_SRC), on a real database, through newsidx.h
# only.
add_executable(test_serve ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_serve.c ${NX_SERVE_CORE_SRC})
target_include_directories(test_serve PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR})
target_link_libraries(test_serve PRIVATE newsidx PkgConfig::CMOCKA PkgConfig::JANSSON Threads::Threads)
add_test(NAME test_serve COMMAND test_serve)
set_tests_properties(test_serve PROPERTIES LABELS "unit;serve" TIMEOUT 300)
