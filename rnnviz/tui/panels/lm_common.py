"""What the language model's panels share: its characters, the distribution shown at step t
(the model's ŷ<t>, or the one a generated character was drawn from, at the temperature), the
engine's readouts of it (ranking, the target's probability and rank), and the column where
the character columns start, the same in every panel so that x<t>, ŷ<t> and its error line
up character under character."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..draw.chars import quoted
from ..draw.numbers import fmt_small
from ..view import ViewState, per_trace

if TYPE_CHECKING:
    import numpy as np

    from rnnviz.engine.readouts import Targets
    from rnnviz.engine.trace import Trace

    from ..generated import Drawn

LM = ("lm",)  # the shapes these panels draw
TOP = 5  # entries of ŷ<t> named with their probabilities


def words(view: ViewState) -> tuple[str, ...]:
    """The model's tokens in index order (the end token first), from its meta."""
    return per_trace(view.trace, "chars", lambda tr: tuple(tr.params.meta["vocab"]["x"]))


def columns_at(view: ViewState) -> int:
    """Cells left of the character columns: the widest label `ŷ<T> ` of the sequence, at least 7."""
    return max(7, len(f"ŷ<{view.T}> ") + 1)


def readouts(trace: Trace) -> Targets:
    """The engine's readouts of the targets (probability, rank, log-partition, error size)."""
    from rnnviz.engine.readouts import targets

    return per_trace(trace, "targets", targets)


def drawn(view: ViewState, t: int | None = None) -> Drawn | None:
    """How w<t> was drawn (generate mode), None when it was read from a line."""
    generation = view.generation
    return generation.at(view.t if t is None else t) if generation is not None else None


def distribution(view: ViewState, t: int | None = None) -> np.ndarray:
    """The distribution shown at step t: the one w<t> was drawn from (generate mode, at the
    temperature), else the model's ŷ<t>."""
    t = view.t if t is None else t
    how = drawn(view, t)
    return how.draw.probs if how is not None else view.trace.probs[t - 1]


def ranking(view: ViewState, t: int | None = None) -> tuple[int, ...]:
    """The characters of `distribution(view, t)` by decreasing probability (the engine's)."""
    from rnnviz.engine.readouts import ranking as rank

    t = view.t if t is None else t
    tempered = drawn(view, t) is not None
    return per_trace(view.trace, ("ranking", t, tempered), lambda tr: rank(distribution(view, t)))


def ordinal(rank: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`."""
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def top_text(view: ViewState, probs: np.ndarray, order: tuple[int, ...], count: int = TOP) -> str:
    """`'p' 0.147  'w' 0.098  's' 0.088`."""
    chars = words(view)
    return "  ".join(f"{quoted(chars[i])} {prob_text(float(probs[i]))}" for i in order[:count])


def prob_text(p: float) -> str:
    return fmt_small(p, 3)
