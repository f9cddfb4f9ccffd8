#!/usr/bin/env bash
# The main job (README): installs what is missing, builds constel, and runs it on the embedded default:
# the built-in example configuration is verified exactly and the report printed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p out
echo "== exact verification of the built-in example (data/examples/simplex3.cst)"
./build/constel verify data/examples/simplex3.cst --m 3/4 --b 1/4
