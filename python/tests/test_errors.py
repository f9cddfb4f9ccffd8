"""Every error surfaces as a constel exception with the library's message (the CLI's, without the
option's dashes): InputError is a ValueError, LimitError an InputError, InternalError a RuntimeError."""
import numpy as np
import pytest

import constel
from conftest import cli_stderr


def test_hierarchy():
    assert issubclass(constel.InputError, ValueError) and issubclass(constel.InputError, constel.Error)
    assert issubclass(constel.LimitError, constel.InputError)
    assert issubclass(constel.ParseError, constel.InputError)
    assert issubclass(constel.InternalError, RuntimeError) and not issubclass(constel.InternalError, ValueError)


def test_bad_number_names_the_argument(pairs):
    U, V = pairs
    with pytest.raises(constel.InputError, match=r"^m: .*'0\.x'"):
        constel.verify(U, V, m="0.x", b=0)
    with pytest.raises(constel.InputError, match="m and b go together"):
        constel.verify(U, V, m="0.1")
    with pytest.raises(constel.InputError, match="got bool"):
        constel.bound(8, True, 0)
    with pytest.raises(constel.InputError, match="NaN"):
        constel.bound(8, float("nan"), 0)


def test_limit_error():
    with pytest.raises(constel.LimitError, match="1000000"):
        constel.codebound(2000000, "1/2")
    with pytest.raises(constel.LimitError):
        constel.bound(8, "1e999999999", 0)


def test_codebound_sdp_errors(tmp_path):
    with pytest.raises(constel.InputError, match="sdp: the three-point bound needs n >= 3"):
        constel.codebound(2, "1/2", sdp=True)
    with pytest.raises(constel.InputError, match=r"sdp_degree: must lie in 2..14, got 15"):
        constel.codebound(4, "1/2", sdp_degree=15)
    constel.codebound(4, "1/2", sdp_degree=4, sdp_certificate=tmp_path / "c.txt")
    with pytest.raises(constel.InputError, match="certificate is for n = 4, not 5"):
        constel.check_certificate(tmp_path / "c.txt", n=5)


def test_shape_and_dtype_errors(pairs):
    U, V = pairs
    with pytest.raises(constel.InputError, match="2-D"):
        constel.verify(U[0], V)
    with pytest.raises(constel.InputError, match="dtype int64 is not a float type"):
        constel.verify(np.ones((3, 4), dtype=np.int64), V)
    with pytest.raises(constel.InputError, match="d"):
        constel.verify(U[:, :3], V)
    bad = U.copy()
    bad[2, 1] = np.nan
    with pytest.raises(constel.InputError, match="U: row 2, column 1 is NaN"):
        constel.verify(bad, V)
    with pytest.raises(constel.InputError, match="empty array"):
        constel.verify(U[:0], V)
    with pytest.raises(constel.InputError, match="labels"):
        constel.verify(U, V, labels=[0, 1])


def test_file_errors_match_the_cli(tmp_path):
    bad = tmp_path / "bad.cst"
    bad.write_text("constel-cst 1\nN 2\n")
    code, err = cli_stderr("verify", bad)
    assert code == 2
    with pytest.raises(constel.ParseError) as e:
        constel.verify_file(bad)
    assert str(e.value) in err  # the CLI prints "constel: " + the same message
    assert str(e.value).startswith(str(bad) + ":")
    with pytest.raises(constel.InputError, match="cannot"):
        constel.verify_file(tmp_path / "missing.cst")


def test_generate_errors():
    with pytest.raises(constel.InputError, match="construction"):
        constel.generate("nonsense")
    with pytest.raises(constel.InputError):
        constel.generate("line", code="simplex:x")


def test_infeasible_and_params():
    with pytest.raises(constel.InputError, match="infeasible"):
        constel.table(d=8, m="0.6", b="0.6")
    with pytest.raises(constel.InputError, match="logit_scale and logit_bias, or t"):
        constel.params()
    with pytest.raises(constel.InputError, match="t with exactly one of b and b_rel"):
        constel.params(t=1, b=1, b_rel=1)
