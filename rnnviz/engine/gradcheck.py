"""Gradient check: the training gradients against centered finite differences.

For every entry θ of Waa, Wax, Wya, ba and by, the numerical derivative of the sentence loss
L = Σ_t L<t> is

    (L(θ + ε) - L(θ - ε)) / 2ε

and the relative error of a tensor is ||analytical - numerical|| / (||analytical|| +
||numerical||) over all its checked entries (the course's `gradient_check`). In float64 with
ε = 1e-5 it is about 1e-9 on a small tanh network; a correct backward pass stays below 1e-6.

Use it on your own model too:

    >>> from rnnviz.engine.gradcheck import gradient_check
    >>> gradient_check().max_error < 1e-6           # a random small network
    True
    >>> gradient_check(params, indices, labels, max_entries=50)   # 50 entries per tensor

For ReLU, a finite difference across a kink (z = 0) is meaningless; `random_problem` draws a
network whose pre-activations all stay at least `margin` away from 0, and `gradient_check`
reports the smallest |z| it saw (`kink_distance`) so you can judge your own cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import sequence
from .params import NAMES, Params
from .train import _Live, sentence_gradients, sentence_loss


@dataclass(frozen=True)
class GradCheck:
    """Relative error per tensor, the worst of them, and how many entries were checked."""

    errors: dict[str, float]
    checked: dict[str, int]
    eps: float
    kink_distance: float  # min |z<t>| over the sentence (matters for ReLU only)

    @property
    def max_error(self) -> float:
        return max(self.errors.values())

    def passed(self, tolerance: float = 1e-6) -> bool:
        return self.max_error < tolerance

    def __str__(self) -> str:
        parts = ", ".join(f"{n} {e:.1e} ({self.checked[n]})" for n, e in self.errors.items())
        return f"relative error by tensor (entries checked): {parts}"


def relative_error(analytical: np.ndarray, numerical: np.ndarray) -> float:
    """||a - n|| / (||a|| + ||n||), and 0 when both are exactly 0."""
    denominator = np.linalg.norm(analytical) + np.linalg.norm(numerical)
    return 0.0 if denominator == 0 else float(np.linalg.norm(analytical - numerical) / denominator)


def analytical_gradients(params: Params, indices: np.ndarray, labels: np.ndarray) -> dict[str, np.ndarray]:
    """dL/dθ for the five tensors from BPTT (`train.sentence_gradients`), dWax densified."""
    _, back = sentence_gradients(params, np.asarray(indices, dtype=np.int64), labels)
    return {
        "Waa": back.dWaa,
        "Wax": back.dWax_dense(params.n_x),
        "Wya": back.dWya,
        "ba": back.dba,
        "by": back.dby,
    }


def numerical_gradient(
    params: Params,
    indices: np.ndarray,
    labels: np.ndarray,
    name: str,
    entries: np.ndarray | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """Centered differences of L for tensor `name` at the flat `entries` (all by default)."""
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    live = _Live(W, params.activation)
    flat = W[name].reshape(-1)
    entries = np.arange(flat.size) if entries is None else np.asarray(entries)
    out = np.empty(len(entries))
    for i, e in enumerate(entries):
        keep = flat[e]
        flat[e] = keep + eps
        plus = sentence_loss(live, indices, labels)
        flat[e] = keep - eps
        minus = sentence_loss(live, indices, labels)
        flat[e] = keep
        out[i] = (plus - minus) / (2 * eps)
    return out


def random_problem(
    n_a: int = 5,
    n_x: int = 8,
    T: int = 6,
    *,
    n_y: int = 1,
    seed: int = 0,
    activation: str = "tanh",
    margin: float = 1e-2,
) -> tuple[Params, np.ndarray, np.ndarray]:
    """A random small network, sentence and labels. Weights are N(0, 1) so every gradient is
    far from 0; biases are random too. For ReLU it redraws until min |z<t>| > margin."""
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        params = Params(
            Waa=rng.normal(0, 1 / np.sqrt(n_a), (n_a, n_a)),
            Wax=rng.normal(0, 1, (n_a, n_x)),
            Wya=rng.normal(0, 1, (n_y, n_a)),
            ba=rng.normal(0, 0.5, (n_a, 1)),
            by=rng.normal(0, 0.5, (n_y, 1)),
            activation=activation,
        )
        indices = rng.integers(0, n_x, T)
        labels = rng.integers(0, 2 if n_y == 1 else n_y, T)
        z = sequence.forward(params, indices).z
        if activation != "relu" or np.min(np.abs(z)) > margin:
            return params, indices, labels
    raise RuntimeError("could not draw a ReLU network away from its kinks")  # pragma: no cover


def gradient_check(
    params: Params | None = None,
    indices: np.ndarray | None = None,
    labels: np.ndarray | None = None,
    *,
    eps: float = 1e-5,
    max_entries: int | None = None,
    seed: int = 0,
    activation: str = "tanh",
) -> GradCheck:
    """Check the BPTT gradients of the sentence loss for all five tensors.

    Without arguments: a random small network from `random_problem(seed=, activation=)`.
    `max_entries` checks that many randomly chosen entries per tensor (for big models;
    for Wax they are drawn from the columns the sentence uses, the others being 0 both ways).
    """
    if params is None:
        params, indices, labels = random_problem(seed=seed, activation=activation)
    if indices is None or labels is None:
        raise ValueError("give the sentence's indices and labels with your params")
    indices = np.asarray(indices, dtype=np.int64)
    labels = np.asarray(labels)
    analytical = analytical_gradients(params, indices, labels)
    rng = np.random.default_rng(seed)
    errors, checked = {}, {}
    for name in NAMES:
        a = analytical[name].reshape(-1)
        entries = None
        if max_entries is not None:
            if name == "Wax":
                rows = np.arange(params.n_a)[:, None]
                pool = (rows * params.n_x + np.unique(indices)[None, :]).reshape(-1)
            else:
                pool = np.arange(a.size)
            entries = np.sort(rng.choice(pool, size=min(max_entries, pool.size), replace=False))
        n = numerical_gradient(params, indices, labels, name, entries, eps)
        errors[name] = relative_error(a if entries is None else a[entries], n)
        checked[name] = len(n)
    z = sequence.forward(params, indices).z
    return GradCheck(errors=errors, checked=checked, eps=eps, kink_distance=float(np.min(np.abs(z))))
