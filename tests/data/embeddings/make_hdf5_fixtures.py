#!/usr/bin/python3
# Writes the HDF5 fixtures of tests/io/test_hdf5.cpp and the verify golden files with Debian's
# python3-h5py and python3-numpy (run with /usr/bin/python3 in this folder). pairs.h5 holds the
# fixtures' U and V (make_fixtures.py) in every supported layout: float32 at the root (ann-benchmarks'
# names), float16 chunked and gzip-compressed, big-endian float64 chunked with shuffle + gzip, labels
# 1-D and 2-D, and datasets the reader must refuse. ann.hdf5 is a small ann-benchmarks file (angular:
# neighbors by cosine), 60 train and 12 test vectors in d = 8, from a fixed seed.
import h5py
import numpy as np

U = np.array([[0.5, 0.5, 0.5, 0.5], [0.5, -0.5, 0.5, -0.5], [0.75, 0.25, -0.5, 0.125]])
V = np.array([[0.5, 0.5, 0.5, 0.25], [0.5, -0.5, 0.25, -0.5], [0.75, 0.25, -0.5, -0.125]])

with h5py.File("pairs.h5", "w") as f:
    f["train"] = U.astype("<f4")
    f["test"] = V.astype("<f4")
    g = f.create_group("group")
    g.create_dataset("u16", data=U.astype("<f2"), chunks=(2, 4), compression="gzip")
    g.create_dataset("v64", data=V.astype(">f8"), chunks=(1, 4), shuffle=True, compression="gzip", compression_opts=9)
    f["labels"] = np.array([0, 0, 1], dtype="<i8")
    f["neighbors"] = np.array([[0, 1], [1, 0], [2, 1]], dtype="<i4")
    f["names"] = np.array([b"cat", b"dog", b"emu"])
    f["rank3"] = np.zeros((2, 2, 2), dtype="<f4")
    f["empty"] = np.zeros((0, 4), dtype="<f4")
    f["ints"] = np.arange(12, dtype="<i4").reshape(3, 4)
    f["nan"] = np.array([[0.5, 0.5, 0.5, 0.5], [0.5, np.nan, 0.5, -0.5], [0.75, 0.25, -0.5, 0.125]], dtype="<f4")

rng = np.random.default_rng(20260612)
train = rng.standard_normal((60, 8)).astype("<f4")
test = (train[rng.integers(0, 60, 12)] + 0.3 * rng.standard_normal((12, 8))).astype("<f4")
def unit(x):
    return x.astype(np.float64) / np.linalg.norm(x.astype(np.float64), axis=1, keepdims=True)
cos = unit(test) @ unit(train).T
order = np.argsort(-cos, axis=1, kind="stable")[:, :5]
with h5py.File("ann.hdf5", "w") as f:
    f.attrs["distance"] = "angular"
    f["train"] = train
    f["test"] = test
    f["neighbors"] = order.astype("<i4")
    f["distances"] = (1 - np.take_along_axis(cos, order, axis=1)).astype("<f4")
