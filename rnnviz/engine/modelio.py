"""Model files in and out. Loading never executes code: NumPy files are read with
allow_pickle=False (an object array is refused rather than unpickled) and .safetensors files
hold nothing but raw tensors and string metadata. Nothing here writes a pickle.

Formats (`load_model` / `save_model` pick by extension, `SUFFIXES`):

- `.npz`: one float64 array per tensor, by its name (the seed's network: Waa, Wax, Wya, ba,
  by; others: engine/stack.py's names such as `layer2.reverse.Waa`), `activation` (a string)
  and `meta` (a JSON string: the model description `model`, `trained`, `trained_on`,
  `init_seed`, `vocab_sha256`, the training settings and held-out scores, …; it becomes
  `Params.meta` and `Params.spec`). A model saved by `rnnviz train` may also hold its
  optimizer state (`opt.step`, `opt.m.<name>`, `opt.v.<name>`) for `--resume`. Written
  deterministically (fixed zip timestamps, sorted JSON), compressed.
- rnnviz's *packed* `.npz` (the bundled models): uncompressed, a one-hot input weight as its
  non-zero columns, optionally in float32 (engine/packed.py).
- `.safetensors`: the same tensor names; `activation` and `meta` go in the header's string
  metadata (`{"format": "rnnviz", "activation": ..., "meta": ...}`). Read with the
  safetensors library (`safe_open(framework="numpy")`).
- A PyTorch state dict (recurrent module + nn.Linear head) in either container: see
  engine/pytorch.py.

Every write is atomic (`rnnviz.files.atomic_write`): the bytes go to a temporary file in the
same directory, which then replaces the target (`os.replace`); an interrupted save leaves the
old file intact, and the target keeps its mode. Every
problem with a file is a `UserError` naming the file (and the key).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UserError
from ..files import atomic_write, check_readable, read_bytes
from .packed import pack, unpack
from .params import NAMES, Params
from .spec import ACTIVATIONS, ModelSpec, UnsupportedModel

SUFFIXES = (".npz", ".safetensors")  # every model file, read and written
OPT_PREFIX = "opt."  # optimizer state saved by `rnnviz train` for --resume
TEXT_KEYS = ("activation", "meta")
NONLINEARITY = "__nonlinearity__"  # a PyTorch file's metadata `nonlinearity`, as read


def suffix_problem(path: str | Path) -> str | None:
    """Why `path` cannot be a model file by its name (None when it can)."""
    suffix = Path(path).suffix
    if suffix.lower() in SUFFIXES:
        return None
    return f"unknown model file type {suffix or '(no extension)'!r}; expected {' or '.join(SUFFIXES)}"


# ---------------------------------------------------------------------------- reading


def load_model(path: str | Path, activation: str | None = None) -> Params:
    """Read a model file of any supported kind, picked by extension (.npz, .safetensors:
    rnnviz's own tensor names or a PyTorch state dict).

    `activation` ('tanh' or 'relu') is needed for PyTorch nn.RNN files, whose state dict does
    not record the nonlinearity (default tanh); for rnnviz files it must agree with the file."""
    return read_model(path, activation)[0]


def read_model(path: str | Path, activation: str | None = None) -> tuple[Params, dict[str, np.ndarray]]:
    """Like `load_model`, and also the optimizer-state arrays (`opt.*`) the file holds."""
    path = Path(path)
    if activation is not None and activation not in ACTIVATIONS:
        raise UserError(f"unknown activation {activation!r}; expected 'tanh' or 'relu'")
    problem = suffix_problem(path)
    if problem:
        raise UserError(f"{path}: {problem}")
    arrays = unpack(_read_npz(path), path) if path.suffix.lower() == ".npz" else _read_safetensors(path)
    from .pytorch import looks_pytorch, pytorch_params

    recorded = arrays.pop(NONLINEARITY, None)
    if looks_pytorch(arrays) and not all(name in arrays for name in NAMES):
        said = None if recorded is None else _text(recorded, "tanh")
        if said is not None and activation is not None and activation != said:
            raise UserError(f"{path}: the file says nonlinearity {said}, not {activation}")
        return pytorch_params(arrays, path, activation or said or "tanh"), {}
    params = params_from_arrays(arrays, path)
    if activation is not None and activation != params.activation:
        raise UserError(f"{path}: the file's activation is {params.activation}, not {activation}")
    return params, {k: v for k, v in arrays.items() if k.startswith(OPT_PREFIX)}


def params_from_arrays(arrays: dict[str, np.ndarray], path: str | Path) -> Params:
    """Validate the tensors and metadata read from `path` and build Params."""
    activation = _text(arrays.get("activation"), "tanh")
    if activation not in ACTIVATIONS:
        raise UserError(f"{path}: key 'activation' is {activation!r}; expected 'tanh' or 'relu'")
    meta: dict[str, Any] = {"source": str(path)}
    raw_meta = _text(arrays.get("meta"), "")
    if raw_meta:
        try:
            loaded = json.loads(raw_meta)
        except json.JSONDecodeError:
            raise UserError(f"{path}: key 'meta' is not valid JSON") from None
        if not isinstance(loaded, dict):
            raise UserError(f"{path}: key 'meta' must be a JSON object, not {type(loaded).__name__}")
        meta.update(loaded)
    tensors = {k: v for k, v in arrays.items() if k not in TEXT_KEYS and not k.startswith(OPT_PREFIX)}
    n_y = tensors["Wya"].shape[0] if "Wya" in tensors and tensors["Wya"].ndim == 2 else 1
    try:
        spec = ModelSpec.from_meta(meta, activation, n_y)
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from None
    meta.pop("model", None)
    for name, arr in tensors.items():
        if arr.dtype.kind not in "fiu":
            raise UserError(f"{path}: key {name!r} has dtype {arr.dtype}, expected floating point numbers")
        if not np.all(np.isfinite(arr)):
            bad = int(np.count_nonzero(~np.isfinite(arr)))
            raise UserError(f"{path}: key {name!r} has {bad} non-finite value{'s' if bad > 1 else ''} (NaN or inf)")
    try:
        return Params(tensors, spec=spec, meta=meta)
    except UnsupportedModel as exc:
        raise UserError(f"{path}: a {spec.describe()}: {exc}") from None
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from None


def _text(arr: np.ndarray | None, default: str) -> str:
    if arr is None or arr.size == 0:
        return default
    return str(arr.reshape(-1)[0])


def check_vocab(params: Params, vocab_size: int, model: str | Path, vocab: str | Path) -> None:
    """The model's input width n_x must equal the vocabulary's size V."""
    if params.n_x != vocab_size:
        raise UserError(
            f"{model}: the model takes n_x = {params.n_x} inputs but the vocabulary {vocab} has {vocab_size} words"
        )


def vocab_mismatch(params: Params, vocab_sha256: str) -> bool:
    """True when the model records a vocabulary hash and it is not `vocab_sha256`."""
    recorded = params.meta.get("vocab_sha256")
    return bool(recorded) and recorded != vocab_sha256


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    data = read_bytes(path, "model file")
    if not data.startswith(b"PK"):  # np.load would take it for a pickle and advise allow_pickle
        raise UserError(f"{path}: not a zip/npz file (an .npz model file is a zip archive of .npy arrays)")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as f:
            out = {}
            for key in f.files:
                try:
                    out[key] = f[key]
                except ValueError:
                    raise UserError(f"{path}: key {key!r} holds Python objects; refusing to unpickle it") from None
            return out
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UserError(f"{path}: not a valid .npz model file ({exc})") from None


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors and the rnnviz metadata (as 0-d string arrays) of a .safetensors file, read
    with the safetensors library. Its header is checked here first, for messages that say
    what is wrong; BF16 tensors, which NumPy lacks, are widened to float32 from their bits."""
    from safetensors import SafetensorError, safe_open

    header = _safetensors_header(path)
    metadata = header.pop("__metadata__", None) or {}
    tensors = {}
    try:
        with safe_open(str(path), framework="numpy") as f:
            for key in header:
                if header[key]["dtype"] == "BF16":
                    tensors[key] = _bf16(path, key, header)
                    continue
                try:
                    tensors[key] = f.get_tensor(key)
                except TypeError:
                    raise UserError(
                        f"{path}: tensor {key!r} has dtype {header[key]['dtype']}, which rnnviz does not read"
                    ) from None
    except SafetensorError as exc:
        raise UserError(f"{path}: not a valid .safetensors file ({str(exc).splitlines()[0]})") from None
    if metadata.get("format") == "rnnviz":
        for key in TEXT_KEYS:
            if key in metadata:
                tensors[key] = np.array(metadata[key])
    elif metadata.get("nonlinearity") in ACTIVATIONS:  # a PyTorch nn.RNN rnnviz exported
        tensors[NONLINEARITY] = np.array(metadata["nonlinearity"])
    return tensors


def _safetensors_header(path: Path) -> dict[str, Any]:
    """The JSON header of a .safetensors file (an 8-byte little-endian length, then JSON),
    checked: every tensor's dtype, shape and offsets in place, the metadata strings."""
    check_readable(path, "model file")
    bad = f"{path}: not a valid .safetensors file"
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(8)
            if len(head) < 8:
                raise UserError(f"{bad} (too short)")
            n = int.from_bytes(head, "little")
            if n > size - 8:
                raise UserError(f"{bad} (header longer than the file)")
            raw = f.read(n)
    except OSError as exc:
        raise UserError(f"{path}: cannot read the model file: {exc.strerror or exc}") from None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(f"{bad} (header is not JSON)") from None
    if not isinstance(header, dict):
        raise UserError(f"{bad} (header is not a JSON object)")
    metadata = header.get("__metadata__") or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise UserError(f"{bad} (__metadata__ must map strings to strings)")
    body = size - 8 - n
    for key, spec in header.items():
        if key == "__metadata__":
            continue
        try:
            start, end = spec["data_offsets"]
            _ = (str(spec["dtype"]), [int(d) for d in spec["shape"]])
        except (TypeError, KeyError, ValueError):
            raise UserError(f"{bad} (entry {key!r} lacks dtype, shape or data_offsets)") from None
        if not all(type(v) is int for v in (start, end)) or not (0 <= start <= end <= body):
            raise UserError(f"{bad} (tensor {key!r} lies outside the file)")
    return header


def _bf16(path: Path, key: str, header: dict[str, Any]) -> np.ndarray:
    """A BF16 tensor as float32: its 16 bits are the top half of a float32's."""
    data = read_bytes(path, "model file")
    n = int.from_bytes(data[:8], "little")
    start, end = header[key]["data_offsets"]
    bits = np.frombuffer(data[8 + n + start : 8 + n + end], dtype="<u2").astype(np.uint32) << 16
    return bits.view(np.float32).reshape(header[key]["shape"])


# ---------------------------------------------------------------------------- writing


def meta_json(params: Params) -> str:
    """Params.meta as canonical JSON (sorted keys), without the load-time 'source', with the
    model description under 'model'."""
    meta = {k: v for k, v in params.meta.items() if k != "source"}
    meta["model"] = params.spec.as_meta()
    return json.dumps(meta, sort_keys=True, ensure_ascii=False, allow_nan=False)


def tensor_order(params: Params) -> list[str]:
    """The file order of the tensors: the seed's five in the seed's order, then the rest."""
    return [n for n in NAMES if n in params.tensors] + [n for n in params.tensors if n not in NAMES]


def model_arrays(params: Params, extra: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The arrays of an .npz model file, in file order."""
    arrays: dict[str, np.ndarray] = {name: params[name] for name in tensor_order(params)}
    arrays["activation"] = np.array(params.activation)
    arrays["meta"] = np.array(meta_json(params))
    for key, value in (extra or {}).items():
        arrays[key] = np.asarray(value)
    return arrays


def save_model(
    params: Params,
    path: str | Path,
    extra: dict[str, np.ndarray] | None = None,
    *,
    packed: bool = False,
    float32: bool = False,
) -> Path:
    """Write `params` (and `extra` arrays, e.g. optimizer state) atomically; the format
    follows the extension (.npz or .safetensors). `packed`: rnnviz's packed .npz (see above),
    in float32 with `float32`."""
    path = Path(path)
    problem = suffix_problem(path)
    if problem:
        raise UserError(f"{path}: {problem}")
    if (packed or float32) and path.suffix.lower() != ".npz":
        raise UserError(f"{path}: a packed model is an .npz file")
    if float32 and not packed:
        raise UserError(f"{path}: float32 storage is an option of the packed form")
    if packed:
        data = npz_bytes(pack(model_arrays(params, extra), float32), compress=False)
    elif path.suffix.lower() == ".npz":
        data = npz_bytes(model_arrays(params, extra))
    else:
        data = safetensors_bytes(params, extra)
    atomic_write(path, data)
    return path


def npz_bytes(arrays: dict[str, np.ndarray], compress: bool = True) -> bytes:
    """An .npz as bytes (compressed unless told not to), the same bytes for the same arrays
    (np.savez stamps the current time into the zip; this writes 1980-01-01). Readable by
    np.load."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as zf:
        for key, value in arrays.items():
            value = np.asanyarray(value)
            if value.dtype.hasobject:
                raise ValueError(f"{key}: refusing to write an object array")
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, value, allow_pickle=False)
    return buffer.getvalue()


def safetensors_bytes(params: Params, extra: dict[str, np.ndarray] | None = None) -> bytes:
    """A .safetensors file as bytes: the tensors (plus `extra`), metadata in the header."""
    from safetensors.numpy import save

    tensors = {name: np.ascontiguousarray(params[name]) for name in tensor_order(params)}
    for key, value in (extra or {}).items():
        tensors[key] = np.array(value, order="C")  # ascontiguousarray would make 0-d arrays 1-d
    metadata = {"format": "rnnviz", "activation": params.activation, "meta": meta_json(params)}
    return save(tensors, metadata=metadata)
