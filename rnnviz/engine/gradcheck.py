"""Gradient check: the training gradients against centered finite differences.

For every entry θ of every tensor (the seed's Waa, Wax, Wya, ba and by, or any member of the
family's), the numerical derivative of the example's loss (a tagger's L = Σ_t L<t>) is

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

from .params import Params
from .shapes import Dims, Example, get_shape
from .spec import ModelSpec
from .stack import Columns


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


def _example(indices: np.ndarray, labels: np.ndarray) -> Example:
    return Example(np.asarray(indices, dtype=np.int64), np.asarray(labels))


def analytical_gradients(params: Params, indices: np.ndarray, labels: np.ndarray) -> dict[str, np.ndarray]:
    """dL/dθ for every tensor from BPTT (the shape's `loss_and_grads`), sparse ones densified."""
    _, grads = get_shape(params.spec.shape).loss_and_grads(params.spec, params.tensors, _example(indices, labels))
    return {
        name: g.dense(params[name].shape[1]) if isinstance(g, Columns) else np.asarray(g) for name, g in grads.items()
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
    W = {n: np.array(arr) for n, arr in params.tensors.items()}
    shape, example = get_shape(params.spec.shape), _example(indices, labels)
    flat = W[name].reshape(-1)
    entries = np.arange(flat.size) if entries is None else np.asarray(entries)
    out = np.empty(len(entries))
    for i, e in enumerate(entries):
        keep = flat[e]
        flat[e] = keep + eps
        plus = shape.loss(params.spec, W, example)
        flat[e] = keep - eps
        minus = shape.loss(params.spec, W, example)
        flat[e] = keep
        out[i] = (plus - minus) / (2 * eps)
    return out


def pre_activations(params: Params, indices: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray:
    """Every z<t> of every network, layer and direction of the vanilla cell, flattened
    (empty for cells without one): how close a ReLU network runs to its kinks."""
    indices = np.asarray(indices, dtype=np.int64)
    shape = get_shape(params.spec.shape)
    targets = None if labels is None else [int(y) for y in np.asarray(labels).tolist()]
    if targets is not None and shape.labels_problem(len(indices), targets):
        targets = None  # the outputs' inputs depend on the targets only for a decoder
    trace = shape.trace(params, [""] * len(indices), indices, targets, [False] * len(indices))
    nets = [trace.net] + ([trace.decoder.net] if trace.decoder is not None else [])
    parts = [c["z"].reshape(-1) for net in nets for per in net.cells for c in per if "z" in c]
    return np.concatenate(parts) if parts else np.zeros(0)


def random_problem(
    n_a: int = 5,
    n_x: int = 8,
    T: int = 6,
    *,
    n_y: int = 1,
    seed: int = 0,
    activation: str = "tanh",
    margin: float = 1e-2,
    spec: ModelSpec | None = None,
) -> tuple[Params, np.ndarray, np.ndarray]:
    """A random small network, sentence and labels. Weights are N(0, 1)-scaled so every
    gradient is far from 0; biases are random too. For ReLU it redraws until min |z<t>| >
    margin. `spec` picks another member of the family (default: the seed's network)."""
    if spec is None:
        spec = ModelSpec(activation=activation, head="sigmoid" if n_y == 1 else "softmax")
    shape = get_shape(spec.shape)
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        tensors = {}
        for name, dims in shape.tensor_shapes(spec, Dims(n_x=n_x, n_a=n_a, n_y=n_y)).items():
            bias = name.rsplit(".", 1)[-1].startswith("b")
            scale = 0.5 if bias else 1.0 if dims[1] == n_x else 1 / np.sqrt(dims[1])
            tensors[name] = rng.normal(0, scale, dims)
        params = Params(tensors, spec=spec)
        indices = rng.integers(0, n_x, T)
        labels = shape.random_labels(rng, T, n_y)
        z = pre_activations(params, indices, labels)
        if spec.activation != "relu" or np.min(np.abs(z), initial=np.inf) > margin:
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
    spec: ModelSpec | None = None,
) -> GradCheck:
    """Check the BPTT gradients of the example's loss for every tensor.

    Without arguments: a random small network from `random_problem(seed=, activation=, spec=)`.
    `max_entries` checks that many randomly chosen entries per tensor (for big models; for a
    one-hot input weight they are drawn from the columns the sentence uses, the others being
    0 both ways).
    """
    if params is None:
        params, indices, labels = random_problem(seed=seed, activation=activation, spec=spec)
    if indices is None or labels is None:
        raise ValueError("give the sentence's indices and labels with your params")
    indices = np.asarray(indices, dtype=np.int64)
    labels = np.asarray(labels)
    analytical = analytical_gradients(params, indices, labels)
    _, sparse = get_shape(params.spec.shape).loss_and_grads(params.spec, params.tensors, _example(indices, labels))
    rng = np.random.default_rng(seed)
    errors, checked = {}, {}
    for name in params.names:
        a = analytical[name].reshape(-1)
        entries = None
        if max_entries is not None:
            grad = sparse[name]
            if isinstance(grad, Columns):
                rows, n_cols = params[name].shape
                pool = (np.arange(rows)[:, None] * n_cols + grad.columns[None, :]).reshape(-1)
            else:
                pool = np.arange(a.size)
            entries = np.sort(rng.choice(pool, size=min(max_entries, pool.size), replace=False))
        n = numerical_gradient(params, indices, labels, name, entries, eps)
        errors[name] = relative_error(a if entries is None else a[entries], n)
        checked[name] = len(n)
    z = pre_activations(params, indices, labels)
    return GradCheck(errors=errors, checked=checked, eps=eps, kink_distance=float(np.min(np.abs(z), initial=np.inf)))
