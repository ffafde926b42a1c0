"""A `Trace`: the whole forward pass of one input, one frozen `Step` per word, and its BPTT.

Everything a debugger shows for step t is here before the first keypress; nothing in a Trace
changes after it is built (its arrays are read-only). t is 1-based, as the seed writes it;
t = 0 is the state before the first word, where only a<0> exists.

Quantities are asked for by name, layer and direction: `trace.q("z")` is z<1..T_x> of the
first layer, left to right, as a (T, n_a) array; `step.q("a", layer=1, direction=1)` is
a←<t> of the second layer. Which names exist is the cell's (`trace.quantities`: z, a for
the vanilla cell). The backward pass (`trace.backward`, a `BackTrace`) has the same access
for the named gradients (`back.g("dz")`), and every tensor's gradient.

An encoder-decoder runs two networks, one after the other: its Trace is the encoder's (the
input's steps, no output on them) and `trace.decoder` is the decoder's, a Trace of the same
kind (`vocab` "y": x<t> is one-hot over the output vocabulary, x<1> = 0 has index -1), whose
steps carry the outputs; `trace.backward.decoder` is the decoder's BackTrace. The outer trace
also holds the outputs' rows (`logits`, `probs`, `losses`, `labels`: the targets), so that
`trace.loss` is the loss of the whole, and `decoded`, the greedy decoding.

Readouts for display are computed here, once per trace, so that no UI does arithmetic:
`summary(name)` (min, max, norm, mean, saturated and zero units per step), `ranked` (a
softmax output's classes by probability), `BackTrace.norms`,
`BackTrace.scale` (the colour scale of the gradients) and `BackTrace.blocked`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from .spec import BLOCKED_BELOW, SATURATION, ModelSpec
from .stack import Grad, StackBackward, StackForward


class Model(Protocol):
    """What a trace needs of its model (engine/params.py's Params is one)."""

    @property
    def spec(self) -> ModelSpec: ...
    @property
    def tensors(self) -> Mapping[str, np.ndarray]: ...
    @property
    def meta(self) -> dict[str, Any]: ...
    @property
    def n_a(self) -> int: ...
    @property
    def n_x(self) -> int: ...
    @property
    def n_y(self) -> int: ...
    @property
    def activation(self) -> str: ...
    def __getitem__(self, name: str) -> np.ndarray: ...


def frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True)
class Summary:
    """Per-step readouts of one quantity (each a tuple over t = 1 … T)."""

    min: tuple[float, ...]
    max: tuple[float, ...]
    norm: tuple[float, ...]
    saturated: tuple[int, ...]  # units with |v| > SATURATION
    zeros: tuple[int, ...]  # units exactly 0
    mean: tuple[float, ...]  # the mean over units (how far a gate is open, on average)


def summarize(values: np.ndarray) -> Summary:
    """The readouts of a (T, n) array, row by row."""
    if values.shape[1] == 0:
        zero = (0.0,) * len(values)
        return Summary(zero, zero, zero, (0,) * len(values), (0,) * len(values), zero)
    return Summary(
        min=tuple(values.min(axis=1).tolist()),
        max=tuple(values.max(axis=1).tolist()),
        norm=tuple(np.linalg.norm(values, axis=1).tolist()),
        saturated=tuple(np.count_nonzero(np.abs(values) > SATURATION, axis=1).tolist()),
        zeros=tuple(np.count_nonzero(values == 0.0, axis=1).tolist()),
        mean=tuple(values.mean(axis=1).tolist()),
    )


