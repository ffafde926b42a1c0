"""The LSTM cell at step t. Forward: the forget gate Γf, the update gate Γu, the candidate
c̃<t>, the cell state c<t> = Γf ⊙ c<t-1> + Γu ⊙ c̃<t>, the output gate Γo and
a<t> = Γo ⊙ tanh(c<t>), as heatmaps on the vanilla panels' fixed scale (PyTorch's f, i, g,
o under the course's names). Backward: da<t> and, next to it, dc<t>, the gradient flowing
along the cell state, then the gates' gradients dΓf, dΓu, dc̃, dΓo (at their
pre-activations, the course's dft, dit, dcct, dot)."""

from __future__ import annotations

from ..draw.text import Line
from ..view import ViewState
from .base import Panel, one_chain
from .gates import Row, backward_lines, forward_lines

ROWS = (
    Row("Γf", "f", gate=True),
    Row("Γu", "i", gate=True),
    Row("c̃", "g"),
    Row("c", "c"),
    Row("Γo", "o", gate=True),
    Row("a", "a"),
)
STATES = (Row("c", "c_prev", shift=-1), Row("a", "a_prev", shift=-1))  # c<0>, a<0> at t = 0
GRADIENTS = (
    Row("da", "da"),
    Row("dc", "dc"),
    Row("dΓf", "df"),
    Row("dΓu", "di"),
    Row("dc̃", "dg"),
    Row("dΓo", "do"),
)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "the LSTM cell: Γf keeps c<t-1>, Γu writes c̃<t>, Γo reads c<t>"
    return forward_lines(view, heading, ROWS, STATES, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = "da<t>, and dc<t> along the cell state"
    return backward_lines(view, heading, GRADIENTS, width, height)


PANEL = Panel(
    "lstm",
    {"forward": forward, "backward": backward},
    quantities=("f", "i", "g", "o", "c"),
    when=one_chain,
    while_loading=False,
)
