"""What the panels say and where (issue 13): no title cut at 120 x 40, a breakpoint's mark
beside a panel's title (never over it), the history at t = 0, labelled bars, and the wide
layout's heatmaps (wider, drawn to the half cell) and places. Numbers come from
conftest.Reference, the equations written out in the test."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine.breakpoints import Condition
from rnnviz.tui.draw.colours import STOPS, level_rgb
from rnnviz.tui.draw.heatmap import unit_ruler
from rnnviz.tui.draw.numbers import fmt_sig, fmt_small
from rnnviz.tui.draw.text import line_text, line_width
from rnnviz.tui.panels import equations, header, hidden, history, loss, onehot, output, sentence, stacked, unrolled
from rnnviz.tui.session import Session
from rnnviz.tui.training import TrainingView
from rnnviz.tui.widgets import training as training_panel

from .conftest import Reference, run_async

# Each panel's box in the full layout at 120 x 40 (debugger.tcss).
FULL = {
    header: (120, 1),
    sentence: (120, 4),
    unrolled: (120, 6),
    onehot: (120, 3),
    stacked: (120, 3),
    hidden: (120, 4),
    output: (43, 4),
    loss: (43, 4),
    equations: (76, 8),
    history: (120, 10),
}


@pytest.fixture(scope="module")
def session(params, vocab, samples):
    return Session(samples, params, vocab, "sample_sentences/train.txt")


@pytest.fixture(scope="module")
def ref(params, vocab, samples):
    return Reference(params, vocab, samples[0].tokens, samples[0].labels)


def lines(module, view, width, height) -> list[str]:
    return [line_text(line) for line in module.PANEL.lines(view, width, height)]


@pytest.mark.parametrize("mode", ["forward", "backward"])
def test_no_title_is_cut_at_120_x_40(session, mode):
    """Every panel's title, and every line of the equations, fits its box at every t."""
    start = session.view(0, mode=mode)
    for t in range(start.first, start.T + 1):
        view = start.at(t)
        for module, (width, height) in FULL.items():
            shown = lines(module, view, width, height)
            checked = shown if module is equations else shown[:1]
            for row in checked:
                assert not row.rstrip().endswith("…"), (mode, t, module.__name__, row)


@pytest.mark.parametrize("status", ["running", "stopping", "done", "stopped", "failed"])
def test_the_training_panels_title_fits_at_120(status):
    view = TrainingView(
        status=status,
        source="/home/someone/data/sample_sentences/train.txt and 2 typed here",
        sentences=1527,
        epochs=20,
        lr=0.0003,
    )
    title = line_text(training_panel.title(view, 120))
    assert title.startswith("── training on train.txt and 2 typed here (1527 sentences, lr 0.0003) ─ ")
    assert not title.endswith("…") and len(title) == 120


@pytest.mark.parametrize(("kind", "panels"), [("cross", (output, sentence)), ("loss", (output, loss))])
def test_a_breakpoint_marks_a_panel_beside_its_title(session, kind, panels):
    start = session.view(0)
    found, _ = session.run_until(start.at(1) if kind == "cross" else start, Condition(kind, 0.001))
    assert found is not None and found.hit is not None
    titles = {
        output: "── ŷ<t>, the output ─",
        loss: "── ΣL, and L<τ> of each word ─",
        sentence: "── x^(1), the sentence ─",
    }
    for module in panels:
        width, height = FULL[module]
        first = lines(module, found, width, height)[0]
        assert first.startswith(titles[module]) and "●" in first, first
    wide = lines(sentence, found, 120, 4)[0] if kind == "cross" else lines(output, found, 120, 4)[0]
    assert f"● stopped: {found.hit.reason}" in wide  # where there is room, the reason too


def test_the_history_at_t0_keeps_the_first_word_and_a0_is_shown_once(session):
    view = session.view(0)
    rows = lines(history, view, 120, 10)
    assert rows[1] == "  1 harry    ·  nothing yet: each step adds the row a<t> of the word it feeds"
    assert [r.split()[1] for r in rows[1:]] == list(view.trace.tokens)
    for width, height in ((120, 4), (80, 3)):
        shown = lines(hidden, view, width, height)
        assert sum(r.startswith("a<0>") for r in shown) == 1, shown
    both = lines(hidden, view, 120, 4) + lines(equations, view, 76, 8)
    assert sum("a<0> = 0" in r for r in both) == 1


