"""The GRU cell at step t. Forward: the reset gate Γr, the update gate Γu (the course's; it
is 1 − z, PyTorch's z), the candidate c̃<t> (PyTorch's n), a<t-1> and
a<t> = Γu ⊙ c̃<t> + (1 − Γu) ⊙ a<t-1>, as heatmaps on the vanilla panels' fixed scale.
Backward: da<t>, the gradients at the pre-activations of c̃, Γu and Γr, and da<t-1>, which
gets (1 − Γu) ⊙ da<t> straight and the rest through Waa."""

from __future__ import annotations

from ..draw.text import Line
from ..view import ViewState
from .base import Panel, one_chain
from .gates import Row, backward_lines, forward_lines

ROWS = (
    Row("Γr", "r", gate=True),
    Row("Γu", "u", gate=True),
    Row("c̃", "n"),
    Row("a", "a_prev", shift=-1),
    Row("a", "a"),
)
STATES = (Row("a", "a_prev", shift=-1),)  # a<0> at t = 0
GRADIENTS = (
    Row("da", "da"),
    Row("dc̃", "dn"),
    Row("dΓu", "du"),
    Row("dΓr", "dr"),
    Row("da", "da_prev", shift=-1),
)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "the GRU cell: a<t> = Γu ⊙ c̃<t> + (1 − Γu) ⊙ a<t-1>"
    return forward_lines(view, heading, ROWS, STATES, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "da<t>, the gates' gradients, and da<t-1>"
    return backward_lines(view, heading, GRADIENTS, width, height)


PANEL = Panel(
    "gru", {"forward": forward, "backward": backward}, quantities=("r", "u", "n"), when=one_chain, while_loading=False
)
