"""An encoder-decoder's x<t>: on the encoder, the one-hot word as the tagger's panel draws
it (over the input words); on the decoder, one-hot over the output tokens, each entry
named, and where it comes from (x<1> = 0; then the target's token, or the decoder's own).
Backward, in its place, the two parts of da<t>: from the output (the decoder's only), and
from the step to the right (at the encoder's last step: from the decoder, through the
hand-off)."""

from __future__ import annotations

from ..draw.colours import DIM, FAINT, LABEL, MARK, NOTE, NUMBER
from ..draw.text import Line, fit, seg, title_line, titled
from ..view import ViewState
from . import onehot
from .base import Panel, one_chain
from .cls_onehot import EVERY_CELL
from .gradients import PREFIX, heat_row
from .s2s_common import fed_from, outputs, token


def decoder_forward(view: ViewState, width: int, height: int) -> list[Line]:
    """x<t> over the output tokens: every entry named, the 1 marked (none at t = 1)."""
    step = view.step
    assert step is not None
    t, names = step.t, outputs(view)
    label = f"x<{t}>".ljust(onehot.X_PREFIX)
    strip: Line = [seg(label, LABEL)]
    under: Line = [seg(" " * len(label))]
    for i, name in enumerate(names):
        w = len(name) + 2
        one = i == step.index
        strip.append(seg(("1" if one else "0").center(w), MARK if one else FAINT))
        under.append(seg(name.center(w), MARK if one else DIM))
    if step.index < 0:
        about: Line = [
            seg(f"x<{t}> = 0", NUMBER),
            seg(f": all {len(names)} entries 0 (nothing comes before the first output)", DIM),
        ]
    else:
        about = [seg(token(view, step.index), NUMBER), seg(f" → index {step.index} of {len(names)}: ", DIM)]
        about.append(seg(fed_from(view, t), DIM))
    if height >= 3:
        return [title_line(f"x<{t}>, the decoder's input", width, about), fit(strip, width), fit(under, width)]
    return [fit(strip, width), fit([*under, seg("  "), *about], width)][:height]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    if view.decoding:
        return decoder_forward(view, width, height)
    return onehot.forward(view, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """da<t> = (from the output: the decoder's) + (from step t+1, or from the decoder)."""
    t, T = view.t, view.T
    scale = view.trace.backward.scale(EVERY_CELL, view.layer, view.direction)
    if view.decoding:
        from_y = heat_row("from ŷ", view.g("da_out"), width, scale, view.norm("da_out"))
        heading = f"da<{t}> = Wya^T (ŷ<{t}> − y<{t}>) + " + (f"Waa^T dz<{t + 1}>" if t < T else "0")
        about = "the decoder: from this step's output, and from the step to the right"
    else:
        from_y = fit([seg("from ŷ".ljust(PREFIX), LABEL), seg("0: the encoder has no output", NOTE)], width)
        heading = f"da<{t}> = 0 + " + ("the decoder's da<0>" if t == T else f"Waa^T dz<{t + 1}>")
        about = "the encoder: its only gradient comes from the decoder, through the hand-off"
    if t < T:
        from_next = heat_row(f"from {t + 1}", view.g("da_next"), width, scale, view.norm("da_next"))
    elif view.decoding:
        from_next = fit(
            [seg("from t+1".ljust(PREFIX), LABEL), seg(f"0: nothing after the last output (T_y = {T})", NOTE)], width
        )
    else:
        from_next = heat_row("from dec", view.g("da_next"), width, scale, view.norm("da_next"))
    return titled(title_line(heading, width, [seg(about, DIM)]), [from_y, from_next], height, 3)


PANEL = Panel(
    "s2s-onehot", {"forward": forward, "backward": backward}, shapes=("seq2seq",), when=one_chain, while_loading=False
)
