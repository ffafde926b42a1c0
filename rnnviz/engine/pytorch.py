"""PyTorch state dicts in and out, without torch and without pickle.

A state dict of one recurrent module (`nn.RNN`, `nn.GRU`, `nn.LSTM`: any number of layers,
bidirectional or not, `batch_first` either way) followed by one `nn.Linear` head, whatever
the module prefixes (`rnn.`, `encoder.rnn.`, `fc.`, `head.`, …), saved as .safetensors (or
.npz), maps exactly onto rnnviz's tensors:

    weight_ih_l{k}[_reverse], weight_hh_l{k}[_reverse], bias_ih_…, bias_hh_…
        -> the cell's tensors of layer k+1, that direction (the cell's `from_torch`;
           for nn.RNN: Wax, Waa, ba = bias_ih + bias_hh)
    head weight (n_y, D·H) -> Wya,  head bias (n_y,) -> by

The cell is told by the rows of weight_hh (H for nn.RNN, 3H for nn.GRU, 4H for nn.LSTM), the
head by its shape (in_features = D·H). An `nn.Embedding` (V, E) feeding the first layer is
folded in, W_ih E^T, which is exact for one-hot inputs. `activation='relu'` for an
`nn.RNN(nonlinearity='relu')` (the state dict does not say; a file rnnviz exported says it in
its metadata, `nonlinearity`).

Out (`state_dict`): the state dict of a module holding `rnn` (an nn.RNN, nn.GRU or nn.LSTM
with batch_first=True, the model's depth and directions) and `head` (an nn.Linear):
`rnn.weight_ih_l0`, `rnn.weight_hh_l0`, `rnn.bias_ih_l0`, `rnn.bias_hh_l0`, … `_reverse`,
`head.weight`, `head.bias`, in PyTorch's shapes. ba goes to bias_ih and bias_hh is 0 (for the
GRU, b_hn stays in bias_hh: it sits inside r * (…)); the cell's `to_torch`. Float64, so that
reading it back gives the same numbers; `load_state_dict` copies it into float32 parameters.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..errors import UserError
from .cells import CELLS, get_cell
from .params import Params
from .shapes import get_shape
from .spec import ModelSpec, UnsupportedModel
from .stack import key

_TORCH_RNN = re.compile(r"^(?P<prefix>.*)(?P<kind>weight|bias)_(?P<part>ih|hh|hr)_l(?P<layer>\d+)(?P<rev>_reverse)?$")
CELL_BY_GATES = {1: "rnn", 3: "gru", 4: "lstm"}
TORCH_MODULE = {"rnn": "nn.RNN", "gru": "nn.GRU", "lstm": "nn.LSTM"}


def looks_pytorch(arrays: dict[str, np.ndarray]) -> bool:
    return any(_TORCH_RNN.match(k) for k in arrays)


def pytorch_params(tensors: dict[str, np.ndarray], path: str | Path, activation: str = "tanh") -> Params:
    """Map a PyTorch recurrent module + nn.Linear state dict (any module prefixes) to Params."""
    keys = sorted(tensors)
    matches = {k: m for k in keys if (m := _TORCH_RNN.match(k))}
    proj = [k for k, m in matches.items() if m["part"] == "hr"]
    if proj:
        raise UserError(f"{path}: {proj[0]!r} belongs to an nn.LSTM with proj_size > 0, which rnnviz does not read")
    first = [
        k
        for k, m in matches.items()
        if m["kind"] == "weight" and m["part"] == "ih" and m["layer"] == "0" and not m["rev"]
    ]
    if len(first) != 1:
        found = ", ".join(first) if first else "none"
        raise UserError(f"{path}: expected exactly one recurrent module (a key ending in weight_ih_l0), found {found}")
    prefix = matches[first[0]]["prefix"]
    layers = 1 + max(int(m["layer"]) for m in matches.values() if m["prefix"] == prefix)
    directions = 2 if any(m["rev"] for m in matches.values() if m["prefix"] == prefix) else 1
    hh0 = f"{prefix}weight_hh_l0"
    if hh0 not in tensors:
        raise UserError(f"{path}: {first[0]!r} has no matching {hh0}")
    W_hh0 = _float(tensors, hh0, path)
    if W_hh0.ndim != 2:
        raise UserError(f"{path}: {hh0} must be 2-D")
    H = W_hh0.shape[1]
    gates = W_hh0.shape[0] // H if H and W_hh0.shape[0] % H == 0 else 0
    if gates not in CELL_BY_GATES:
        raise UserError(f"{path}: {hh0} {W_hh0.shape} fits no nn.RNN, nn.GRU or nn.LSTM (rows must be 1, 3 or 4 x {H})")
    cell_name = CELL_BY_GATES[gates]
    if cell_name not in CELLS:
        raise UserError(
            f"{path}: {hh0} has {gates} x {H} rows: these are {cell_name.upper()} weights; "
            f"the {cell_name} cell is not supported yet"
        )
    if cell_name != "rnn" and activation != "tanh":
        raise UserError(
            f"{path}: holds {TORCH_MODULE[cell_name]} weights; the activation {activation} is nn.RNN's only"
        )
    cell = get_cell(cell_name)
    used: set[str] = set()
    out: dict[str, np.ndarray] = {}
    mapping: dict[str, str] = {}
    embedding = None
    for layer in range(layers):
        for direction in range(directions):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            names = {part: f"{prefix}{part}{suffix}" for part in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            for part in ("weight_ih", "weight_hh"):
                if names[part] not in tensors:
                    raise UserError(f"{path}: missing {names[part]} ({layers} layers, {directions} directions)")
            w_ih, w_hh = _float(tensors, names["weight_ih"], path), _float(tensors, names["weight_hh"], path)
            rows = gates * H
            width = None if layer == 0 else directions * H
            if w_hh.shape != (rows, H) or w_ih.ndim != 2 or w_ih.shape[0] != rows or (width and w_ih.shape[1] != width):
                raise UserError(
                    f"{path}: {names['weight_ih']} {w_ih.shape} and {names['weight_hh']} {w_hh.shape} do not fit an "
                    f"{TORCH_MODULE[cell_name]} with hidden size {H}"
                )
            biases = []
            for part in ("bias_ih", "bias_hh"):
                b = np.zeros(rows)
                if names[part] in tensors:
                    b = _float(tensors, names[part], path)
                    if b.shape != (rows,):
                        raise UserError(f"{path}: {names[part]!r} has shape {b.shape}, expected ({rows},)")
                    used.add(names[part])
                biases.append(b)
            used.update((names["weight_ih"], names["weight_hh"]))
            for name, value in cell.from_torch(w_ih, w_hh, biases[0], biases[1]).items():
                out[key(name, layer, direction)] = value
                mapping[key(name, layer, direction)] = _source(name, cell.input_weight, names)
    head, head_bias = _head(tensors, [k for k in keys if k not in used], directions * H, path)
    used.update(k for k in (head, head_bias) if k)
    Wya = _float(tensors, head, path)
    n_y = Wya.shape[0]
    by = np.zeros(n_y) if head_bias is None else _float(tensors, head_bias, path)
    if by.shape != (n_y,):
        raise UserError(f"{path}: {head_bias!r} has shape {by.shape}, expected ({n_y},)")
    rest = [k for k in keys if k not in used]
    if rest:
        n_in = out[cell.input_weight].shape[1]
        candidates = [k for k in rest if k.endswith("weight") and tensors[k].ndim == 2 and tensors[k].shape[1] == n_in]
        if len(rest) == 1 and len(candidates) == 1:
            embedding = candidates[0]
            for direction in range(directions):
                name = key(cell.input_weight, 0, direction)
                out[name] = out[name] @ _float(tensors, embedding, path).T  # (rows, E) (E, V): exact for one-hot
                mapping[name] += f" @ {embedding}.T"
        else:
            raise UserError(
                f"{path}: unexpected tensors {', '.join(rest)}; rnnviz reads one recurrent module followed by one "
                f"nn.Linear (optionally after one nn.Embedding)"
            )
    out["Wya"], out["by"] = Wya, by[:, None]
    mapping.update(Wya=head, by=head_bias or "zeros")
    spec = ModelSpec(
        cell=cell_name,
        activation=activation,
        layers=layers,
        bidirectional=directions == 2,
        head="sigmoid" if n_y == 1 else "softmax",
    )
    for name, value in out.items():
        if not np.all(np.isfinite(value)):
            raise UserError(f"{path}: {mapping.get(name, name)!r} has non-finite values (NaN or inf)")
    meta = {
        "source": str(path),
        "format": "pytorch",
        "trained": True,
        "trained_on": f"unknown data (PyTorch {TORCH_MODULE[cell_name]} weights from {Path(path).name})",
        "pytorch_keys": mapping,
    }
    try:
        return Params(out, spec=spec, meta=meta)
    except (UnsupportedModel, ValueError) as exc:
        raise UserError(f"{path}: {exc}") from None


def _source(name: str, input_weight: str, names: dict[str, str]) -> str:
    """The PyTorch key(s) an rnnviz cell tensor comes from, for messages."""
    if name == input_weight:
        return names["weight_ih"]
    if name.startswith("W"):
        return names["weight_hh"]
    if name == "bhn":  # the GRU's b_hn, the last third of bias_hh
        return names["bias_hh"]
    return f"{names['bias_ih']} + {names['bias_hh']}"


def _head(tensors: dict[str, np.ndarray], rest: list[str], width: int, path: str | Path) -> tuple[str, str | None]:
    """The nn.Linear after the recurrent module: a *weight of shape (n_y, width), and its bias."""
    heads = [k for k in rest if k.endswith("weight") and tensors[k].ndim == 2 and tensors[k].shape[1] == width]
    if len(heads) > 1:  # e.g. an nn.Embedding(V, H) too: the head is the one with a bias
        heads = [k for k in heads if k[:-6] + "bias" in tensors]
    if len(heads) != 1:
        found = ", ".join(heads) if heads else "none"
        raise UserError(
            f"{path}: expected one nn.Linear head after the RNN (a *weight of shape (n_y, {width})), found {found}"
        )
    bias = heads[0][:-6] + "bias"
    return heads[0], bias if bias in tensors else None


def _float(tensors: dict[str, np.ndarray], name: str, path: str | Path) -> np.ndarray:
    arr = tensors[name]
    if arr.dtype.kind != "f":
        raise UserError(f"{path}: key {name!r} has dtype {arr.dtype}, expected floating point numbers")
    return arr.astype(np.float64)


# ---------------------------------------------------------------------------- out


def state_dict(params: Params) -> dict[str, np.ndarray]:
    """The model as the state dict of a module with `rnn` (nn.RNN, nn.GRU or nn.LSTM,
    batch_first=True) and `head` (nn.Linear), PyTorch's keys and shapes, float64."""
    spec = params.spec
    shape = get_shape(spec.shape)
    if len(shape.groups) > 1:
        raise UserError(
            f"a {spec.shape} model has {len(shape.groups)} recurrent networks; "
            "the PyTorch export writes one recurrent module and one nn.Linear head"
        )
    cell = get_cell(spec.cell)
    out: dict[str, np.ndarray] = {}
    for layer in range(spec.layers):
        for direction in range(spec.directions):
            W = {name: params[key(name, layer, direction)] for name in cell.shapes(1, 1)}
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            for part, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), cell.to_torch(W)):
                out[f"rnn.{part}{suffix}"] = np.ascontiguousarray(value, dtype=np.float64)
    out["head.weight"] = np.ascontiguousarray(params["Wya"], dtype=np.float64)
    out["head.bias"] = np.ascontiguousarray(params["by"][:, 0], dtype=np.float64)
    return out


def state_dict_bytes(params: Params) -> bytes:
    """`state_dict` as a .safetensors file; the metadata says `format: pt` (as
    safetensors.torch writes) and the vanilla cell's `nonlinearity`."""
    from safetensors.numpy import save

    metadata = {"format": "pt", "module": TORCH_MODULE[params.spec.cell]}
    if params.spec.cell == "rnn":
        metadata["nonlinearity"] = params.activation
    return save(state_dict(params), metadata=metadata)