def test_the_bars_say_what_they_are(session, ref):
    """L<τ> forward and ‖da<τ>‖ backward: named, on a scale whose top is the largest value."""
    view = session.view(0).at(4)
    shown = lines(loss, view, 43, 4)
    assert "L<τ>" in shown[0]
    top = fmt_small(max(ref.loss))
    assert shown[2].startswith(f"{top}┤") and shown[3].startswith(f"{'0'.rjust(len(top))}┤")
    assert "L<τ> " in lines(loss, view, 80, 1)[0]  # the compact layout's one line
    tall = lines(loss, view, 43, 14)
    assert tall[2] == f"L<τ> of each word; a full bar is {top}"
    for tau, token in enumerate(view.trace.tokens, 1):  # one row per word: its bar and L<τ>
        row = tall[2 + tau]
        assert row[2:].split()[:2] == [str(tau), token]
        assert row.endswith(f" {fmt_small(ref.loss[tau - 1])}") if tau <= 4 else row.endswith("·")
    back = session.view(0, mode="backward").at(4)
    norms = [float(np.linalg.norm(da)) for da in ref.da]
    shown = lines(loss, back, 43, 4)
    assert "‖da<τ>‖" in shown[0] and shown[2].startswith(f"{fmt_sig(max(norms), 3)}┤")
    assert "‖da<τ>‖ " in lines(loss, back, 80, 1)[0]


# -- the wide layout -------------------------------------------------------------------------


def cells(line) -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """(left half, right half) colours of each cell of a heatmap row."""
    out = []
    for segment in line:
        style = segment.style
        for char in segment.text:
            bg = style.bgcolor.get_truecolor() if style and style.bgcolor else None
            fg = style.color.get_truecolor() if style and style.color else None
            left, right = (fg, bg) if char == "▌" else (bg, bg)
            out.append((tuple(left), tuple(right)))
    return out


def level(value: float) -> int:
    """The colour level of a value on the fixed scale, counted here."""
    return int(np.sign(value)) * sum(abs(value) >= stop for stop in STOPS)


@pytest.mark.parametrize(("width", "halves"), [(200, 4), (160, 3)])
def test_the_wide_layout_draws_z_and_a_wider(session, ref, width, halves):
    """8 rows high: z<t> and a<t> each named on a row, then drawn two rows high across the
    width, every unit `halves` half-cells wide (1.5 cells at 160), the unit numbers under."""
    view = session.view(0).at(4)
    rows = hidden.PANEL.lines(view, width, 8)
    texts = [line_text(r) for r in rows]
    assert texts[1].startswith("z<4> = Waa a<3> + Wax x<4> + ba") and texts[4].startswith("a<4> = tanh(z<4>)")
    assert f"1 unit = {halves / 2:g} cells" in texts[0] or f"{halves // 2} cells = 1 unit" in texts[0]
    for row, values in ((2, ref.z[3]), (3, ref.z[3]), (5, ref.a[3]), (6, ref.a[3])):
        assert line_width(rows[row]) == 100 * halves // 2
        half_cells = [half for cell in cells(rows[row]) for half in cell][: 100 * halves]
        expected = [level_rgb(level(v)) for v in values for _ in range(halves)]
        assert half_cells == expected
    assert texts[7].startswith("1") and texts[7].split()[:3] == ["1", "10", "20"]
    assert texts[7].index("10") == 9 * halves // 2


def test_the_ruler_puts_each_number_at_its_unit():
    ruler = line_text(unit_ruler(100, 200))
    assert ruler.index("10") == 18 and ruler.index("50") == 98 and ruler.endswith("100") and len(ruler) == 200


@run_async
async def test_the_wide_layout_puts_the_history_beside_y_hat_and_the_loss(make_app):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("right")
        screen = app.debugger
        assert screen.has_class("-wide")
        region = {name: screen.query_one(f"#{name}").region for name in ("outputs", "equations", "history", "hidden")}
        assert region["hidden"].height == 8 and region["hidden"].width == 200
        assert region["history"].x == region["equations"].x == region["outputs"].right
        assert region["history"].y == region["equations"].bottom
        assert region["outputs"].bottom == region["history"].bottom == 59  # down to the key bar
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.debugger
        assert not screen.has_class("-wide")
        history_region = screen.query_one("#history").region
        assert history_region.x == 0 and history_region.width == 120
        assert history_region.y == screen.query_one("#outputs").region.bottom


def test_header_is_one_line_at_any_width(session):
    for width in (80, 120, 200):
        assert len(lines(header, session.view(0), width, 1)) == 1
