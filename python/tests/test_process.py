"""What a Python user relies on in the process: the OpenBLAS thread count is unchanged by a call,
results do not depend on the thread count, torch tensors are accepted (when torch is installed)."""
import numpy as np
import pytest

import constel
from conftest import run_python


def test_blas_thread_count_is_restored():
    code = r'''
import numpy as np, constel
before = constel.blas_threads()
rng = np.random.default_rng(0)
U = rng.standard_normal((700, 64)); V = rng.standard_normal((700, 64))   # float64: the BLAS path
constel.verify(U, V, threads=1)
constel.train(N=600, d=16, steps=2, threads=1)
print(before, constel.blas_threads())
'''
    p = run_python(code, env={"OPENBLAS_NUM_THREADS": "2"}, timeout=300)
    assert p.returncode == 0, p.stderr
    before, after = map(int, p.stdout.split())
    assert before == 2, "OPENBLAS_NUM_THREADS=2 should give 2 threads"
    assert after == before


def test_threads_do_not_change_results(pairs):
    rng = np.random.default_rng(3)
    U = rng.standard_normal((300, 16)).astype(np.float32)
    V = rng.standard_normal((300, 16)).astype(np.float32)
    assert constel.verify(U, V, threads=1).to_json() == constel.verify(U, V, threads=2).to_json()


def test_torch_tensors(pairs):
    torch = pytest.importorskip("torch")
    U, V = pairs
    ref = constel.verify(U, V).to_json()
    assert constel.verify(torch.from_numpy(U), torch.from_numpy(V)).to_json() == ref
    bf = torch.from_numpy(U).to(torch.bfloat16)
    r = constel.verify(bf, V)
    assert r.dtype_u == "bfloat16"
    assert r.margin == constel.verify(bf.to(torch.float32).numpy(), V).margin


def test_progress_bar_only_for_long_runs(pairs):
    U, V = pairs
    code = r'''
import numpy as np, constel
rng = np.random.default_rng(0)
U = rng.standard_normal((6, 4)).astype(np.float32)
constel.verify(U, U, progress=True)
'''
    p = run_python(code)
    assert p.returncode == 0 and p.stderr == ""  # a short run draws nothing
