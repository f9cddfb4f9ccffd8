"""constel.verify on arrays: dtypes, layouts, memory maps, labels, targets, normalize; no copy for
contiguous float32/float64; Configuration and .cst files (exact)."""
import os
from fractions import Fraction

import numpy as np
import pytest

import constel
from conftest import EMBEDDINGS, run_python


def exact_margin(U, V):
    """The exact margin of float arrays, by Fractions (slow; tiny inputs only)."""
    n = U.shape[0]
    G = [[sum(Fraction(float(a)) * Fraction(float(b)) for a, b in zip(U[i], V[j])) for j in range(n)] for i in range(n)]
    pos = min(G[i][i] for i in range(n))
    neg = max(G[i][j] for i in range(n) for j in range(n) if i != j)
    return (pos - neg) / 2, (pos + neg) / 2


def test_float32_exact_values(pairs):
    U, V = pairs
    r = constel.verify(U, V)
    m, b = exact_margin(U, V)
    assert r.margin == m and isinstance(r.margin, Fraction)
    assert r.relative_bias == b
    assert r.margin_decimal == float(m)
    assert r.N_u == 6 and r.d == 4 and r.dtype_u == "float32"
    assert r.to_json()["margin"] == f"{m.numerator}/{m.denominator}"


def test_float64_fortran_and_strided(pairs):
    U, V = (x.astype(np.float64) for x in pairs)
    ref = constel.verify(U, V)
    assert ref.dtype_u == "float64"
    f = constel.verify(np.asfortranarray(U), np.asfortranarray(V))
    assert f.to_json() == ref.to_json()
    big = np.zeros((12, 8))
    big[::2, :4] = U
    s = constel.verify(big[::2, :4], V)
    assert s.margin == ref.margin


def test_float16_and_bfloat16(pairs):
    U, V = pairs
    h = U.astype(np.float16)
    r = constel.verify(h, V)
    assert r.dtype_u == "float16"
    assert r.margin == exact_margin(h.astype(np.float32), V)[0]
    # bfloat16 as uint16 bit views: the top half of each float32
    bits = (U.view(np.uint32) >> 16).astype(np.uint16)
    rb = constel.verify(bits, V, uint16_as="bfloat16")
    widened = (bits.astype(np.uint32) << 16).view(np.float32)
    assert rb.dtype_u == "bfloat16"
    assert rb.margin == exact_margin(widened, V)[0]
    with pytest.raises(constel.InputError, match="uint16_as"):
        constel.verify(bits, V)


def test_memory_mapped_npy(tmp_path, pairs):
    U, V = pairs
    np.save(tmp_path / "u.npy", U)
    np.save(tmp_path / "v.npy", V)
    mu = np.load(tmp_path / "u.npy", mmap_mode="r")
    mv = np.load(tmp_path / "v.npy", mmap_mode="r")
    assert isinstance(mu, np.memmap)
    assert constel.verify(mu, mv).to_json() == constel.verify(U, V).to_json()


def test_labels_and_target(pairs):
    U, V = pairs
    labels = np.array([0, 1, 2, 3, 4, 5])
    r = constel.verify(U, V, labels=labels, m="1/100", b=0)
    assert r.labels is True and r.m == Fraction(1, 100) and r.b == 0
    assert r.is_constellation == (r.margin >= Fraction(1, 100) and abs(r.relative_bias) <= r.margin - Fraction(1, 100))
    many = constel.verify(U, V[:3], labels=[0, 1, 2, 0, 1, 2])
    assert many.N_v == 3 and many.argmin_diag_v in (0, 1, 2)


def test_float_numbers_are_exact_binary(pairs):
    U, V = pairs
    r = constel.verify(U, V, m=0.1, b=0)
    assert r.m == Fraction(0.1) != Fraction(1, 10)
    assert constel.verify(U, V, m="0.1", b=0).m == Fraction(1, 10)
    assert constel.verify(U, V, m=Fraction(1, 10), b=0).m == Fraction(1, 10)


def test_screen_keyword_same_certified_answer(pairs):
    U, V = pairs
    off = constel.verify(U, V, screen=False)
    assert off.kernel.startswith("float32 ") and off.p95_neg_arithmetic == "float32 products"
    try:
        on = constel.verify(U, V, screen=True)
    except constel.InputError as e:
        assert "lacks AVX512_BF16" in str(e)
        return
    assert on.kernel == "bf16 screen + " + off.kernel
    assert on.p95_neg_arithmetic.startswith("bfloat16 screen products")
    for k in ("margin", "relative_bias", "argmax_offdiag", "argmin_diag", "recall_at_1_u2v", "mean_neg", "xi"):
        assert on.to_json()[k] == off.to_json()[k]
    assert on.p95_neg_resolution > off.p95_neg_resolution
    assert constel.verify(U, V).kernel == off.kernel  # the default: no screen for 6 pairs


def test_normalize_gives_intervals(pairs):
    U, V = pairs
    r = constel.verify(2 * U, V, normalize=True)
    assert r.normalized is True and r.exact is False
    lo, hi = r.margin_interval
    assert lo <= r.margin <= hi and isinstance(r.margin, float)


