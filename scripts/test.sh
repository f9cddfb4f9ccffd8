#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds in Release, runs every
# non-[extreme] test through ctest, then the [quick] tests under AddressSanitizer + UBSan, then each
# libFuzzer target for a short time on its corpus.
# Environment: CONSTEL_FUZZ_SECONDS (default 20 per target), CONSTEL_SKIP_SANITIZE=1, CONSTEL_SKIP_FUZZ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
bash scripts/install-deps.sh --with-fuzz
echo "== Release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
if [ "${CONSTEL_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build, [quick] tests"
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCONSTEL_SANITIZE=ON -DCONSTEL_BUILD_BENCH=OFF >/dev/null
  cmake --build build-sanitize -j"$jobs"
  (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$jobs")
fi
if [ "${CONSTEL_SKIP_FUZZ:-0}" != 1 ]; then
  echo "== libFuzzer targets, ${CONSTEL_FUZZ_SECONDS:-20} s each"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DCONSTEL_BUILD_FUZZ=ON \
    -DCONSTEL_BUILD_TOOLS=OFF -DCONSTEL_BUILD_TESTS=OFF -DCONSTEL_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs"
  for exe in build-fuzz/fuzz/fuzz_*; do
    [ -x "$exe" ] || continue
    name=$(basename "$exe")
    work=$(mktemp -d)
    cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null || true
    echo "-- $name"
    "$exe" -max_total_time="${CONSTEL_FUZZ_SECONDS:-20}" -rss_limit_mb=2048 -max_len=65536 "$work" 2>&1 | tail -n 2
    rm -rf "$work"
  done
fi
echo "== all tests passed"
