#!/usr/bin/env python3
"""Regenerates the .npy fixtures used by dev.fewshot.core.io tests.

The tests do NOT run this script; they read the committed binaries and hard-code the
expected values below. Everything is deterministic (np.arange based, no randomness).
Run from this directory:  python3 make_fixtures.py
"""
import os

import numpy as np
from numpy.lib import format as npf

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, arr, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        npf.write_array(f, arr, version=version, allow_pickle=False)


def write_raw(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# Reference arrays. Values are exact in every dtype, so the Java tests can hard-code them.
f4 = (np.arange(12, dtype="<f4").reshape(3, 4) * 0.5 - 1.0).astype("<f4")  # -1.0, -0.5, ..., 4.5
f8 = np.arange(6, dtype="<f8").reshape(2, 3) / 4.0 - 0.25                    # -0.25, 0.0, ..., 1.0
i4 = np.array([0, 1, 2, 1, 0, 7], dtype="<i4")
i8 = np.array([3, 0, 2, 1, 2147483647], dtype="<i8")

for ver in [(1, 0), (2, 0), (3, 0)]:
    tag = "v%d" % ver[0]
    save("f4_%s.npy" % tag, f4, ver)
    save("f8_%s.npy" % tag, f8, ver)
    save("i4_%s.npy" % tag, i4, ver)
    save("i8_%s.npy" % tag, i8, ver)

# Shapes that are not 2-D matrices.
save("f4_scalar.npy", np.array(2.5, dtype="<f4"))                        # shape ()
save("f4_1d.npy", np.arange(5, dtype="<f4"))                             # shape (5,)
save("f4_3d.npy", np.arange(8, dtype="<f4").reshape(2, 2, 2))            # shape (2, 2, 2)
save("f4_empty_rows.npy", np.zeros((0, 4), dtype="<f4"))                 # shape (0, 4)

# Labels. 2-D [N, 1] must be accepted as a label vector.
save("labels_i8_2d.npy", np.array([[2], [0], [1]], dtype="<i8"))
save("labels_negative.npy", np.array([0, 1, -1, 2], dtype="<i8"))
save("labels_too_big.npy", np.array([0, 2147483648], dtype="<i8"))
save("labels_f4.npy", np.array([0.0, 1.0], dtype="<f4"))

# Unsupported encodings.
save("f4_bigendian.npy", np.arange(6, dtype=">f4").reshape(2, 3))
save("f4_fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("f2.npy", np.arange(4, dtype="<f2"))
save("bool.npy", np.array([True, False, True]))
save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))

# Non-finite values: NaN at row 3, column 7 of a 5 x 8 matrix; +Inf at row 1, column 2.
nan = np.arange(40, dtype="<f4").reshape(5, 8)
nan[3, 7] = np.nan
save("f4_nan.npy", nan)
inf = np.arange(12, dtype="<f4").reshape(3, 4)
inf[1, 2] = np.inf
save("f4_inf.npy", inf)
# A float64 value that is finite but overflows float32 (row 0, column 1).
save("f8_overflow.npy", np.array([[1.0, 1e300]], dtype="<f8"))

# Truncated: the 3 x 4 float32 file with its last 8 data bytes cut off (header promises 48).
with open(os.path.join(HERE, "f4_v1.npy"), "rb") as f:
    full = f.read()
write_raw("f4_truncated.npy", full[:-8])
# Not an .npy file at all.
write_raw("not_npy.npy", b"x,y\n1,2\n")
