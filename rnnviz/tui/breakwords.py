"""Breakpoints in words: the engine finds a `Hit` (numbers); the debugger says what it means."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnnviz.engine.breakpoints import Condition, Hit


def describe(condition: Condition) -> str:
    """`ŷ<t> crosses 0.5`, `L<t> > 2`, …"""
    if condition.kind == "cross":
        return "ŷ<t> crosses 0.5"
    if condition.kind == "saturate":
        return "a unit saturates (|a<t>| > 0.99)"
    if condition.kind == "loss":
        return f"L<t> > {condition.threshold:g}"
    return f"‖da<t>‖ < {condition.threshold:g}"


def reason(hit: Hit) -> str:
    """Why a breakpoint stopped at t, with its numbers."""
    t = hit.t
    if hit.kind == "cross":
        if hit.edge is not None:
            return f"ŷ<{t}> = {hit.value:.4f} > 0.5 at the {hit.edge} word"
        return f"ŷ<{t}> = {hit.value:.4f} crossed 0.5 (ŷ<{hit.before_t}> = {hit.before:.4f})"
    if hit.kind == "loss":
        return f"L<{t}> = {hit.value:.4f} > {hit.threshold:g}"
    if hit.kind == "saturate":
        count = hit.count or 0
        return f"{count} unit{'s' if count > 1 else ''} of a<{t}> saturated (|a| > {hit.saturation:g})"
    return f"‖da<{t}>‖ = {hit.value:.3g} < {hit.threshold:g}"
