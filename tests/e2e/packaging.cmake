# Install-and-embed test: installs this build tree into a temp prefix, then
# builds examples/ against it with pkg-config and with find_package.
# It needs the build root, the source tree, the compiler and the sanitizer
# setting; they are added for this test only.
set(_nx_env_saved ${NX_TEST_ENV})
set(NX_TEST_ENV ${NX_TEST_ENV}
  "NX_BUILD_DIR=${CMAKE_BINARY_DIR}"
  "NX_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "NX_CC=${CMAKE_C_COMPILER}"
  "NX_SANITIZE=$<BOOL:${NX_SANITIZE}>")
nx_e2e_test(e2e_install install.sh LABELS packaging)
set(NX_TEST_ENV ${_nx_env_saved})
unset(_nx_env_saved)
