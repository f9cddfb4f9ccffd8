#!/usr/bin/env bash
# Long fuzzing: `bash scripts/fuzz-long.sh HOURS` builds the libFuzzer targets once (clang,
# AddressSanitizer + UBSan, build-fuzz/) and runs every fuzz/fuzz_* target in turn for an equal share
# of HOURS on a copy of its corpus. New corpus entries are merged back into fuzz/corpus/<name>/
# (minimised with -merge=1), crashes, timeouts and out-of-memory inputs are kept under
# fuzz/findings/<name>/, and one summary line per target (executions, coverage, findings) is printed
# and appended to fuzz/findings/summary.txt. Record the figures in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
hours="${1:?usage: scripts/fuzz-long.sh HOURS (for example 2, or 0.1 for a short trial)}"
export CCACHE_BASEDIR="$PWD"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONSTEL_BUILD_FUZZ=ON \
  -DCONSTEL_BUILD_BENCH=OFF -DCONSTEL_BUILD_TESTS=OFF -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build build-fuzz -j"$(nproc)"
targets=(build-fuzz/fuzz/fuzz_*)
count=${#targets[@]}
seconds=$(awk -v h="$hours" -v n="$count" 'BEGIN { s = int(h * 3600 / n); print (s < 10 ? 10 : s) }')
mkdir -p fuzz/findings
echo "== $(date -u +%FT%TZ): $count targets, $seconds s each ($(nproc) cores, $(uname -m))" | tee -a fuzz/findings/summary.txt
for exe in "${targets[@]}"; do
  [ -x "$exe" ] || continue
  name=$(basename "$exe")
  work=$(mktemp -d)
  findings="fuzz/findings/$name"
  mkdir -p "$findings" "fuzz/corpus/$name"
  cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null || true
  log="$findings/last-run.log"
  "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" >"$log" 2>&1 || true
  "$exe" -merge=1 "fuzz/corpus/$name" "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*' || echo "?")
  found=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  echo "$name: $execs executions, coverage $cov edges, $found findings" | tee -a fuzz/findings/summary.txt
done
