"""How the panels of a deep or bidirectional network name what they show, and which cells are
computed at step t. No drawing and no math here: names, step numbers and the order in which
the network runs.

Names: a→<t> and a←<t> for the two directions (plain a<t> with one direction); the layer is
said by the header and the titles ("layer 1 of 2"), not in every name. The ← chain runs from
the end of the sentence: its a_prev at t is a←<t+1>, and its gradient arrives from step t−1.

Which cells are computed by the time ŷ<t> is (`done`): the → chain of the last layer runs one
word at a time, up to t; everything else already ran over the whole sentence when the
network is bidirectional (ŷ<1> reads a←<1>, which needs a←<2> … a←<T_x>, and every layer
below feeds both chains above). Backward the same holds from the other end: the → chain of the
last layer goes back from T_x down to t, the rest is needed whole. A network of one direction
steps every layer: layer l at t needs layer l−1 at t and before (forward), at t and after
(backward).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnnviz.engine import Trace

ARROWS = ("→", "←")


def cell_box(trace: Trace) -> str:
    """The unrolled pictures' box for one step of the network's cell: `[RNN]`, `[GRU]`,
    `[LSTM]` (the header says the cell too; the box must not contradict it)."""
    return f"[{trace.spec.cell.upper()}]"


def arrow(trace: Trace, direction: int) -> str:
    """`→` or `←` for a bidirectional network, `` for one direction."""
    return ARROWS[direction] if trace.directions > 1 else ""


def named(name: str, trace: Trace, direction: int, t: int | str) -> str:
    """`a→<4>`, `dz←<3>`, `a<4>` (one direction)."""
    return f"{name}{arrow(trace, direction)}<{t}>"


def weight(name: str, trace: Trace, direction: int) -> str:
    """A direction's own weight: `Waa→`, `Wax←` (`Waa` with one direction)."""
    return f"{name}{arrow(trace, direction)}"


def before(direction: int, t: int) -> int:
    """The step a chain comes from: t−1 for →, t+1 for ← (a_prev<t> is a<before(t)>)."""
    return t + 1 if direction else t - 1


def after(direction: int, t: int) -> int:
    """The step a chain goes on to (where its gradient comes back from): t+1 for →, t−1 for ←."""
    return t - 1 if direction else t + 1


def layer_phrase(trace: Trace, layer: int) -> str:
    """`layer 1 of 2` for a deep network, `` for one layer."""
    return f"layer {layer + 1} of {trace.layers}" if trace.layers > 1 else ""


def is_top(trace: Trace, layer: int) -> bool:
    """Whether ŷ reads this layer."""
    return layer == trace.layers - 1


def stepped(trace: Trace, layer: int, direction: int) -> bool:
    """Whether this chain runs one word at a time while t moves (see the module's doc)."""
    return direction == 0 and (trace.directions == 1 or is_top(trace, layer))


def output_used(trace: Trace, tau: int, t: int, backward: bool) -> bool:
    """Whether ŷ<tau> is computed (forward), or its error ŷ<tau> − y<tau> used (backward), when
    the debugger shows step t. Backward in a bidirectional network every error is: the ←
    chain's gradient runs left to right and sums the errors of the words before t too."""
    if backward and trace.directions > 1:
        return True
    return tau >= t if backward else tau <= t


def done(trace: Trace, layer: int, direction: int, tau: int, t: int, backward: bool) -> bool:
    """Whether the cell of word tau (1-based) is computed when the debugger shows step t."""
    if stepped(trace, layer, direction):
        return tau >= t if backward else tau <= t
    return backward or t >= 1
