"""An encoder-decoder's loss: forward, ΣL over the decoder's steps so far, with L<τ> of each
as bars (the encoder has none). Backward, ‖da<τ>‖ of every step reached so far, the
decoder's and then, across the hand-off, the encoder's, as bars on one scale: every gradient
the encoder gets has come back through a<T_x>."""

from __future__ import annotations

from ..draw.colours import DIM, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, fmt_small
from ..draw.text import Line, fit, seg, title_line
from ..view import ViewState, per_trace, top
from .base import Panel, one_chain
from .loss import column_bars
from .s2s_common import decoder, decoder_t


def losses(view: ViewState) -> tuple[float, ...] | None:
    dec = decoder(view)
    return per_trace(dec, "losses", lambda tr: None if tr.losses is None else tuple(tr.losses.tolist()))


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    values, d = losses(view), decoder_t(view)
    title = "ΣL, and L<τ> of each output"
    if values is None:
        text: Line = [seg("ΣL", LABEL), seg(": no target, so no loss", NOTE)]
        return ([title_line(title, width)] if height >= 2 else []) + [fit(text, width)]
    if d == 0:
        text = [seg("ΣL = 0", NUMBER), seg(": no loss on the encoder; L<1> comes at the decoder's step 1", NOTE)]
    else:
        terms = "L<1>" if d == 1 else ("L<1> + L<2>" if d == 2 else f"L<1> + … + L<{d}>")
        cum = decoder(view).steps[d - 1].cum_loss or 0.0
        text = [seg(f"ΣL = {terms} = ", LABEL), seg(fmt_small(cum), NUMBER)]
    if height < 3:
        return [fit(text, width)]
    highest = per_trace(decoder(view), "loss top", lambda tr: top(values))
    return [
        title_line(title, width),
        fit(text, width),
        *column_bars(values, d, width, height - 2, fmt_small(highest), False),
    ]


def norms(view: ViewState) -> tuple[float, ...]:
    """‖da<τ>‖ of the encoder's steps, then the decoder's (the engine's readouts)."""
    dec = decoder(view)
    return per_trace(view.trace, "da norms", lambda tr: (*tr.backward.norms("da"), *dec.backward.norms("da")))


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    t, T_x = view.t, view.trace.T
    values = norms(view)
    side = "decoder" if t > T_x else "encoder"
    local = t - T_x if t > T_x else t
    text: Line = [seg(f"‖da<{local}>‖ = ", LABEL), seg(fmt_sig(values[t - 1], 3), NUMBER), seg(f"  on the {side}", DIM)]
    if height < 3:
        return [fit(text, width)]
    highest = per_trace(view.trace, "da norms top", lambda tr: top(values))
    rows = column_bars(values, t, width, height - 2, fmt_sig(highest, 3), True)
    title = title_line("‖da<τ>‖: encoder ◀ hand-off ◀ decoder", width)
    return [title, fit(text, width), *rows]


PANEL = Panel(
    "s2s-loss",
    {"forward": forward, "backward": backward},
    shapes=("seq2seq",),
    when=one_chain,
    while_loading=False,
    whole=True,
)
