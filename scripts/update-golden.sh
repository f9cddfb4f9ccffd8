#!/usr/bin/env bash
# Regenerates the golden references tests/golden/<command>/<case>.ref from the constel executable of a
# build, through the same driver ctest runs (tests/golden/run_case.cmake with CONSTEL_GOLDEN_UPDATE=1),
# then shows which references changed. Review that diff before committing it: a golden test exists to
# make every change of the output visible.
#
# Usage: scripts/update-golden.sh [BUILD_DIR [CASE_REGEX]]
#   BUILD_DIR   a configured build with tests on (default: build)
#   CASE_REGEX  only the cases whose ctest name golden:<command>/<case> matches (default: all)
# Example: scripts/update-golden.sh build 'verify/'
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
filter=${2:-}
if [ ! -f "$build/CTestTestfile.cmake" ]; then
  echo "update-golden: $build is not a configured build (run cmake -S . -B $build first)" >&2
  exit 2
fi
cmake --build "$build" --target constel_tool
CONSTEL_GOLDEN_UPDATE=1 ctest --test-dir "$build" -R "^golden:.*${filter}" --output-on-failure >/dev/null
git status --short -- tests/golden
git diff --stat -- tests/golden
