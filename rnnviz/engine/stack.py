"""Layers and directions of cells over one sequence, forward and backward.

Layer 1 reads the inputs x<t>; layer l reads layer l-1's a<t> (both directions stacked,
[a→<t>; a←<t>], when the network is bidirectional). The reverse direction runs the same
cell from t = T_x down to 1 with its own weights; its arrays are stored in time order, so
row t-1 is always step t (its `a_prev` at t is then a←<t+1>, the state from the right).

One-hot inputs are never built: index i feeds the column W[:, i] of the input weight (the
seed's Wax x<t> = Wax[:, i]), index -1 feeds the zero vector (a language model's x<1>), and
the input weight's gradient is kept sparse, as the columns the sequence used (`Columns`).

Tensor names: the cell's names (Waa, Wax, ba …) for layer 1 left to right, with
`layer2.` … for deeper layers, `reverse.` for the right-to-left direction, and a group
(`encoder.`, `decoder.`) in front when a shape has two networks: `layer2.reverse.Waa`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .cells import Cell, CellBackward
from .spec import ModelSpec

ZERO_INPUT = -1  # the index of the zero vector x<t> = 0


def key(name: str, layer: int = 0, direction: int = 0, group: str = "") -> str:
    """The tensor name of a cell tensor in layer `layer` (0-based) and `direction` (0: →, 1: ←)."""
    prefix = f"{group}." if group else ""
    if layer:
        prefix += f"layer{layer + 1}."
    if direction:
        prefix += "reverse."
    return prefix + name


def tensor_shapes(cell: Cell, spec: ModelSpec, n_in: int, n_a: int, group: str = "") -> dict[str, tuple[int, int]]:
    """Every tensor of the stack, by name, layer by layer."""
    out: dict[str, tuple[int, int]] = {}
    for layer in range(spec.layers):
        width = n_in if layer == 0 else spec.directions * n_a
        for direction in range(spec.directions):
            for name, shape in cell.shapes(n_a, width).items():
                out[key(name, layer, direction, group)] = shape
    return out


def init_tensors(
    cell: Cell, spec: ModelSpec, rng: np.random.Generator, n_in: int, n_a: int, group: str = ""
) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for layer in range(spec.layers):
        width = n_in if layer == 0 else spec.directions * n_a
        for direction in range(spec.directions):
            for name, value in cell.init(rng, n_a, width, one_hot=layer == 0).items():
                out[key(name, layer, direction, group)] = value
    return out


@dataclass(frozen=True, eq=False)
class Columns:
    """A gradient that is zero but in some columns: `values[:, j]` is column `columns[j]`."""

    columns: np.ndarray  # (k,) sorted distinct column indices
    values: np.ndarray  # (rows, k)

    def dense(self, n_cols: int) -> np.ndarray:
        out = np.zeros((self.values.shape[0], n_cols))
        out[:, self.columns] = self.values
        return out


Grad = np.ndarray | Columns


def gather(W_in: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """(T, rows): row t is W_in x<t> for the one-hot x<t> of indices[t] (0 for ZERO_INPUT)."""
    if len(indices) and indices.min() >= 0:
        return W_in[:, indices].T
    out = np.zeros((len(indices), W_in.shape[0]))
    used = indices >= 0
    out[used] = W_in[:, indices[used]].T
    return out


def scatter_columns(indices: np.ndarray, dxw: np.ndarray) -> Columns:
    """The gradient of W_in from d(W_in x<t>) for one-hot inputs: dxw<t> added to column
    indices[t] (a word used twice adds both steps)."""
    used = indices >= 0
    columns, where = np.unique(indices[used], return_inverse=True)
    values = np.zeros((len(columns), dxw.shape[1]))
    np.add.at(values, where, dxw[used])
    return Columns(columns, values.T)


@dataclass(frozen=True, eq=False)
class StackForward:
    """Every layer's and direction's quantities over the sequence, and the top layer's output."""

    indices: np.ndarray  # (T,) the inputs of layer 1 (ZERO_INPUT for x<t> = 0)
    inputs: tuple[np.ndarray, ...]  # the dense input of each layer above the first, (T, D·n_a)
    cells: tuple[tuple[dict[str, np.ndarray], ...], ...]  # [layer][direction] -> name -> (T, n_a)
    top: np.ndarray  # (T, D·n_a): [a→<t>; a←<t>] of the last layer

    def final(self, layer: int, direction: int) -> dict[str, np.ndarray]:
        """The states after the whole sequence: at t = T_x left to right, at t = 1 right to left."""
        cell = self.cells[layer][direction]
        row = 0 if direction else -1
        return {name: values[row] for name, values in cell.items() if not name.endswith("_prev")}


