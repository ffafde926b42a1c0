"""A classifier's x<t>: forward, the one-hot word as the tagger's panel draws it. Backward,
in its place, the two parts of da<t>: the part from the output, Wyaᵀ (ŷ − y), which exists at
t = T_x only, and the part arriving from step t+1, which is all the earlier words get."""

from __future__ import annotations

from ..draw.colours import LABEL, NOTE, NUMBER
from ..draw.text import Line, fit, seg, title_line, titled
from ..view import ViewState
from . import onehot
from .base import Panel, one_chain
from .gradients import PREFIX, heat_row

EVERY_CELL = ("da_out", "da_next", "da", "da_prev")  # the gradients every cell has


def from_next_name(view: ViewState, t: int) -> str:
    """The part from the right in the cell's terms: Waaᵀ dz<t+1> for the vanilla cell."""
    return f"Waa^T dz<{t + 1}>" if view.trace.has("z") else f"the cell's gates at step {t + 1}"


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """da<t> = (from ŷ: at T_x only) + (from step t+1: 0 at T_x)."""
    t, T = view.t, view.T
    scale = view.trace.backward.scale(EVERY_CELL, view.layer, view.direction)
    if t == T:
        from_y = heat_row("from ŷ", view.g("da_out"), width, scale, view.norm("da_out"))
        from_next: Line = [
            seg("from t+1".ljust(PREFIX), LABEL),
            seg(f"0: nothing arrives from the right of the last word (t = T_x = {T})", NOTE),
        ]
        heading = f"da<{t}> = Wya^T (ŷ − y) + 0"
        about = "the whole gradient enters here, from the one output"
    else:
        from_y = fit(
            [
                seg("from ŷ".ljust(PREFIX), LABEL),
                seg(f"0: no output at t = {t}; the loss is at t = T_x = {T} only", NOTE),
            ],
            width,
        )
        from_next = heat_row(f"from {t + 1}", view.g("da_next"), width, scale, view.norm("da_next"))
        heading = f"da<{t}> = 0 + {from_next_name(view, t)}"
        about = f"all of it arrives from step {t + 1}"
    return titled(title_line(heading, width, [seg(about, NUMBER)]), [from_y, fit(from_next, width)], height, 3)


PANEL = Panel(
    "cls-onehot",
    {"forward": onehot.forward, "backward": backward},
    shapes=("classifier",),
    when=one_chain,
    while_loading=False,
)
