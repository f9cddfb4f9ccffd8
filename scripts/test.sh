#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds in Release with a SHARED
# libconstel, runs every non-[extreme] test through ctest, installs into a temporary prefix and builds
# and runs the consumer project tests/consumer against it (no absolute library paths in the exported
# files, no detail/ headers installed), moves the prefix and checks that the installed programs and
# Python module still find libconstel.so; then a static libconstel without the tools and the consumer
# against its install; then (one clang build, static) the [quick] and golden tests under
# AddressSanitizer + UBSan and each libFuzzer target for a short time on its corpus.
# The Release ctest run includes the Python tests (pytest, registered as the ctest test python_tests by
# python/CMakeLists.txt; pytest's exit 5, no test collected, fails it) and the MPI checks (mpi_*).
# Environment: CONSTEL_FUZZ_SECONDS (default 10 per target), CONSTEL_SKIP_SANITIZE=1, CONSTEL_SKIP_FUZZ=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache (installed by install-deps.sh) makes rebuilds and repeated CI runs on one machine cheap;
# CCACHE_BASEDIR makes its hits independent of where the clone lives.
export CCACHE_BASEDIR="$PWD"
launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
jobs=$(nproc)
bash scripts/install-deps.sh --with-fuzz
# The main build is a SHARED libconstel (the tools, the tests, the Python module and constel-mpi all
# load libconstel.so): the whole suite then proves that exceptions, RTTI and the library's state work
# across the shared object. The static library (the default for users) is proved by the consumer
# below and by the sanitizer build, which is static and runs the [quick] and the golden tests.
echo "== Release build (shared libconstel) and tests"
cmake -S . -B build "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")
# The exported files must name imported targets, never a library by its absolute path; no detail/
# header is installed; the consumer project (tests/consumer) builds and runs against the install.
check_install() {
  local prefix=$1
  if grep -En '(^|[" ;])/[^"; ]*\.(so|a)([".; ]|$)|/usr/lib' "$prefix"/lib*/cmake/constel/constelTargets*.cmake; then
    echo "constel: the exported CMake files carry absolute library paths" >&2
    exit 1
  fi
  if find "$prefix/include" -path '*/detail/*' | grep -q .; then
    echo "constel: internal detail/ headers were installed" >&2
    exit 1
  fi
  cmake -S tests/consumer -B build-consumer "${launcher[@]}" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build build-consumer -j"$jobs" >/dev/null
  ./build-consumer/consumer
  rm -rf build-consumer
}
echo "== install of the shared build: the consumer, and the installed programs find libconstel.so"
prefix=$(mktemp -d)
cmake --install build --prefix "$prefix" >/dev/null
check_install "$prefix"
# Installed programs and the Python module find libconstel.so through their relative RPATH
# ($ORIGIN/...), with no LD_LIBRARY_PATH, after the prefix has been moved.
moved=$(mktemp -d)/moved
mv "$prefix" "$moved"
for exe in "$moved"/bin/constel "$moved"/bin/constel-mpi $(find "$moved" -name '_constel*.so'); do
  [ -e "$exe" ] || continue
  if env -u LD_LIBRARY_PATH ldd "$exe" | grep -E 'not found|libconstel\.so' | grep -v "=> $moved/"; then
    echo "constel: $exe does not find libconstel.so inside the install" >&2
    exit 1
  fi
done
env -u LD_LIBRARY_PATH "$moved/bin/constel" bound --d 10 --m 0.1 --b 0 >/dev/null \
  || { echo "constel: the installed constel does not run" >&2; exit 1; }
pkg=$(find "$moved" -name '_constel*.so' -printf '%h\n' | head -n 1)
py=$(sed -n 's/^Python3_EXECUTABLE:[A-Z]*=//p' build/CMakeCache.txt)
if [ -n "$pkg" ] && [ -n "$py" ]; then
  (cd / && env -u LD_LIBRARY_PATH PYTHONPATH="$(dirname "$pkg")" "$py" -c \
    'import constel, sys; r = constel.bound(d=10, m="1/10", b="0"); sys.exit(0 if r else 1)') \
    || { echo "constel: the installed Python module does not load" >&2; exit 1; }
fi
rm -rf "$(dirname "$moved")"
# A static libconstel without the tools (so also the -DCONSTEL_BUILD_TOOLS=OFF configuration), and
# the consumer against its install (the static link interface: every private dependency found by
# find_dependency in the installed config).
echo "== static library without the tools, and the consumer against its install"
cmake -S . -B build-static "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DCONSTEL_BUILD_TOOLS=OFF -DCONSTEL_BUILD_BENCH=OFF -DCONSTEL_BUILD_PYTHON=OFF >/dev/null
cmake --build build-static -j"$jobs"
prefix=$(mktemp -d)
cmake --install build-static --prefix "$prefix" >/dev/null
check_install "$prefix"
rm -rf "$prefix"
# One clang build serves both: AddressSanitizer + UBSan on everything, coverage instrumentation for
# the fuzz targets.
if [ "${CONSTEL_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build (clang), [quick] tests"
  CC=clang CXX=clang++ cmake -S . -B build-sanitize "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONSTEL_SANITIZE=ON \
    -DCONSTEL_BUILD_FUZZ=ON -DCONSTEL_BUILD_BENCH=OFF >/dev/null
  cmake --build build-sanitize -j"$jobs"
  (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$jobs")
  if [ "${CONSTEL_SKIP_FUZZ:-0}" != 1 ]; then
    echo "== libFuzzer targets, ${CONSTEL_FUZZ_SECONDS:-10} s each"
    for exe in build-sanitize/fuzz/fuzz_*; do
      [ -x "$exe" ] || continue
      name=$(basename "$exe")
      work=$(mktemp -d)
      cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null || true
      echo "-- $name"
      "$exe" -max_total_time="${CONSTEL_FUZZ_SECONDS:-10}" -rss_limit_mb=2048 -max_len=65536 "$work" 2>&1 | tail -n 2
      rm -rf "$work"
    done
  fi
fi
echo "== all tests passed"
