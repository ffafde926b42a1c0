"""Gradients of a mini-batch, and the optimizers that apply them: lazy Adam and SGD.

A gradient is a dict from tensor name to an array, or to `Columns` for a weight fed by
one-hot inputs (the seed's Wax): a sentence touches only the columns of its words, so no
(n_a, V) array is ever built for it.

Adam is *lazy* (sparse) for those weights, the variant of TensorFlow's LazyAdam and PyTorch's
SparseAdam:

    t ← t + 1                                     (one global step per mini-batch)
    dense tensors:      m ← β1 m + (1-β1) g,   v ← β2 v + (1-β2) g²,
                        p ← p - lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
    a Columns gradient, on its columns C only: the same three lines on m[:, C], v[:, C],
                        p[:, C], with the same global t;
    every other column of p, m and v is left exactly as it was.

A column is "touched" when its word occurs in the batch, even if its gradient happens to be
exactly 0 (then its moments still decay). On the first step (m = v = 0) lazy Adam equals
dense Adam everywhere; afterwards they differ on untouched columns, where dense Adam would
keep moving a word's column on momentum alone. SGD (p ← p - lr g) is the same sparse or
dense, since g = 0 on untouched columns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .stack import Columns, Grad

OPTIMIZERS = ("adam", "sgd")

Gradients = dict[str, Grad]


def merge(batch: Sequence[Mapping[str, Grad]], divisor: float) -> Gradients:
    """The sum of the examples' gradients divided by `divisor` (the batch size: their mean);
    columns merged, so a word in two sentences adds both."""
    out: Gradients = {}
    for name, first in batch[0].items():
        if isinstance(first, Columns):
            parts = [g[name] for g in batch]
            columns = [p.columns for p in parts if isinstance(p, Columns)]
            cols, where = np.unique(np.concatenate(columns), return_inverse=True)
            merged = np.zeros((len(cols), first.values.shape[0]))
            np.add.at(merged, where, np.concatenate([p.values.T for p in parts if isinstance(p, Columns)]))
            out[name] = Columns(cols, merged.T / divisor)
        else:
            total = np.zeros_like(first)
            for g in batch:
                total += g[name]
            out[name] = total / divisor
    return out


def values(grad: Grad) -> np.ndarray:
    return grad.values if isinstance(grad, Columns) else grad


def global_norm(grads: Mapping[str, Grad]) -> float:
    """sqrt of the sum of squares of every entry of every gradient."""
    return math.sqrt(sum(float(np.sum(values(g) ** 2)) for g in grads.values()))


def scaled(grads: Mapping[str, Grad], factor: float) -> Gradients:
    return {
        name: Columns(g.columns, g.values * factor) if isinstance(g, Columns) else g * factor
        for name, g in grads.items()
    }


def all_finite(grads: Mapping[str, Grad]) -> bool:
    return all(bool(np.all(np.isfinite(values(g)))) for g in grads.values())


@dataclass(eq=False)
class OptimizerState:
    """What an optimizer carries between steps: its name, the step count t and, for Adam,
    the first and second moments m and v of every tensor (arrays shaped like the tensors)."""

    name: str
    step: int = 0
    m: dict[str, np.ndarray] = field(default_factory=dict)
    v: dict[str, np.ndarray] = field(default_factory=dict)

    def copy(self) -> OptimizerState:
        return OptimizerState(
            self.name, self.step, {k: a.copy() for k, a in self.m.items()}, {k: a.copy() for k, a in self.v.items()}
        )

    @classmethod
    def fresh(cls, name: str, shapes: Mapping[str, tuple[int, ...]]) -> OptimizerState:
        if name not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
        if name == "sgd":
            return cls(name)
        return cls(name, 0, {k: np.zeros(s) for k, s in shapes.items()}, {k: np.zeros(s) for k, s in shapes.items()})

    def arrays(self) -> dict[str, np.ndarray]:
        """As named arrays for a model file: opt.step, opt.m.<name>, opt.v.<name>."""
        out = {"opt.step": np.array(self.step, dtype=np.int64)}
        for name in self.m:
            out[f"opt.m.{name}"] = self.m[name]
            out[f"opt.v.{name}"] = self.v[name]
        return out

    @classmethod
    def from_arrays(cls, name: str, arrays: Mapping[str, np.ndarray], names: Sequence[str]) -> OptimizerState:
        """The state saved by `arrays()` for the tensors `names` (KeyError when one lacks it)."""
        step = int(arrays["opt.step"])
        if name == "sgd":
            return cls(name, step)
        m = {n: np.array(arrays[f"opt.m.{n}"], dtype=np.float64) for n in names}
        v = {n: np.array(arrays[f"opt.v.{n}"], dtype=np.float64) for n in names}
        return cls(name, step, m, v)


def adam_step(
    W: dict[str, np.ndarray],
    grads: Mapping[str, Grad],
    state: OptimizerState,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> None:
    """One lazy-Adam step in place (see the module docstring for the exact variant)."""
    state.step += 1
    t = state.step
    c1 = 1.0 - beta1**t
    c2 = 1.0 - beta2**t
    for name, g in grads.items():
        if isinstance(g, Columns):
            cols, gv = g.columns, g.values
            m = beta1 * state.m[name][:, cols] + (1.0 - beta1) * gv
            v = beta2 * state.v[name][:, cols] + (1.0 - beta2) * gv * gv
            state.m[name][:, cols] = m
            state.v[name][:, cols] = v
            W[name][:, cols] -= lr * (m / c1) / (np.sqrt(v / c2) + eps)
        else:
            m = state.m[name] = beta1 * state.m[name] + (1.0 - beta1) * g
            v = state.v[name] = beta2 * state.v[name] + (1.0 - beta2) * g * g
            W[name] -= lr * (m / c1) / (np.sqrt(v / c2) + eps)


def sgd_step(W: dict[str, np.ndarray], grads: Mapping[str, Grad], state: OptimizerState, lr: float) -> None:
    """p ← p - lr g, in place; a Columns gradient only on its columns (g is 0 on the others)."""
    state.step += 1
    for name, g in grads.items():
        if isinstance(g, Columns):
            W[name][:, g.columns] -= lr * g.values
        else:
            W[name] -= lr * g


def touched_finite(W: Mapping[str, np.ndarray], grads: Mapping[str, Grad]) -> bool:
    """Whether every weight an update touched is finite (a Columns gradient's columns only)."""
    for name, g in grads.items():
        part = W[name][:, g.columns] if isinstance(g, Columns) else W[name]
        if not np.all(np.isfinite(part)):
            return False
    return True
