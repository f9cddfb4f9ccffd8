"""Every result's .to_json() equals the CLI's --json object on the same input, and the exact values
are equal Fractions (not approximately)."""
import os
from fractions import Fraction

import numpy as np
import pytest

import constel
from conftest import EMBEDDINGS


@pytest.fixture
def simplex(tmp_path, cli):
    path = tmp_path / "simplex.cst"
    cli("generate", "line", "--code", "simplex:5", "-o", path)
    return path


def test_verify_cst(cli, simplex):
    _, j = cli("verify", simplex, "--m", "0.1", "--b", "1/4")
    r = constel.verify_file(simplex, m="0.1", b="1/4")
    assert r.to_json() == j
    assert r.margin == Fraction(j["margin"]) and r.relative_bias == Fraction(j["relative_bias"])


def test_verify_embeddings(cli, tmp_path, pairs):
    U, V = pairs
    np.save(tmp_path / "u.npy", U)
    np.save(tmp_path / "v.npy", V)
    _, j = cli("verify", "--u", tmp_path / "u.npy", "--v", tmp_path / "v.npy", "--m", "1/1000", "--b", "0", "--quiet")
    assert constel.verify(U, V, m="1/1000", b=0).to_json() == j
    assert constel.verify_file(u=tmp_path / "u.npy", v=tmp_path / "v.npy", m="1/1000", b=0).to_json() == j
    # the same through a memory map and in float64 (different dtype keys, the same exact values)
    r64 = constel.verify(U.astype(np.float64), V.astype(np.float64), m="1/1000", b=0)
    assert r64.margin == Fraction(j["margin"])


def test_verify_labels_file(cli):
    u, v = os.path.join(EMBEDDINGS, "u_f4.npy"), os.path.join(EMBEDDINGS, "v_f4.npy")
    lab = os.path.join(EMBEDDINGS, "labels_i8.npy")
    _, j = cli("verify", "--u", u, "--v", v, "--labels", lab, "--quiet")
    assert constel.verify_file(u=u, v=v, labels=lab).to_json() == j
    assert constel.verify(np.load(u), np.load(v), labels=np.load(lab)).to_json() == j


def test_bound(cli):
    _, j = cli("bound", "--d", 16, "--m", "0.1", "--b", "0.05")
    r = constel.bound(16, "0.1", "0.05")
    assert r.to_json() == j
    assert r.alpha == Fraction(j["alpha"])


def test_codebound_and_certificate(cli, tmp_path):
    _, j = cli("codebound", "--n", 8, "--s", "1/2", "--certificate", tmp_path / "a.txt")
    r = constel.codebound(8, Fraction(1, 2), certificate=tmp_path / "b.txt")
    assert r.to_json() == j
    assert r.delsarte.value == Fraction(j["delsarte"]["value"])
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
    _, jc = cli("codebound", "--check", tmp_path / "a.txt")
    c = constel.check_certificate(tmp_path / "a.txt")
    assert c.to_json() == jc and c.verified is True


def test_codebound_sdp_and_its_certificate(cli, tmp_path):
    # the three-point SDP bound (SDPA): the same object but for the two timings, which are the run's own
    _, j = cli("codebound", "--n", 4, "--s", "1/2", "--sdp", "--sdp-degree", 4, "--sdp-certificate", tmp_path / "a.txt")
    r = constel.codebound(4, "1/2", sdp_degree=4, sdp_certificate=tmp_path / "b.txt")
    mine = r.to_json()
    for o in (mine, j):
        assert o["sdp"]["solve_seconds"] >= 0 and o["sdp"]["certify_seconds"] >= 0
        del o["sdp"]["solve_seconds"], o["sdp"]["certify_seconds"]
    assert mine == j
    assert r.sdp.certified is True and r.sdp.value == Fraction(j["sdp"]["value"])
    assert (tmp_path / "a.txt").read_text() == (tmp_path / "b.txt").read_text()
    _, jc = cli("codebound", "--check", tmp_path / "a.txt")
    c = constel.check_certificate(tmp_path / "a.txt", n=4, s="1/2")
    assert c.to_json() == jc and c.verified is True and c.kind == "three-point SDP"
    assert c.bound == r.sdp.value


