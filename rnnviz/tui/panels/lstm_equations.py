"""The LSTM's equations at step t in PyTorch's form (its gates i, f, g, o and their rows of
Wax, Waa, ba) under the course's names (Γu = i, Γf = f, c̃ = g, Γo = o), with the
engine's numbers. Backward, the equations of BPTT through the cell: dc<t> flows to
c<t-1> through Γf alone, da<t> to a<t-1> through Waa."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, NUMBER
from ..draw.numbers import fmt_sig, grad_preview
from ..draw.text import Line, seg
from ..view import ViewState
from .base import Panel, one_chain
from .cell_equations import (
    Entries,
    fed,
    first_loss,
    from_output,
    grad_norm,
    norm_of,
    output_line,
    shown,
    weights_line,
    with_values,
)

ABOUT = "PyTorch's i, f, g, o = the course's Γu, Γf, c̃, Γo"
DG = "[dΓu; dΓf; dc̃; dΓo]"  # the gradients at the four gates' pre-activations, PyTorch's order


def gate(symbol: str, act: str, row: str, t: int) -> str:
    """`Γf<4> = σ(Wax_f x<4> + Waa_f a<3> + ba_f)`: the rows of gate `row`."""
    return f"{symbol}<{t}> = {act}(Wax_{row} x<{t}> + Waa_{row} a<{t - 1}> + ba_{row})"


def before_first_word(view: ViewState) -> Entries:
    n_a = view.params.n_a
    return [
        (0, [seg("a<0> = 0, c<0> = 0", LABEL), seg(f"   the states before the first word: {n_a} zeros each", DIM)]),
        (1, fed(view)),
        (2, [seg("Γf, Γu, Γo = σ(Wax_· x<1> + Waa_· a<0> + ba_·)", LABEL), seg(",  c̃<1> = tanh(…)", LABEL)]),
        (3, [seg("c<1> = Γf ⊙ c<0> + Γu ⊙ c̃<1>", LABEL), seg(",   ", DIM), seg("a<1> = Γo ⊙ tanh(c<1>)", LABEL)]),
        (4, first_loss(view)),
    ]


def forward_equations(view: ViewState, width: int) -> Entries:
    t = view.t
    if t == 0:
        return before_first_word(view)
    q = view.q
    return [
        (3, with_values(gate("Γf", "σ", "f", t), q("f"), width)),
        (4, with_values(gate("Γu", "σ", "i", t), q("i"), width)),
        (5, with_values(gate("c̃", "tanh", "g", t), q("g"), width)),
        (0, with_values(f"c<{t}> = Γf<{t}> ⊙ c<{t - 1}> + Γu<{t}> ⊙ c̃<{t}>", q("c"), width, norm_of(view, "c", "c"))),
        (6, with_values(gate("Γo", "σ", "o", t), q("o"), width)),
        (1, with_values(f"a<{t}> = Γo<{t}> ⊙ tanh(c<{t}>)", q("a"), width, norm_of(view, "a", "a"))),
        (2, output_line(view)),
    ]


def backward_equations(view: ViewState, width: int) -> Entries:
    t, T = view.t, view.T
    right = f"Waa^T dG<{t + 1}>" if t < T else "0"
    dc_right = f"dc<{t + 1}> ⊙ Γf<{t + 1}>" if t < T else "0"
    da = with_values(f"da<{t}> = {from_output(view)}{right}", view.g("da"), width, grad_norm(view, "da"), True)
    dc: Line = [seg(f"dc<{t}> = {dc_right} + da<{t}> ⊙ Γo<{t}> ⊙ (1 − tanh² c<{t}>)", GRAD), *grad_norm(view, "dc")]
    gates_o_u: Line = [
        seg(f"dΓo<{t}> = da ⊙ tanh(c) ⊙ Γo(1 − Γo)", LABEL),
        seg(",  ", DIM),
        seg(f"dΓu<{t}> = dc ⊙ c̃ ⊙ Γu(1 − Γu)", LABEL),
    ]
    gates_f_g: Line = [
        seg(f"dΓf<{t}> = dc ⊙ c<{t - 1}> ⊙ Γf(1 − Γf)", LABEL),
        seg(",  ", DIM),
        seg(f"dc̃<{t}> = dc ⊙ Γu ⊙ (1 − c̃²)", LABEL),
    ]
    along: Line = [
        seg(f"dc<{t - 1}> = dc<{t}> ⊙ Γf<{t}> = ", GRAD),
        seg(grad_preview(view.g("dc_prev"), 1), NUMBER),
        seg("  ‖·‖ ", DIM),
        seg(fmt_sig(view.norm("dc_prev"), 2), NUMBER),
        seg(f"  → on to step {t - 1}" if t > 1 else "  → c<0>, fixed: the end", NOTE),
    ]
    prev = with_values(f"da<{t - 1}> = Waa^T dG<{t}>", view.g("da_prev"), width, grad_norm(view, "da_prev"), True)
    return [
        (1, da),
        (0, dc),
        (3, gates_o_u),
        (4, gates_f_g),
        (2, along),
        (5, prev),
        (6, weights_line(view, f"dG<{t}>")),
    ]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"LSTM, step t = {view.t}"
    return shown(forward_equations(view, width), heading, ABOUT, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"LSTM backward, t = {view.t}"
    return shown(backward_equations(view, width), heading, f"dG = {DG}, PyTorch's order", width, height)


PANEL = Panel(
    "lstm-equations",
    {"forward": forward, "backward": backward},
    quantities=("f", "i", "g", "o", "c"),
    when=one_chain,
    while_loading=False,
    shapes=("tagger", "classifier"),  # ŷ at every step, or at the last (a language model has its own)
)
