"""Panel 1, the header line: which sample, which step, the model's sizes, trained or not."""

from __future__ import annotations

from collections.abc import Hashable

from ..render import DIM, GRAD, LABEL, NUMBER, TITLE, WARN, Line, fit, fmt_int, g_name, line_width, seg
from ..state import TRAINED_WITH, ViewState
from .panel import Panel


def model_phrases(params) -> tuple[str, ...]:
    """How the header describes the model, longest first: trained or not, on what, and, when
    g was switched after training, with which g it was trained and is shown."""
    from rnnviz.pipeline import describe_model

    if not params.meta.get("trained"):
        return (describe_model(params), "untrained")
    trained_with = params.meta.get(TRAINED_WITH, params.activation)
    if trained_with == params.activation:
        return (describe_model(params), "trained")
    switched = f"trained with {g_name(trained_with)}, shown with {g_name(params.activation)}"
    return (
        f"{describe_model(params)} with {g_name(trained_with)}, shown with {g_name(params.activation)}",
        switched,
        f"{g_name(trained_with)}-trained",
    )


def header_line(state: ViewState, width: int) -> Line:
    """The parts that always fit first; the model's description as long as there is room;
    a shorter form of everything on a narrow terminal."""
    params = state.params
    i = state.number + 1
    g = g_name(params.activation)
    phrases = model_phrases(params)
    style = NUMBER if phrases[-1] == "trained" else WARN
    playing: Line = [seg(f"▶ {state.speed:g} words/s", TITLE)] if state.playing else []
    for short in (False, True):
        sep = seg(" │ " if not short else " ", DIM)
        line: Line = [
            seg(" rnnviz" if not short else " ", TITLE),
            sep,
            seg(f"x^({i})", LABEL),
            seg(f" sample {i} of {state.count}" if not short else f" {i}/{state.count}", NUMBER),
            sep,
            seg("t = " if not short else "t=", LABEL),
            seg(f"{state.t}", NUMBER),
            seg(" of " if not short else "/", DIM),
            seg("T_x = " if not short else "", LABEL),
            seg(f"{state.T}", NUMBER),
            sep,
        ]
        if state.backward:
            line += [seg("◀ backward" if not short else "◀ BPTT", GRAD), sep]
        if short:
            line += [seg(f"n_a={params.n_a} V={fmt_int(params.n_x)} {g}", NUMBER)]
        else:
            line += [
                seg(f"n_a = {params.n_a}", NUMBER),
                seg(", ", DIM),
                seg(f"n_x = V = {fmt_int(params.n_x)}", NUMBER),
                seg(", ", DIM),
                seg(f"g = {g}", NUMBER),
            ]
        if playing:
            line += [sep, *playing]
        for text in phrases:
            candidate = [*line, sep, seg(text, style)]
            if line_width(candidate) <= width:
                return candidate
    return fit(line, width)


class HeaderLine(Panel):
    """`rnnviz │ x^(1) sample 1 of 365 │ t = 4 of T_x = 9 │ n_a = 100, … │ untrained`."""

    def key(self, state: ViewState) -> Hashable:
        return (state.trace, state.t, state.mode, state.number, state.count, state.playing, state.speed)

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        return [header_line(state, width)]

    def placeholder(self, width: int, height: int) -> list[Line]:
        return [[seg(" rnnviz", TITLE), seg(" │ ", DIM), seg("loading the model …", DIM)]]
