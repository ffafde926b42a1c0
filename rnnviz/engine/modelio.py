"""Model files in and out. Loading never executes code: NumPy files are read with
allow_pickle=False (an object array is refused rather than unpickled) and .safetensors files
hold nothing but raw tensors and string metadata. Nothing here writes a pickle.

Formats (`load_model` / `save_model` pick by extension):

- `.npz`: keys Waa, Wax, Wya, ba, by (float64), `activation` (a string) and `meta` (a JSON
  string: `trained`, `trained_on`, `init_seed`, `vocab_sha256`, the training settings and
  held-out scores, ...; it becomes `Params.meta`). A model saved by `rnnviz train` may also
  hold its optimizer state (`opt.step`, `opt.m.<name>`, `opt.v.<name>`) for `--resume`.
  Written deterministically (fixed zip timestamps, sorted JSON), compressed.
- `.safetensors`: the same tensor names; `activation` and `meta` go in the header's string
  metadata (`{"format": "rnnviz", "activation": ..., "meta": ...}`).
- `.safetensors` holding a PyTorch state dict of one `nn.RNN` (one layer, unidirectional)
  followed by one `nn.Linear`, whatever the module prefixes (`rnn.`, `encoder.rnn.`, `fc.`,
  `head.`, ...): weight_ih_l0 -> Wax, weight_hh_l0 -> Waa, bias_ih_l0 + bias_hh_l0 -> ba
  (a column), the head's weight / bias -> Wya / by. The head is found by its shape
  (in_features = the RNN's hidden size). An `nn.Embedding` (V, E) feeding the RNN is folded
  in, Wax = W_ih E^T, which is exact for one-hot inputs. `activation='relu'` for an
  `nn.RNN(nonlinearity='relu')` (the state dict does not say). LSTM / GRU weights, more than
  one layer and bidirectional RNNs are refused with a message saying so.

Every write is atomic (`rnnviz.files.atomic_write`): the bytes go to a temporary file in the
same directory, which then replaces the target (`os.replace`); an interrupted save leaves the
old file intact, and the target keeps its mode. Every
problem with a file is a `UserError` naming the file (and the key).
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UserError
from ..files import atomic_write, read_bytes
from .activations import HIDDEN
from .params import NAMES, Params, shape_problem


def _read(f: Any, key: str, path: Path) -> np.ndarray:
    try:
        return f[key]
    except ValueError:
        raise UserError(f"{path}: key {key!r} holds Python objects; refusing to unpickle it") from None


def params_from_arrays(arrays: dict[str, np.ndarray], path: str | Path) -> Params:
    """Validate the five tensors (and metadata) read from `path` and build Params."""
    missing = [name for name in NAMES if name not in arrays]
    if missing:
        raise UserError(
            f"{path}: missing key{'s' if len(missing) > 1 else ''} {', '.join(missing)} (a model needs {', '.join(NAMES)})"
        )
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
    if activation not in HIDDEN:
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


# ---------------------------------------------------------------------------- any format

SUFFIXES = (".npz", ".safetensors")
OPT_PREFIX = "opt."  # optimizer state saved by `rnnviz train` for --resume


def load_model(path: str | Path, activation: str | None = None) -> Params:
    """Read a model file of any supported kind, picked by extension (.npz, .safetensors:
    rnnviz's own tensor names or a PyTorch nn.RNN + nn.Linear state dict).

    `activation` ('tanh' or 'relu') is needed for PyTorch files, whose state dict does not
    record the nonlinearity (default tanh); for rnnviz files it must agree with the file."""
    return read_model(path, activation)[0]


def read_model(path: str | Path, activation: str | None = None) -> tuple[Params, dict[str, np.ndarray]]:
    """Like `load_model`, and also the optimizer-state arrays (`opt.*`) the file holds."""
    path = Path(path)
    if activation is not None and activation not in HIDDEN:
        raise UserError(f"unknown activation {activation!r}; expected 'tanh' or 'relu'")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        arrays = _read_npz(path)
        kind = "rnnviz" if all(name in arrays for name in NAMES) or not _looks_pytorch(arrays) else "pytorch"
    elif suffix == ".safetensors":
        arrays, header = _read_safetensors(path)
        kind = "rnnviz" if all(name in arrays for name in NAMES) or not _looks_pytorch(arrays) else "pytorch"
        if kind == "rnnviz":
            for key in ("activation", "meta"):
                if key in header:
                    arrays[key] = np.array(header[key])
    else:
        raise UserError(
            f"{path}: unknown model file type {path.suffix or '(no extension)'!r}; expected .npz or .safetensors"
        )
    if kind == "pytorch":
        return pytorch_params(arrays, path, activation or "tanh"), {}
    params = params_from_arrays(arrays, path)
    if activation is not None and activation != params.activation:
        raise UserError(f"{path}: the file's activation is {params.activation}, not {activation}")
    opt = {k: v for k, v in arrays.items() if k.startswith(OPT_PREFIX)}
    return params, opt


def save_model(params: Params, path: str | Path, extra: dict[str, np.ndarray] | None = None) -> Path:
    """Write `params` (and `extra` arrays, e.g. optimizer state) atomically; the format
    follows the extension (.npz or .safetensors)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".npz":
        data = npz_bytes(model_arrays(params, extra))
    elif suffix == ".safetensors":
        data = safetensors_bytes(params, extra)
    else:
        raise UserError(
            f"{path}: unknown model file type {path.suffix or '(no extension)'!r}; expected .npz or .safetensors"
        )
    atomic_write(path, data)
    return path


def meta_json(params: Params) -> str:
    """Params.meta as canonical JSON (sorted keys), without the load-time 'source'."""
    meta = {k: v for k, v in params.meta.items() if k != "source"}
    return json.dumps(meta, sort_keys=True, ensure_ascii=False, allow_nan=False)


def vocab_mismatch(params: Params, vocab_sha256: str) -> bool:
    """True when the model records a vocabulary hash and it is not `vocab_sha256`."""
    recorded = params.meta.get("vocab_sha256")
    return bool(recorded) and recorded != vocab_sha256


# ---------------------------------------------------------------------------- writing


def model_arrays(params: Params, extra: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The arrays of an .npz model file, in file order."""
    arrays: dict[str, np.ndarray] = {name: getattr(params, name) for name in NAMES}
    arrays["activation"] = np.array(params.activation)
    arrays["meta"] = np.array(meta_json(params))
    for key, value in (extra or {}).items():
        arrays[key] = np.asarray(value)
    return arrays


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """A compressed .npz as bytes, the same bytes for the same arrays (np.savez stamps the
    current time into the zip; this writes 1980-01-01). Readable by np.load."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key, value in arrays.items():
            value = np.asanyarray(value)
            if value.dtype.hasobject:
                raise ValueError(f"{key}: refusing to write an object array")
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, value, allow_pickle=False)
    return buffer.getvalue()


def safetensors_bytes(params: Params, extra: dict[str, np.ndarray] | None = None) -> bytes:
    """A .safetensors file as bytes: the five tensors (plus `extra`), metadata in the header."""
    from safetensors.numpy import save

    tensors = {name: np.ascontiguousarray(getattr(params, name)) for name in NAMES}
    for key, value in (extra or {}).items():
        tensors[key] = np.array(value, order="C")  # ascontiguousarray would make 0-d arrays 1-d
    metadata = {"format": "rnnviz", "activation": params.activation, "meta": meta_json(params)}
    return save(tensors, metadata=metadata)


# ---------------------------------------------------------------------------- reading


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    data = read_bytes(path, "model file")
    if not data.startswith(b"PK"):  # np.load would take it for a pickle and advise allow_pickle
        raise UserError(f"{path}: not a zip/npz file (an .npz model file is a zip archive of .npy arrays)")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as f:
            return {key: _read(f, key, path) for key in f.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UserError(f"{path}: not a valid .npz model file ({exc})") from None


_SAFETENSORS_DTYPES = {
    "F64": "<f8",
    "F32": "<f4",
    "F16": "<f2",
    "I64": "<i8",
    "I32": "<i4",
    "I16": "<i2",
    "I8": "i1",
    "U8": "u1",
    "BOOL": "?",
}


def _read_safetensors(path: Path) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Tensors and string metadata of a .safetensors file, parsed here (the format is an
    8-byte little-endian header length, a JSON header, raw little-endian data) so that
    BF16 tensors, which NumPy lacks, can be widened to float32."""
    data = read_bytes(path, "model file")
    bad = f"{path}: not a valid .safetensors file"
    if len(data) < 8:
        raise UserError(f"{bad} (too short)")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise UserError(f"{bad} (header longer than the file)")
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(f"{bad} (header is not JSON)") from None
    if not isinstance(header, dict):
        raise UserError(f"{bad} (header is not a JSON object)")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise UserError(f"{bad} (__metadata__ must map strings to strings)")
    body = memoryview(data)[8 + n :]
    tensors: dict[str, np.ndarray] = {}
    for key, spec in header.items():
        try:
            dtype, shape, (start, end) = spec["dtype"], [int(d) for d in spec["shape"]], spec["data_offsets"]
        except (TypeError, KeyError, ValueError):
            raise UserError(f"{bad} (entry {key!r} lacks dtype, shape or data_offsets)") from None
        if not all(type(v) is int for v in (start, end)) or not (0 <= start <= end <= len(body)):
            raise UserError(f"{bad} (tensor {key!r} lies outside the file)")
        count = int(np.prod(shape)) if shape else 1
        raw = body[start:end]
        if dtype == "BF16":
            if len(raw) != 2 * count:
                raise UserError(f"{bad} (tensor {key!r} has {len(raw)} bytes for shape {shape})")
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            tensors[key] = bits.view(np.float32).reshape(shape)
            continue
        if dtype not in _SAFETENSORS_DTYPES:
            raise UserError(f"{path}: tensor {key!r} has dtype {dtype}, which rnnviz does not read")
        np_dtype = np.dtype(_SAFETENSORS_DTYPES[dtype])
        if len(raw) != np_dtype.itemsize * count:
            raise UserError(f"{bad} (tensor {key!r} has {len(raw)} bytes for shape {shape})")
        tensors[key] = np.frombuffer(raw, dtype=np_dtype).reshape(shape).copy()
    return tensors, metadata


# ---------------------------------------------------------------------------- PyTorch

_TORCH_RNN = re.compile(r"(weight|bias)_(ih|hh|hr)_l\d+(_reverse)?$")


def _looks_pytorch(arrays: dict[str, np.ndarray]) -> bool:
    return any(_TORCH_RNN.search(key) for key in arrays)


def pytorch_params(tensors: dict[str, np.ndarray], path: str | Path, activation: str = "tanh") -> Params:
    """Map a PyTorch `nn.RNN` + `nn.Linear` state dict (any module prefixes) to Params:

        weight_ih_l0 (H, n_x) -> Wax    weight_hh_l0 (H, H) -> Waa
        bias_ih_l0 + bias_hh_l0 (H,) -> ba (H, 1)
        head weight (n_y, H) -> Wya      head bias (n_y,) -> by (n_y, 1)

    nn.RNN computes h_t = g(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh): the seed's
    a<t> = g(Waa a<t-1> + Wax x<t> + ba) in row-vector form."""
    keys = sorted(tensors)
    reverse = [k for k in keys if k.endswith("_reverse")]
    if reverse:
        raise UserError(
            f"{path}: {reverse[0]!r} is a bidirectional RNN's weight; rnnviz supports one direction only (not yet bidirectional=True)"
        )
    deeper = sorted({int(m.group(1)) for k in keys if (m := re.search(r"_l(\d+)$", k))})
    if any(layer > 0 for layer in deeper):
        raise UserError(
            f"{path}: the RNN has {max(deeper) + 1} layers; rnnviz supports one layer only (not yet num_layers > 1)"
        )
    if any(k.endswith("weight_hr_l0") for k in keys):
        raise UserError(
            f"{path}: weight_hr_l0 belongs to an LSTM with projections; rnnviz supports nn.RNN only (not yet LSTM)"
        )
    ih = [k for k in keys if k.endswith("weight_ih_l0")]
    if len(ih) != 1:
        found = ", ".join(ih) if ih else "none"
        raise UserError(f"{path}: expected exactly one recurrent layer (a key ending in weight_ih_l0), found {found}")
    prefix = ih[0][: -len("weight_ih_l0")]
    W_ih = _float(tensors, ih[0], path)
    if f"{prefix}weight_hh_l0" not in tensors:
        raise UserError(f"{path}: {ih[0]!r} has no matching {prefix}weight_hh_l0")
    W_hh = _float(tensors, f"{prefix}weight_hh_l0", path)
    if W_hh.ndim != 2 or W_ih.ndim != 2:
        raise UserError(f"{path}: {prefix}weight_ih_l0 and weight_hh_l0 must be 2-D")
    H = W_hh.shape[1]
    rows = W_hh.shape[0]
    if rows == 4 * H:
        raise UserError(
            f"{path}: {prefix}weight_hh_l0 has 4 x {H} rows: these are LSTM weights; rnnviz supports nn.RNN only (LSTM is not supported yet)"
        )
    if rows == 3 * H:
        raise UserError(
            f"{path}: {prefix}weight_hh_l0 has 3 x {H} rows: these are GRU weights; rnnviz supports nn.RNN only (GRU is not supported yet)"
        )
    if rows != H or W_ih.shape[0] != H:
        raise UserError(
            f"{path}: {prefix}weight_ih_l0 {W_ih.shape} and weight_hh_l0 {W_hh.shape} do not fit an nn.RNN with hidden size {H}"
        )
    used = {ih[0], f"{prefix}weight_hh_l0"}
    biases = [f"{prefix}bias_ih_l0", f"{prefix}bias_hh_l0"]
    ba = np.zeros(H)
    for key in biases:
        if key in tensors:
            b = _float(tensors, key, path)
            if b.shape != (H,):
                raise UserError(f"{path}: {key!r} has shape {b.shape}, expected ({H},)")
            ba = ba + b
            used.add(key)
    rest = [k for k in keys if k not in used]
    heads = [k for k in rest if k.endswith("weight") and tensors[k].ndim == 2 and tensors[k].shape[1] == H]
    if len(heads) > 1:  # e.g. an nn.Embedding(V, H) too: the head is the one with a bias
        heads = [k for k in heads if k[:-6] + "bias" in tensors]
    if len(heads) != 1:
        found = ", ".join(heads) if heads else "none"
        raise UserError(
            f"{path}: expected one nn.Linear head after the RNN (a *weight of shape (n_y, {H})), found {found}"
        )
    head = heads[0]
    Wya = _float(tensors, head, path)
    used.add(head)
    n_y = Wya.shape[0]
    by = np.zeros(n_y)
    if head[:-6] + "bias" in tensors:
        by = _float(tensors, head[:-6] + "bias", path)
        if by.shape != (n_y,):
            raise UserError(f"{path}: {head[:-6] + 'bias'!r} has shape {by.shape}, expected ({n_y},)")
        used.add(head[:-6] + "bias")
    Wax = W_ih
    embedding = None
    rest = [k for k in keys if k not in used]
    if rest:
        candidates = [
            k for k in rest if k.endswith("weight") and tensors[k].ndim == 2 and tensors[k].shape[1] == W_ih.shape[1]
        ]
        if len(rest) == 1 and len(candidates) == 1:
            embedding = candidates[0]
            Wax = W_ih @ _float(tensors, embedding, path).T  # (H, E) (E, V): one-hot in, exact
        else:
            raise UserError(
                f"{path}: unexpected tensors {', '.join(rest)}; rnnviz reads one nn.RNN followed by one nn.Linear "
                f"(optionally after one nn.Embedding)"
            )
    name = Path(path).name
    meta = {
        "source": str(path),
        "format": "pytorch",
        "trained": True,
        "trained_on": f"unknown data (PyTorch nn.RNN weights from {name})",
        "pytorch_keys": {
            "Wax": ih[0] if embedding is None else f"{ih[0]} @ {embedding}.T",
            "Waa": f"{prefix}weight_hh_l0",
            "ba": " + ".join(k for k in biases if k in tensors) or "zeros",
            "Wya": head,
            "by": head[:-6] + "bias" if head[:-6] + "bias" in tensors else "zeros",
        },
    }
    arrays = {
        "Waa": W_hh,
        "Wax": Wax,
        "Wya": Wya,
        "ba": ba[:, None],
        "by": by[:, None],
        "activation": np.array(activation),
    }
    params = params_from_arrays(arrays, path)
    return params.replace(meta=meta)


def _float(tensors: dict[str, np.ndarray], key: str, path: str | Path) -> np.ndarray:
    arr = tensors[key]
    if arr.dtype.kind != "f":
        raise UserError(f"{path}: key {key!r} has dtype {arr.dtype}, expected floating point numbers")
    return arr.astype(np.float64)
