#!/usr/bin/env bash
# Installs the dependencies (if missing) and builds constel in Release mode into build/.
# Usage: scripts/build.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache (installed by install-deps.sh) makes rebuilds and repeated CI runs on one machine cheap;
# CCACHE_BASEDIR makes its hits independent of where the clone lives.
export CCACHE_BASEDIR="$PWD"
launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
bash scripts/install-deps.sh
cmake -S . -B build "${launcher[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
