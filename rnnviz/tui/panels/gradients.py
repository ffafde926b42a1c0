"""What the backward drawings of the vanilla cell share: a gradient as a labelled heatmap
row with its norm, on the sentence's gradient scale.

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
from ..view import ViewState

if TYPE_CHECKING:
    import numpy as np

PREFIX = 9  # the row label left of a heatmap: "from ŷ", "da<4>", …
SUFFIX = 11  # the norm right of it: " ‖·‖ 3.0e-5"; 9 + 100 + 11 = 120 keeps 1 cell a unit
# The vanilla cell's gradients drawn as heatmaps (g' has the fixed scale): one colour scale.
SCALED = ("da_out", "da_next", "da", "dz", "da_prev")


def grad_scale(view: ViewState) -> float:
    """The colour scale of the sentence's gradient heatmaps, the engine's readout."""
    back = view.trace.backward
    names = tuple(name for name in SCALED if name in back.net.cells[view.layer][view.direction].steps)  # a cell's own
    return back.scale(names, view.layer, view.direction)


def heat_row(label: str, values: np.ndarray, width: int, scale: float, size: float | None = None) -> Line:
    """`label  heatmap  ‖·‖ 0.0174`: one gradient vector on the sentence's scale, with its
    norm `size` (the engine's readout)."""
    room = max(1, width - PREFIX - SUFFIX)
    row: Line = [seg(label.ljust(PREFIX), LABEL), *heatmap_line(values, room, scale)]
    if size is not None:
        row += [seg(" ‖·‖ ", DIM), seg(fmt_sig(size, 2), NUMBER)]
    return fit(row, width)


def g_prime_name(activation: str, t: int | str) -> str:
    """g'(z<t>) in terms of a<t>: `1 − a<4>²` (tanh) or `[a<4> > 0]` (ReLU)."""
    return f"1 − a<{t}>²" if activation == "tanh" else f"[a<{t}> > 0]"


def dL_dy_hat_formula(t: int, y: int | None) -> str:
    """dL<t>/dŷ<t> = −y/ŷ + (1−y)/(1−ŷ), written for this y."""
    return f"−1/ŷ<{t}>" if y else f"1/(1 − ŷ<{t}>)"
