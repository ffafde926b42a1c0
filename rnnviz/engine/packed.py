"""rnnviz's packed model form (the bundled models), read and written by engine/modelio.py.

Uncompressed, so loading never inflates anything, and a weight whose columns are mostly zero
(a one-hot input weight: only the words seen in training have non-zero columns) stored as
`NAME.columns` (int64 indices) and `NAME.values` (rows, k), with `NAME.width` its number of
columns; read back exactly. With `float32`, every tensor is stored in float32 (half the
bytes) and widened to float64 on load: the model's numbers are then those float32 values,
exactly. `round_float32` is that model before it is saved, to score it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import UserError
from .params import Params

PACKED = (".columns", ".values", ".width")  # a packed tensor's three arrays


def unpack(arrays: dict[str, np.ndarray], path: str | Path) -> dict[str, np.ndarray]:
    """Packed tensors (NAME.columns, NAME.values, NAME.width) back as full arrays."""
    names = [k[: -len(".columns")] for k in arrays if k.endswith(".columns")]
    for name in names:
        try:
            columns, values, width = (arrays.pop(name + part) for part in PACKED)
        except KeyError:
            raise UserError(f"{path}: packed tensor {name!r} needs {', '.join(name + p for p in PACKED)}") from None
        n = int(width)
        if (
            columns.ndim != 1
            or values.ndim != 2
            or values.shape[1] != len(columns)
            or not (len(columns) == 0 or (columns.min() >= 0 and columns.max() < n))
        ):
            raise UserError(f"{path}: packed tensor {name!r} has inconsistent columns, values and width")
        full = np.zeros((values.shape[0], n), dtype=values.dtype)
        full[:, columns] = values
        arrays[name] = full
    return arrays


def pack(arrays: dict[str, np.ndarray], float32: bool = False) -> dict[str, np.ndarray]:
    """Each 2-D array with over half of its columns all zero as NAME.columns, .values, .width;
    with `float32`, every floating-point array as float32."""
    out: dict[str, np.ndarray] = {}
    for name, arr in arrays.items():
        if float32 and arr.dtype.kind == "f":
            arr = arr.astype(np.float32)
        if arr.ndim == 2 and arr.shape[1] > 1 and arr.dtype.kind == "f":
            used = np.flatnonzero(np.any(arr != 0, axis=0))
            if len(used) < arr.shape[1] // 2:
                out[name + ".columns"] = used.astype(np.int64)
                out[name + ".values"] = np.ascontiguousarray(arr[:, used])
                out[name + ".width"] = np.array(arr.shape[1], dtype=np.int64)
                continue
        out[name] = arr
    return out


def round_float32(params: Params) -> Params:
    """The model a float32 packed file holds: every tensor rounded to the nearest float32."""
    return params.replace(**{name: params[name].astype(np.float32) for name in params.names})
