"""constel.train, gap, gap_file, params and blas_threads (docs/python.md)."""
from __future__ import annotations

import os
from typing import Any, Optional

from . import _constel
from ._constel import Configuration, InputError
from ._common import _Number, _as_matrix, _labels, _threads
from ._result import GapResult, Result, SweepResult, TrainResult


def train(N: int = 100, d: int = 10, *, k: int = 2, graph: str = "complete", param: str = "rb",
          norm: str = "mean", precision: str = "float32", threads: Optional[int] = None,
          t: _Number = 10, fix_t: bool = False, b: _Number = 0, fix_b: bool = False,
          b_rel: _Number = 0, fix_b_rel: bool = False, lock_u: Any = None, lock_u_random: bool = False,
          adapter: bool = False, adapter_x: _Number = 0, fix_adapter: bool = False,
          steps: Optional[int] = None, lr: _Number = "0.01", beta1: _Number = "0.9", beta2: _Number = "0.999",
          eps: _Number = "1e-8", seed: int = 0, log_every: Optional[int] = None, output: Any = None,
          sweep: Optional[str] = None, seeds: int = 3, svg: Any = None) -> Any:
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
      steps, lr, beta1, beta2, eps: Adam (steps: default 10000); seed: the random seed (default 0).
      log_every:   one log row every K steps (the CLI's --log, returned as arrays; default 1).
      output:      optional .npz path written atomically (the CLI's -o).
      sweep:       the name of one of the paper's sweeps (``constel train --sweep NAME``, see
                   docs/training.md): runs it over ``seeds`` seeds from ``seed``, each run verified,
                   and returns a SweepResult (below). With a sweep only N, d, steps (default: the
                   sweep's), log_every (trajectory spacing, default 100), lr, beta1, beta2, eps,
                   precision, threads (runs in parallel), seed, seeds, output (the CSV, optional) and
                   svg (the margin trajectories) apply; the other arguments must keep their defaults.
    Numbers are exact inputs rounded once to the nearest double, as the CLI does.

    Returns a TrainResult: ``U``, ``V`` (numpy float64 rows), ``log`` (numpy arrays), and every key of
    ``constel train --json``: ``margin`` and ``relative_bias`` exact Fractions of the stored doubles,
    ``constellation`` (margin > 0), ``loss``, ``t``, ``b``, ``b_rel`` floats; ``output`` is "" when
    no file was written. With ``sweep``: a SweepResult with the keys of ``constel train --sweep NAME
    --json`` (``sweep``, ``runs``, ``constellations``, ``output``, ``svg``), ``rows`` (one dict per
    run, the CSV's columns, numbers as floats) and ``to_csv()`` (the CSV text).
    Ctrl-C raises KeyboardInterrupt before the next step (nothing is written then).
    """
    if sweep is not None:
        single = dict(k=(k, 2), graph=(graph, "complete"), param=(param, "rb"), norm=(norm, "mean"),
                      t=(t, 10), fix_t=(fix_t, False), b=(b, 0), fix_b=(fix_b, False), b_rel=(b_rel, 0),
                      fix_b_rel=(fix_b_rel, False), lock_u=(lock_u, None), lock_u_random=(lock_u_random, False),
                      adapter=(adapter, False), adapter_x=(adapter_x, 0), fix_adapter=(fix_adapter, False))
        for name, (value, default) in single.items():
            if value is not default and value != default:
                raise InputError(f"{name}: not used with sweep= (each sweep sets its own runs' options)")
        args = dict(sweep=sweep, seeds=seeds, seed=seed, N=N, d=d, steps=steps, log_every=log_every, lr=lr,
                    beta1=beta1, beta2=beta2, eps=eps, precision=precision, threads=_threads(threads),
                    output=os.fspath(output) if output is not None else None,
                    svg=os.fspath(svg) if svg is not None else None)
        r = _constel.train_sweep(args)
        return SweepResult(r["json"], r["csv"])
    if svg is not None:
        raise InputError("svg: only with sweep= (the margin trajectories of a sweep)")
    steps = 10000 if steps is None else steps
    log_every = 1 if log_every is None else log_every
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
    """The process's OpenBLAS thread count (what constel leaves unchanged); 1 without OpenBLAS."""
    return _constel.blas_threads()

