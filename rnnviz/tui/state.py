"""The one immutable state the debugger shows, and what the panels derive from a Trace.

The app holds a single `ViewState` in a reactive; every panel renders from it. A new state
object is made for every change (`state.at(t)`, `dataclasses.replace`), never mutated, so
`eq=False` (identity comparison) is exactly "something changed" for Textual's reactive, and
no NumPy array ever sits in a reactive on its own.

Nothing here computes the network: the Trace (engine) holds every number. The few things
derived here are for drawing: lists of floats read from the trace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary
from typing import Literal

from rnnviz.engine import Step, Trace
from rnnviz.text import Sentence

Mode = Literal["forward"]  # issue 5 adds "backward": the same t, stepping right to left

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)  # play speeds, steps per second
DEFAULT_SPEED = 2.0


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

    def at(self, t: int) -> ViewState:
        """The same view at step t, clamped to 0 … T_x."""
        t = min(max(int(t), 0), self.T)
        return self if t == self.t else replace(self, t=t)

    @property
    def y_hats(self) -> tuple[float, ...]:
        return y_hats(self.trace)


# Per-trace lists, kept only as long as their trace (a trace holds its Params, 8 MB at the
# seed's size: an lru_cache here would keep old models alive after a switch or training).
_Y_HATS: WeakKeyDictionary[Trace, tuple[float, ...]] = WeakKeyDictionary()
_LOSSES: WeakKeyDictionary[Trace, tuple[float, ...] | None] = WeakKeyDictionary()


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