def test_no_copy_for_contiguous_float32_and_float64(pairs):
    U, V = pairs
    for a in (U, U.astype(np.float64)):
        assert constel._constel._is_view(a, a.dtype.name)
    assert not constel._constel._is_view(np.asfortranarray(U.astype(np.float64)), "float64")


PEAK_CODE = r'''
import sys, numpy as np, constel
rng = np.random.default_rng(1)
U = np.empty((4096, 1024), dtype=np.float32, order=sys.argv[1])  # made in place: no transient copy
rng.standard_normal(out=U if sys.argv[1] == "C" else U.T, dtype=np.float32)
V = rng.standard_normal((4096, 1024), dtype=np.float32)
def peak():  # VmHWM, the peak of this process image (ru_maxrss would carry the parent's peak over exec)
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) * 1024
constel.verify(np.ascontiguousarray(U[:64]), V[:64])  # warm up: code pages, thread stacks
p0 = peak(); constel.verify(U, V, threads=2); print(peak() - p0)
'''


def peak_growth(layout):
    import subprocess, sys
    p = subprocess.run([sys.executable, "-c", PEAK_CODE, layout], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return int(p.stdout)


def test_peak_memory_stays_at_input_plus_tiles():
    # The peak RSS a call adds beyond its (touched) input: for C-ordered float32 only what the CLI
    # adds too (the packed-panel copy of V, N x d floats, and the tiles), no copy of U or V by the
    # module; a Fortran-ordered U costs one more matrix, which must show (so the test can fail).
    size = 4096 * 1024 * 4  # one matrix
    grow_c, grow_f = peak_growth("C"), peak_growth("F")
    assert grow_c < size + size // 2, f"verify of C-ordered float32 grew the peak RSS by {grow_c} bytes"
    assert grow_f > grow_c + size // 2, f"the Fortran-order copy should show: C {grow_c}, F {grow_f}"


def test_configuration_and_cst(tmp_path):
    c = constel.generate("line", code="simplex:4")
    assert (c.N, c.k) == (4, 2)
    m, b = c.claim
    r = constel.verify(c, m=m, b=b)
    assert r.exact is True and r.is_constellation is True and r.claim_holds is True
    assert r.margin == m
    path = tmp_path / "s.cst"
    c.write(str(path))
    again = constel.Configuration.read(str(path))
    assert again.to_cst() == c.to_cst()
    assert constel.verify_file(path, m=m, b=b).to_json() == r.to_json()
    g = c.gram(0, 1)
    assert all(isinstance(x, Fraction) for row in g for x in row)
    assert min(g[i][i] for i in range(4)) == r.min_diag
    arr = c.to_numpy()
    assert arr.shape == (2, 4, c.d)
    assert abs((arr[0] @ arr[1].T)[0, 0] - float(g[0][0])) < 1e-12


def test_embedding_files():
    r = constel.verify_file(u=os.path.join(EMBEDDINGS, "u_f4.npy"), v=os.path.join(EMBEDDINGS, "v_f4.npy"))
    assert r.dtype_u == "float32" and r.certified is True
    z = constel.verify_file(npz=os.path.join(EMBEDDINGS, "pairs.npz"), u_key="image", v_key="text")
    assert z.N_u == z.N_v


def test_hdf5_file():
    """verify_file(hdf5=...) reads datasets by path, as constel verify --hdf5 (float16 gzip here)."""
    h5 = os.path.join(EMBEDDINGS, "pairs.h5")
    r = constel.verify_file(hdf5=h5, u_key="/group/u16", v_key="test")
    z = constel.verify_file(u=os.path.join(EMBEDDINGS, "u_f4.npy"), v=os.path.join(EMBEDDINGS, "v_f4.npy"))
    assert r.margin == z.margin and r.to_json()["dtype_u"] == "float16"
    assert len(r.to_json()["warnings"]) == 1
    with pytest.raises(constel.InputError, match=r"pairs.h5\[nope\]: no dataset 'nope'"):
        constel.verify_file(hdf5=h5, u_key="nope", v_key="test")
    with pytest.raises(constel.InputError, match="give one of npz, safetensors and hdf5"):
        constel.verify_file(hdf5=h5, npz=h5, u_key="a", v_key="b")


def test_gil_is_released():
    # A Python thread keeps counting while verify runs in another thread.
    code = r'''
import threading, time, numpy as np, constel
rng = np.random.default_rng(0)
U = rng.standard_normal((3000, 512)).astype(np.float32); V = rng.standard_normal((3000, 512)).astype(np.float32)
ticks = [0]; done = [False]
def work():
    constel.verify(U, V, threads=1); done[0] = True
t = threading.Thread(target=work); t.start()
while not done[0]:
    ticks[0] += 1; time.sleep(0.001)
t.join(); print(ticks[0])
'''
    p = run_python(code, timeout=300)
    assert p.returncode == 0, p.stderr
    assert int(p.stdout) > 20, "the main thread was blocked while verify ran"