@dataclass(frozen=True, eq=False)
class Step:
    """Word t of the input and every quantity of the equations at that step."""

    trace: Trace = field(repr=False)
    t: int  # 1-based position, x<t>
    token: str  # the word as tokenized from the input
    index: int  # its vocabulary index: the position of the single 1 in x<t>
    unknown: bool  # True when the word is not in the vocabulary (index is <UNK>'s)
    logits: np.ndarray | None  # (n_y,) Wya a<t> + by, None where the shape has no output
    probs: np.ndarray | None  # (n_y,) ŷ<t>: σ(logit) for one unit, softmax otherwise
    y: int | None  # the label y<t>, None when unlabeled (or no output here)
    loss: float | None  # L<t>
    cum_loss: float | None  # Σ_{τ ≤ t} L<τ>

    @property
    def n_x(self) -> int:
        """The size of the one-hot x<t> (the output vocabulary's for a decoder)."""
        return self.trace.n_x

    def q(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """The quantity `name` at this step, (n_a,): "a", "z", "a_prev", a gate …"""
        return self.trace.q(name, layer, direction)[self.t - 1]

    # The first layer, left to right: the seed's quantities.
    @property
    def a_prev(self) -> np.ndarray:
        """a<t-1>, the top part of the stacked [a<t-1>; x<t>]."""
        return self.q("a_prev")

    @property
    def z(self) -> np.ndarray:
        """z<t> = Wa [a<t-1>; x<t>] + ba (vanilla cell)."""
        return self.q("z")

    @property
    def a(self) -> np.ndarray:
        return self.q("a")

    @property
    def saturated(self) -> int:
        """Units with |a<t>| > 0.99 (tanh; ReLU's outputs are never read as saturated)."""
        return self.trace.saturated("a")[self.t - 1]

    @property
    def zeros(self) -> int:
        """Units with a<t> = 0 exactly (ReLU's inactive units; z<t> ≤ 0 there)."""
        return self.trace.summary("a").zeros[self.t - 1]

    @property
    def a_norm(self) -> float:
        return self.trace.summary("a").norm[self.t - 1]

    @property
    def logit(self) -> float:
        """The output logit of a binary output (n_y = 1)."""
        if self.logits is None or len(self.logits) != 1:
            raise ValueError("a scalar logit exists only for one output unit (n_y = 1) at an output step")
        return float(self.logits[0])

    @property
    def y_hat(self) -> float:
        """ŷ<t>, the predicted probability of the positive class (n_y = 1)."""
        if self.probs is None or len(self.probs) != 1:
            raise ValueError("a scalar ŷ exists only for one output unit (n_y = 1) at an output step; use .probs")
        return float(self.probs[0])

    @property
    def stacked_one(self) -> int:
        """Position of the single 1 in the stacked column [a<t-1>; x<t>] (0-based)."""
        return self.trace.n_a + self.index

    def x_dense(self) -> np.ndarray:
        """The one-hot x<t> as a dense (n_x,) vector; built only when asked for."""
        x = np.zeros(self.n_x)
        if self.index >= 0:
            x[self.index] = 1.0
        return x

    def stacked_dense(self) -> np.ndarray:
        """The stacked column [a<t-1>; x<t>] of length n_a + n_x; built only when asked for."""
        return np.concatenate([self.a_prev, self.x_dense()])


@dataclass(frozen=True, eq=False)
class Trace:
    """The forward pass of one input; `steps[t - 1]` is step t."""

    params: Model
    tokens: tuple[str, ...]
    indices: np.ndarray  # (T,) the inputs' vocabulary indices
    unknown: tuple[bool, ...]
    labels: tuple[int, ...] | None  # the targets: one per word (tagger), one (classifier), y<1..T_y> (decoder)
    net: StackForward  # every layer's and direction's quantities
    logits: np.ndarray  # (T_out, n_y), the rows where the shape has outputs
    probs: np.ndarray  # (T_out, n_y)
    losses: np.ndarray | None  # (T_out,) L<t>
    quantities: tuple[str, ...]  # the cell's per-step quantities, in drawing order (z, a for the vanilla cell)
    backprop: Callable[[Trace], BackTrace] = field(repr=False)  # the shape's backward pass
    steps: tuple[Step, ...] = ()
    vocab: str = "x"  # which vocabulary x<t> is one-hot over: "x" the input's, "y" the output's (a decoder)
    decoder: Trace | None = None  # an encoder-decoder's second network (steps t = 1 … T_y)
    decoded: tuple[int, ...] | None = None  # an encoder-decoder's greedy decoding (output indices, no end token)

    @property
    def spec(self) -> ModelSpec:
        return self.params.spec

    @property
    def T(self) -> int:
        """T_x, the number of input steps."""
        return len(self.tokens)

    @property
    def n_x(self) -> int:
        """The size of the one-hot x<t>: n_x, or n_y for a decoder (fed its own outputs)."""
        return self.params.n_y if self.vocab == "y" else self.params.n_x

    @property
    def n_a(self) -> int:
        """Units of this network's first layer, one direction (a decoder after a
        bidirectional encoder has twice the encoder's)."""
        return int(self.net.cells[0][0]["a"].shape[1])

    @property
    def loss(self) -> float | None:
        """The loss L = Σ_t L<t>, None for an unlabeled input."""
        return None if self.losses is None else float(self.losses.sum())

    @property
    def unknown_tokens(self) -> tuple[str, ...]:
        return tuple(token for token, unknown in zip(self.tokens, self.unknown) if unknown)

    @property
    def layers(self) -> int:
        return self.spec.layers

    @property
    def directions(self) -> int:
        return self.spec.directions

    def has(self, name: str) -> bool:
        return name in self.net.cells[0][0]

    def q(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """(T, n_a): quantity `name` at t = 1 … T of one layer and direction."""
        return self.net.cells[layer][direction][name]

    @property
    def a0(self) -> np.ndarray:
        """a<0> of the first layer, left to right."""
        return self.q("a_prev")[0]

    def layer_input(self, layer: int) -> np.ndarray:
        """(T, D·n_a): x<t> of a layer above the first, the layer below's a<t> (both
        directions stacked, [a→<t>; a←<t>], when the network is bidirectional)."""
        if layer < 1:
            raise ValueError("layer 1 reads the one-hot x<t>: see `indices`")
        return self.net.inputs[layer - 1]

    @cached_property
    def logit_parts(self) -> np.ndarray:
        """(T, D): what each direction of the last layer adds to the logit at step t,
        Wya[:, d] a_d<t> with Wya split by direction (one output unit), so that
        ŷ<t> = σ(Σ_d logit_parts[t - 1, d] + by)."""
        Wya = self.params["Wya"]
        if Wya.shape[0] != 1:
            raise ValueError("the parts of a logit exist for one output unit (n_y = 1)")
        n_a, top = self.params.n_a, self.net.top
        parts = [top[:, d * n_a : (d + 1) * n_a] @ Wya[0, d * n_a : (d + 1) * n_a] for d in range(self.directions)]
        return frozen(np.stack(parts, axis=1))

    @cached_property
    def ranked(self) -> np.ndarray:
        """(T_out, n_y): each output row's classes, the most probable first (ties: the lower
        index first), so `ranked[t - 1, 0]` is the argmax of ŷ<t>; read-only. A readout for
        showing a softmax output: the token emitted at each step, and the runners-up."""
        return frozen(np.argsort(-self.probs, axis=1, kind="stable"))

    def a_at(self, t: int, layer: int = 0, direction: int = 0) -> np.ndarray:
        """a<t> for t = 0 … T_x (a<0> included), left to right."""
        return self.q("a_prev", layer, direction)[0] if t == 0 else self.q("a", layer, direction)[t - 1]

    @cached_property
    def _summaries(self) -> dict[tuple[str, int, int], Summary]:
        return {}

    def summary(self, name: str, layer: int = 0, direction: int = 0) -> Summary:
        """min, max, ‖·‖, saturated and zero units of `name` at every step, computed once."""
        slot = (name, layer, direction)
        if slot not in self._summaries:
            self._summaries[slot] = summarize(self.q(name, layer, direction))
        return self._summaries[slot]

    def saturated(self, name: str = "a", layer: int = 0, direction: int = 0) -> tuple[int, ...]:
        """Saturated units per step: |a| > SATURATION under tanh; ReLU never saturates (0)."""
        if self.spec.cell == "rnn" and self.spec.activation == "relu":
            return (0,) * self.T
        return self.summary(name, layer, direction).saturated

    @cached_property
    def backward(self) -> BackTrace:
        """BPTT of the loss, computed the first time it is asked for."""
        if self.labels is None:
            raise ValueError("backpropagation needs labels; this sentence is unlabeled")
        return self.backprop(self)


@dataclass(frozen=True, eq=False)
class BackTrace:
    """Backpropagation through time of one trace's loss."""

    trace: Trace = field(repr=False)
    dlogits: np.ndarray  # (T_out, n_y) dL<t>/dlogit<t> = ŷ<t> - y<t>
    net: StackBackward  # named per-step gradients of every layer and direction
    grads: Mapping[str, Grad]  # every tensor's gradient (one-hot input weights as Columns)
    dstate0: Mapping[tuple[int, int], Mapping[str, np.ndarray]]  # gradients reaching the initial states
    decoder: BackTrace | None = None  # an encoder-decoder's: the decoder's (its dstate0 reaches the hand-off)

    def g(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """(T, n_a): the per-step gradient `name` (da, dz, da_next, da_out, g_prime, da_prev …)."""
        return self.net.cells[layer][direction].steps[name]

    def dense(self, name: str) -> np.ndarray:
        """The gradient of tensor `name` as a full array (a one-hot weight's zeros included)."""
        grad = self.grads[name]
        return grad if isinstance(grad, np.ndarray) else grad.dense(self.trace.params[name].shape[1])

    @cached_property
    def _norms(self) -> dict[tuple[str, int, int], tuple[float, ...]]:
        return {}

    def norms(self, name: str, layer: int = 0, direction: int = 0) -> tuple[float, ...]:
        """‖name<t>‖ for t = 1 … T, computed once."""
        slot = (name, layer, direction)
        if slot not in self._norms:
            self._norms[slot] = tuple(np.linalg.norm(self.g(name, layer, direction), axis=1).tolist())
        return self._norms[slot]

    def share_norms(self, name: str, layer: int = 0, direction: int = 0) -> tuple[float, ...]:
        """‖this step's share of dW‖ for t = 1 … T, W the recurrent weight ("Waa": dz<t>
        a_prev<t>ᵀ) or the input weight of a layer above the first ("Wax": dz<t> x<t>ᵀ): an
        outer product, so its Frobenius norm is ‖dz<t>‖ ‖a_prev<t>‖ (or ‖x<t>‖)."""
        if name == "Waa":
            other = self.trace.summary("a_prev", layer, direction).norm
        elif name == "Wax" and layer > 0:
            other = tuple(np.linalg.norm(self.trace.layer_input(layer), axis=1).tolist())
        else:
            raise ValueError("a share's norm is read for Waa, or Wax of a layer above the first")
        return tuple(d * o for d, o in zip(self.norms("dz", layer, direction), other))

    def blocked(self, layer: int = 0, direction: int = 0) -> tuple[int, ...]:
        """Units per step whose g'(z<t>) < BLOCKED_BELOW: almost no gradient passes them."""
        return tuple(np.count_nonzero(self.g("g_prime", layer, direction) < BLOCKED_BELOW, axis=1).tolist())

    def scale(self, names: tuple[str, ...], layer: int = 0, direction: int = 0) -> float:
        """The colour scale of gradient heatmaps: the largest |entry| of the named gradients
        over every step (1 when all are 0), so a colour means the same number at every step
        and a gradient that fades as it travels looks faded."""
        top = max((float(np.abs(self.g(n, layer, direction)).max(initial=0.0)) for n in names), default=0.0)
        return top if top > 0 else 1.0

    def joint_scale(self, names: tuple[str, ...], layer: int = 0, direction: int = 0) -> float:
        """`scale` over both networks of an encoder-decoder (this, the encoder's, and its
        decoder's, left to right), so that a colour means the same number on either side of
        the hand-off; `scale` for any other network."""
        backs = [(self, direction)] + ([(self.decoder, 0)] if self.decoder is not None else [])
        top = max((float(np.abs(b.g(n, layer, d)).max(initial=0.0)) for b, d in backs for n in names), default=0.0)
        return top if top > 0 else 1.0

    def info(self) -> dict[str, Any]:
        return {"tensors": sorted(self.grads)}
