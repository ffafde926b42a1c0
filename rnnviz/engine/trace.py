"""A `Trace`: the whole forward pass of one sentence, one frozen `Step` per word.

Everything a debugger shows for step t is here before the first keypress; nothing in a Trace
changes after it is built (its arrays are read-only). t is 1-based, as the seed writes it;
t = 0 is the state before the first word, where only a<0> exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import sequence
from .activations import output, saturated
from .loss import dlogits, word_losses
from .params import Params


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False)
class Step:
    """Word t of the sentence and every quantity of the equations at that step."""

    t: int  # 1-based position, x<t>
    token: str  # the word as tokenized from the input
    index: int  # its vocabulary index: the position of the single 1 in x<t>
    unknown: bool  # True when the word is not in the vocabulary (index is <UNK>'s)
    n_x: int  # length of x<t> (the vocabulary size V)
    a_prev: np.ndarray  # (n_a,) a<t-1>, the top part of the stacked [a<t-1>; x<t>]
    z: np.ndarray  # (n_a,) z<t> = Wa [a<t-1>; x<t>] + ba
    a: np.ndarray  # (n_a,) a<t> = g(z<t>)
    logits: np.ndarray  # (n_y,) Wya a<t> + by
    probs: np.ndarray  # (n_y,) ŷ<t>: σ(logit) for n_y = 1, softmax otherwise
    y: int | None  # the label y<t>, None when the sentence is unlabeled
    loss: float | None  # L<t>
    cum_loss: float | None  # Σ_{τ ≤ t} L<τ>
    saturated: int  # units with |a<t>| > 0.99 (tanh; always 0 for ReLU)

    @property
    def a_norm(self) -> float:
        """‖a<t>‖, the Euclidean norm of the hidden state."""
        return float(np.linalg.norm(self.a))

    @property
    def zeros(self) -> int:
        """Units with a<t> = 0 exactly (ReLU's inactive units; z<t> ≤ 0 there)."""
        return int(np.count_nonzero(self.a == 0.0))

    @property
    def logit(self) -> float:
        """The output logit of a binary tagger (n_y = 1)."""
        return float(self.logits[0]) if len(self.logits) == 1 else _binary_only()

    @property
    def y_hat(self) -> float:
        """ŷ<t>, the predicted probability that word t is a name (n_y = 1)."""
        return float(self.probs[0]) if len(self.probs) == 1 else _binary_only()

    @property
    def stacked_one(self) -> int:
        """Position of the single 1 in the stacked column [a<t-1>; x<t>] (0-based)."""
        return len(self.a_prev) + self.index

    def x_dense(self) -> np.ndarray:
        """The one-hot x<t> as a dense (n_x,) vector; built only when asked for."""
        x = np.zeros(self.n_x)
        x[self.index] = 1.0
        return x

    def stacked_dense(self) -> np.ndarray:
        """The stacked column [a<t-1>; x<t>] of length n_a + n_x; built only when asked for."""
        return np.concatenate([self.a_prev, self.x_dense()])


def _binary_only() -> float:
    raise ValueError("a scalar ŷ exists only for one output unit (n_y = 1); use .probs")


@dataclass(frozen=True, eq=False)
class Trace:
    """The forward pass of one sentence; `steps[t - 1]` is step t."""

    params: Params
    tokens: tuple[str, ...]
    labels: tuple[int, ...] | None
    a0: np.ndarray  # (n_a,) a<0>
    fwd: sequence.Forward
    losses: np.ndarray | None  # (T,) L<t>
    steps: tuple[Step, ...]

    @property
    def T(self) -> int:
        """T_x, the number of words."""
        return len(self.steps)

    @property
    def loss(self) -> float | None:
        """The sentence loss L = Σ_t L<t>, None for an unlabeled sentence."""
        return None if self.losses is None else float(self.losses.sum())

    @property
    def unknown_tokens(self) -> tuple[str, ...]:
        return tuple(s.token for s in self.steps if s.unknown)

    def a_at(self, t: int) -> np.ndarray:
        """a<t> for t = 0 … T_x (a<0> included)."""
        return self.a0 if t == 0 else self.steps[t - 1].a

    @cached_property
    def backward(self) -> sequence.Backward:
        """BPTT of the sentence loss, computed the first time it is asked for."""
        if self.labels is None:
            raise ValueError("backpropagation needs labels; this sentence is unlabeled")
        return sequence.backward(self.params, self.fwd, dlogits(self.fwd.logits, np.array(self.labels)))


def build_trace(
    params: Params,
    tokens: Sequence[str],
    indices: Sequence[int] | np.ndarray,
    labels: Sequence[int] | None = None,
    unknown: Sequence[bool] | None = None,
    a0: np.ndarray | None = None,
) -> Trace:
    """Run the forward pass of one sentence and freeze every quantity per step."""
    if len(tokens) == 0:
        raise ValueError("a trace needs at least one word")
    if len(indices) != len(tokens) or (labels is not None and len(labels) != len(tokens)):
        raise ValueError("tokens, indices and labels must have one entry per word")
    indices = np.array(indices, dtype=np.int64)  # copies: the trace owns what it freezes
    if indices.min() < 0 or indices.max() >= params.n_x:
        raise ValueError(f"vocabulary index out of range for n_x = {params.n_x}")
    a0 = np.zeros(params.n_a) if a0 is None else np.array(a0, dtype=np.float64).reshape(params.n_a)
    fwd = sequence.forward(params, indices, a0)
    for arr in (fwd.indices, fwd.a_prev, fwd.z, fwd.a, fwd.logits, a0):
        _frozen(arr)
    probs = _frozen(output(fwd.logits, axis=1))
    labels = None if labels is None else tuple(int(y) for y in labels)
    losses = None if labels is None else _frozen(word_losses(fwd.logits, np.array(labels)))
    cum = None if losses is None else np.cumsum(losses)
    unknown = tuple(unknown) if unknown is not None else (False,) * len(tokens)
    steps = tuple(
        Step(
            t=t + 1,
            token=tokens[t],
            index=int(indices[t]),
            unknown=bool(unknown[t]),
            n_x=params.n_x,
            a_prev=fwd.a_prev[t],
            z=fwd.z[t],
            a=fwd.a[t],
            logits=fwd.logits[t],
            probs=probs[t],
            y=None if labels is None else labels[t],
            loss=None if losses is None else float(losses[t]),
            cum_loss=None if cum is None else float(cum[t]),
            saturated=saturated(params.activation, fwd.a[t]),
        )
        for t in range(len(tokens))
    )
    return Trace(params=params, tokens=tuple(tokens), labels=labels, a0=a0, fwd=fwd, losses=losses, steps=steps)


@dataclass(frozen=True, eq=False)
class BackStep:
    """Step t of backpropagation through time, read right to left (t = T_x … 1).

    dlogit<t> = dL<t>/dlogit<t> = ŷ<t> - y<t>        the output error
    da<t> = Wya^T dlogit<t>  +  Waa^T dz<t+1>          from ŷ<t>, and from the step to the right
    dz<t> = da<t> * g'(z<t>)                           g' = 1 - a<t>² (tanh) or [a<t> > 0] (ReLU)
    da<t-1> = Waa^T dz<t>                              flows on to the left
    this step adds dz<t> a<t-1>^T to dWaa, dz<t> to the column index<t> of dWax, dz<t> to dba
    """

    t: int
    token: str
    index: int
    y: int
    y_hat: float
    dL_dy_hat: float  # dL<t>/dŷ<t> = -y/ŷ + (1-y)/(1-ŷ)
    dlogit: float  # ŷ<t> - y<t>
    da_from_y: np.ndarray  # (n_a,) Wya^T (ŷ<t> - y<t>)
    da_from_next: np.ndarray  # (n_a,) Waa^T dz<t+1> (0 at t = T_x)
    da: np.ndarray  # (n_a,)
    g_prime: np.ndarray  # (n_a,)
    dz: np.ndarray  # (n_a,) also this step's dba and its column of dWax
    da_prev: np.ndarray  # (n_a,) Waa^T dz<t>
    dWaa_norm: float  # ‖dz<t> a<t-1>^T‖_F = ‖dz<t>‖ ‖a<t-1>‖

    @property
    def da_norm(self) -> float:
        """‖da<t>‖: how much gradient reaches a<t>."""
        return float(np.linalg.norm(self.da))

    @property
    def da_from_y_norm(self) -> float:
        """‖Wya^T (ŷ<t> - y<t>)‖, the part of da<t> coming down from the output."""
        return float(np.linalg.norm(self.da_from_y))

    @property
    def da_from_next_norm(self) -> float:
        """‖Waa^T dz<t+1>‖, the part of da<t> arriving from the step to the right."""
        return float(np.linalg.norm(self.da_from_next))

    @property
    def dz_norm(self) -> float:
        """‖dz<t>‖, also the norm of this step's column of dWax and of its dba."""
        return float(np.linalg.norm(self.dz))

    @property
    def da_prev_norm(self) -> float:
        """‖da<t-1>‖: how much flows on to the left."""
        return float(np.linalg.norm(self.da_prev))

    @property
    def blocked(self) -> int:
        """Units whose g'(z<t>) is 0 (ReLU's inactive units): no gradient passes them."""
        return int(np.count_nonzero(self.g_prime == 0.0))


def back_steps(trace: Trace) -> tuple[BackStep, ...]:
    """Every step of BPTT for a labeled binary-tagging trace; `result[t - 1]` is step t."""
    b = trace.backward
    if trace.params.n_y != 1:
        raise ValueError("stepping backward is shown for one output unit (n_y = 1)")
    out = []
    for i, s in enumerate(trace.steps):
        da_prev = b.da0 if i == 0 else b.da_from_next[i - 1]
        y, y_hat = float(s.y), s.y_hat
        out.append(
            BackStep(
                t=s.t,
                token=s.token,
                index=s.index,
                y=s.y,
                y_hat=y_hat,
                dL_dy_hat=_dL_dy_hat(y, y_hat),
                dlogit=float(b.dlogits[i, 0]),
                da_from_y=b.da_from_y[i],
                da_from_next=b.da_from_next[i],
                da=b.da[i],
                g_prime=b.g_prime[i],
                dz=b.dz[i],
                da_prev=da_prev,
                dWaa_norm=float(np.linalg.norm(b.dz[i]) * np.linalg.norm(s.a_prev)),
            )
        )
    return tuple(out)


def _dL_dy_hat(y: float, y_hat: float) -> float:
    """dL/dŷ = -y/ŷ + (1-y)/(1-ŷ); infinite only when ŷ has rounded to exactly 0 or 1."""
    with np.errstate(divide="ignore"):
        return float(-y / np.float64(y_hat) if y else 1.0 / (1.0 - np.float64(y_hat)))
