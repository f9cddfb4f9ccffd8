"""constel.verify, verify_file, generate and codes: verification of arrays, files and Configurations,
and the constructions (docs/python.md)."""
from __future__ import annotations

import os
from typing import Any, Optional

from . import _constel
from ._constel import Configuration, InputError
from ._common import _Number, _as_matrix, _labels, _path, _progress, _threads
from ._result import Result, VerifyResult


def verify(U: Any, V: Any = None, *, labels: Any = None, m: _Number = None, b: _Number = None,
           normalize: bool = False, threads: Optional[int] = None, progress: bool = False,
           uint16_as: Optional[str] = None, arithmetic: str = "auto", plot: Any = None,
           screen: Optional[bool] = None) -> VerifyResult:
    """Verify embeddings (certified) or a Configuration (exact): ``constel verify``.

    Arrays: ``U`` and ``V`` are anything ``numpy.asarray`` accepts with one row per item: float16,
    float32, float64, bfloat16 (``ml_dtypes.bfloat16`` arrays, torch bfloat16 tensors, or uint16 bit
    views with ``uint16_as="bfloat16"``), C or Fortran order, memory-mapped ``.npy``
    (``numpy.load(path, mmap_mode="r")``), torch CPU tensors. C-ordered float32/float64 data is read
    in place (no copy); Fortran order, strided views and float16/bfloat16 are copied once (into C-ordered
    float32/float64; half precision widens exactly). The stored floats are exact binary rationals and
    the results are about exactly those numbers (docs/math.md section 7).

    Configuration: ``verify(config, m=..., b=...)`` runs the exact verifier (``V`` must be None).

    Arguments:
      U, V:       the two embedding matrices (N_u x d and N_v x d), or a Configuration as U.
      labels:     optional integers, one per U row: the V row paired with it (many-to-one); without
                  labels U row i is paired with V row i (N_u == N_v).
      m, b:       optional target (margin, relative bias), both or neither; exact numbers (int,
                  Fraction, str like the CLI, or float at its exact binary value). With them the
                  result has ``is_constellation`` and the exact violation counts.
      normalize:  verify the cosines of the stored vectors instead of their inner products; the
                  values are then certified intervals (``margin_interval``), not exact.
      threads:    worker threads (None: all cores).
      progress:   draw a progress bar on stderr for runs longer than about 2 s.
      uint16_as:  for uint16 input: "bfloat16" or "float16", the type whose bits the integers hold.
      arithmetic: Configuration only: "auto", "double", "int128" or "gmp" (the exact path).
      plot:       arrays only: a path; the histogram SVG of the positive and negative inner
                  products is written there atomically (the CLI's ``--plot FILE``).
      screen:     the bfloat16 screen of float32 data: None (default: where the processor has
                  AVX512_BF16 and N_u N_v >= 2^26), True (``--screen``), False (``--no-screen``). The
                  certified results are the same; ``p95_neg_arithmetic`` says what P95 was read from.

    Returns a VerifyResult with every key of ``constel verify --json``: ``margin``, ``relative_bias``,
    ``min_diag``, ``max_offdiag`` are ``Fraction`` (exact; with normalize=True floats with
    ``_interval`` [lo, hi] twins), each with a ``_decimal`` float; ``argmin_diag`` and
    ``argmax_offdiag`` are 0-based witnesses; ``recall_at_1_u2v``/``_v2u`` are exact Fractions;
    ``mean_*``, ``p5_pos``, ``p95_neg``, ``xi`` are float statistics (not certified).
    """
    if isinstance(U, Configuration):
        if V is not None or labels is not None or normalize or plot is not None or screen is not None:
            raise InputError("verify: a Configuration takes only m, b, arithmetic and threads")
        return VerifyResult(_constel.verify_configuration(U, m, b, arithmetic, _threads(threads)))
    if V is None:
        raise InputError("verify: give U and V (arrays), or a Configuration")
    a, sa = _as_matrix(U, "U", uint16_as)
    c, sc = _as_matrix(V, "V", uint16_as)
    return VerifyResult(_constel.verify_arrays(a, sa, c, sc, _labels(labels), m, b, bool(normalize),
                                               _threads(threads), _progress(progress), _path(plot),
                                               None if screen is None else bool(screen)))


