"""Model files in and out. Loading never executes code: NumPy files are read with
allow_pickle=False, so an object array is refused rather than unpickled.

An .npz model holds the five tensors Waa, Wax, Wya, ba, by and optional metadata entries
(`activation`, a string). Every problem with a file is a `UserError` naming the file and
the key.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UserError
from .params import NAMES, Params, shape_problem


def load_npz(path: str | Path) -> Params:
    """Read and validate an .npz model file."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {key: _read(f, key, path) for key in f.files}
    except FileNotFoundError:
        raise UserError(f"{path}: no such model file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not a model file") from None
    except PermissionError:
        raise UserError(f"{path}: cannot read the model file (permission denied)") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UserError(f"{path}: not a valid .npz model file ({exc})") from None
    return params_from_arrays(arrays, path)


def _read(f: Any, key: str, path: Path) -> np.ndarray:
    try:
        return f[key]
    except ValueError:
        raise UserError(f"{path}: key {key!r} holds Python objects; refusing to unpickle it") from None


def params_from_arrays(arrays: dict[str, np.ndarray], path: str | Path) -> Params:
    """Validate the five tensors (and metadata) read from `path` and build Params."""
    missing = [name for name in NAMES if name not in arrays]
    if missing:
        raise UserError(f"{path}: missing key{'s' if len(missing) > 1 else ''} {', '.join(missing)} (a model needs {', '.join(NAMES)})")
    tensors: dict[str, np.ndarray] = {}
    for name in NAMES:
        arr = arrays[name]
        if arr.dtype.kind not in "fiu":
            raise UserError(f"{path}: key {name!r} has dtype {arr.dtype}, expected floating point numbers")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            bad = int(np.count_nonzero(~np.isfinite(arr)))
            raise UserError(f"{path}: key {name!r} has {bad} non-finite value{'s' if bad > 1 else ''} (NaN or inf)")
        tensors[name] = arr
    problem = shape_problem(tensors)
    if problem:
        raise UserError(f"{path}: {problem}")
    activation = _text(arrays.get("activation"), "tanh")
    if activation not in ("tanh", "relu"):
        raise UserError(f"{path}: key 'activation' is {activation!r}; expected 'tanh' or 'relu'")
    meta: dict[str, Any] = {"source": str(path)}
    raw_meta = _text(arrays.get("meta"), "")
    if raw_meta:
        try:
            meta.update(json.loads(raw_meta))
        except json.JSONDecodeError:
            raise UserError(f"{path}: key 'meta' is not valid JSON") from None
    return Params(**tensors, activation=activation, meta=meta)


def _text(arr: np.ndarray | None, default: str) -> str:
    if arr is None:
        return default
    if arr.dtype.kind != "U" or arr.size != 1:
        return default if arr.size == 0 else str(arr.reshape(-1)[0])
    return str(arr.reshape(-1)[0])


def check_vocab(params: Params, vocab_size: int, model: str | Path, vocab: str | Path) -> None:
    """The model's input width n_x must equal the vocabulary's size V."""
    if params.n_x != vocab_size:
        raise UserError(
            f"{model}: the model takes n_x = {params.n_x} inputs but the vocabulary {vocab} has {vocab_size} words"
        )
