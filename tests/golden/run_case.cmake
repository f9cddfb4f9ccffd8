# One golden test case: runs the constel executable as a case file says and compares what it printed,
# byte for byte, with the case's reference file. Golden tests pin the canonical output (human and
# --json) of every subcommand, so that a refactor that changes a single character of it shows up as a
# diff (docs/testing.md says how to read and regenerate them).
#
# Called by ctest as
#   cmake -DCONSTEL=<constel executable> -DCASE=<tests/golden/CMD/NAME.args> -DSOURCE_DIR=<repo root>
#         -DWORK=<scratch folder> -P run_case.cmake
# With the environment variable CONSTEL_GOLDEN_UPDATE=1 it writes the reference instead of comparing
# (scripts/update-golden.sh does that for every case).
#
# The case file NAME.args, one directive a line (blank lines and lines starting with '#' are comments):
#   args: ARGUMENTS   run `constel ARGUMENTS` (shell-like quoting, no shell); repeatable, run in order
#                     (a bare "args:" runs constel without arguments)
#   stdin: PATH       standard input of the following runs (a path below the repository root)
#   mask: REGEX       every match in the recorded output is replaced by <masked> (for values that differ
#                     between processors, e.g. the SIMD kernel's name); repeatable
# Every run starts in WORK, an empty folder holding one link, `src`, to the repository root: inputs
# are named src/..., outputs are written into WORK, so no absolute path reaches the output.
# The reference NAME.ref holds, for each run: "$ constel ARGUMENTS", its standard output, then
# "[stderr]" and its standard error when there is any, then "[exit N]".
cmake_minimum_required(VERSION 3.20)

foreach(var CONSTEL CASE SOURCE_DIR WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_case.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(CREATE_LINK "${SOURCE_DIR}" "${WORK}/src" SYMBOLIC)

file(STRINGS "${CASE}" lines)
set(record "")
set(masks "")
set(stdin_file "")
set(runs 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^[ \t]*(#|$)")
    continue()
  elseif(line MATCHES "^mask: (.+)$")
    list(APPEND masks "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^stdin: (.+)$")
    set(stdin_file "${SOURCE_DIR}/${CMAKE_MATCH_1}")
  elseif(line MATCHES "^args:( (.*))?$")
    set(text "${CMAKE_MATCH_2}")
    separate_arguments(argv UNIX_COMMAND "${text}")
    if(stdin_file)
      set(input INPUT_FILE "${stdin_file}")
    else()
      set(input INPUT_FILE /dev/null)
    endif()
    execute_process(COMMAND "${CONSTEL}" ${argv} WORKING_DIRECTORY "${WORK}" ${input}
                    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
    string(APPEND record "$ constel ${text}\n${out}")
    if(NOT err STREQUAL "")
      string(APPEND record "[stderr]\n${err}")
    endif()
    string(APPEND record "[exit ${code}]\n")
    math(EXPR runs "${runs} + 1")
  else()
    message(FATAL_ERROR "${CASE}: cannot read the line '${line}' (expected args:, stdin: or mask:)")
  endif()
endforeach()
if(runs EQUAL 0)
  message(FATAL_ERROR "${CASE}: no 'args:' line")
endif()
foreach(regex IN LISTS masks)
  string(REGEX REPLACE "${regex}" "<masked>" record "${record}")
endforeach()

string(REGEX REPLACE "\\.args$" ".ref" ref "${CASE}")
if("$ENV{CONSTEL_GOLDEN_UPDATE}" STREQUAL "1")
  file(WRITE "${ref}" "${record}")
  message(STATUS "wrote ${ref}")
  return()
endif()
if(NOT EXISTS "${ref}")
  message(FATAL_ERROR "${ref} does not exist: run scripts/update-golden.sh to create it")
endif()
file(READ "${ref}" expected)
if(NOT record STREQUAL expected)
  file(WRITE "${WORK}/actual.ref" "${record}")
  execute_process(COMMAND diff -u "${ref}" "${WORK}/actual.ref")
  message(FATAL_ERROR "golden output differs from ${ref} (actual output in ${WORK}/actual.ref; "
                      "if the change is intended, run scripts/update-golden.sh and review the diff)")
endif()
