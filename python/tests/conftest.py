"""Shared fixtures of the Python tests: the CLI binary (to compare with its --json), the source tree's
test data, small embeddings, and a helper that runs a snippet in a fresh interpreter."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

SOURCE_DIR = os.environ.get("CONSTEL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CONSTEL_BIN = os.environ.get("CONSTEL_BIN", os.path.join(SOURCE_DIR, "build", "constel"))
EMBEDDINGS = os.path.join(SOURCE_DIR, "tests", "data", "embeddings")


def run_cli(*args, expect=(0, 1)):
    """Runs `constel ARGS --json` and returns (exit code, parsed JSON)."""
    extra = [] if "--format" in args else ["--json"]  # table prints JSON with --format json
    p = subprocess.run([CONSTEL_BIN, *map(str, args), *extra], capture_output=True, text=True)
    assert p.returncode in expect, f"constel {' '.join(map(str, args))}: exit {p.returncode}: {p.stderr}"
    return p.returncode, json.loads(p.stdout)


def cli_stderr(*args):
    """(exit code, stderr) of `constel ARGS`."""
    p = subprocess.run([CONSTEL_BIN, *map(str, args)], capture_output=True, text=True)
    return p.returncode, p.stderr


@pytest.fixture(scope="session")
def cli():
    if not os.path.exists(CONSTEL_BIN):
        pytest.fail(f"the constel executable is missing at {CONSTEL_BIN} (set CONSTEL_BIN)")
    return run_cli


@pytest.fixture
def pairs():
    """Six nearly orthogonal unit-ish pairs in R^4, float32 (a zero-loss configuration, margin > 0)."""
    rng = np.random.default_rng(7)
    U = rng.standard_normal((6, 4)).astype(np.float32)
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    V = (U + 0.05 * rng.standard_normal((6, 4)).astype(np.float32))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    return U.astype(np.float32), V.astype(np.float32)


def run_python(code, timeout=60, env=None):
    """Runs `code` in a fresh interpreter with this one's environment; returns the CompletedProcess."""
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env=e)
