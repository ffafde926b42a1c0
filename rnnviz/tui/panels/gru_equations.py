"""The GRU's equations at step t in PyTorch's form (its gates r, z, n and their rows of Wax,
Waa, ba; b_hn apart, as `bhn`) under the course's names (Γr = r, Γu = 1 − z, c̃ = n),
with the engine's numbers, and one line on how the course writes it otherwise. Backward,
the equations of BPTT through the cell."""

from __future__ import annotations

from ..draw.colours import DIM, GRAD, LABEL, NOTE, WARN
from ..draw.text import Line, seg
from ..view import ViewState
from .base import Panel, one_chain
from .cell_equations import Entries, fed, first_loss, from_output, grad_norm, norm_of, output_line, shown, with_values

ABOUT = "PyTorch's r, z, n = the course's Γr, 1 − Γu, c̃"
# How the course's GRU differs from PyTorch's (which rnnviz runs, so that its weights load).
COURSE_NOTE: Line = [
    seg("course: ", WARN),
    seg("Γu = 1 − z; Γr goes before the matmul: Wc [Γr ⊙ a<t-1>; x<t>]", NOTE),
]
PYTORCH: Line = [seg("PyTorch writes a<t> = (1 − z) ⊙ n + z ⊙ a<t-1>: the same a<t>", DIM)]
DH = "[dΓr; −dΓu; Γr ⊙ dc̃]"  # what Waa's rows r, z, n see backward


def before_first_word(view: ViewState) -> Entries:
    n_a = view.params.n_a
    return [
        (0, [seg("a<0> = 0", LABEL), seg(f"   the state before the first word: {n_a} zeros", DIM)]),
        (1, fed(view)),
        (
            2,
            [
                seg("Γr = σ(…), Γu = 1 − σ(…)", LABEL),
                seg(",  ", DIM),
                seg("c̃<1> = tanh(… + Γr ⊙ (Waa_n a<0> + bhn))", LABEL),
            ],
        ),
        (3, [seg("a<1> = Γu ⊙ c̃<1> + (1 − Γu) ⊙ a<0>", LABEL)]),
        (4, first_loss(view)),
        (5, COURSE_NOTE),
    ]


def forward_equations(view: ViewState, width: int) -> Entries:
    t = view.t
    if t == 0:
        return before_first_word(view)
    q = view.q
    x, a = f"Wax_{{}} x<{t}>", f"Waa_{{}} a<{t - 1}>"
    return [
        (3, with_values(f"Γr<{t}> = σ({x.format('r')} + {a.format('r')} + ba_r)", q("r"), width)),
        (4, with_values(f"Γu<{t}> = 1 − σ({x.format('z')} + {a.format('z')} + ba_z)", q("u"), width)),
        (5, with_values(f"c̃<{t}> = tanh({x.format('n')} + ba_n + Γr<{t}> ⊙ ({a.format('n')} + bhn))", q("n"), width)),
        (
            0,
            with_values(
                f"a<{t}> = Γu<{t}> ⊙ c̃<{t}> + (1 − Γu<{t}>) ⊙ a<{t - 1}>", q("a"), width, norm_of(view, "a", "a")
            ),
        ),
        (1, output_line(view)),
        (2, COURSE_NOTE),
        (6, PYTORCH),
    ]


def backward_equations(view: ViewState, width: int) -> Entries:
    t, T = view.t, view.T
    right = f"from step {t + 1}" if t < T else "0"
    da = with_values(f"da<{t}> = {from_output(view)}{right}", view.g("da"), width, grad_norm(view, "da"), True)
    dn: Line = [seg(f"dc̃<{t}> = da<{t}> ⊙ Γu<{t}> ⊙ (1 − c̃<{t}>²)", GRAD), *grad_norm(view, "dn")]
    du: Line = [seg(f"dΓu<{t}> = da<{t}> ⊙ (c̃<{t}> − a<{t - 1}>) ⊙ Γu(1 − Γu)", GRAD), *grad_norm(view, "du")]
    dr: Line = [seg(f"dΓr<{t}> = dc̃<{t}> ⊙ (Waa_n a<{t - 1}> + bhn) ⊙ Γr(1 − Γr)", GRAD), *grad_norm(view, "dr")]
    prev: Line = [
        seg(f"da<{t - 1}> = Waa^T {DH}<{t}> + (1 − Γu<{t}>) ⊙ da<{t}>", GRAD),
        *grad_norm(view, "da_prev"),
    ]
    short: Line = [seg(f"(1 − Γu) ⊙ da<{t}> reaches a<{t - 1}> straight: no Waa, no tanh'", NOTE)]
    back = view.back
    weights: Line = [
        seg(f"dWaa += {DH} a<{t - 1}>^T", GRAD),
        seg(f",  dWax[:, {back.index:,}] += [dΓr; −dΓu; dc̃]", GRAD),
        seg(f" ('{back.token}')", DIM),
    ]
    return [(1, da), (0, dn), (2, du), (3, dr), (4, prev), (5, short), (6, weights)]


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"GRU, step t = {view.t}"
    return shown(forward_equations(view, width), heading, ABOUT, width, height)


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    heading = f"GRU backward, t = {view.t}"
    return shown(backward_equations(view, width), heading, "at the gates' pre-activations", width, height)


PANEL = Panel(
    "gru-equations",
    {"forward": forward, "backward": backward},
    quantities=("r", "u", "n"),
    when=one_chain,
    while_loading=False,
    shapes=("tagger", "classifier"),  # ŷ at every step, or at the last (a language model has its own)
)