def verify_file(path: Any = None, *, u: Any = None, v: Any = None, npz: Any = None,
                safetensors: Any = None, hdf5: Any = None, u_key: str = "", v_key: str = "", labels: Any = None,
                labels_key: str = "", m: _Number = None, b: _Number = None, normalize: bool = False,
                threads: Optional[int] = None, progress: bool = False,
                arithmetic: str = "auto", plot: Any = None, screen: Optional[bool] = None) -> VerifyResult:
    """``constel verify`` on files: a ``.cst`` (exact) or embedding files (certified).

    ``verify_file("c.cst", m=..., b=...)`` is ``constel verify c.cst --m M --b B``;
    ``verify_file(u="U.npy", v="V.npy")`` is ``constel verify --u U.npy --v V.npy`` (every format the
    CLI reads: .npy, .npz, .safetensors and HDF5 .h5/.hdf5 with u_key/v_key, .fvecs, .csv/.tsv/.txt);
    ``verify_file(npz="E.npz", u_key="img", v_key="txt")`` is ``--npz E.npz --u-key img --v-key txt``.

    Arguments:
      path:         a .cst file (exact verification; with m, b, arithmetic, threads only).
      u, v:         embedding files (paired row by row, or through labels).
      npz, safetensors, hdf5: one container holding both arrays, named by u_key and v_key.
      u_key, v_key: the array names inside .npz/.safetensors files, or HDF5 dataset paths.
      labels:       a labels file (.npy, .npz or HDF5 with labels_key, or text: one integer per line).
      labels_key:   the labels array's name in an .npz file, or its HDF5 dataset path.
      m, b, normalize, threads, progress, arithmetic, plot, screen: as ``verify`` (plot and screen:
                    embedding files only).
    Returns the same VerifyResult as the CLI's --json object.
    """
    if path is not None:
        path = os.fspath(path)
        if any(x is not None for x in (u, v, npz, safetensors, hdf5, labels, plot, screen)) or normalize:
            raise InputError("verify_file: give a .cst file or embedding files (u/v), not both")
        return VerifyResult(_constel.verify_cst(path, m, b, arithmetic, _threads(threads)))
    given = [(n, c) for n, c in (("npz", npz), ("safetensors", safetensors), ("hdf5", hdf5)) if c is not None]
    if len(given) > 1:
        raise InputError("give one of npz, safetensors and hdf5, not several")
    container = os.fspath(given[0][1]) if given else ""
    up = os.fspath(u) if u is not None else container
    vp = os.fspath(v) if v is not None else container
    if not up or not vp:
        raise InputError("verify_file: give u and v (embedding files), or npz/safetensors/hdf5 with u_key and v_key")
    if container and ((u is None and not u_key) or (v is None and not v_key)):
        raise InputError(given[0][0] + " needs u_key and v_key (the names of the two arrays)")
    lp = os.fspath(labels) if labels is not None else ""
    return VerifyResult(_constel.verify_embedding_files(up, vp, u_key, v_key, lp, labels_key, m, b,
                                                        bool(normalize), _threads(threads), _progress(progress),
                                                        _path(plot), None if screen is None else bool(screen)))


# ---------------------------------------------------------------------------------------------------
# generate, codes

def generate(name: str, *, code: str = "", input: Any = None, m: _Number = None, b: _Number = None,
             delta2: _Number = None, phi2: _Number = None, k: Optional[int] = None,
             N: Optional[int] = None, output: Any = None, format: str = "cst") -> Configuration:
    """Build an exact constellation: ``constel generate NAME``.

    name:   line, lift, construction1, multimodal, gap-tight or adapter (see ``codes()``).
    code:   the code SPEC (simplex:N, cross:n, rm1:r, golay24, e8, leech, ...).
    input:  a .cst path (construction1, adapter).
    m, b:   target margin and relative bias (lift); delta2, phi2 (construction1, multimodal, adapter);
            k modalities (multimodal); N pairs (gap-tight). Exact numbers.
    output: optional path: also write the file (.cst, or npz with format="npz"), atomically. npz
            floats are rounded as by ``constel generate --format npz``: the stored floats keep the
            claim when directed rounding allows, else a claim shrunk by about 1e-16 holds for them
            (docs/constructions.md "Float output"; ``verify`` the file to read its margin).
    Returns the Configuration (exact; ``claim`` holds the (m, b) the construction guarantees).
    """
    if format not in ("cst", "npz"):
        raise InputError(f"format: expected cst or npz, got {format!r}")
    c = _constel.generate(name, code, os.fspath(input) if input is not None else "", m, b, delta2, phi2, k, N)
    if output is not None:
        if format == "cst":
            c.write(os.fspath(output))
        else:
            _constel.write_npz(c, os.fspath(output))
    return c


def codes() -> Result:
    """The catalog of constructions and codes: ``constel generate --list --json`` (``constructions``
    and ``codes``, each a list of Results with name, usage/spec and formulas)."""
    return Result(_constel.codes())


