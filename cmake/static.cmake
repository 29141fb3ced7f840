# The static release binary, epubpack-static: the same objects as build/epubpack, linked with
# static archives instead of 32 shared libraries, whose symbol resolution costs about 3 ms per
# run (tests/bench/PROFILE.md). Configure with
#   -DEPUBPACK_STATIC_DEPS=<DEPS_DIR>/prefix
# after scripts/static-deps.sh, which builds libzip, harfbuzz(-subset) and libxml2 from
# Debian's source packages (Debian 12 ships no static libzip or harfbuzz, and its libxml2.a
# needs a 30 MB static ICU). Everything else comes from Debian's own .a archives. glibc stays
# shared (its iconv and name-service modules are loaded at run time).
set(EPUBPACK_STATIC_DEPS "" CACHE PATH
  "Prefix of scripts/static-deps.sh; when set, also build the static binary epubpack-static")

if(EPUBPACK_STATIC_DEPS)
  if(BUILD_SHARED_LIBS)
    message(FATAL_ERROR "EPUBPACK_STATIC_DEPS needs the static libepubpack (BUILD_SHARED_LIBS=OFF)")
  endif()
  set(_ep_static_libs)
  # From the prefix, in link order.
  foreach(_name zip xml2)
    find_library(EP_STATIC_${_name} NAMES lib${_name}.a PATHS ${EPUBPACK_STATIC_DEPS}/lib
      NO_DEFAULT_PATH REQUIRED)
    list(APPEND _ep_static_libs ${EP_STATIC_${_name}})
  endforeach()
  foreach(_name uuid yaml cmark-gfm-extensions cmark-gfm)
    find_library(EP_STATIC_${_name} NAMES lib${_name}.a REQUIRED)
    list(APPEND _ep_static_libs ${EP_STATIC_${_name}})
  endforeach()
  foreach(_name harfbuzz-subset harfbuzz)
    find_library(EP_STATIC_${_name} NAMES lib${_name}.a PATHS ${EPUBPACK_STATIC_DEPS}/lib
      NO_DEFAULT_PATH REQUIRED)
    list(APPEND _ep_static_libs ${EP_STATIC_${_name}})
  endforeach()
  foreach(_name fontconfig freetype png16 brotlidec brotlicommon expat deflate hyphen unistring
      bz2 lzma z)
    find_library(EP_STATIC_${_name} NAMES lib${_name}.a REQUIRED)
    list(APPEND _ep_static_libs ${EP_STATIC_${_name}})
  endforeach()

  add_executable(epubpack_static ${CLI_SOURCES})
  set_target_properties(epubpack_static PROPERTIES OUTPUT_NAME epubpack-static)
  # The archive's file, not the target: the target would bring its shared libraries along.
  add_dependencies(epubpack_static epubpack)
  target_include_directories(epubpack_static PRIVATE ${CMAKE_SOURCE_DIR}/include
    ${DEPS_INCLUDE_DIRS})
  target_link_libraries(epubpack_static PRIVATE $<TARGET_FILE:epubpack> ${_ep_static_libs} m
    Threads::Threads)
  target_link_options(epubpack_static PRIVATE -Wl,--gc-sections)
  # DT_RELR (binutils 2.38, glibc 2.36): the 9,797 relative relocations of the static PIE
  # packed into 2 KB instead of 235 KB of .rela.dyn, 20 fewer page faults per start.
  include(CheckLinkerFlag)
  check_linker_flag(C "-Wl,-z,pack-relative-relocs" EP_HAVE_PACK_RELATIVE_RELOCS)
  if(EP_HAVE_PACK_RELATIVE_RELOCS)
    target_link_options(epubpack_static PRIVATE -Wl,-z,pack-relative-relocs)
  endif()
  target_compile_options(epubpack_static PRIVATE ${EPUBPACK_WARNINGS})
  target_compile_definitions(epubpack_static PRIVATE EP_VERSION_STRING="${PROJECT_VERSION}"
    _POSIX_C_SOURCE=200809L)
  install(TARGETS epubpack_static RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