@dataclass(frozen=True, eq=False)
class StackBackward:
    grads: dict[str, Grad]  # by tensor name; the one-hot input weight as Columns
    cells: tuple[tuple[CellBackward, ...], ...]  # [layer][direction]


def _layer_weights(cell: Cell, W: Mapping[str, np.ndarray], layer: int, direction: int, group: str):
    names = cell.shapes(1, 1)
    return {name: W[key(name, layer, direction, group)] for name in names}


def forward(
    cell: Cell,
    spec: ModelSpec,
    W: Mapping[str, np.ndarray],
    indices: np.ndarray,
    state0: Mapping[tuple[int, int], Mapping[str, np.ndarray]] | None = None,
    group: str = "",
) -> StackForward:
    """Run every layer and direction over the one-hot inputs `indices`; `state0[(l, d)]` are
    initial states (zero when absent)."""
    indices = np.asarray(indices, dtype=np.int64)
    inputs: list[np.ndarray] = []
    cells: list[tuple[dict[str, np.ndarray], ...]] = []
    x: np.ndarray | None = None
    for layer in range(spec.layers):
        per_direction = []
        for direction in range(spec.directions):
            w = _layer_weights(cell, W, layer, direction, group)
            W_in = w[cell.input_weight]
            xw = gather(W_in, indices) if x is None else x @ W_in.T
            n_a = W_in.shape[0] // cell.gates
            start = (state0 or {}).get((layer, direction)) or cell.zero_state(n_a)
            if direction:
                out = cell.forward(w, xw[::-1], start, spec.activation)
                out = {name: values[::-1].copy() for name, values in out.items()}
            else:
                out = cell.forward(w, xw, start, spec.activation)
            per_direction.append(out)
        cells.append(tuple(per_direction))
        x = (
            np.concatenate([out["a"] for out in per_direction], axis=1)
            if spec.directions > 1
            else per_direction[0]["a"]
        )
        if layer + 1 < spec.layers:
            inputs.append(x)
    assert x is not None
    return StackForward(indices=indices, inputs=tuple(inputs), cells=tuple(cells), top=x)


def backward(
    cell: Cell,
    spec: ModelSpec,
    W: Mapping[str, np.ndarray],
    fwd: StackForward,
    d_top: np.ndarray,
    dstate_end: Mapping[tuple[int, int], Mapping[str, np.ndarray]] | None = None,
    group: str = "",
) -> StackBackward:
    """BPTT through every layer and direction, given d_top (T, D·n_a), the gradient reaching
    the last layer's [a→<t>; a←<t>], and the gradients reaching the final states."""
    grads: dict[str, Grad] = {}
    cells: list[tuple[CellBackward, ...]] = [()] * spec.layers
    d_out = d_top
    for layer in reversed(range(spec.layers)):
        per_direction = []
        d_below = None
        for direction in range(spec.directions):
            w = _layer_weights(cell, W, layer, direction, group)
            W_in = w[cell.input_weight]
            n_a = W_in.shape[0] // cell.gates
            da_out = d_out[:, direction * n_a : (direction + 1) * n_a]
            q = fwd.cells[layer][direction]
            end = (dstate_end or {}).get((layer, direction))
            if direction:
                back = cell.backward(w, {k: v[::-1] for k, v in q.items()}, da_out[::-1], spec.activation, end)
                back = CellBackward(
                    dxw=back.dxw[::-1],
                    grads=back.grads,
                    dstate0=back.dstate0,
                    steps={name: values[::-1].copy() for name, values in back.steps.items()},
                )
            else:
                back = cell.backward(w, q, np.ascontiguousarray(da_out), spec.activation, end)
            per_direction.append(back)
            for name, g in back.grads.items():
                grads[key(name, layer, direction, group)] = g
            input_key = key(cell.input_weight, layer, direction, group)
            if layer == 0:
                grads[input_key] = scatter_columns(fwd.indices, back.dxw)
            else:
                x = fwd.inputs[layer - 1]
                grads[input_key] = back.dxw.T @ x
                dx = back.dxw @ W_in
                d_below = dx if d_below is None else d_below + dx
        cells[layer] = tuple(per_direction)
        if d_below is not None:
            d_out = d_below
    return StackBackward(grads=grads, cells=tuple(cells))
