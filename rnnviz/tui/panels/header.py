"""The header line: which sample, which step, the model's sizes, trained or not."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from ..draw.colours import DIM, GRAD, LABEL, MARK, NUMBER, TITLE, WARN
from ..draw.numbers import fmt_int
from ..draw.text import Line, fit, g_name, line_width, seg
from ..view import ViewState
from .base import Panel

if TYPE_CHECKING:
    from rnnviz.engine import Params


def model_phrases(params: Params) -> tuple[str, ...]:
    """How the header describes the model, longest first: trained or not, on what, and, when
    g was switched after training, with which g it was trained and is shown."""
    from rnnviz.engine.records import TRAINED_WITH
    from rnnviz.pipeline import describe_model

    if not params.meta.get("trained"):
        return (describe_model(params), "untrained")
    trained_with = params.meta.get(TRAINED_WITH, params.activation)
    if trained_with == params.activation:
        return (describe_model(params), "trained")
    shown = f"shown with {g_name(params.activation)}"
    return (
        f"{describe_model(params)} with {g_name(trained_with)}, {shown}",
        f"trained with {g_name(trained_with)}, {shown}",
        f"{g_name(trained_with)}-trained",
    )


def header_line(view: ViewState, width: int, mode_tag: tuple[str, str] | None) -> Line:
    """The parts that always fit first; the model's description as long as there is room;
    a shorter form of everything on a narrow terminal. `mode_tag`: the mode's name, long
    and short, after t (None: nothing)."""
    from rnnviz.engine.cells import get_cell

    params = view.params
    i = view.number + 1
    cell = get_cell(params.spec.cell)
    g = g_name(params.activation) if cell.uses_activation else cell.title  # a gated cell has no g
    phrases = model_phrases(params)
    style = NUMBER if phrases[-1] == "trained" else WARN
    playing: Line = [seg(f"▶ {view.speed:g} words/s", TITLE)] if view.playing else []
    name = view.model
    texts = [f"{name}, {text}" for text in phrases] + [name] if name else list(phrases)
    layers = view.trace.layers
    side = None if view.whole is None else ("decoder" if view.trace.vocab == "y" else "encoder")  # an encoder-decoder's
    n_x, length = view.trace.n_x, "T_y" if side == "decoder" else "T_x"
    line: Line = []
    for short, wide in ((False, 2), (False, 1), (False, 0), (True, 0)):  # the sizes: n_x = V, V, none
        sep = seg(" │ " if not short else " ", DIM)
        line = [
            seg(" rnnviz" if not short else " ", TITLE),
            sep,
            seg(f"x^({i})", LABEL),
            seg(f" sample {i} of {view.count}" if not short else f" {i}/{view.count}", NUMBER),
            sep,
            *([seg(side if not short else side[:3], MARK), sep] if side else []),
            seg("t = " if not short else "t=", LABEL),
            seg(f"{view.t}", NUMBER),
            seg(" of " if not short else "/", DIM),
            seg(f"{length} = " if not short else "", LABEL),
            seg(f"{view.T}", NUMBER),
            sep,
        ]
        if mode_tag is not None:
            line += [seg(mode_tag[short], GRAD), sep]
        if layers > 1:  # which layer the panels show ([ and ] choose)
            line += [
                seg(f"layer {view.layer + 1} of {layers}" if not short else f"L{view.layer + 1}/{layers}", MARK),
                sep,
            ]
        if short:
            line += [seg(f"n_a={params.n_a} V={fmt_int(n_x)} {g}", NUMBER)]
        else:
            line += [
                seg(f"n_a = {params.n_a}", NUMBER),
                seg(", ", DIM),
                seg(f"n_x = V = {fmt_int(n_x)}" if wide == 2 else f"V = {fmt_int(n_x)}", NUMBER),
                seg(", ", DIM),
                seg(f"g = {g}" if cell.uses_activation else f"cell = {g}", NUMBER),
            ]
            if not wide:
                line[-5:] = [seg(f"n_a = {params.n_a}, {g}", NUMBER)]
        if playing:
            line += [sep, *playing]
        for text in texts if short or not name else texts[:-1]:  # the bare name: only in the short form
            candidate = [*line, sep, seg(text, style)]
            if line_width(candidate) <= width:
                return candidate
    return fit(line, width)


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`rnnviz │ x^(1) sample 1 of 365 │ t = 4 of T_x = 9 │ n_a = 100, … │ trained`; a
    language model's generate mode says so after t, with its temperature and seed."""
    generation = view.generation
    if generation is None:
        return [header_line(view, width, None)]
    T, seed = f"{generation.temperature:g}", generation.seed
    return [header_line(view, width, (f"T = {T}, seed {seed}", f"T={T} s{seed}"))]


def backward(view: ViewState, width: int, height: int) -> list[Line]:
    """The same, with `◀ backward` after t."""
    return [header_line(view, width, ("◀ backward", "◀ BPTT"))]


def loading(width: int, height: int) -> list[Line]:
    """Before the model is loaded (the first frame)."""
    return [[seg(" rnnviz", TITLE), seg(" │ ", DIM), seg("loading the model …", DIM)]]


def key(view: ViewState) -> Hashable:
    return (view.trace, view.t, view.mode, view.number, view.count, view.playing, view.speed, view.layer, view.model)


PANEL = Panel("header", {"forward": forward, "backward": backward}, key=key, loading=loading)
