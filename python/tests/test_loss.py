"""constel.loss (docs/loss.md): the enclosure contains the loss computed from its definition, the
result equals `constel loss --json` on the same data, Hugging Face parameters and bad input."""
import math
import os

import numpy as np
import pytest

import constel
from conftest import EMBEDDINGS


def softplus_loss(U, V, t, b, labels=None):
    G = U.astype(np.float64) @ V.astype(np.float64).T
    pos = np.zeros(G.shape, dtype=bool)
    rows = np.arange(G.shape[0])
    pos[rows, rows if labels is None else labels] = True
    z = t * G - b
    return float(np.where(pos, np.logaddexp(0, -z), np.logaddexp(0, z)).sum())


def test_loss_contains_the_definition(pairs):
    U, V = pairs
    r = constel.loss(U, V, t=10, b="0.5", norm="sum")
    exact = softplus_loss(U, V, 10, 0.5)
    assert r.loss.lo <= exact * (1 + 1e-15) and exact * (1 - 1e-15) <= r.loss.hi
    assert r.loss.relative_accuracy < 1e-12
    assert r.norm == "sum" and r.loss_form == "softplus"
    assert r.sandwich.lower <= r.optimal_b.inf_loss.hi
    mean = constel.loss(U, V, t=10, b_rel="0.05")
    assert mean.loss.value == pytest.approx(exact / U.shape[0] ** 2, rel=1e-12)


def test_loss_equals_the_cli(cli):
    u, v = os.path.join(EMBEDDINGS, "u_f4.npy"), os.path.join(EMBEDDINGS, "v_f4.npy")
    _, j = cli("loss", "--u", u, "--v", v, "--t", "10", "--b", "2")
    r = constel.loss(np.load(u), np.load(v), t=10, b=2)
    assert r.to_json() == j
    _, h = cli("loss", "--u", u, "--v", v, "--hf-logit-scale", "2.3", "--hf-logit-bias", "-1", "--loss", "bce-eps")
    assert constel.loss(np.load(u), np.load(v), hf_logit_scale="2.3", hf_logit_bias=-1, form="bce-eps").to_json() == h
    assert h["t"] == pytest.approx(math.exp(2.3), rel=1e-15)


def test_loss_labels_and_errors():
    V = np.eye(3, dtype=np.float32)
    U = np.array([[1, 0, 0], [0.8, 0.6, 0], [0, 0, 1], [0, 1, 0]], dtype=np.float32)
    labels = np.array([0, 0, 2, 1])
    r = constel.loss(U, V, t=5, b=1, labels=labels, norm="sum", optimal_b=False)
    exact = softplus_loss(U, V, 5, 1, labels)
    assert r.loss.lo <= exact <= r.loss.hi
    assert r.positives == 4 and r.negatives == 8 and r.optimal_b is None
    with pytest.raises(constel.InputError, match="exactly one of b and b_rel"):
        constel.loss(U, V, t=1, labels=labels)
    with pytest.raises(constel.InputError, match="give labels"):
        constel.loss(U, V, t=1, b=0)
    with pytest.raises(constel.InputError, match="norm: expected sum or mean"):
        constel.loss(V, V, t=1, b=0, norm="avg")
