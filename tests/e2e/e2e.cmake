# End-to-end tests: bash scripts driving the built newsidx CLI on temp databases.
add_executable(nx_holdlock ${CMAKE_CURRENT_SOURCE_DIR}/tools/holdlock.c)
target_link_libraries(nx_holdlock PRIVATE newsidx)

set(NX_TEST_ENV ${NX_TEST_ENV} "NX_HOLDLOCK=$<TARGET_FILE:nx_holdlock>")
nx_e2e_test(e2e_basic basic.sh)
nx_e2e_test(e2e_errors errors.sh)
nx_e2e_test(e2e_incremental incremental.sh)
nx_e2e_test(e2e_crash crash.sh)
nx_e2e_test(e2e_cron cron.sh)
nx_e2e_test(e2e_feedback feedback.sh)
nx_e2e_test(e2e_versions versions.sh)
nx_e2e_test(e2e_corpus corpus.sh LABELS corpus)
nx_e2e_test(e2e_trust trust.sh LABELS corpus)
nx_e2e_test(e2e_exports exports.sh LABELS packaging)
nx_e2e_test(e2e_rooms rooms.sh LABELS structure)
set_property(TEST e2e_exports APPEND PROPERTY ENVIRONMENT
  "NX_LIBNEWSIDX=$<TARGET_FILE:newsidx>" "NX_HEADER=${PROJECT_SOURCE_DIR}/include/newsidx.h")
nx_e2e_test(e2e_everyday everyday.sh)
