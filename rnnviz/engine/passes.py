"""The two passes over one input, for whoever shows them: `build_trace` (forward, any member
of the family) and `back_steps` (its backward pass read one step at a time, right to left).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .params import Params
from .shapes import get_shape
from .stack import ZERO_INPUT
from .trace import BackTrace, Trace


def build_trace(
    params: Params,
    tokens: Sequence[str],
    indices: Sequence[int] | np.ndarray,
    labels: Sequence[int] | None = None,
    unknown: Sequence[bool] | None = None,
    a0: np.ndarray | None = None,
) -> Trace:
    """Run the forward pass of one input and freeze every quantity per step."""
    if len(tokens) == 0:
        raise ValueError("a trace needs at least one word")
    if len(indices) != len(tokens):
        raise ValueError("tokens and indices must have one entry per word")
    shape = get_shape(params.spec.shape)
    problem = None if labels is None else shape.labels_problem(len(tokens), labels)
    if problem:
        raise ValueError(problem)
    indices = np.array(indices, dtype=np.int64)  # copies: the trace owns what it freezes
    if indices.min() < ZERO_INPUT or indices.max() >= params.n_x:  # ZERO_INPUT: x<t> = 0
        raise ValueError(f"vocabulary index out of range for n_x = {params.n_x}")
    if a0 is not None:
        a0 = np.array(a0, dtype=np.float64).reshape(params.n_a)
    unknown = tuple(unknown) if unknown is not None else (False,) * len(tokens)
    return shape.trace(params, tokens, indices, labels, unknown, a0)


@dataclass(frozen=True, eq=False)
class BackStep:
    """Step t of backpropagation through time, read right to left (t = T_x … 1).

    dlogit<t> = dL<t>/dlogit<t> = ŷ<t> - y<t>        the output error
    da<t> = da_out<t) + da_next<t>                     from above (Wyaᵀ dlogit<t> at the top
                                                       layer), and from the step to the right
    dz<t> = da<t> * g'(z<t>)                           g' = 1 - a<t>² (tanh) or [a<t> > 0] (ReLU)
    da<t-1> = Waaᵀ dz<t>                              flows on to the left
    this step adds dz<t> a<t-1>ᵀ to dWaa, dz<t> to the column index<t> of dWax, dz<t> to dba

    Named gradients of any layer and direction: `g("dz", layer, direction)`; the seed's
    (first layer, left to right) also as attributes.
    """

    back: BackTrace = field(repr=False)
    t: int
    token: str
    index: int
    y: int | None  # None where the shape has no output at t
    y_hat: float | None  # ŷ<t> (of the target class for a softmax head)
    dL_dy_hat: float | None  # dL<t>/dŷ<t>: -y/ŷ + (1-y)/(1-ŷ); -1/ŷ[y] for softmax
    dlogit: float | None  # ŷ<t> - y<t> (one output unit)

    def g(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        return self.back.g(name, layer, direction)[self.t - 1]

    def norm(self, name: str, layer: int = 0, direction: int = 0) -> float:
        return self.back.norms(name, layer, direction)[self.t - 1]

    @property
    def da_from_y(self) -> np.ndarray:
        """Wyaᵀ (ŷ<t> - y<t>), the part of da<t> coming down from the output."""
        return self.g("da_out")

    @property
    def da_from_next(self) -> np.ndarray:
        """Waaᵀ dz<t+1>, the part of da<t> arriving from the step to the right (0 at T_x)."""
        return self.g("da_next")

    @property
    def da(self) -> np.ndarray:
        return self.g("da")

    @property
    def g_prime(self) -> np.ndarray:
        return self.g("g_prime")

    @property
    def dz(self) -> np.ndarray:
        """dz<t>, also this step's dba and its column of dWax."""
        return self.g("dz")

    @property
    def da_prev(self) -> np.ndarray:
        """Waaᵀ dz<t>: what flows on to a<t-1>."""
        return self.g("da_prev")

    @property
    def da_norm(self) -> float:
        return self.norm("da")

    @property
    def da_from_y_norm(self) -> float:
        return self.norm("da_out")

    @property
    def da_from_next_norm(self) -> float:
        return self.norm("da_next")

    @property
    def dz_norm(self) -> float:
        return self.norm("dz")

    @property
    def da_prev_norm(self) -> float:
        return self.norm("da_prev")

    @property
    def dWaa_norm(self) -> float:
        """‖dz<t> a<t-1>ᵀ‖_F = ‖dz<t>‖ ‖a<t-1>‖, this step's share of dWaa."""
        return self.norm("dz") * self.back.trace.summary("a_prev").norm[self.t - 1]

    @property
    def blocked(self) -> int:
        """Units whose g'(z<t>) is below BLOCKED_BELOW: almost no gradient passes them."""
        return self.back.blocked()[self.t - 1]


def back_steps(trace: Trace) -> tuple[BackStep, ...]:
    """Every step of BPTT for a labeled trace; `result[t - 1]` is step t."""
    back = trace.backward
    out = []
    row = 0
    for step in trace.steps:
        y_hat = dL = dlogit = None
        if step.probs is not None and step.y is not None:
            if len(step.probs) == 1:
                y_hat = float(step.probs[0])
                dL = _dL_dy_hat(float(step.y), y_hat)
                dlogit = float(back.dlogits[row, 0])
            else:
                y_hat = float(step.probs[step.y])
                with np.errstate(divide="ignore"):
                    dL = float(-1.0 / np.float64(y_hat))
            row += 1
        out.append(BackStep(back, step.t, step.token, step.index, step.y, y_hat, dL, dlogit))
    return tuple(out)


def _dL_dy_hat(y: float, y_hat: float) -> float:
    """dL/dŷ = -y/ŷ + (1-y)/(1-ŷ); infinite only when ŷ has rounded to exactly 0 or 1."""
    with np.errstate(divide="ignore"):
        return float(-y / np.float64(y_hat) if y else 1.0 / (1.0 - np.float64(y_hat)))
