# `newsidx serve`'s request handling without a socket (serve_route and
# the pages), on a real database, through newsidx.h only.  The sources
# are the server's, less its libmicrohttpd glue and its main.
set(NX_SERVE_CORE_SRC
  ${PROJECT_SOURCE_DIR}/cli/serve_route.c ${PROJECT_SOURCE_DIR}/cli/serve_page.c
  ${PROJECT_SOURCE_DIR}/cli/serve_pool.c ${PROJECT_SOURCE_DIR}/cli/serve_text.c
  ${PROJECT_SOURCE_DIR}/cli/serve_assets.c ${PROJECT_SOURCE_DIR}/cli/json_out.c)
add_executable(test_serve ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_serve.c ${NX_SERVE_CORE_SRC})
target_include_directories(test_serve PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR})
target_link_libraries(test_serve PRIVATE newsidx PkgConfig::CMOCKA PkgConfig::JANSSON Threads::Threads)
add_test(NAME test_serve COMMAND test_serve)
set_tests_properties(test_serve PROPERTIES LABELS "unit;serve" TIMEOUT 300)
