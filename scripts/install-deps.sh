#!/usr/bin/env bash
# Installs constel's build and test dependencies from Debian packages (idempotent).
# Only packages that are missing are installed; a second run does nothing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config ccache libboost-dev libgmp-dev libmpfr-dev libeigen3-dev libglpk-dev libflint-arb-dev libsdpa-dev
      catch2 libcli11-dev libfmt-dev nlohmann-json3-dev libopenblas-dev zlib1g-dev
      pybind11-dev python3-dev python3-pytest python3-numpy openmpi-bin libopenmpi-dev
      libhdf5-dev python3-h5py)
# --with-fuzz adds clang and its libFuzzer runtime (for the fuzz targets run by scripts/test.sh).
[ "${1:-}" = "--with-fuzz" ] && pkgs+=(clang libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
