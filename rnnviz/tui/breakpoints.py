"""Breakpoints in words: the conditions the "run until" dialog offers, and what a `Hit` of
the engine's `run_until` (numbers only) means, said with its numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine imports NumPy: after the first frame
    from rnnviz.engine.breakpoints import Condition, Hit

# kind -> (the dialog's text, the default value, or None when the kind takes no value)
CHOICES: dict[str, tuple[str, float | None]] = {
    "cross": ("ŷ<t> crosses 0.5 (the prediction flips between name and no name)", None),
    "loss": ("L<t> above a value", 0.1),
    "saturate": ("a unit saturates: |a<t>| > 0.99 (tanh)", None),
    "grad": ("‖da<t>‖ below a value: the gradient has vanished (backward)", 0.001),
    "target": ("the target's probability ŷ<t>[y<t>] below a value: the model did not expect it", 0.05),
}


RUN_UNTIL_ONE_NETWORK = "run until steps one network; an encoder-decoder's two are stepped with → and ←"


def kinds_for(shape: str) -> tuple[str, ...]:
    """The conditions offered for a model's shape: a binary ŷ<t> at every word crosses 0.5
    (the tagger), a language model's target can be unlikely, a classifier has one ŷ and one
    loss (at T_x: its states and gradients are what run until can watch); none for an
    encoder-decoder (RUN_UNTIL_ONE_NETWORK)."""
    if shape == "lm":
        return ("target", "loss", "saturate", "grad")
    if shape == "classifier":
        return ("saturate", "grad")
    if shape == "seq2seq":
        return ()
    return ("cross", "loss", "saturate", "grad")


def describe(condition: Condition) -> str:
    """`ŷ<t> crosses 0.5`, `L<t> > 2`, …"""
    if condition.kind == "cross":
        return "ŷ<t> crosses 0.5"
    if condition.kind == "saturate":
        return "a unit saturates (|a<t>| > 0.99)"
    if condition.kind == "loss":
        return f"L<t> > {condition.threshold:g}"
    if condition.kind == "target":
        return f"ŷ<t>[y<t>] < {condition.threshold:g}"
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
    if hit.kind == "target":
        place = {1: "1st", 2: "2nd", 3: "3rd"}.get(hit.rank or 0, f"{hit.rank}th")
        return f"ŷ<{t}>[y<{t}>] = {hit.value:.4f} < {hit.threshold:g} ({place} most likely)"
    if hit.kind == "saturate":
        count = hit.count or 0
        return f"{count} unit{'s' if count > 1 else ''} of a<{t}> saturated (|a| > {hit.saturation:g})"
    return f"‖da<{t}>‖ = {hit.value:.3g} < {hit.threshold:g}"


def parse_condition(kind: str, text: str) -> Condition | str:
    """The condition the dialog describes, or what is wrong with its value (a sentence)."""
    from rnnviz.engine.breakpoints import Condition

    default = CHOICES[kind][1]
    if default is None:
        return Condition(kind)
    try:
        value = float(text.strip())
    except ValueError:
        name = {"loss": "L<t>", "grad": "‖da<t>‖", "target": "ŷ<t>[y<t>]"}[kind]
        return f"{name}: type a number, e.g. {default:g}"
    try:
        return Condition(kind, value)
    except ValueError as problem:
        return str(problem)
