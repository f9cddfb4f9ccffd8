"""The process-wide memory limit (docs/reliability.md section 4, docs/python.md "Memory limit")."""
from __future__ import annotations

from typing import Any, Optional

from . import _constel
from ._constel import InputError


def set_max_memory(size: Any) -> Optional[int]:
    """Sets the memory limit of the whole process and returns the previous one (``None``: no limit).

    ``size``: an ``int`` of bytes (at least 1), a ``str`` as the CLI's ``--max-memory`` takes it
    (``"512M"``, ``"2GiB"``, ``"1.5GB"``, ``"none"``), ``None`` for no limit, or ``"default"`` for
    the default (half of the physical memory). A computation whose big buffers (the matrices read
    from files, the verifiers' plans, training, generated configurations) would go over it raises
    ``constel.LimitError`` before it allocates them. numpy arrays passed in are the caller's and are
    not counted.
    """
    previous = _constel._memory_limit()
    if size is None:
        value = None
    elif isinstance(size, bool):
        raise InputError("the memory limit must be a number of bytes, a size such as '512M', 'none' or None")
    elif isinstance(size, int):
        if size < 1:
            raise InputError(f"the memory limit must be at least 1 byte, got {size}")
        value = size
    elif isinstance(size, str):
        value = _constel._default_memory_limit() if size.strip().lower() == "default" else _constel._parse_memory_size(size)
    else:
        raise InputError(f"the memory limit must be an int, a str or None, got {type(size).__name__}")
    _constel._set_memory_limit(value)
    return previous


def max_memory() -> Optional[int]:
    """The memory limit now, in bytes (``None``: no limit)."""
    return _constel._memory_limit()
