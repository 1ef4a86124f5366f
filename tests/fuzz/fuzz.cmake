# Fuzz harnesses (tests/fuzz/, see scripts/fuzz.sh and docs/RELIABILITY.md).
#
# Every harness is one LLVMFuzzerTestOneInput.  The normal build links it
# with replay.c's main() and registers <harness>_replay, which runs every
# file of tests/fuzz/corpus/<harness>/ (seeds and regression inputs)
# through it, in the plain and the ASan build alike.  With -DNX_FUZZ=ON
# (clang only: scripts/fuzz.sh configures it) the same source is linked
# with libFuzzer instead, and <harness>_replay runs the corpus through
# libFuzzer with -runs=0.
#
# To add a harness: a fuzz_NAME.c, a corpus/fuzz_NAME/ folder with seeds,
# optionally dict/fuzz_NAME.dict, and its name in NX_FUZZ_HARNESSES.
# fuzz_http drives the request handling of `newsidx serve` (serve_route,
# not a socket) with one raw request's bytes; it is built with the
# server's sources (NX_SERVE_CORE_SRC, the top CMakeLists.txt).
set(NX_FUZZ_HARNESSES
  fuzz_query fuzz_search fuzz_snippet fuzz_tokenize
  fuzz_read_text fuzz_read_json fuzz_read_html fuzz_read_sgml fuzz_load
  fuzz_stored fuzz_shardmap fuzz_http)
set(NX_FUZZ_READERS fuzz_read_text fuzz_read_json fuzz_read_html fuzz_read_sgml fuzz_load)
set(NX_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})

add_custom_target(fuzz_all)
foreach(h ${NX_FUZZ_HARNESSES})
  set(srcs ${NX_FUZZ_DIR}/${h}.c ${NX_FUZZ_DIR}/fuzz_util.c)
  if(h IN_LIST NX_FUZZ_READERS)
    list(APPEND srcs ${NX_FUZZ_DIR}/fuzz_reader.c)
  endif()
  if(h STREQUAL fuzz_http)
    list(APPEND srcs ${NX_SERVE_CORE_SRC})
  endif()
  if(NOT NX_FUZZ)
    list(APPEND srcs ${NX_FUZZ_DIR}/replay.c)
  endif()
  add_executable(${h} ${srcs})
  target_include_directories(${h} PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR} ${NX_FUZZ_DIR})
  target_link_libraries(${h} PRIVATE newsidx_static)
  set_target_properties(${h} PROPERTIES LINKER_LANGUAGE CXX)
  add_dependencies(fuzz_all ${h})
  if(NX_FUZZ)
    target_link_options(${h} PRIVATE -fsanitize=fuzzer)
    add_test(NAME ${h}_replay COMMAND ${h} -runs=0 ${NX_FUZZ_DIR}/corpus/${h})
  else()
    add_test(NAME ${h}_replay COMMAND ${h} ${NX_FUZZ_DIR}/corpus/${h})
  endif()
  set_tests_properties(${h}_replay PROPERTIES ENVIRONMENT "${NX_TEST_ENV}" LABELS "fuzz" TIMEOUT 300)
endforeach()
