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

from ._constel import Configuration, Error, InputError, InternalError, LimitError, ParseError
from ._result import GapResult, Result, SweepResult, TableResult, TrainResult, VerifyResult
from ._verify import codes, generate, verify, verify_file
from ._bounds import bound, check_certificate, choose_d, codebound, margin_for, plot_bounds, plot_region, table
from ._train import blas_threads, gap, gap_file, params, train
from ._loss import loss
from ._memory import max_memory, set_max_memory
from . import _constel  # noqa: F401 (the extension module, for tests and tools)

__all__ = [
    "verify", "verify_file", "Configuration", "generate", "codes", "bound", "codebound",
    "check_certificate", "choose_d", "margin_for", "table", "plot_region", "plot_bounds", "train",
    "gap", "gap_file", "params", "blas_threads", "loss", "set_max_memory", "max_memory",
    "Result", "VerifyResult", "GapResult", "TrainResult",
    "SweepResult", "TableResult", "Error", "InputError", "LimitError", "ParseError", "InternalError",
]
__version__ = "0.1.0"
