"""Result objects of the constel package.

Every result is built from exactly the JSON object the CLI prints with --json (one implementation, in
the C++ library), so that ``result.to_json()`` equals ``constel <command> ... --json`` on the same
input. Attribute access returns Python values: an exact value (a key ``k`` with a ``k_decimal`` twin)
is a ``fractions.Fraction``; its ``k_decimal`` twin stays the nearest float; nested objects are
Results again, lists of objects lists of Results.
"""
from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any, Dict, Iterator


def _exact(raw: Dict[str, Any], key: str, value: Any) -> Any:
    """The Python value of raw[key]: a Fraction when key has a _decimal twin and holds a string."""
    if isinstance(value, str) and (key + "_decimal") in raw and raw.get(key + "_exact") is not False:
        return Fraction(value)
    return _wrap(value)


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return Result(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Result:
    """A command's report: attributes for every key of the CLI's --json object.

    ``r.margin`` is a ``Fraction`` (exact), ``r.margin_decimal`` its nearest float, ``r["margin"]``
    the same as ``r.margin``; ``r.to_json()`` the CLI's object itself (exact values as "p/q" strings),
    ``r.keys()`` its keys.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: Dict[str, Any]):
        object.__setattr__(self, "_raw", raw)

    def __getattr__(self, key: str) -> Any:
        raw = object.__getattribute__(self, "_raw")
        if key in raw:
            return _exact(raw, key, raw[key])
        raise AttributeError(f"this result has no key {key!r} (keys: {', '.join(raw)})")

    def __getitem__(self, key: str) -> Any:
        if key not in self._raw:
            raise KeyError(key)
        return _exact(self._raw, key, self._raw[key])

    def __contains__(self, key: str) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("results are read-only")

    def __dir__(self):
        return list(self._raw) + ["to_json", "keys"]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and other._raw == self._raw

    def keys(self):
        return self._raw.keys()

    def to_json(self) -> Dict[str, Any]:
        """The CLI's --json object for the same input (a deep copy: exact values as "p/q" strings)."""
        return copy.deepcopy(self._raw)

    def __repr__(self) -> str:
        text = json.dumps(self._raw)
        if len(text) > 400:
            text = text[:400] + " ...}"
        return f"{type(self).__name__}({text})"


class VerifyResult(Result):
    """The report of ``constel.verify`` / ``constel.verify_file`` (the CLI's ``verify --json``)."""


class GapResult(Result):
    """The report of ``constel.gap`` (the CLI's ``gap --json``)."""


class TrainResult(Result):
    """The report of ``constel.train`` (the CLI's ``train --json``) with the trained rows and the log.

    ``U``, ``V``: the trained rows (numpy float64, N x d; with an adapter the adapted rows in R^(d+1)),
    ``modalities``: all k of them, ``raw``: the rows before the adapter, ``log``: a dict of numpy arrays
    (step, loss, t, b, b_rel, margin, relative_bias, delta), one entry every ``log_every`` steps.
    ``margin`` and ``relative_bias`` are exact (Fractions) for the stored doubles.
    """

    __slots__ = ("modalities", "raw", "log")

    def __init__(self, raw, modalities, raw_rows, log):
        super().__init__(raw)
        object.__setattr__(self, "modalities", modalities)
        object.__setattr__(self, "raw", raw_rows)
        object.__setattr__(self, "log", log)

    @property
    def U(self):
        return self.modalities[0]

    @property
    def V(self):
        return self.modalities[1]

    def __dir__(self):
        return super().__dir__() + ["U", "V", "modalities", "raw", "log"]


class TableResult(Result):
    """A bound table (the CLI's ``table --format json``): ``columns``, ``rows`` (a list of dicts, column
    -> value), ``to_csv()`` and ``to_markdown()`` (the CLI's csv and md output without --header)."""

    __slots__ = ("_csv", "_md")

    def __init__(self, raw, csv, md):
        super().__init__(raw)
        object.__setattr__(self, "_csv", csv)
        object.__setattr__(self, "_md", md)

    @property
    def rows(self):
        return [dict(r) for r in self._raw["rows"]]

    def to_csv(self) -> str:
        return self._csv

    def to_markdown(self) -> str:
        return self._md


class SweepResult(Result):
    """A training sweep (``constel train --sweep NAME --json``): ``sweep``, ``runs`` (the count),
    ``constellations``, ``output``; ``rows`` (one dict per run, the CSV's columns: numbers as floats,
    words as str) and ``to_csv()`` (the CSV text the CLI writes with -o)."""

    __slots__ = ("_csv",)

    def __init__(self, raw, csv_text):
        super().__init__(raw)
        object.__setattr__(self, "_csv", csv_text)

    @property
    def rows(self):
        import csv
        import io

        def value(x):
            try:
                return float(x)
            except ValueError:
                return x
        return [{k: value(v) for k, v in r.items()} for r in csv.DictReader(io.StringIO(self._csv))]

    def to_csv(self) -> str:
        return self._csv
