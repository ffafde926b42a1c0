"""What a sequence shape is to the rest of the engine.

A shape says where the inputs enter, where the outputs and the losses are, and what feeds
back: the tagger has a ŷ<t> and a loss at every word, the classifier one after the last word,
the language model predicts token t+1, the encoder-decoder runs two networks. It runs any
cell through `engine.stack` and never asks which one.

Every shape works on (spec, W), the model description and a mapping of tensor names to
arrays, so the same code serves a frozen `Params` (the debugger) and the trainer's live,
mutable arrays. It provides:

    tensor_shapes   the names and shapes of every tensor (the model file's layout)
    trace           the forward pass of one sentence as a frozen `Trace`
    backward        its BPTT as a `BackTrace` (named per-step gradients, every tensor's gradient)
    loss / loss_and_grads / evaluate   for training and its held-out scores
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import stack
from ..cells import Cell, get_cell
from ..spec import ModelSpec
from ..trace import BackTrace, Model, Step, Trace, frozen

Arrays = Mapping[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class Example:
    """One training example: the input indices and the targets, whose meaning the shape
    defines (a tagger's 0/1 label per word, a classifier's one label, a decoder's output
    indices)."""

    indices: np.ndarray  # (T,) int64
    labels: np.ndarray  # the targets, float64 or int64 by shape
    where: str = ""  # "file:line", for messages
    tokens: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        indices = np.asarray(self.indices, dtype=np.int64)
        if indices.ndim != 1 or len(indices) == 0:
            raise ValueError("an example needs T >= 1 indices")
        object.__setattr__(self, "indices", indices)
        object.__setattr__(self, "labels", np.asarray(self.labels))

    @property
    def T(self) -> int:
        return len(self.indices)


def initial_state(cell: Cell, a0: np.ndarray | None) -> dict[tuple[int, int], dict[str, np.ndarray]] | None:
    """The stack's initial states for a given a<0> of the first layer, left to right (the
    debugger's), or None (all zero)."""
    if a0 is None:
        return None
    return {(0, 0): {**cell.zero_state(len(a0)), "a": np.asarray(a0, dtype=np.float64)}}


def frozen_net(net: stack.StackForward) -> stack.StackForward:
    """`net` with every array read-only (a Trace's)."""
    for per_direction in net.cells:
        for arrays in per_direction:
            for values in arrays.values():
                frozen(values)
    for values in net.inputs:
        frozen(values)
    frozen(net.top)
    return net


def silent_steps(trace: Trace, T: int) -> tuple[Step, ...]:
    """Steps 1 … T of `trace` without an output (no ŷ, y or loss): an encoder's, or a
    classifier's before its last word."""
    return tuple(
        Step(
            trace, t, trace.tokens[t - 1], int(trace.indices[t - 1]), trace.unknown[t - 1], None, None, None, None, None
        )
        for t in range(1, T + 1)
    )


@dataclass(frozen=True)
class Dims:
    n_x: int  # the input vocabulary (x<t> is one-hot of this size)
    n_a: int  # units per layer and direction
    n_y: int  # output units


