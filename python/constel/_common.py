"""Helpers shared by the constel package's modules: array inputs (numpy, memory maps, torch tensors,
bfloat16 views) and argument checks."""
from __future__ import annotations

import os
from typing import Any, Optional

import numpy as _np

from ._constel import InputError

_Number = Any  # int | Fraction | str | float



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


def _path(path: Any) -> str:
    """A path argument as text; "" for None (not given)."""
    return "" if path is None else os.fspath(path)


