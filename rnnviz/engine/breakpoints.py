"""Conditional breakpoints ("run until"): the first step, in the direction of travel, where a
condition on the trace holds. Pure functions of a Trace; the debugger only asks.

Kinds (threshold in brackets where one is needed):
  cross      ŷ<t> crosses 0.5: (ŷ<t> > 0.5) differs from the word before it in the direction
             of travel (before the first word, and after the last, the prediction is "no name")
  loss       L<t> > threshold
  saturate   some unit of a<t> is saturated, |a| > 0.99 (tanh only)
  grad       ‖da<t>‖ < threshold (backpropagation: a vanishing gradient)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .trace import Trace, back_steps

KINDS = ("cross", "loss", "saturate", "grad")


@dataclass(frozen=True)
class Condition:
    kind: str
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown breakpoint kind {self.kind!r}; expected one of {', '.join(KINDS)}")
        if self.kind in ("loss", "grad") and (self.threshold is None or not np.isfinite(self.threshold)):
            raise ValueError(f"a {self.kind!r} breakpoint needs a finite threshold")

    def describe(self) -> str:
        if self.kind == "cross":
            return "ŷ<t> crosses 0.5"
        if self.kind == "saturate":
            return "a unit saturates (|a<t>| > 0.99)"
        return f"L<t> > {self.threshold:g}" if self.kind == "loss" else f"‖da<t>‖ < {self.threshold:g}"


@dataclass(frozen=True)
class Hit:
    t: int
    reason: str  # why it stopped, with the numbers


def run_until(trace: Trace, condition: Condition, start: int, step: int = 1) -> Hit | None:
    """The first t after `start` (t = start + step, start + 2·step, … within 1 … T_x) where
    `condition` holds, or None. step = +1 runs forward, -1 runs backward."""
    if step not in (1, -1):
        raise ValueError("step is +1 (forward) or -1 (backward)")
    needs_labels = condition.kind in ("loss", "grad")
    if needs_labels and trace.labels is None:
        return None
    backs = back_steps(trace) if condition.kind == "grad" else None
    t = start + step
    while 1 <= t <= trace.T:
        reason = _check(trace, condition, t, step, backs)
        if reason is not None:
            return Hit(t, reason)
        t += step
    return None


def _check(trace: Trace, c: Condition, t: int, step: int, backs) -> str | None:
    s = trace.steps[t - 1]
    if c.kind == "cross":
        before = t - step
        if not 1 <= before <= trace.T:  # the first word seen: "no name" before it
            edge = "first" if step == 1 else "last"
            return f"ŷ<{t}> = {s.y_hat:.4f} > 0.5 at the {edge} word" if s.y_hat > 0.5 else None
        prev = trace.steps[before - 1].y_hat
        if (s.y_hat > 0.5) != (prev > 0.5):
            return f"ŷ<{t}> = {s.y_hat:.4f} crossed 0.5 (ŷ<{before}> = {prev:.4f})"
        return None
    if c.kind == "loss":
        return f"L<{t}> = {s.loss:.4f} > {c.threshold:g}" if s.loss > c.threshold else None
    if c.kind == "saturate":
        return (
            f"{s.saturated} unit{'s' if s.saturated > 1 else ''} of a<{t}> saturated (|a| > 0.99)"
            if s.saturated
            else None
        )
    norm = backs[t - 1].da_norm
    return f"‖da<{t}>‖ = {norm:.3g} < {c.threshold:g}" if norm < c.threshold else None
