"""The one immutable state the debugger shows, and what the panels derive from a Trace.

The app holds a single `ViewState` in a reactive; every panel renders from it. A new state
object is made for every change (`state.at(t)`, `dataclasses.replace`), never mutated, so
`eq=False` (identity comparison) is exactly "something changed" for Textual's reactive, and
no NumPy array ever sits in a reactive on its own.

Nothing here computes the network: the Trace (engine) holds every number. The few things
derived here are for drawing: lists of floats read from the trace.

Backward mode (issue 5) is the same state with `mode = "backward"`: t then runs T_x … 1,
right to left, and the panels read the engine's `back_steps(trace)` (BPTT, one `BackStep`
per word), computed once per trace when a backward state is built (`ViewState.backs`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from .render import history_label_width

if TYPE_CHECKING:  # the engine (NumPy) is imported once a model is loaded, after the first frame
    from rnnviz.engine import Step, Trace
    from rnnviz.engine.passes import BackStep
    from rnnviz.text import Sentence

Mode = Literal["forward", "backward"]  # backward: BPTT, the same t, stepping right to left

# The Params.meta key of the activation g a trained model's weights were trained with: the
# app records it when the user switches g (and in-app training when it trains), so the
# header can say "trained with tanh, shown with ReLU". A model file does not say: its
# `activation` is the one it is run with.
TRAINED_WITH = "trained_with"

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # play speeds, steps per second
DEFAULT_SPEED = 2.0


@dataclass(frozen=True)
class Stop:
    """Where a breakpoint ("run until") stopped: the condition's kind, the step, and why
    (the engine's `Hit.reason`, with the numbers)."""

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

    def __post_init__(self) -> None:
        if self.mode == "backward":
            if self.trace.labels is None:
                raise ValueError("backward mode needs a labeled sentence")
            back_steps_of(self.trace)  # BPTT once per trace, here, never while drawing

    @property
    def T(self) -> int:
        return self.trace.T

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
    def params(self):
        return self.trace.params

    @property
    def backward(self) -> bool:
        return self.mode == "backward"

    @property
    def first(self) -> int:
        """The smallest t of the mode: 0 forward (before the first word), 1 backward (the
        last step of backpropagation)."""
        return 1 if self.mode == "backward" else 0

    @property
    def direction(self) -> int:
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

    @property
    def backs(self) -> tuple[BackStep, ...]:
        """BPTT of the sentence, one BackStep per word (`backs[t - 1]` is step t)."""
        return back_steps_of(self.trace)

    @property
    def back(self) -> BackStep | None:
        """The current backward step (None in forward mode or at t = 0)."""
        return self.backs[self.t - 1] if self.mode == "backward" and self.t else None

    @property
    def y_hats(self) -> tuple[float, ...]:
        return y_hats(self.trace)


# Per-trace lists, kept only as long as their trace (a trace holds its Params, 8 MB at the
# seed's size: an lru_cache here would keep old models alive after a switch or training).
_Y_HATS: WeakKeyDictionary[Trace, tuple[float, ...]] = WeakKeyDictionary()
_LOSSES: WeakKeyDictionary[Trace, tuple[float, ...] | None] = WeakKeyDictionary()
_BACKS: WeakKeyDictionary[Trace, tuple[BackStep, ...]] = WeakKeyDictionary()
_GRAD_SCALE: WeakKeyDictionary[Trace, float] = WeakKeyDictionary()
_DA_NORMS: WeakKeyDictionary[Trace, tuple[float, ...]] = WeakKeyDictionary()
_DRAWING: WeakKeyDictionary[Trace, dict[Hashable, Any]] = WeakKeyDictionary()


def per_trace(trace: Trace, name: Hashable, make: Callable[[Trace], Any]) -> Any:
    """`make(trace)`, computed once per trace and kept as long as the trace: what a panel
    derives from the whole sentence for drawing (word widths, flags, maxima), so a step
    costs the words in view, not all T_x of them."""
    table = _DRAWING.get(trace)
    if table is None:
        table = _DRAWING[trace] = {}
    if name not in table:
        table[name] = make(trace)
    return table[name]


def unknowns(trace: Trace) -> tuple[bool, ...]:
    """Which words were fed as <UNK>."""
    return per_trace(trace, "unknown", lambda tr: tuple(step.unknown for step in tr.steps))


def top(values: tuple[float, ...]) -> float:
    """The largest of a sentence's values (the fixed scale of its bars), 1 when empty."""
    return max(values) if values else 1.0


def y_hats(trace: Trace) -> tuple[float, ...]:
    """ŷ<1..T_x> as floats (n_y = 1), read from the trace."""
    cached = _Y_HATS.get(trace)
    if cached is None:
        cached = _Y_HATS[trace] = tuple(step.y_hat for step in trace.steps)
    return cached


def losses(trace: Trace) -> tuple[float, ...] | None:
    """L<1..T_x> as floats, None for an unlabeled sentence."""
    if trace not in _LOSSES:
        _LOSSES[trace] = None if trace.losses is None else tuple(float(v) for v in trace.losses)
    return _LOSSES[trace]


def back_steps_of(trace: Trace) -> tuple[BackStep, ...]:
    """The engine's BPTT steps of a labeled trace, computed once per trace."""
    cached = _BACKS.get(trace)
    if cached is None:
        from rnnviz.engine.passes import back_steps

        cached = _BACKS[trace] = back_steps(trace)
    return cached


def da_norms(trace: Trace) -> tuple[float, ...]:
    """‖da<1..T_x>‖, read from the BackSteps (for the bar chart and the history)."""
    cached = _DA_NORMS.get(trace)
    if cached is None:
        cached = _DA_NORMS[trace] = tuple(step.da_norm for step in back_steps_of(trace))
    return cached


def grad_scale(trace: Trace) -> float:
    """The colour scale of the gradient heatmaps of a sentence: the largest |entry| of any
    da, its two parts, dz or da<t-1> over all its steps, so a colour means the same number
    at every step of the sentence and a gradient that fades as it travels left looks faded.
    (Presentation only: a maximum of numbers the engine computed.)"""
    cached = _GRAD_SCALE.get(trace)
    if cached is None:
        top = 0.0
        for step in back_steps_of(trace):
            for values in (step.da_from_y, step.da_from_next, step.da, step.dz, step.da_prev):
                top = max(top, float(abs(values).max()) if len(values) else 0.0)
        cached = _GRAD_SCALE[trace] = top if top > 0 else 1.0
    return cached


def dlogits(trace: Trace) -> tuple[float, ...]:
    """The output errors ŷ<τ> − y<τ> of every word, read from the BackSteps."""
    return per_trace(trace, "dlogits", lambda tr: tuple(step.dlogit for step in back_steps_of(tr)))


def das(trace: Trace) -> tuple:
    """da<1..T_x>, the BackSteps' vectors (for the history of da)."""
    return per_trace(trace, "das", lambda tr: tuple(step.da for step in back_steps_of(tr)))


def history_width(trace: Trace) -> int:
    """Cells left of the heatmaps in the history panels (the longest word decides)."""
    return per_trace(trace, "history label", lambda tr: history_label_width(tr.tokens))
