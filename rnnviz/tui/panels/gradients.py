"""What the backward drawings share: a gradient as a labelled heatmap row with its norm, on
the sentence's gradient scale (every per-step gradient of the cell but g', which is a
factor in [0, 1]), and the state gradients whose norms the bars show.

Gradient heatmaps are drawn relative to the largest entry of any gradient of the sentence
(the engine's `BackTrace.scale`) on a logarithmic scale (draw/colours.GRAD_STOPS, half a
decade a step), so a colour means the same number at every step of one sentence, and a
gradient that shrinks as it travels left fades on screen step by step instead of turning
blank at once. g' is in [0, 1] and uses the fixed scale of the forward heatmaps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..draw.colours import DIM, LABEL, NUMBER
from ..draw.heatmap import heatmap_line
from ..draw.numbers import fmt_sig
from ..draw.text import Line, fit, seg
from ..view import ViewState, per_trace

if TYPE_CHECKING:
    import numpy as np

    from rnnviz.engine import Trace

PREFIX = 9  # the row label left of a heatmap: "from ŷ", "da<4>", …
SUFFIX = 11  # the norm right of it: " ‖·‖ 3.0e-5"; 9 + 100 + 11 = 120 keeps 1 cell a unit
NOT_GRADIENTS = ("g_prime",)  # recorded by the backward pass, drawn on the fixed scale


def grad_names(view: ViewState) -> tuple[str, ...]:
    """The per-step gradients of the view's cell, drawn on one colour scale: the vanilla
    cell's da_out, da_next, da, dz, da_prev; the LSTM's also dc and its gates' dΓ …"""
    return cell_gradients(view.trace)


def cell_gradients(trace: Trace) -> tuple[str, ...]:
    """The per-step gradients of a trace's cell (every one its backward pass names but g')."""
    from rnnviz.engine.cells import get_cell

    names = get_cell(trace.spec.cell).grad_quantities
    return tuple(name for name in names if name not in NOT_GRADIENTS)


def state_gradients(view: ViewState) -> tuple[str, ...]:
    """The gradients of the states the cell carries from step to step: da, and dc for the
    LSTM (its cell state)."""
    from rnnviz.engine.cells import get_cell

    return tuple(f"d{state}" for state in get_cell(view.trace.spec.cell).states)


def grad_scale(view: ViewState) -> float:
    """The colour scale of the sentence's gradient heatmaps, the engine's readout (once per
    trace, layer and direction: a long sentence's arrays are not scanned at every step)."""
    slot = ("grad scale", view.layer, view.direction)
    return per_trace(view.trace, slot, lambda tr: tr.backward.scale(grad_names(view), view.layer, view.direction))


def heat_row(label: str, values: np.ndarray, width: int, scale: float, size: float | None = None) -> Line:
    """`label  heatmap  ‖·‖ 0.0174`: one gradient vector on the sentence's scale, with its
    norm `size` (the engine's readout)."""
    room = max(1, width - PREFIX - SUFFIX)
    row: Line = [seg(label.ljust(PREFIX), LABEL), *heatmap_line(values, room, scale)]
    if size is not None:
        row += [seg(" ‖·‖ ", DIM), seg(fmt_sig(size, 2), NUMBER)]
    return fit(row, width)


# What reaches a<t-1> from step t backward, by cell (the part of da<t-1> from the right):
# the gradients at the pre-activations, through Waa (the GRU also straight through 1 − Γu).
FROM_RIGHT = {
    "rnn": "Waa^T dz<{t}>",
    "lstm": "Waa^T [dΓu; dΓf; dc̃; dΓo]<{t}>",
    "gru": "Waa^T [dΓr; −dΓu; Γr ⊙ dc̃]<{t}> + (1 − Γu<{t}>) ⊙ da<{t}>",
}


def from_right(view: ViewState, t: int) -> str:
    """The formula of what step t sends back to a<t-1>, in the cell's terms."""
    return FROM_RIGHT[view.trace.spec.cell].format(t=t)


def g_prime_name(activation: str, t: int | str) -> str:
    """g'(z<t>) in terms of a<t>: `1 − a<4>²` (tanh) or `[a<4> > 0]` (ReLU)."""
    return f"1 − a<{t}>²" if activation == "tanh" else f"[a<{t}> > 0]"


def dL_dy_hat_formula(t: int, y: int | None) -> str:
    """dL<t>/dŷ<t> = −y/ŷ + (1−y)/(1−ŷ), written for this y."""
    return f"−1/ŷ<{t}>" if y else f"1/(1 − ŷ<{t}>)"
