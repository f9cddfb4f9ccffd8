"""The public API: every function's docstring names each of its arguments (what help() shows), every
function of the issue exists, and small inputs give sensible results through each of them."""
import inspect
import re
from fractions import Fraction

import numpy as np
import pytest

import constel

FUNCTIONS = ["verify", "verify_file", "generate", "codes", "bound", "codebound", "check_certificate",
             "choose_d", "margin_for", "table", "plot_region", "plot_bounds", "train", "gap", "gap_file", "params"]


@pytest.mark.parametrize("name", FUNCTIONS)
def test_docstring_names_every_argument(name):
    f = getattr(constel, name)
    doc = inspect.getdoc(f) or ""
    assert doc, f"{name} has no docstring"
    for p in inspect.signature(f).parameters:
        assert re.search(rf"\b{p}\b", doc), f"help(constel.{name}) does not mention '{p}'"


def test_verify_docstring_states_exactness():
    doc = constel.verify.__doc__
    for word in ("Fraction", "exact", "float statistics", "_decimal", "0-based"):
        assert word in doc


def test_bound_small():
    r = constel.bound(8, Fraction(1, 10), 0)
    assert r.d == 8 and r.m == Fraction(1, 10) and r.b == 0
    assert r.lower.log10 <= r.upper.log10
    assert isinstance(r.upper_all, list) and r.upper_all[0].method


def test_codebound_kissing_e8():
    r = constel.codebound(8, "1/2")
    assert r.best_upper.value == "240" or Fraction(r.best_upper.log10) > 0
    assert r.levenshtein.value >= 240


def test_choose_d_single_and_margin_for():
    c = constel.choose_d(1000, "0.1", "0.05")
    assert len(c.results) == 1 and c.results[0].d_necessary.d <= c.results[0].d_sufficient.d
    mf = constel.margin_for(32, "1e3", b=0)
    assert mf.results[0].lower.m <= mf.results[0].upper.m


def test_generate_codes_and_npz(tmp_path):
    cat = constel.codes()
    assert any(c.name == "line" for c in cat.constructions)
    c = constel.generate("lift", code="cross:4", m="1/10", b="1/10", output=tmp_path / "a.npz", format="npz")
    with np.load(tmp_path / "a.npz") as z:
        assert z["U"].shape == (c.N, c.d)
    assert c.claim == (Fraction(1, 10), Fraction(1, 10))
    r = constel.verify(c, m="1/10", b="1/10")
    assert r.is_constellation


def test_table_codes():
    t = constel.table(codes=True, n="3:5", s="1/2", delsarte=False)
    assert [r["n"] for r in t.rows] == [3, 4, 5]
    assert t.to_csv().splitlines()[0].startswith("n,s,")
    assert t.to_markdown().startswith("|")


def test_params_round_trip():
    p = constel.params(t=10, b=5)
    assert p.b_rel == Fraction(1, 2) and p.logit_bias == -5
    back = constel.params(logit_scale=0, logit_bias=-5)
    assert back.t == 1 and back.b == 5


def test_train_log_and_rows():
    tr = constel.train(N=8, d=4, steps=50, log_every=10)
    assert tr.U.shape == (8, 4) and tr.V.shape == (8, 4)
    assert list(tr.log["step"][:3]) == [0, 10, 20]
    assert tr.log["loss"].dtype == np.float64
    assert isinstance(tr.margin, Fraction) and tr.output == ""


def test_gap_on_arrays_with_certificate(tmp_path):
    # a modality gap by construction: U shifted along +e0, V along -e0
    rng = np.random.default_rng(5)
    x = rng.standard_normal((40, 6))
    U, V = x.copy(), x.copy()
    U[:, 0] += 3
    V[:, 0] -= 3
    g = constel.gap(U, V, certificate=tmp_path / "h.txt")
    assert g.all_u_positive and g.wrong_side_v == 0 and g.separable_all
    assert g.certificate == str(tmp_path / "h.txt")
    again = constel.gap(U, V, check_certificate=tmp_path / "h.txt")
    assert again.mode == "check-certificate" and again.wrong_side_v == g.wrong_side_v


def test_result_access():
    r = constel.bound(8, "0.1", 0)
    assert r["m"] == r.m and "m" in r and "m_decimal" in r.keys()
    with pytest.raises(AttributeError, match="no key 'nonsense'"):
        r.nonsense
    with pytest.raises(AttributeError):
        r.m = 3
