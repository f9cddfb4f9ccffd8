"""constel: exact geometry of sigmoid contrastive learning (SigLIP), in Python.

The functions mirror the ``constel`` commands, with keyword arguments named like the CLI options
(``--b-rel`` is ``b_rel``), and return objects whose attributes are the keys of the CLI's ``--json``
object (``result.to_json()`` is that object). See docs/python.md.

Numbers: every exact parameter (m, b, s, t, ...) accepts an ``int``, a ``fractions.Fraction``, a
``str`` parsed exactly like the CLI (``"0.1"`` is 1/10, ``"1e-3"`` is 1/1000, ``"3/7"``) or a
``float``, taken at its exact binary value (``0.1`` is 3602879701896397/36028797018963968, not 1/10:
pass ``"0.1"`` or ``Fraction(1, 10)`` for a tenth). Exact results are ``fractions.Fraction``, each
with a ``_decimal`` float twin; indices are 0-based; the paper's sign: logit = t<U,V> - b,
b_rel = b/t.

Errors: ``constel.InputError`` (a ``ValueError``; the CLI's exit 2) with the library's message,
``constel.LimitError`` (an InputError: beyond a limit), ``constel.ParseError`` (an InputError: a
malformed file, "file:line: ..."), ``constel.InternalError`` (a ``RuntimeError``; exit 3), all below
``constel.Error``.

The GIL is released while the library computes; the process's OpenBLAS thread count is the same
after a call as before it.
"""
from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, Optional, Sequence

import numpy as _np

from . import _constel
from ._constel import Configuration, Error, InputError, InternalError, LimitError, ParseError
from ._result import GapResult, Result, TableResult, TrainResult, VerifyResult

__all__ = [
    "verify", "verify_file", "Configuration", "generate", "codes", "bound", "codebound",
    "check_certificate", "choose_d", "margin_for", "table", "plot_region", "plot_bounds", "train",
    "gap", "gap_file", "params", "Result", "VerifyResult", "GapResult", "TrainResult", "TableResult",
    "Error", "InputError", "LimitError", "ParseError", "InternalError",
]
__version__ = "0.1.0"

_Number = Any  # int | Fraction | str | float


# ---------------------------------------------------------------------------------------------------
# Arrays: numpy, memory-mapped .npy, torch CPU tensors, bfloat16 (ml_dtypes or uint16 bit views).

def _as_matrix(x: Any, name: str, uint16_as: Optional[str]):
    """(a numpy 2-D array, its storage type) without copying when the data is float32/float64."""
    if type(x).__module__.split(".")[0] == "torch":
        import torch  # only when the caller passed a tensor
        t = x.detach()
        if t.device.type != "cpu":
            raise InputError(f"{name}: a tensor on {t.device} (move it to the CPU first: .cpu())")
        if t.dtype == torch.bfloat16:
            return t.contiguous().view(torch.int16).numpy().view(_np.uint16), "bfloat16"
        x = t.numpy()
    a = _np.asarray(x)
    kind = a.dtype.name
    if kind == "bfloat16":  # ml_dtypes
        return a.view(_np.uint16), "bfloat16"
    if kind in ("float16", "float32", "float64"):
        return a, kind
    if kind == "uint16" and uint16_as in ("bfloat16", "float16"):
        return a, uint16_as
    if kind == "uint16":
        raise InputError(f"{name}: uint16 data needs uint16_as='bfloat16' or 'float16' (the bits of which type)")
    raise InputError(f"{name}: dtype {kind} is not a float type (float16, bfloat16, float32 or float64)")


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise InputError(f"threads: expected a non-negative integer or None, got {threads!r}")
    return threads


def _labels(labels: Any):
    if labels is None:
        return None
    a = _np.asarray(labels)
    if a.dtype.kind not in "iu":
        raise InputError(f"labels: expected integers (an index into V per U row), got dtype {a.dtype.name}")
    return a


def _progress(progress: bool) -> bool:
    return bool(progress)


# ---------------------------------------------------------------------------------------------------
# verify

