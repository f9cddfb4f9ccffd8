#!/usr/bin/env python3
"""Benchmark of the Python module (docs/benchmarks.md, docs/python.md), in one process, side by side:
constel.verify on in-memory float32 arrays (N = 16384, d = 768 by default), the usual numpy blockwise
script on the same arrays (U[i:i+2048] @ V.T, max reductions; not certified), and the CLI
`constel verify --u U.npy --v V.npy` on the same data saved as .npy. Rounds are interleaved so that a
slow phase of a shared machine hits every contender; the best time of each is printed. Also: the
Python call overhead on a 10 x 8 input, and the resident memory constel.verify adds beyond its input
beside the CLI's peak memory beyond its input.

Run from the repository root after building:
    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python.py [--N 16384] [--d 768] [--rounds 3]
Targets (issue): constel/numpy time <= 0.8; call overhead <= 1 ms; no extra resident memory beyond
the CLI's tiles.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

import constel


def vm_hwm(pid="self"):
    """The peak resident memory of a process's current address space (VmHWM), in bytes. Unlike
    ru_maxrss it starts afresh at exec, so a child does not inherit the forking parent's peak."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/PID/status")


# The module's memory, measured in a fresh interpreter: the arrays are made in place (no temporaries),
# then the peak grows only by what constel.verify itself allocates.
MEMORY_CHILD = r'''
import sys, numpy as np, constel
sys.path.insert(0, sys.argv[3]); from bench_python import vm_hwm
N, d = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
U = np.empty((N, d), dtype=np.float32); V = np.empty((N, d), dtype=np.float32)
rng.standard_normal(out=U, dtype=np.float32); rng.standard_normal(out=V, dtype=np.float32)
constel.verify(U[:64], V[:64])
h0 = vm_hwm(); constel.verify(U, V); print(h0, vm_hwm())
'''


def numpy_blocks(U, V, B=2048):
    mn, mx = np.inf, -np.inf
    for i in range(0, U.shape[0], B):
        S = U[i:i + B] @ V.T
        r = np.arange(S.shape[0])
        mn = min(mn, S[r, i + r].min())
        S[r, i + r] = -np.inf
        mx = max(mx, S.max())
    return (mn - mx) / 2, mx


def run_cli(exe, up, vp):
    """(seconds, peak RSS sampled every 20 ms from /proc/PID/status) of `constel verify`."""
    t = time.perf_counter()
    p = subprocess.Popen([exe, "verify", "--u", up, "--v", vp, "--json", "--quiet"], stdout=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        try:
            peak = max(peak, vm_hwm(p.pid))
        except (OSError, RuntimeError, ValueError):
            pass
        time.sleep(0.02)
    if p.returncode not in (0, 1):
        sys.exit(f"constel verify failed with exit {p.returncode}")
    return time.perf_counter() - t, peak


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--N", type=int, default=16384)
    ap.add_argument("--d", type=int, default=768)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--constel", default=os.path.join("build", "constel"), help="the CLI executable")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    U = rng.standard_normal((a.N, a.d), dtype=np.float32)
    V = rng.standard_normal((a.N, a.d), dtype=np.float32)
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    input_bytes = U.nbytes + V.nbytes
    tmp = tempfile.mkdtemp(prefix="constel_bench_python_")
    up, vp = os.path.join(tmp, "U.npy"), os.path.join(tmp, "V.npy")
    np.save(up, U)
    np.save(vp, V)
    print(f"constel.verify vs numpy vs CLI: N = {a.N}, d = {a.d}, float32, {a.rounds} interleaved rounds, "
          f"OpenBLAS threads {constel.blas_threads()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}")

    here = os.path.dirname(os.path.abspath(__file__))
    mem = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(a.N), str(a.d), here], capture_output=True,
                         text=True, check=True)
    h0, h1 = map(int, mem.stdout.split())
    extra_py = h1 - h0
    best_c = best_n = best_cli = float("inf")
    cli_rss = 0
    for rnd in range(a.rounds):
        t = time.perf_counter()
        r = constel.verify(U, V)
        best_c = min(best_c, time.perf_counter() - t)
        t = time.perf_counter()
        np_margin, np_max = numpy_blocks(U, V)
        best_n = min(best_n, time.perf_counter() - t)
        ct, cli_rss = run_cli(a.constel, up, vp)
        best_cli = min(best_cli, ct)
    print(f"  constel.verify (certified, in memory)   {best_c:8.3f} s")
    print(f"  numpy blockwise (float32, uncertified)  {best_n:8.3f} s   constel/numpy = {best_c / best_n:.2f} (target <= 0.8)")
    print(f"  constel verify CLI (reads the .npy)     {best_cli:8.3f} s")
    print(f"  margin: constel {r.margin_decimal:.9g} (exact {r.margin}), numpy {np_margin:.9g}")
    print(f"  memory: constel.verify raised the peak RSS by {extra_py / 2**20:.1f} MiB beyond its "
          f"{input_bytes / 2**20:.0f} MiB input (interpreter with numpy and the input: {h0 / 2**20:.1f} MiB); "
          f"the CLI's peak RSS {cli_rss / 2**20:.1f} MiB = input + {(cli_rss - input_bytes) / 2**20:.1f} MiB "
          f"(sampled every 20 ms)")

    # Call overhead on a tiny input: the whole call, median of 2000.
    u, v = U[:10, :8].copy(), V[:10, :8].copy()
    times = []
    for _ in range(2000):
        t = time.perf_counter()
        constel.verify(u, v)
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"  call overhead, 10 x 8 float32: median {times[len(times) // 2] * 1e3:.3f} ms, "
          f"p90 {times[int(len(times) * 0.9)] * 1e3:.3f} ms per call (target <= 1 ms)")
    for f in (up, vp):
        os.remove(f)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