def test_codebound_sdp_scale_rows_is_the_clis_option(cli):
    # sdp_scale_rows = --sdp-scale-rows (SDPA gets the equalities divided by their largest coefficient)
    _, j = cli("codebound", "--n", 4, "--s", "1/2", "--sdp-degree", 4, "--sdp-scale-rows")
    r = constel.codebound(4, "1/2", sdp_degree=4, sdp_scale_rows=True)
    mine = r.to_json()
    for o in (mine, j):
        del o["sdp"]["solve_seconds"], o["sdp"]["certify_seconds"]
    assert mine == j
    # the same SDP, only its equations scaled: the certified value agrees with the unscaled solve's
    plain = constel.codebound(4, "1/2", sdp_degree=4)
    assert r.sdp.certified is True and plain.sdp.certified is True
    assert abs(float(r.sdp.value) / float(plain.sdp.value) - 1) < 1e-4


def test_choose_d_and_margin_for(cli):
    _, j = cli("choose-d", "--N", "1e6", "--N", 1000, "--m", "0.1", "--b", "0.05")
    assert constel.choose_d(["1e6", 1000], "0.1", "0.05").to_json() == j
    _, jm = cli("choose-d", "--margin-for", "--d", 32, "--N", 1000, "--b", 0)
    assert constel.margin_for(32, 1000, b=0).to_json() == jm


def test_params(cli):
    _, j = cli("params", "--hf-logit-scale", "4.7", "--hf-logit-bias", "-10")
    r = constel.params(logit_scale="4.7", logit_bias=-10)
    assert r.to_json() == j
    assert isinstance(r.t, str) and r.t_exact is False  # exp(4.7) is irrational: a decimal string
    assert r.b == 10
    _, j2 = cli("params", "--t", 10, "--b-rel", "1/2")
    assert constel.params(t=10, b_rel="1/2").to_json() == j2


def test_codes(cli):
    _, j = cli("generate", "--list")
    assert constel.codes().to_json() == j


def test_table(cli, tmp_path):
    _, j = cli("table", "--d", "8,16", "--m", "0.1", "--b", "0,line", "--no-delsarte", "--format", "json")
    t = constel.table(d=[8, 16], m="0.1", b=[0, "line"], delsarte=False)
    assert t.to_json() == j
    csv = tmp_path / "t.csv"
    cli_args = ["table", "--d", "8,16", "--m", "0.1", "--b", "0,line", "--no-delsarte", "-o", csv]
    import subprocess
    from conftest import CONSTEL_BIN
    subprocess.run([CONSTEL_BIN, *map(str, cli_args)], check=True)
    assert t.to_csv() == csv.read_text()
    assert t.rows[0]["d"] == j["rows"][0]["d"]


def test_gap(cli, simplex):
    code, j = cli("gap", simplex)
    r = constel.gap_file(simplex)
    assert r.to_json() == j
    c = constel.Configuration.read(str(simplex))
    inmem = constel.gap(c).to_json()
    inmem["input"] = j["input"]
    assert inmem == j


def test_train(cli, tmp_path):
    _, j = cli("train", "--N", 12, "--d", 4, "--steps", 200, "--seed", 3, "-o", tmp_path / "a.npz")
    r = constel.train(N=12, d=4, steps=200, seed=3, output=tmp_path / "a.npz")
    assert r.to_json() == j
    assert r.margin == Fraction(j["margin"])
    with np.load(tmp_path / "a.npz") as z:
        assert np.array_equal(z["U"], r.U) and np.array_equal(z["V"], r.V)


def test_plots(tmp_path):
    svg = constel.plot_region([("mine", "0.1", "0.2")])
    assert svg.lstrip().startswith("<") and "mine" in svg
    b = constel.plot_bounds("0.1", "0.05", d="8:64:x2")
    assert "<svg" in b