def verify(U: Any, V: Any = None, *, labels: Any = None, m: _Number = None, b: _Number = None,
           normalize: bool = False, threads: Optional[int] = None, progress: bool = False,
           uint16_as: Optional[str] = None, arithmetic: str = "auto") -> VerifyResult:
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

    Returns a VerifyResult with every key of ``constel verify --json``: ``margin``, ``relative_bias``,
    ``min_diag``, ``max_offdiag`` are ``Fraction`` (exact; with normalize=True floats with
    ``_interval`` [lo, hi] twins), each with a ``_decimal`` float; ``argmin_diag`` and
    ``argmax_offdiag`` are 0-based witnesses; ``recall_at_1_u2v``/``_v2u`` are exact Fractions;
    ``mean_*``, ``p5_pos``, ``p95_neg``, ``xi`` are float statistics (not certified).
    """
    if isinstance(U, Configuration):
        if V is not None or labels is not None or normalize:
            raise InputError("verify: a Configuration takes only m, b, arithmetic and threads")
        return VerifyResult(_constel.verify_configuration(U, m, b, arithmetic, _threads(threads)))
    if V is None:
        raise InputError("verify: give U and V (arrays), or a Configuration")
    a, sa = _as_matrix(U, "U", uint16_as)
    c, sc = _as_matrix(V, "V", uint16_as)
    return VerifyResult(_constel.verify_arrays(a, sa, c, sc, _labels(labels), m, b, bool(normalize),
                                               _threads(threads), _progress(progress)))


def verify_file(path: Any = None, *, u: Any = None, v: Any = None, npz: Any = None,
                safetensors: Any = None, u_key: str = "", v_key: str = "", labels: Any = None,
                labels_key: str = "", m: _Number = None, b: _Number = None, normalize: bool = False,
                threads: Optional[int] = None, progress: bool = False,
                arithmetic: str = "auto") -> VerifyResult:
    """``constel verify`` on files: a ``.cst`` (exact) or embedding files (certified).

    ``verify_file("c.cst", m=..., b=...)`` is ``constel verify c.cst --m M --b B``;
    ``verify_file(u="U.npy", v="V.npy")`` is ``constel verify --u U.npy --v V.npy`` (every format the
    CLI reads: .npy, .npz and .safetensors with u_key/v_key, .fvecs, .csv/.tsv/.txt);
    ``verify_file(npz="E.npz", u_key="img", v_key="txt")`` is ``--npz E.npz --u-key img --v-key txt``.

    Arguments:
      path:         a .cst file (exact verification; with m, b, arithmetic, threads only).
      u, v:         embedding files (paired row by row, or through labels).
      npz, safetensors: one container holding both arrays, named by u_key and v_key.
      u_key, v_key: the array names inside .npz/.safetensors files.
      labels:       a labels file (.npy, .npz with labels_key, or text: one integer per line).
      labels_key:   the labels array's name in an .npz file.
      m, b, normalize, threads, progress, arithmetic: as ``verify``.
    Returns the same VerifyResult as the CLI's --json object.
    """
    if path is not None:
        path = os.fspath(path)
        if any(x is not None for x in (u, v, npz, safetensors, labels)) or normalize:
            raise InputError("verify_file: give a .cst file or embedding files (u/v), not both")
        return VerifyResult(_constel.verify_cst(path, m, b, arithmetic, _threads(threads)))
    if npz is not None and safetensors is not None:
        raise InputError("give npz or safetensors, not both")
    container = os.fspath(npz if npz is not None else safetensors) if (npz or safetensors) else ""
    up = os.fspath(u) if u is not None else container
    vp = os.fspath(v) if v is not None else container
    if not up or not vp:
        raise InputError("verify_file: give u and v (embedding files), or npz/safetensors with u_key and v_key")
    if container and ((u is None and not u_key) or (v is None and not v_key)):
        raise InputError(("npz" if npz else "safetensors") + " needs u_key and v_key (the names of the two arrays)")
    lp = os.fspath(labels) if labels is not None else ""
    return VerifyResult(_constel.verify_embedding_files(up, vp, u_key, v_key, lp, labels_key, m, b,
                                                        bool(normalize), _threads(threads), _progress(progress)))


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
    output: optional path: also write the file (.cst, or npz with format="npz"), atomically.
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


# ---------------------------------------------------------------------------------------------------
# bounds

def bound(d: int, m: _Number, b: _Number) -> Result:
    """Lower and upper bounds on N_MRB(d, m, b): ``constel bound --d D --m M --b B --json``.

    Returns ``lower``, ``upper`` (each {log10, value, method}; value an integer string or None),
    ``lower_all``/``upper_all``, ``region``, ``alpha`` (Fraction, exact), ``exponent_lower``/``_upper``
    (floats, nats per dimension) and ``notes``.
    """
    return Result(_constel.bound(d, m, b))


def codebound(n: int, s: _Number, *, degree: Optional[int] = None, certificate: Any = None) -> Result:
    """Bounds on spherical codes N_SC(n, s): ``constel codebound --n N --s S --json``.

    degree: fixed Delsarte LP degree (None: raised until it stops improving); certificate: a path to
    write the certified Delsarte polynomial to (re-check it with ``check_certificate``). Returns
    ``rankin`` (exact integer string, s <= 0), ``levenshtein`` (``value`` a Fraction), ``delsarte``
    (``value``, ``eps`` Fractions, certified; ``grid_value`` a float that is never a bound), ``volume``,
    ``lower``, ``best_lower``, ``best_upper``.
    """
    return Result(_constel.codebound(n, s, degree, os.fspath(certificate) if certificate is not None else None))


def check_certificate(path: Any, n: Optional[int] = None, s: _Number = None) -> Result:
    """Re-prove a Delsarte certificate file exactly: ``constel codebound --check FILE --json``.

    path: the certificate file (written by ``codebound(..., certificate=path)``); n and s, when given,
    must match the file. ``verified`` is True when it proves its bound; ``bound`` and ``eps`` are
    Fractions; ``reason`` says why not."""
    return Result(_constel.check_certificate(os.fspath(path), n, s))


def _counts(N: Any) -> list:
    if isinstance(N, (list, tuple)):
        return list(N)
    return [N]


def choose_d(N: Any, m: _Number, b: _Number, *, max_d: int = 1000000, delsarte: bool = False) -> Result:
    """The dimension N pairs need at (m, b): ``constel choose-d --N N --m M --b B --json``.

    N: an integer (or "1e10" text, or a list of them). Returns ``results``, one per N, each with
    ``d_necessary`` (no smaller d is possible), ``d_sufficient`` (the lower bound guarantees N) and
    ``d_explicit`` (a code of the toolkit builds N pairs; ``command`` the generate command).
    m, b: the target margin and relative bias (exact numbers); max_d: the largest dimension searched
    (at most 10^6); delsarte: also use the certified Delsarte LP for d <= 24 (slower).
    """
    return Result(_constel.choose_d(_counts(N), m, b, max_d, bool(delsarte)))


def margin_for(d: int, N: Any, *, b: _Number = None, resolution: _Number = "1e-6",
               delsarte: bool = False) -> Result:
    """The largest margin the bounds allow at dimension d: ``constel choose-d --margin-for --d D --N N``.
    N: one count or a list; b None: the best b (on the line m + b = 1); resolution: the grid step of
    m (exact, default 1e-6); delsarte: also the Delsarte LP for d <= 24. Returns ``results`` with
    ``upper``, ``lower`` and ``explicit`` (``m`` and ``b`` Fractions)."""
    return Result(_constel.margin_for(d, _counts(N), b, resolution, bool(delsarte)))


def table(*, d: Any = "8:4096:x2", m: Any = None, b: Any = None, points: Sequence = (),
          codes: bool = False, n: Any = "3:24", s: Any = "1/2", delsarte: bool = True) -> TableResult:
    """Bound tables: ``constel table``.

    N_MRB over dimensions ``d`` ("8,16,32", "8:4096:x2", or a list) and (m, b) pairs: every m of
    ``m`` with every b of ``b`` (b may be "line": b = 1 - m), plus ``points`` [(m, b), ...]. With
    codes=True: N_SC over ``n`` and ``s``. delsarte=False is ``--no-delsarte``. Returns a TableResult:
    ``columns``, ``rows`` (dicts; the values of ``constel table --format json``), ``to_csv()``,
    ``to_markdown()`` (the CLI's output without --header).
    """
    raw, csv, md = _constel.table(bool(codes), d, m, b, list(points), n, s, bool(delsarte))
    return TableResult(raw, csv, md)


def plot_region(points: Sequence = (), *, reference: bool = True) -> str:
    """SVG text of the (m, b_rel) feasible region (``constel plot region``); points are
    (label, m, b) triples; reference=False leaves out the published SigLIP models."""
    return _constel.plot_region(list(points), bool(reference))


def plot_bounds(m: _Number, b: _Number, *, d: Any = "8:4096:x2", delsarte: bool = False) -> str:
    """SVG text of log10 N_MRB bounds against d (``constel plot bounds --m M --b B``): m, b exact,
    d a list or range of dimensions ("8:4096:x2"), delsarte: also the Delsarte LP for d <= 24."""
    return _constel.plot_bounds(m, b, d, bool(delsarte))


# ---------------------------------------------------------------------------------------------------
# train, gap, params

def train(N: int = 100, d: int = 10, *, k: int = 2, graph: str = "complete", param: str = "rb",
          norm: str = "mean", precision: str = "float32", threads: Optional[int] = None,
          t: _Number = 10, fix_t: bool = False, b: _Number = 0, fix_b: bool = False,
          b_rel: _Number = 0, fix_b_rel: bool = False, lock_u: Any = None, lock_u_random: bool = False,
          adapter: bool = False, adapter_x: _Number = 0, fix_adapter: bool = False,
          steps: int = 10000, lr: _Number = "0.01", beta1: _Number = "0.9", beta2: _Number = "0.999",
          eps: _Number = "1e-8", seed: int = 0, log_every: int = 1, output: Any = None) -> TrainResult:
    """Train N pairs on the sigmoid loss with full-batch Adam and verify the result: ``constel train``.

    Arguments (the CLI's options, docs/training.md):
      N, d:        pairs and dimension; k: modalities; graph: complete, star or edges "0-1,1-2".
      param:       "rb" (t, b_rel; L_RB-Sig) or "bias" (t, b; L_Sig); norm: "mean" or "sum".
      precision:   arithmetic of the steps, "float32" or "float64" (rows and Adam are float64).
      threads:     threads of the float32 steps on the tiled path (None: all cores).
      t, b, b_rel: initial values; fix_t, fix_b, fix_b_rel keep them fixed.
      lock_u:      a Configuration or a .cst path: modality 0 fixed to its rows; lock_u_random:
                   fixed to its random initial rows.
      adapter, adapter_x, fix_adapter: the explicit adapter of Observation 1 (delta = sigmoid(x)).
      steps, lr, beta1, beta2, eps: Adam; seed: the random seed (default 0).
      log_every:   one log row every K steps (the CLI's --log, returned as arrays).
      output:      optional .npz path written atomically (the CLI's -o).
    Numbers are exact inputs rounded once to the nearest double, as the CLI does.

    Returns a TrainResult: ``U``, ``V`` (numpy float64 rows), ``log`` (numpy arrays), and every key of
    ``constel train --json``: ``margin`` and ``relative_bias`` exact Fractions of the stored doubles,
    ``constellation`` (margin > 0), ``loss``, ``t``, ``b``, ``b_rel`` floats; ``output`` is None when
    no file was written.
    """
    args = dict(N=N, d=d, k=k, graph=graph, param=param, norm=norm, precision=precision,
                threads=_threads(threads), t=t, fix_t=fix_t, b=b, fix_b=fix_b, b_rel=b_rel,
                fix_b_rel=fix_b_rel, lock_u=(lock_u if lock_u is None or isinstance(lock_u, Configuration)
                                             else os.fspath(lock_u)),
                lock_u_random=lock_u_random, adapter=adapter, adapter_x=adapter_x, fix_adapter=fix_adapter,
                steps=steps, lr=lr, beta1=beta1, beta2=beta2, eps=eps, seed=seed, log_every=log_every,
                output=os.fspath(output) if output is not None else None)
    r = _constel.train(args)
    return TrainResult(r["json"], r["modalities"], r["raw"], r["log"])


def _gap_args(affine, certificate, check_certificate, require_hypotheses, lp, max_lp_entries, rounds,
              force_exact, threads):
    return dict(affine=bool(affine), certificate=os.fspath(certificate) if certificate is not None else None,
                check_certificate=os.fspath(check_certificate) if check_certificate is not None else None,
                require_hypotheses=bool(require_hypotheses), lp=bool(lp), max_lp_entries=max_lp_entries,
                rounds=rounds, force_exact=bool(force_exact), threads=_threads(threads))


def gap(U: Any, V: Any = None, *, labels: Any = None, affine: bool = False, certificate: Any = None,
        check_certificate: Any = None, require_hypotheses: bool = False, lp: bool = True,
        max_lp_entries: int = 4000000, rounds: int = 6, force_exact: bool = False,
        threads: Optional[int] = None, uint16_as: Optional[str] = None) -> GapResult:
    """The modality gap (Theorem 3.6): ``constel gap``, on arrays U, V or a Configuration U.

    Searches a direction h with every U on the positive side and as few V as possible on the
    non-negative side (affine=True allows an offset), or re-checks ``check_certificate`` (a file);
    certificate: write the direction found as an exact certificate file. labels: one integer per U
    row (its V row). require_hypotheses: raise InputError when Theorem 3.6's hypotheses fail.
    lp=False is ``--no-lp`` (only the cheap candidates); max_lp_entries: the largest (N_u + N_v) d
    given to the LP; rounds: reweighting rounds; force_exact: decide every sign by exact sums (slow;
    for tests); threads: of the hypothesis check (None: all cores); uint16_as as in ``verify``.
    Returns ``hypotheses`` (``min_positive``, ``max_negative`` Fractions), ``hypotheses_hold``,
    ``all_u_positive``, ``wrong_side_v`` (an exact count), ``direction`` (``g`` as "p/q" strings),
    ``separable_all``, ... as ``constel gap --json``; ``input`` names the arrays instead of files.
    """
    a = _gap_args(affine, certificate, check_certificate, require_hypotheses, lp, max_lp_entries, rounds,
                  force_exact, threads)
    if isinstance(U, Configuration):
        if V is not None:
            raise InputError("gap: a Configuration holds both U and V; V must be None")
        return GapResult(_constel.gap_configuration(U, _labels(labels), a))
    if V is None:
        raise InputError("gap: give U and V (arrays), or a Configuration")
    x, sx = _as_matrix(U, "U", uint16_as)
    y, sy = _as_matrix(V, "V", uint16_as)
    return GapResult(_constel.gap_arrays(x, sx, y, sy, _labels(labels), a))


def gap_file(path: Any = None, *, u: Any = None, v: Any = None, u_key: str = "", v_key: str = "",
             labels: Any = None, labels_key: str = "", affine: bool = False, certificate: Any = None,
             check_certificate: Any = None, require_hypotheses: bool = False, lp: bool = True,
             max_lp_entries: int = 4000000, rounds: int = 6, force_exact: bool = False,
             threads: Optional[int] = None) -> GapResult:
    """``constel gap`` on files: a .cst ``path``, or embedding files ``u`` and ``v`` (with u_key,
    v_key inside .npz/.safetensors), labels a labels file (labels_key in an .npz); the same object as
    ``constel gap ... --json``. affine, certificate, check_certificate, require_hypotheses, lp,
    max_lp_entries, rounds, force_exact, threads as in ``gap``."""
    a = _gap_args(affine, certificate, check_certificate, require_hypotheses, lp, max_lp_entries, rounds,
                  force_exact, threads)
    cst = os.fspath(path) if path is not None else ""
    if cst and (u is not None or v is not None):
        raise InputError("gap: give a .cst file or u/v embedding files, not both")
    if not cst and (u is None or v is None):
        raise InputError("gap: give a .cst file, or u and v (embedding files)")
    return GapResult(_constel.gap_files(cst, os.fspath(u) if u is not None else "",
                                        os.fspath(v) if v is not None else "", u_key, v_key,
                                        os.fspath(labels) if labels is not None else "", labels_key, a))


def params(*, logit_scale: _Number = None, logit_bias: _Number = None, t: _Number = None,
           b: _Number = None, b_rel: _Number = None, digits: int = 30) -> Result:
    """Convert Hugging Face (logit_scale, logit_bias) to the paper's (t, b, b_rel) and back:
    ``constel params``. Give logit_scale and logit_bias, or t with b or b_rel. Exact values are
    Fractions (``t_exact`` True); irrational ones (exp, ln) are decimal strings with ``digits``
    significant digits and ``_exact`` False, with ``_decimal`` floats beside them."""
    return Result(_constel.params(logit_scale, logit_bias, t, b, b_rel, int(digits)))


def blas_threads() -> int:
    """The process's OpenBLAS thread count (what constel leaves unchanged); 0 without OpenBLAS."""
    return _constel.blas_threads()
