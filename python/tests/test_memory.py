"""constel.set_max_memory / constel.max_memory: the process-wide memory limit (docs/python.md
"Memory limit"): over it a LimitError before the big allocation, under it the same results."""
import numpy as np
import pytest

import constel


@pytest.fixture
def restore_limit():
    previous = constel.max_memory()
    yield
    constel.set_max_memory(previous)


def unit_rows(n, d):
    x = np.zeros((n, d), dtype=np.float32)
    x[np.arange(n), np.arange(n) % d] = 1
    return x


def test_set_max_memory_sizes(restore_limit):
    constel.set_max_memory("512M")
    assert constel.max_memory() == 512 << 20
    assert constel.set_max_memory(1000) == 512 << 20
    assert constel.max_memory() == 1000
    constel.set_max_memory(None)
    assert constel.max_memory() is None
    constel.set_max_memory("none")
    assert constel.max_memory() is None
    constel.set_max_memory("default")
    assert constel.max_memory() > 0
    for bad in (0, -5, "0", "12Q", 1.5, True):
        with pytest.raises(constel.InputError):
            constel.set_max_memory(bad)


def test_over_the_limit_is_a_limit_error_under_it_the_same_result(restore_limit, tmp_path):
    U = unit_rows(2000, 16)
    free = constel.verify(U, U, threads=1).to_json()
    constel.set_max_memory("200K")
    with pytest.raises(constel.LimitError, match="the certified verifier's plan .* over the memory limit of 200 KiB"):
        constel.verify(U, U, threads=1)
    with pytest.raises(constel.LimitError, match="training"):
        constel.train(N=100000, d=64, steps=1)
    path = tmp_path / "U.npy"
    np.save(path, U)
    constel.set_max_memory("100K")
    with pytest.raises(constel.LimitError, match="reading the file needs 128 KB, over the memory limit of 100 KiB"):
        constel.verify_file(u=path, v=path, threads=1)
    constel.set_max_memory("64M")
    assert constel.verify(U, U, threads=1).to_json() == free
    assert constel.verify_file(u=path, v=path, threads=1).to_json()["margin"] == free["margin"]
