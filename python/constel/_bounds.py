"""constel.bound, codebound, check_certificate, choose_d, margin_for, table and the SVG pictures
(docs/python.md)."""
from __future__ import annotations

import os
from typing import Any, Optional, Sequence

from . import _constel
from ._common import _Number
from ._result import Result, TableResult


def bound(d: int, m: _Number, b: _Number, *, sdp: bool = False, sdp_degree: Optional[int] = None) -> Result:
    """Lower and upper bounds on N_MRB(d, m, b): ``constel bound --d D --m M --b B --json``.

    sdp: add the certified three-point SDP bound on N_SC(d, alpha) for 3 <= d <= 24 (``--sdp``;
    seconds at the default degree 6); sdp_degree: its degree (``--sdp-degree``, 2..14; implies sdp).
    Returns ``lower``, ``upper`` (each {log10, value, method}; value an integer string or None),
    ``lower_all``/``upper_all``, ``region``, ``alpha`` (Fraction, exact), ``exponent_lower``/``_upper``
    (floats, nats per dimension) and ``notes``.
    """
    return Result(_constel.bound(d, m, b, bool(sdp), sdp_degree))


def codebound(n: int, s: _Number, *, degree: Optional[int] = None, certificate: Any = None, sdp: bool = False,
              sdp_degree: Optional[int] = None, sdp_certificate: Any = None, sdp_scale_rows: bool = False) -> Result:
    """Bounds on spherical codes N_SC(n, s): ``constel codebound --n N --s S --json``.

    degree: fixed Delsarte LP degree (None: raised until it stops improving); certificate: a path to
    write the certified Delsarte polynomial to (re-check it with ``check_certificate``). sdp: add the
    certified three-point SDP bound (``--sdp``, n >= 3; solved with SDPA, then proved exactly);
    sdp_degree: its degree (``--sdp-degree``, 2..14, default 6; the time grows fast); sdp_certificate:
    a path to write its certificate to (``--sdp-certificate``); sdp_scale_rows: give SDPA every equality
    divided by its largest coefficient (``--sdp-scale-rows``; n = 6 at degree 11 certifies only so,
    docs/bounds.md); each of the three implies sdp.
    Returns ``rankin`` (exact integer string, s <= 0), ``levenshtein`` (``value`` a Fraction),
    ``delsarte`` (``value``, ``eps`` Fractions, certified; ``grid_value`` a float that is never a
    bound), ``sdp`` (with sdp: ``value`` a Fraction when ``certified``, ``float_value`` SDPA's float
    objective, never a bound), ``volume``, ``lower``, ``best_lower``, ``best_upper``.

    Ctrl-C stops the Delsarte LP within one GLPK chunk of 1000 simplex iterations; inside SDPA's
    solve it is noticed only when that solve ends (docs/python.md, "Threads, the GIL, BLAS, Ctrl-C").
    """
    return Result(_constel.codebound(n, s, degree, os.fspath(certificate) if certificate is not None else None,
                                     bool(sdp), sdp_degree,
                                     os.fspath(sdp_certificate) if sdp_certificate is not None else None,
                                     bool(sdp_scale_rows)))


def check_certificate(path: Any, n: Optional[int] = None, s: _Number = None) -> Result:
    """Re-prove a certificate file exactly: ``constel codebound --check FILE --json``.

    path: a Delsarte certificate (written by ``codebound(..., certificate=path)``) or a three-point
    one (``codebound(..., sdp_certificate=path)``; the result then has ``kind`` "three-point SDP" and
    ``degree``); n and s, when given, must match the file. ``verified`` is True when it proves its
    bound; ``bound`` (and for Delsarte ``eps``) are Fractions; ``reason`` says why not."""
    return Result(_constel.check_certificate(os.fspath(path), n, s))


def _counts(N: Any) -> list:
    if isinstance(N, (list, tuple)):
        return list(N)
    return [N]


