"""Conditional breakpoints ("run until"): the first step, in the direction of travel, where a
condition on the trace holds. Pure functions of a Trace; the debugger only asks, and words
the `Hit` it gets back.

Kinds (threshold in brackets where one is needed):
  cross      ŷ<t> crosses 0.5: (ŷ<t> > 0.5) differs from the word before it in the direction
             of travel (before the first word, and after the last, the prediction is "no name")
  loss       L<t> > threshold
  saturate   some unit of a<t> is saturated, |a| > SATURATION (tanh only)
  grad       ‖da<t>‖ < threshold (backpropagation: a vanishing gradient)
  target     the target's probability ŷ<t>[y<t>] < threshold, a probability in (0, 1]: the
             model did not expect the next character (a language model); for a binary
             head the target's probability is ŷ<t> when y<t> = 1, 1 - ŷ<t> when 0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .readouts import targets
from .spec import SATURATION
from .trace import Trace

KINDS = ("cross", "loss", "saturate", "grad", "target")
CROSSING = 0.5


@dataclass(frozen=True)
class Condition:
    kind: str
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown breakpoint kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        if self.kind in ("loss", "grad") and (self.threshold is None or not np.isfinite(self.threshold)):
            raise ValueError(f"a {self.kind!r} breakpoint needs a finite threshold")
        if self.kind == "target" and not (self.threshold is not None and 0 < self.threshold <= 1):
            raise ValueError(f"a 'target' breakpoint needs a probability 0 < p <= 1, not {self.threshold}")

    @property
    def needs_labels(self) -> bool:
        return self.kind in ("loss", "grad", "target")

    @property
    def backward_only(self) -> bool:
        return self.kind == "grad"


@dataclass(frozen=True)
class Hit:
    """Where a condition held, with its numbers (the UI words them):

    cross     value = ŷ<t>, before_t / before = the word it crossed from (None at an edge,
              where `edge` is "first" or "last")
    loss      value = L<t>
    saturate  count = saturated units of a<t>
    grad      value = ‖da<t>‖
    target    value = ŷ<t>[y<t>], index = y<t>, rank = its rank in ŷ<t> (1: the most probable)
    """

    t: int
    kind: str
    value: float | None = None
    threshold: float | None = None
    before_t: int | None = None
    before: float | None = None
    edge: str | None = None
    count: int | None = None
    index: int | None = None
    rank: int | None = None
    saturation: float = SATURATION


def run_until(
    trace: Trace, condition: Condition, start: int, step: int = 1, layer: int = 0, direction: int = 0
) -> Hit | None:
    """The first t after `start` (t = start + step, start + 2·step, … within 1 … T_x) where
    `condition` holds, or None. step = +1 runs forward, -1 runs backward. `layer` and
    `direction` pick the chain whose a<t> (saturate) or da<t> (grad) is watched."""
    if step not in (1, -1):
        raise ValueError("step is +1 (forward) or -1 (backward)")
    if condition.needs_labels and trace.labels is None:
        return None
    t = start + step
    while 1 <= t <= trace.T:
        hit = _check(trace, condition, t, step, layer, direction)
        if hit is not None:
            return hit
        t += step
    return None


def _check(trace: Trace, c: Condition, t: int, step: int, layer: int, direction: int) -> Hit | None:
    s = trace.steps[t - 1]
    if c.kind == "cross":
        if s.probs is None or len(s.probs) != 1:
            return None
        y_hat = float(s.probs[0])
        before = t - step
        if not 1 <= before <= trace.T:  # the first word seen: "no name" before it
            edge = "first" if step == 1 else "last"
            return Hit(t, "cross", y_hat, CROSSING, edge=edge) if y_hat > CROSSING else None
        prev = trace.steps[before - 1].probs
        if prev is None:
            return None
        if (y_hat > CROSSING) != (float(prev[0]) > CROSSING):
            return Hit(t, "cross", y_hat, CROSSING, before_t=before, before=float(prev[0]))
        return None
    if c.kind == "loss":
        assert c.threshold is not None
        return Hit(t, "loss", s.loss, c.threshold) if s.loss is not None and s.loss > c.threshold else None
    if c.kind == "target":
        assert c.threshold is not None and s.y is not None
        got = targets(trace)
        p = got.p[t - 1]
        return Hit(t, "target", p, c.threshold, index=s.y, rank=got.rank[t - 1]) if p < c.threshold else None
    if c.kind == "saturate":
        count = trace.saturated("a", layer, direction)[t - 1]
        return Hit(t, "saturate", count=count) if count else None
    assert c.threshold is not None
    norm = trace.backward.norms("da", layer, direction)[t - 1]
    return Hit(t, "grad", norm, c.threshold) if norm < c.threshold else None
