"""The CLI options the module mirrors as keyword arguments: verify(plot=) is `verify --plot`,
table(header=True) is `table --header`, train(sweep=) is `train --sweep`; each gives what the CLI
gives on the same input."""
import json
import os
import subprocess

import numpy as np
import pytest

import constel
from conftest import CONSTEL_BIN


def cli_run(*args):
    p = subprocess.run([CONSTEL_BIN, *map(str, args)], capture_output=True, text=True)
    assert p.returncode in (0, 1), p.stderr
    return p


def test_verify_plot_is_the_clis_picture(tmp_path, pairs):
    U, V = pairs
    np.save(tmp_path / "u.npy", U)
    np.save(tmp_path / "v.npy", V)
    cli_run("verify", "--u", tmp_path / "u.npy", "--v", tmp_path / "v.npy", "--plot", tmp_path / "cli.svg", "--quiet")
    constel.verify_file(u=tmp_path / "u.npy", v=tmp_path / "v.npy", plot=tmp_path / "py.svg")
    assert (tmp_path / "py.svg").read_bytes() == (tmp_path / "cli.svg").read_bytes()
    constel.verify(U, V, plot=tmp_path / "arrays.svg")
    text = (tmp_path / "arrays.svg").read_text()
    assert text.startswith("<svg") or text.startswith("<?xml")
    assert text.rstrip().endswith("</svg>")
    assert "Inner products: arrays U / V" in text


def test_verify_plot_is_refused_for_a_configuration():
    c = constel.generate("line", code="simplex:5")
    with pytest.raises(constel.InputError, match="a Configuration takes only"):
        constel.verify(c, plot="x.svg")


def test_table_header_leads_every_format():
    r = constel.table(d="8,16", m="1/10", b=0, delsarte=False, header=True)
    lines = r.provenance
    assert lines[0] == "constel 0.1.0: constel.table(d='8,16', m='1/10', b=0, points=[], delsarte=False, header=True)"
    assert lines[1].startswith("generated ") and lines[1].endswith(" (UTC)")
    cli = cli_run("table", "--d", "8,16", "--m", "1/10", "--b", "0", "--no-delsarte", "--header").stdout
    # the same lines after the first (the command), then the same table
    cli_lines = cli.splitlines()
    py_lines = r.to_csv().splitlines()
    assert len(cli_lines) == len(py_lines)
    assert cli_lines[1:] == py_lines[1:]
    assert r.to_markdown().startswith("<!-- constel 0.1.0: constel.table(")
    plain = constel.table(d="8,16", m="1/10", b=0, delsarte=False)
    assert "provenance" not in plain
    assert r.rows == plain.rows


def test_train_sweep_is_the_clis_sweep(tmp_path):
    args = ["--N", "6", "--d", "3", "--steps", "20", "--seeds", "1", "--precision", "float64", "--threads", "1"]
    p = cli_run("train", "--sweep", "losses", *args, "-o", tmp_path / "cli.csv", "--json")
    j = json.loads(p.stdout)
    r = constel.train(6, 3, steps=20, seeds=1, precision="float64", threads=1, sweep="losses",
                      output=tmp_path / "py.csv", svg=tmp_path / "py.svg")
    assert r.runs == j["runs"] and r.constellations == j["constellations"] and r.sweep == "losses"
    assert (tmp_path / "py.csv").read_text() == (tmp_path / "cli.csv").read_text()
    assert r.to_csv() == (tmp_path / "cli.csv").read_text()
    assert len(r.rows) == r.runs
    assert r.rows[0]["N"] == 6.0 and isinstance(r.rows[0]["experiment"], str)
    assert (tmp_path / "py.svg").read_text().rstrip().endswith("</svg>")


def test_train_sweep_refuses_single_run_options():
    with pytest.raises(constel.InputError, match="adapter: not used with sweep="):
        constel.train(6, 3, sweep="losses", adapter=True)
    with pytest.raises(constel.InputError, match="unknown sweep 'nothing'"):
        constel.train(6, 3, sweep="nothing")
    with pytest.raises(constel.InputError, match="svg: only with sweep="):
        constel.train(6, 3, steps=2, svg="x.svg")


def test_sdp_keywords_are_the_clis_sdp_options():
    j = json.loads(cli_run("bound", "--d", "6", "--m", "1/4", "--b", "3/4", "--sdp", "--json").stdout)
    r = constel.bound(6, "1/4", "3/4", sdp=True)
    assert r.upper.method == j["upper"]["method"] and "three-point SDP" in r.upper.method
    assert r.upper.value == j["upper"]["value"] and int(r.upper.value) <= 81
    t = constel.table(codes=True, n="6,25", s="1/2", sdp_degree=6)
    cli = cli_run("table", "--codes", "--n", "6,25", "--s", "1/2", "--sdp-degree", "6").stdout
    assert t.to_csv() == cli
    assert t.columns[7:9] == ["sdp", "sdp_degree"]
    with pytest.raises(constel.InputError, match="sdp_max_n: only with sdp"):
        constel.table(codes=True, n=3, sdp_max_n=5)
