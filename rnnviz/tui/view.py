"""The one immutable view the debugger shows: which sentence, its trace, t, the mode.

The screen holds a single `ViewState` in a reactive and every panel draws from it. A new
view is made for every change (`view.at(t)`, `dataclasses.replace`), never mutated, so
`eq=False` (identity comparison) is exactly "something changed" for Textual's reactive, and
no NumPy array ever sits in a reactive on its own.

Nothing here computes the network: the Trace (engine) holds every number and its readouts.
A view also says which layer and direction of the network the panels show (`layer`,
`direction`, 0 and 0: the first layer, left to right); panels pass them to the trace.

Backward mode is the same view with `mode = "backward"`: t then runs T_x … 1, right to
left, and the panels read the engine's backward pass (`view.back`, one `BackStep` per word).

A language model's generate mode is a forward (or backward) view of a generated sequence: its
trace is one like any other, and `generation` (tui/generation.py) says how each character
was drawn.

An encoder-decoder's t runs through both networks: 1 … T_x is the encoder's step t, T_x + 1 …
T_x + T_y the decoder's step t − T_x (backward, from the decoder's last step back through the
hand-off into the encoder). `view.side` is the network t is on as a view of its own (its
trace the encoder's or the decoder's, its t that network's, `whole` the encoder-decoder's
trace), which the panels of one network draw.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from weakref import WeakKeyDictionary

if TYPE_CHECKING:  # the engine (NumPy) is imported once a model is loaded, after the first frame
    import numpy as np

    from rnnviz.engine import Params, Step, Trace
    from rnnviz.engine.passes import BackStep
    from rnnviz.engine.trace import Summary
    from rnnviz.text import Sentence

    from .generated import Generation

Mode = Literal["forward", "backward"]  # backward: BPTT, the same t, stepping right to left
MODES: tuple[Mode, ...] = ("forward", "backward")

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # play speeds, steps per second
DEFAULT_SPEED = 2.0


@dataclass(frozen=True)
class Stop:
    """Where a breakpoint ("run until") stopped: the condition's kind, the step, and why,
    in words with the numbers."""

    kind: str  # cross, loss, saturate, grad (engine.breakpoints.KINDS)
    t: int
    reason: str


@dataclass(frozen=True, eq=False)
class ViewState:
    """Everything on screen: which sentence, its trace, where we are in it, and how we move."""

    trace: Trace
    sentence: Sentence
    number: int  # 0-based position of the sentence in the list (the seed's i is number + 1)
    count: int  # how many sentences the list has (m)
    source: str  # where the list came from: a file, "command line", the samples
    t: int = 0  # 0 … T_x; 0 is before the first word (only a<0> exists)
    mode: Mode = "forward"
    playing: bool = False
    speed: float = DEFAULT_SPEED
    hit: Stop | None = None  # the breakpoint that stopped at t (shown until t changes)
    layer: int = 0  # which layer of the network the panels show
    direction: int = 0  # which direction: 0 left to right, 1 right to left (bidirectional)
    model: str = ""  # the model's name, for the header (a bundled model's, or its file's)
    generation: Generation | None = None  # a language model's generated sequence: how each step drew
    whole: Trace | None = None  # set on one side of an encoder-decoder (`side`): the whole's trace

    def __post_init__(self) -> None:
        if self.mode == "backward":
            if self.trace.labels is None:
                raise ValueError("backward mode needs a labeled sentence")
            back_steps_of(self.trace)  # BPTT once per trace, here, never while drawing

    @property
    def T(self) -> int:
        """The last t: T_x; for an encoder-decoder T_x + T_y (t runs through both networks)."""
        decoder = self.trace.decoder
        return self.trace.T if decoder is None or self.whole is not None else self.trace.T + decoder.T

    @property
    def shape(self) -> str:
        """The model's sequence shape: "tagger", "classifier", "lm", "seq2seq" (engine.spec.SHAPES)."""
        return self.trace.spec.shape

    @property
    def unit(self) -> str:
        """What one step reads, for the panels' words: a character for a language model (the
        debugger opens character models), a word otherwise."""
        return "character" if self.shape == "lm" else "word"

    @cached_property
    def side(self) -> ViewState:
        """The network t is on, as a view of its own: an encoder-decoder's encoder (t ≤ T_x)
        or decoder (its step t − T_x), with `whole` set; any other network's view is itself."""
        outer = self.trace
        if outer.decoder is None or self.whole is not None:
            return self
        T_x = outer.T
        if self.t <= T_x:
            return replace(self, whole=outer)
        t = self.t - T_x
        hit = None if self.hit is None else replace(self.hit, t=t)
        return replace(self, trace=outer.decoder, t=t, hit=hit, whole=outer)

    @property
    def decoding(self) -> bool:
        """Whether t is on an encoder-decoder's decoder."""
        return self.side.trace.vocab == "y"

    @property
    def step(self) -> Step | None:
        """The current Step, None at t = 0."""
        return self.trace.steps[self.t - 1] if self.t else None

    @property
    def next_step(self) -> Step | None:
        """The step a forward key would show next (None at t = T_x)."""
        return self.trace.steps[self.t] if self.t < self.T else None

    @property
    def labeled(self) -> bool:
        return self.trace.labels is not None

    @property
    def params(self) -> Params:
        return cast("Params", self.trace.params)  # the debugger's traces are of Params (engine.params)

    @property
    def backward(self) -> bool:
        return self.mode == "backward"

    @property
    def first(self) -> int:
        """The smallest t of the mode: 0 forward (before the first word), 1 backward (the
        last step of backpropagation)."""
        return 1 if self.mode == "backward" else 0

    @property
    def heading(self) -> int:
        """Where the current pass goes: +1 forward (t grows), -1 backward (t shrinks)."""
        return -1 if self.mode == "backward" else 1

    @property
    def pass_start(self) -> int:
        """Where the pass of the mode starts: t = 0 forward, t = T_x backward."""
        return self.T if self.mode == "backward" else 0

    @property
    def pass_end(self) -> int:
        return self.first if self.mode == "backward" else self.T

    def at(self, t: int) -> ViewState:
        """The same view at step t, clamped to the mode's range (0 … T_x, or 1 … T_x
        backward); moving drops the breakpoint mark."""
        t = min(max(int(t), self.first), self.T)
        return self if t == self.t else replace(self, t=t, hit=None)

    def with_mode(self, mode: Mode) -> ViewState:
        """The same sentence in another mode: backward starts at t = T_x (backpropagation
        begins at the last word, after the whole forward pass); forward keeps t."""
        if mode == self.mode:
            return self
        t = self.T if mode == "backward" else self.t
        return replace(self, mode=mode, t=t, hit=None, playing=False)

    def stopped(self, *kinds: str) -> Stop | None:
        """The breakpoint stop shown at this step, if its kind is one of `kinds`."""
        hit = self.hit
        return hit if hit is not None and hit.t == self.t and hit.kind in kinds else None

    # -- what the panels read, for the view's layer and direction -------------------------

    def q(self, name: str, t: int | None = None) -> np.ndarray:
        """Quantity `name` (z, a, a_prev, a gate …) at step t (default: the current one)."""
        return self.trace.q(name, self.layer, self.direction)[(self.t if t is None else t) - 1]

    def summary(self, name: str) -> Summary:
        """The engine's per-step readouts of `name` (min, max, norm, saturated, zeros)."""
        return self.trace.summary(name, self.layer, self.direction)

    @property
    def backs(self) -> tuple[BackStep, ...]:
        """BPTT of the sentence, one BackStep per word (`backs[t - 1]` is step t)."""
        return back_steps_of(self.trace)

    @property
    def back(self) -> BackStep:
        """The current backward step (backward mode, where t ≥ 1)."""
        if self.mode != "backward" or not self.t:
            raise ValueError("a backward step exists in backward mode only")
        return self.backs[self.t - 1]

    def g(self, name: str) -> np.ndarray:
        """The gradient `name` (da, dz, g_prime …) at the current backward step."""
        return self.back.g(name, self.layer, self.direction)

    def norm(self, name: str, t: int | None = None) -> float:
        """‖name‖ at step t (default: the current one), the engine's readout."""
        return self.trace.backward.norms(name, self.layer, self.direction)[(self.t if t is None else t) - 1]