class Shape(ABC):
    """A sequence shape. `groups` are its networks: (name prefix, which vocabulary feeds them,
    "x" for the input's or "y" for the output's); the output head (Wya, by) reads the last
    group's top layer."""

    name: str
    groups: tuple[tuple[str, str], ...] = (("", "x"),)

    @property
    def head_prefix(self) -> str:
        group = self.groups[-1][0]
        return f"{group}." if group else ""

    # -- layout ---------------------------------------------------------------------------

    def networks(self, spec: ModelSpec, dims: Dims) -> list[tuple[str, ModelSpec, int, int]]:
        """(group, the description it runs, its input width, its units n_a) of each network;
        by default every group runs `spec` with n_a units. The head reads the last one."""
        return [(group, spec, dims.n_x if vocab == "x" else dims.n_y, dims.n_a) for group, vocab in self.groups]

    def tensor_shapes(self, spec: ModelSpec, dims: Dims) -> dict[str, tuple[int, int]]:
        """Every tensor of the model and its shape, in file order."""
        cell = get_cell(spec.cell)
        out: dict[str, tuple[int, int]] = {}
        for group, net_spec, n_in, n_a in self.networks(spec, dims):
            out.update(stack.tensor_shapes(cell, net_spec, n_in, n_a, group))
        _, last, _, n_a = self.networks(spec, dims)[-1]
        out[self.head_prefix + "Wya"] = (dims.n_y, last.directions * n_a)
        out[self.head_prefix + "by"] = (dims.n_y, 1)
        return out

    def dims(self, spec: ModelSpec, tensors: Arrays) -> Dims:
        """n_x, n_a, n_y read off the tensors (KeyError or ValueError when they lack them)."""
        cell = get_cell(spec.cell)
        group = self.groups[0][0]
        W_in = tensors[stack.key(cell.input_weight, group=group)]
        Wya = tensors[self.head_prefix + "Wya"]
        if W_in.ndim != 2 or Wya.ndim != 2:
            raise ValueError(f"{cell.input_weight} and Wya must be 2-D")
        return Dims(n_x=W_in.shape[1], n_a=W_in.shape[0] // cell.gates, n_y=Wya.shape[0])

    def init(self, spec: ModelSpec, dims: Dims, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Seeded random tensors: each network's cells, then the head, N(0, 1/its width)."""
        cell = get_cell(spec.cell)
        out: dict[str, np.ndarray] = {}
        for group, net_spec, n_in, n_a in self.networks(spec, dims):
            out.update(stack.init_tensors(cell, net_spec, rng, n_in, n_a, group))
        _, last, _, n_a = self.networks(spec, dims)[-1]
        width = last.directions * n_a
        out[self.head_prefix + "Wya"] = rng.normal(0.0, 1.0 / np.sqrt(width), (dims.n_y, width))
        out[self.head_prefix + "by"] = np.zeros((dims.n_y, 1))
        return out

    # -- the pass over one example ----------------------------------------------------------

    @abstractmethod
    def trace(
        self,
        params: Model,
        tokens: Sequence[str],
        indices: np.ndarray,
        labels: Sequence[int] | None,
        unknown: Sequence[bool],
        a0: np.ndarray | None = None,
    ) -> Trace:
        """The forward pass of one input, every quantity frozen per step."""

    @abstractmethod
    def backward(self, trace: Trace) -> BackTrace:
        """BPTT of the trace's loss (it must be labeled)."""

    def labels_problem(self, T: int, labels: Sequence[int]) -> str | None:
        """What makes `labels` unusable as the targets of an input of T steps (None when
        they fit); by default one label per word."""
        return None if len(labels) == T else f"{T} words but {len(labels)} labels: a {self.name} needs one per word"

    def random_labels(self, rng: np.random.Generator, T: int, n_y: int) -> np.ndarray:
        """Random targets for an input of T steps (tests and the gradient check): by
        default one class per word."""
        return rng.integers(0, 2 if n_y == 1 else n_y, T)

    def example_problem(self, example: Example) -> str | None:
        """What makes `example` unusable for this shape (None when it is usable)."""
        return None

    @abstractmethod
    def loss(self, spec: ModelSpec, W: Arrays, example: Example) -> float:
        """The example's loss."""

    @abstractmethod
    def loss_and_grads(self, spec: ModelSpec, W: Arrays, example: Example) -> tuple[float, dict[str, stack.Grad]]:
        """The example's loss and the gradient of every tensor (one-hot input weights as Columns)."""

    @abstractmethod
    def evaluate(self, spec: ModelSpec, W: Arrays, examples: Sequence[Example]) -> Any:
        """Held-out scores (a frozen dataclass with `as_dict()` and a `loss`)."""
