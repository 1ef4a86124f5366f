# No call cycle joins two or more of libnewsidx's object files
# (tests/tools/callcycles.c reads them with nm).  The list of objects is
# the one the library is made of; the tool also checks it against the
# static library's members, so no object escapes.
add_executable(nx_callcycles ${CMAKE_CURRENT_SOURCE_DIR}/tools/callcycles.c)
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/libnewsidx-objects.txt
     CONTENT "$<JOIN:${NX_ALL_OBJECTS},\n>\n")
add_test(NAME test_no_call_cycles
  COMMAND nx_callcycles ${CMAKE_CURRENT_BINARY_DIR}/libnewsidx-objects.txt $<TARGET_FILE:newsidx_static>)
set_tests_properties(test_no_call_cycles PROPERTIES LABELS "unit;structure" TIMEOUT 120)

# The check itself can fail: on three objects of which two call each other
# it must name exactly those two.
add_library(nx_cycle_fixture OBJECT
  ${CMAKE_CURRENT_SOURCE_DIR}/tools/cycle/cycle_a.c
  ${CMAKE_CURRENT_SOURCE_DIR}/tools/cycle/cycle_b.c
  ${CMAKE_CURRENT_SOURCE_DIR}/tools/cycle/cycle_c.c)
file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/cycle-fixture-objects.txt
     CONTENT "$<JOIN:$<TARGET_OBJECTS:nx_cycle_fixture>,\n>\n")
add_test(NAME test_call_cycle_found
  COMMAND nx_callcycles ${CMAKE_CURRENT_BINARY_DIR}/cycle-fixture-objects.txt)
set_tests_properties(test_call_cycle_found PROPERTIES LABELS "unit;structure" TIMEOUT 60
  PASS_REGULAR_EXPRESSION "cycle: a call cycle joins 2 objects: tools/cycle/cycle_a.c tools/cycle/cycle_b.c\n  tools/cycle/cycle_a.c -> tools/cycle/cycle_b.c \\(cycle_b\\) -> tools/cycle/cycle_a.c \\(cycle_a\\)\n.*callcycles: 3 objects, 3 arrows between them, 1 cycles \\(0 allowed\\)")
