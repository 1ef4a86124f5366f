# packaging.cmake — what `cmake --install` adds around the libraries: a
# pkg-config file, a relocatable CMake package (find_package(newsidx)) and
# the newsidx(1) man page.  Included from the top-level CMakeLists.txt after
# the library targets and GNUInstallDirs exist.
include(CMakePackageConfigHelpers)

set(NX_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/newsidx)
set(NX_PKGCONFIG_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- pkg-config -------------------------------------------------------------
# The .pc file finds the prefix from its own location (${pcfiledir}), so an
# install made with `cmake --install --prefix SOMEWHERE` works without
# re-configuring.  An absolute CMAKE_INSTALL_LIBDIR cannot be expressed that
# way; then the configured prefix is written as is.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(NX_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(NX_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _nx_pc_up "/nx-root/${NX_PKGCONFIG_INSTALL_DIR}" "/nx-root")
  string(REGEX REPLACE "/$" "" _nx_pc_up "${_nx_pc_up}")
  set(NX_PC_PREFIX "\${pcfiledir}/${_nx_pc_up}")
  set(NX_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(NX_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(NX_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/newsidx.pc.in ${PROJECT_BINARY_DIR}/newsidx.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/newsidx.pc DESTINATION ${NX_PKGCONFIG_INSTALL_DIR})

# --- CMake package ------------------------------------------------------------
# The static library's interface names the build's imported dependency
# targets (PkgConfig::XAPIAN ...), which newsidxConfig.cmake recreates with
# pkg_check_modules, and the INTERFACE target stemmer_lib, whose absolute
# paths belong to this machine: for the install both are left empty
# (newsidx.h does not include libstemmer.h) and newsidxConfig.cmake sets the
# link line from find_library on the consumer's machine.
set_property(TARGET stemmer_lib PROPERTY INTERFACE_LINK_LIBRARIES "$<BUILD_INTERFACE:${STEMMER_LIBRARY}>")
set_property(TARGET stemmer_lib PROPERTY INTERFACE_INCLUDE_DIRECTORIES "$<BUILD_INTERFACE:${STEMMER_INCLUDE_DIR}>")
# libcsv likewise (no pkg-config file either).
set_property(TARGET csv_lib PROPERTY INTERFACE_LINK_LIBRARIES "$<BUILD_INTERFACE:${CSV_LIBRARY}>")
set_property(TARGET csv_lib PROPERTY INTERFACE_INCLUDE_DIRECTORIES "$<BUILD_INTERFACE:${CSV_INCLUDE_DIR}>")
# Installing a target a second time is allowed; this call only enters the
# libraries in the export set (same destinations as the top-level rule).
install(TARGETS newsidx newsidx_static stemmer_lib csv_lib EXPORT newsidxTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT newsidxTargets NAMESPACE newsidx:: DESTINATION ${NX_CMAKE_INSTALL_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/newsidxConfig.cmake.in
  ${PROJECT_BINARY_DIR}/newsidxConfig.cmake
  INSTALL_DESTINATION ${NX_CMAKE_INSTALL_DIR})
# 0.x releases promise no compatibility between minor versions.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/newsidxConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/newsidxConfig.cmake ${PROJECT_BINARY_DIR}/newsidxConfigVersion.cmake
  DESTINATION ${NX_CMAKE_INSTALL_DIR})

# --- man page -------------------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/docs/newsidx.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