# What a panel derives from a whole sentence for drawing (word widths, flags, maxima), kept as
# long as its trace: a trace holds its Params (8 MB at the seed's size), so an lru_cache here
# would keep old models alive after a switch or training.
_DRAWING: WeakKeyDictionary[Trace, dict[Hashable, Any]] = WeakKeyDictionary()
T_ = TypeVar("T_")


def per_trace(trace: Trace, name: Hashable, make: Callable[[Trace], T_]) -> T_:
    """`make(trace)`, computed once per trace and kept as long as the trace, so a step costs
    the words in view, not all T_x of them."""
    table = _DRAWING.get(trace)
    if table is None:
        table = _DRAWING[trace] = {}
    if name not in table:
        table[name] = make(trace)
    result: T_ = table[name]
    return result


def back_steps_of(trace: Trace) -> tuple[BackStep, ...]:
    """The engine's BPTT steps of a labeled trace, computed once per trace."""

    def make(tr: Trace) -> tuple[BackStep, ...]:
        from rnnviz.engine.passes import back_steps

        return back_steps(tr)

    return per_trace(trace, "back steps", make)


def y_hats(trace: Trace) -> tuple[float, ...]:
    """ŷ<1..T_x> as floats (one output unit), read from the trace."""
    return per_trace(trace, "y_hat", lambda tr: tuple(step.y_hat for step in tr.steps))


def losses(trace: Trace) -> tuple[float, ...] | None:
    """L<1..T_x> as floats, None for an unlabeled sentence."""
    return per_trace(trace, "losses", lambda tr: None if tr.losses is None else tuple(tr.losses.tolist()))


def dlogits(trace: Trace) -> tuple[float, ...]:
    """The output errors ŷ<τ> − y<τ> of every word (one output unit), the engine's."""
    return per_trace(trace, "dlogits", lambda tr: tuple(tr.backward.dlogits[:, 0].tolist()))


def top(values: tuple[float, ...] | None) -> float:
    """The largest of a sentence's values (the fixed scale of its bars), 1 when none."""
    return max(values) if values else 1.0
