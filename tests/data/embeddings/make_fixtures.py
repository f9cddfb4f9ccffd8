#!/usr/bin/env python3
# Writes the small embedding fixtures of tests/io and tests/verify with the Python standard library
# only (numpy is not installed here), byte by byte by numpy's rules: .npy headers as numpy's
# format.write_array_header (repr of the dict, space padding so that the data starts on a multiple of
# 64 bytes, '\n' last; version 1.0 with a 2-byte length, 2.0/3.0 with 4 bytes), .npz as numpy's
# savez (zipfile members 'KEY.npy', opened with force_zip64=True), .safetensors as the reference
# library (8-byte length, JSON header, raw little-endian data), .fvecs and CSV/TSV.
# Run: python3 tests/data/embeddings/make_fixtures.py (in this folder). Values are small dyadic
# rationals so that the tests can state the exact answers.
import json, struct, zipfile

def npy(descr, shape, fortran, raw, major=1):
    shape_txt = "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    d = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", shape_txt)
    pre = 10 if major == 1 else 12
    total = pre + len(d) + 1
    d += " " * ((-total) % 64) + "\n"
    hl = struct.pack("<H", len(d)) if major == 1 else struct.pack("<I", len(d))
    return b"\x93NUMPY" + bytes([major, 0]) + hl + d.encode("latin1") + raw

# U, V: 3 pairs in d = 4, dyadic entries (exactly representable in float16/bfloat16 too)
U = [[0.5, 0.5, 0.5, 0.5], [0.5, -0.5, 0.5, -0.5], [0.75, 0.25, -0.5, 0.125]]
V = [[0.5, 0.5, 0.5, 0.25], [0.5, -0.5, 0.25, -0.5], [0.75, 0.25, -0.5, -0.125]]

def flat(M, fortran=False):
    if fortran:
        return [M[i][j] for j in range(len(M[0])) for i in range(len(M))]
    return [x for r in M for x in r]

def pack(fmt, M, fortran=False):
    return b"".join(struct.pack(fmt, x) for x in flat(M, fortran))

def f16(x):
    return struct.pack("<e", x)

def bf16(x):
    return struct.pack("<f", x)[2:]

files = {
    "u_f4.npy": npy("<f4", (3, 4), False, pack("<f", U)),
    "v_f4.npy": npy("<f4", (3, 4), False, pack("<f", V)),
    "v_f8_fortran_v2.npy": npy("<f8", (3, 4), True, pack("<d", V, True), major=2),
    "u_f2_v3.npy": npy("<f2", (3, 4), False, b"".join(f16(x) for x in flat(U)), major=3),
    "u_f4_big.npy": npy(">f4", (3, 4), False, pack(">f", U)),
    "labels_i8.npy": npy("<i8", (3,), False, struct.pack("<3q", 0, 1, 2)),
    "labels_many.npy": npy("<i4", (3,), False, struct.pack("<3i", 0, 0, 1)),
    "ints_i4.npy": npy("<i4", (3, 4), False, struct.pack("<12i", *range(12))),
}
names = npy("<U5", (3,), False, "".join(s.ljust(5, "\0") for s in ["cat", "dog", "emu"]).encode("utf-32-le"))
for fname, method in (("pairs.npz", zipfile.ZIP_STORED), ("pairs_deflated.npz", zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile(fname, "w", compression=method) as z:
        for key, data in (("names", names), ("image", files["u_f4.npy"]), ("text", files["v_f4.npy"]),
                          ("labels", files["labels_i8.npy"])):
            with z.open(key + ".npy", "w", force_zip64=True) as f:
                f.write(data)

def safetensors(tensors):
    header, data = {}, b""
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((-len(h)) % 8)
    return struct.pack("<Q", len(h)) + h + data

files["pairs.safetensors"] = safetensors([
    ("image", "F32", (3, 4), pack("<f", U)),
    ("text", "BF16", (3, 4), b"".join(bf16(x) for x in flat(V))),
    ("audio", "F16", (3, 4), b"".join(f16(x) for x in flat(U))),
    ("wide", "F64", (3, 4), pack("<d", V)),
    ("ids", "I64", (3,), struct.pack("<3q", 0, 1, 2)),
])
files["u.fvecs"] = b"".join(struct.pack("<i", 4) + struct.pack("<4f", *r) for r in U)
files["v.csv"] = ("# V of the fixtures\nv0,v1,v2,v3\n" + "".join(",".join(repr(x) for x in r) + "\n" for r in V)).encode()
files["u.tsv"] = "".join("\t".join(repr(x) for x in r) + "\r\n" for r in U).encode()
for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)
