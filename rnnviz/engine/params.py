"""The learned parameters of one network of the family, by name, with its description.

The seed's network (one vanilla layer, left to right, a tagger) has the seed's five tensors,
in its column-vector convention:

    Waa (n_a, n_a)   Wax (n_a, n_x)   Wya (n_y, n_a)   ba (n_a, 1)   by (n_y, 1)

The combined form of the seed, Wa = [Waa | Wax] of shape (n_a, n_a + n_x), multiplies the
stacked column [a<t-1>; x<t>]; the parameters the network learns are Wa, ba, Wya and by.
Other members name their tensors by cell, layer, direction and group (engine/stack.py:
`layer2.reverse.Waa`); the shape says which exist (`Shape.tensor_shapes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

import numpy as np

from .cells import get_cell
from .shapes import Dims, get_shape
from .spec import ModelSpec

NAMES = ("Waa", "Wax", "Wya", "ba", "by")  # the seed's network


class Params:
    """One network: its description (`spec`), its tensors (float64, read-only) and `meta`
    (what its file says about it: training, data, vocabulary hash).

    `Params(Waa=…, Wax=…, Wya=…, ba=…, by=…, activation="tanh")` is the seed's network;
    `Params(tensors, spec=spec)` any other. Raises ValueError when the tensors do not fit
    the description (naming the first that does not), UnsupportedModel for a member of the
    family rnnviz cannot run yet."""

    def __init__(
        self,
        tensors: Mapping[str, Any] | None = None,
        *,
        spec: ModelSpec | None = None,
        activation: str | None = None,
        meta: Mapping[str, Any] | None = None,
        **named: Any,
    ) -> None:
        given = {**(tensors or {}), **named}
        if spec is None:
            rows = np.shape(given["Wya"])[0] if "Wya" in given else 1
            spec = ModelSpec(activation=activation or "tanh", head="sigmoid" if rows == 1 else "softmax")
        elif activation is not None and activation != spec.activation:
            spec = spec.replace(activation=activation)
        shape = get_shape(spec.shape)
        get_cell(spec.cell)  # UnsupportedModel for a cell not built yet
        arrays: dict[str, np.ndarray] = {}
        for name, value in given.items():
            arr = np.array(value, dtype=np.float64, order="C")
            arr.flags.writeable = False
            arrays[name] = arr
        problem = layout_problem(spec, arrays)
        if problem:
            raise ValueError(problem)
        self.spec = spec
        self.dims: Dims = shape.dims(spec, arrays)
        expected = shape.tensor_shapes(spec, self.dims)
        self.tensors: Mapping[str, np.ndarray] = {name: arrays[name] for name in expected}
        self.meta: dict[str, Any] = dict(meta or {})

    # -- reading ------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> np.ndarray:
        return self.tensors[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.tensors)

    @property
    def activation(self) -> str:
        return self.spec.activation

    @property
    def n_a(self) -> int:
        return self.dims.n_a

    @property
    def n_x(self) -> int:
        return self.dims.n_x

    @property
    def n_y(self) -> int:
        return self.dims.n_y

    # The seed's names, for the one-layer vanilla network (KeyError for other members).
    @property
    def Waa(self) -> np.ndarray:
        return self.tensors["Waa"]

    @property
    def Wax(self) -> np.ndarray:
        return self.tensors["Wax"]

    @property
    def ba(self) -> np.ndarray:
        return self.tensors["ba"]

    @property
    def Wya(self) -> np.ndarray:
        return self.tensors["Wya"]

    @property
    def by(self) -> np.ndarray:
        return self.tensors["by"]

    @cached_property
    def Wa(self) -> np.ndarray:
        """Wa = [Waa | Wax], (n_a, n_a + n_x). Built on first use (8 MB at the seed's size)."""
        wa = np.hstack([self.Waa, self.Wax])
        wa.flags.writeable = False
        return wa

    def as_dict(self) -> dict[str, Any]:
        """The course's `parameters` dict: keys Waa, Wax, Wya, ba, by (plus activation)."""
        return {**{name: self.tensors[name] for name in NAMES}, "activation": self.activation}

    def nbytes(self) -> int:
        return sum(arr.nbytes for arr in self.tensors.values())

    # -- changing (a new object) ------------------------------------------------------------

    def replace(self, **changes: Any) -> Params:
        """A copy with some tensors, the activation, the spec or the meta changed."""
        spec: ModelSpec | None = changes.pop("spec", None)
        meta: Mapping[str, Any] | None = changes.pop("meta", None)
        activation: str | None = changes.pop("activation", None)
        tensors = {**self.tensors, **changes}
        return Params(tensors, spec=spec or self.spec, activation=activation, meta=self.meta if meta is None else meta)


def layout_problem(spec: ModelSpec, arrays: Mapping[str, np.ndarray]) -> str | None:
    """A sentence naming the first tensor that is missing, extra or of the wrong shape for
    `spec`, or None when they fit."""
    shape = get_shape(spec.shape)
    for name, arr in arrays.items():
        if arr.ndim != 2:
            return f"{name} must be a 2-D array, got {arr.ndim}-D of shape {arr.shape}"
    try:
        dims = shape.dims(spec, arrays)
    except KeyError as missing:
        return f"missing tensor {missing.args[0]} (a {spec.describe()} needs {', '.join(_names(spec))})"
    except ValueError as exc:
        return str(exc)
    if min(dims.n_x, dims.n_a, dims.n_y) == 0:
        return f"empty dimension: n_a = {dims.n_a}, n_x = {dims.n_x}, n_y = {dims.n_y}"
    expected = shape.tensor_shapes(spec, dims)
    for name, want in expected.items():
        if name not in arrays:
            return f"missing tensor {name} (a {spec.describe()} needs {', '.join(expected)})"
        if arrays[name].shape != want:
            return f"{name} has shape {arrays[name].shape}, expected {want} (n_a = {dims.n_a}, n_y = {dims.n_y})"
    extra = [name for name in arrays if name not in expected]
    if extra:
        return f"unexpected tensor {extra[0]} for a {spec.describe()}"
    if (spec.head == "sigmoid") != (dims.n_y == 1):
        return f"a {spec.head} head needs {'n_y = 1' if spec.head == 'sigmoid' else 'n_y ≥ 2'}, not n_y = {dims.n_y}"
    return None


def _names(spec: ModelSpec) -> list[str]:
    return list(get_shape(spec.shape).tensor_shapes(spec, Dims(1, 1, 1)))


def init_params(
    n_a: int = 100,
    n_x: int = 10_000,
    n_y: int = 1,
    *,
    seed: int = 0,
    activation: str = "tanh",
    spec: ModelSpec | None = None,
) -> Params:
    """A deterministic random initialization: the same seed gives the same bits.

    For the seed's network: Waa and Wya have N(0, 1/n_a) entries (Xavier scale for a dense
    input of size n_a). A one-hot x<t> selects a single column of Wax, so its entries are
    N(0, 0.5²): each word moves z<t> by O(1). Biases start at zero. Other cells initialize
    their own tensors (engine/cells/)."""
    if spec is None:
        spec = ModelSpec(activation=activation, head="sigmoid" if n_y == 1 else "softmax")
    rng = np.random.default_rng(seed)
    tensors = get_shape(spec.shape).init(spec, Dims(n_x=n_x, n_a=n_a, n_y=n_y), rng)
    return Params(tensors, spec=spec, meta={"trained": False, "init_seed": seed})
