"""The learned parameters, with the seed's names and its column-vector convention.

    Waa (n_a, n_a)   Wax (n_a, n_x)   Wya (n_y, n_a)   ba (n_a, 1)   by (n_y, 1)

The combined form of the seed, Wa = [Waa | Wax] of shape (n_a, n_a + n_x), multiplies the
stacked column [a<t-1>; x<t>]; the parameters the network learns are Wa, ba, Wya and by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .activations import HIDDEN

NAMES = ("Waa", "Wax", "Wya", "ba", "by")


class Dims:
    """n_a, n_x, n_y read off the tensors, for anything holding Waa, Wax and Wya."""

    Waa: np.ndarray
    Wax: np.ndarray
    Wya: np.ndarray

    @property
    def n_a(self) -> int:
        return self.Waa.shape[0]

    @property
    def n_x(self) -> int:
        return self.Wax.shape[1]

    @property
    def n_y(self) -> int:
        return self.Wya.shape[0]


@dataclass(frozen=True, eq=False)
class Params(Dims):
    """One recurrent network. Arrays are float64 and read-only once built."""

    Waa: np.ndarray
    Wax: np.ndarray
    Wya: np.ndarray
    ba: np.ndarray
    by: np.ndarray
    activation: str = "tanh"
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.activation not in HIDDEN:
            raise ValueError(f"activation must be one of {', '.join(HIDDEN)}, not {self.activation!r}")
        for name in NAMES:
            arr = np.array(getattr(self, name), dtype=np.float64, order="C")
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        problem = shape_problem({name: getattr(self, name) for name in NAMES})
        if problem:
            raise ValueError(problem)

    @cached_property
    def Wa(self) -> np.ndarray:
        """Wa = [Waa | Wax], (n_a, n_a + n_x). Built on first use (8 MB at the seed's size)."""
        wa = np.hstack([self.Waa, self.Wax])
        wa.flags.writeable = False
        return wa

    def as_dict(self) -> dict[str, np.ndarray]:
        """The course's `parameters` dict: keys Waa, Wax, Wya, ba, by (plus activation)."""
        return {**{name: getattr(self, name) for name in NAMES}, "activation": self.activation}

    @classmethod
    def from_dict(cls, parameters: dict[str, Any], **extra: Any) -> Params:
        return cls(
            **{name: parameters[name] for name in NAMES},
            activation=str(parameters.get("activation", "tanh")),
            **extra,
        )

    def replace(self, **changes: Any) -> Params:
        """A copy with some fields changed (e.g. another activation)."""
        fields = {name: getattr(self, name) for name in NAMES}
        fields.update(activation=self.activation, meta=dict(self.meta))
        fields.update(changes)
        return Params(**fields)


def shape_problem(arrays: dict[str, np.ndarray]) -> str | None:
    """A sentence naming the first inconsistent shape, or None when the five tensors fit."""
    Waa, Wax, Wya, _ba, _by = (arrays[name] for name in NAMES)
    for name in NAMES:
        ndim = arrays[name].ndim
        if ndim != 2:
            return f"{name} must be a 2-D array, got {ndim}-D of shape {arrays[name].shape}"
    n_a = Waa.shape[0]
    n_y = Wya.shape[0]
    expected = {
        "Waa": (n_a, n_a),
        "Wax": (n_a, Wax.shape[1]),
        "Wya": (n_y, n_a),
        "ba": (n_a, 1),
        "by": (n_y, 1),
    }
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            return f"{name} has shape {arrays[name].shape}, expected {shape} (n_a = {n_a}, n_y = {n_y})"
    if n_a == 0 or Wax.shape[1] == 0 or n_y == 0:
        return f"empty dimension: n_a = {n_a}, n_x = {Wax.shape[1]}, n_y = {n_y}"
    return None


def init_params(
    n_a: int = 100,
    n_x: int = 10_000,
    n_y: int = 1,
    *,
    seed: int = 0,
    activation: str = "tanh",
) -> Params:
    """A deterministic random initialization: the same seed gives the same bits.

    Waa and Wya have N(0, 1/n_a) entries (Xavier scale for a dense input of size n_a). A
    one-hot x<t> selects a single column of Wax, so its entries are N(0, 0.5²): each word
    moves z<t> by O(1). Biases start at zero.
    """
    rng = np.random.default_rng(seed)
    return Params(
        Waa=rng.normal(0.0, 1.0 / np.sqrt(n_a), (n_a, n_a)),
        Wax=rng.normal(0.0, 0.5, (n_a, n_x)),
        Wya=rng.normal(0.0, 1.0 / np.sqrt(n_a), (n_y, n_a)),
        ba=np.zeros((n_a, 1)),
        by=np.zeros((n_y, 1)),
        activation=activation,
        meta={"trained": False, "init_seed": seed},
    )
