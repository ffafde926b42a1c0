"""What a recurrent cell is to the rest of the engine.

A cell is the part of the network that runs along time inside one layer and one direction:
it turns the input projection of every step and the previous state into the new state. The
stack (engine/stack.py) feeds it, the shapes (engine/shapes/) decide where outputs and losses
are; a cell never knows which shape it runs in, and a shape never knows which cell it runs.

The input enters every gate through one weight matrix, the cell's `input_weight`, of shape
(gates · n_a, n_in). The stack computes its product with the inputs (by column gather when the
input is one-hot) and hands the cell `xw`, one row per step; the cell owns every other tensor
(recurrent weights, biases). Backward, the cell returns d(xw), from which the stack computes
the input weight's gradient (sparse in the vocabulary for one-hot inputs) and the gradient
that flows down to the layer below.

Arrays are 1-D per step and stacked by time: (T, n_a), row t-1 is step t. Biases are columns,
(rows, 1), as the seed writes them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

Arrays = Mapping[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class CellBackward:
    """One layer-direction's backpropagation through time."""

    dxw: np.ndarray  # (T, gates · n_a): the gradient of the input projection
    grads: dict[str, np.ndarray]  # the gradients of the cell's own tensors (not the input weight)
    dstate0: dict[str, np.ndarray]  # the gradients reaching the initial states, (n_a,) each
    steps: dict[str, np.ndarray]  # named per-step gradients, (T, n_a) each, in `grad_quantities`


class Cell(ABC):
    """A recurrent cell: its tensors, its per-step quantities and their gradients."""

    name: str  # as in ModelSpec.cell
    title: str  # for headers: "vanilla RNN", "GRU", "LSTM"
    gates: int  # the input projection has gates · n_a rows
    input_weight: str  # the tensor that multiplies the input
    states: tuple[str, ...]  # carried from step to step; "a" first (the layer's output)
    quantities: tuple[str, ...]  # per step, forward, in drawing order (each (n_a,) a step)
    grad_quantities: tuple[str, ...]  # per step, backward
    uses_activation: bool = False  # whether ModelSpec.activation picks g

    @abstractmethod
    def shapes(self, n_a: int, n_in: int) -> dict[str, tuple[int, int]]:
        """Every tensor of the cell, the input weight first, and its shape."""

    @abstractmethod
    def init(self, rng: np.random.Generator, n_a: int, n_in: int, one_hot: bool) -> dict[str, np.ndarray]:
        """A seeded random initialization of every tensor; `one_hot` when the input is a
        one-hot word (its weight's columns are then the words' learned inputs)."""

    @abstractmethod
    def forward(self, W: Arrays, xw: np.ndarray, state0: Arrays, activation: str) -> dict[str, np.ndarray]:
        """Run T steps from `state0`: every quantity, and `<state>_prev` for each state, as
        (T, n_a) arrays."""

    @abstractmethod
    def backward(
        self, W: Arrays, fwd: Arrays, da_out: np.ndarray, activation: str, dstate_end: Arrays | None = None
    ) -> CellBackward:
        """BPTT given `da_out` (T, n_a), the gradient reaching each a<t> from outside the
        chain (the output head, or the layer above), and the gradient reaching the final
        states (`dstate_end`, e.g. from a decoder; zero when None)."""

    @abstractmethod
    def from_torch(
        self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
    ) -> dict[str, np.ndarray]:
        """This cell's tensors from one PyTorch layer-direction (weight_ih, weight_hh,
        bias_ih, bias_hh, in PyTorch's gate order and row-vector convention), exactly."""

    @abstractmethod
    def to_torch(self, W: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(weight_ih, weight_hh, bias_ih, bias_hh) for PyTorch, the inverse of from_torch."""

    def zero_state(self, n_a: int) -> dict[str, np.ndarray]:
        return {name: np.zeros(n_a) for name in self.states}