def choose_d(N: Any, m: _Number, b: _Number, *, max_d: int = 1000000, delsarte: bool = True, sdp: bool = False,
             sdp_degree: Optional[int] = None) -> Result:
    """The dimension N pairs need at (m, b): ``constel choose-d --N N --m M --b B --json``.

    N: an integer (or "1e10" text, or a list of them). Returns ``results``, one per N, each with
    ``d_necessary`` (no smaller d is possible), ``d_sufficient`` (the lower bound guarantees N) and
    ``d_explicit`` (a code of the toolkit builds N pairs; ``command`` the generate command).
    m, b: the target margin and relative bias (exact numbers); max_d: the largest dimension searched
    (at most 10^6); delsarte: use the certified Delsarte LP for d <= 24, as ``constel bound`` does
    (the default, as the CLI's; False is ``--no-delsarte``, faster); sdp, sdp_degree: the certified
    three-point SDP bound at the probed d <= 24 the other bounds leave undecided (``--sdp``,
    ``--sdp-degree``; it can only raise ``d_necessary``).
    """
    return Result(_constel.choose_d(_counts(N), m, b, max_d, bool(delsarte), bool(sdp), sdp_degree))


def margin_for(d: int, N: Any, *, b: _Number = None, resolution: _Number = "1e-6",
               delsarte: bool = True, sdp: bool = False, sdp_degree: Optional[int] = None) -> Result:
    """The largest margin the bounds allow at dimension d: ``constel choose-d --margin-for --d D --N N``.
    N: one count or a list; b None: the best b (on the line m + b = 1); resolution: the grid step of
    m (exact, default 1e-6); delsarte: the Delsarte LP for d <= 24 (default,
    as the CLI's; False is ``--no-delsarte``); sdp, sdp_degree: the three-point SDP bound for
    3 <= d <= 24 at every probed margin (``--sdp``, ``--sdp-degree``; seconds per probe). Returns ``results`` with
    ``upper``, ``lower`` and ``explicit`` (``m`` and ``b`` Fractions)."""
    return Result(_constel.margin_for(d, _counts(N), b, resolution, bool(delsarte), bool(sdp), sdp_degree))


def table(*, d: Any = "8:4096:x2", m: Any = None, b: Any = None, points: Sequence = (),
          codes: bool = False, n: Any = "3:24", s: Any = "1/2", delsarte: bool = True,
          header: bool = False, sdp: bool = False, sdp_degree: Optional[int] = None,
          sdp_max_n: Optional[int] = None) -> TableResult:
    """Bound tables: ``constel table``.

    N_MRB over dimensions ``d`` ("8,16,32", "8:4096:x2", or a list) and (m, b) pairs: every m of
    ``m`` with every b of ``b`` (b may be "line": b = 1 - m), plus ``points`` [(m, b), ...]. With
    codes=True: N_SC over ``n`` and ``s``. delsarte=False is ``--no-delsarte``. Returns a TableResult:
    ``columns``, ``rows`` (dicts; the values of ``constel table --format json``), ``to_csv()``,
    ``to_markdown()`` (the CLI's output). header=True is ``--header``: the provenance lines (the call,
    the version, today's date, the arithmetic of each column) lead ``to_csv()`` and ``to_markdown()``
    and are the ``provenance`` list of the result, as in the CLI's three formats. sdp, sdp_degree,
    sdp_max_n: ``--sdp``, ``--sdp-degree``, ``--sdp-max-n`` (the certified three-point SDP bound for
    n (or d) up to sdp_max_n, at most 24; the code table gains the columns sdp and sdp_degree).
    """
    call = ""
    if header:
        given = dict(codes=codes, n=n, s=s) if codes else dict(d=d, m=m, b=b, points=list(points))
        if not delsarte:
            given["delsarte"] = False
        for key, value in (("sdp", sdp), ("sdp_degree", sdp_degree), ("sdp_max_n", sdp_max_n)):
            if value:
                given[key] = value
        call = "constel.table(" + ", ".join(f"{k}={v!r}" for k, v in given.items()) + ", header=True)"
    raw, csv, md = _constel.table(bool(codes), d, m, b, list(points), n, s, bool(delsarte), call, bool(sdp),
                                  sdp_degree, sdp_max_n)
    return TableResult(raw, csv, md)


def plot_region(points: Sequence = (), *, reference: bool = True) -> str:
    """SVG text of the (m, b_rel) feasible region (``constel plot region``); points are
    (label, m, b) triples; reference=False leaves out the published SigLIP models."""
    return _constel.plot_region(list(points), bool(reference))


def plot_bounds(m: _Number, b: _Number, *, d: Any = "8:4096:x2", delsarte: bool = False) -> str:
    """SVG text of log10 N_MRB bounds against d (``constel plot bounds --m M --b B``): m, b exact,
    d a list or range of dimensions ("8:4096:x2"), delsarte: the Delsarte LP for d <= 24 (default,
    as the CLI's; False is ``--no-delsarte``)."""
    return _constel.plot_bounds(m, b, d, bool(delsarte))


