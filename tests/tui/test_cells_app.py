"""The debugger over an LSTM and a GRU, in an app: each cell's panels laid out (the other
cells' hidden), backward mode, and no activation to switch. The numbers themselves are
checked in test_cells.py."""

from __future__ import annotations

import pytest

from rnnviz.engine.params import init_params
from rnnviz.engine.spec import ModelSpec
from rnnviz.pipeline import load_params
from rnnviz.tui.session import Session

from .conftest import run_async, wait_until

SIZES = [(120, 40), (80, 24)]


def heights(app, *names):
    return {name: app.debugger.query_one(f"#{name}").region.height for name in names}


def on_screen(app, name):
    """The panel has rows inside the main column (not only a place pushed below it)."""
    region = app.debugger.query_one(f"#{name}").region
    return region.height > 0 and region.y < app.debugger.query_one("#main").region.bottom


def main_fits(app):
    """The main column's children end inside it: no panel is pushed off the screen."""
    main = app.debugger.query_one("#main")
    return all(child.region.bottom <= main.region.bottom for child in main.children if child.display)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_lstm_layout_and_backward_mode(make_app, vocab, size):
    app = make_app(params_=load_params("lstm-tagger", vocab))
    full = size == (120, 40)
    async with app.run_test(size=size) as pilot:
        debugger = app.debugger
        await pilot.press("right")
        want = {"lstm": 7 if full else 6, "lstm-equations": 8 if full else 4, "hidden": 0, "stacked": 0}
        want |= {"equations": 0, "gru": 0, "gru-equations": 0}
        assert heights(app, *want) == want
        assert on_screen(app, "cell-history") is full and on_screen(app, "lstm-equations")
        assert main_fits(app)
        await pilot.press("b", "left")  # b crashed on 'dz' before: the LSTM has none
        await wait_until(lambda: debugger.view.mode == "backward" and debugger.view.t == 8, "backward at t = 8")
        await pilot.pause()
        rows = [debugger.query_one("#lstm").render_line(y).text for y in range(want["lstm"])]
        assert any(row.startswith("dc<8>") for row in rows)
        bars = [debugger.query_one("#loss").render_line(y).text for y in range(4 if full else 1)]
        assert any("‖dc<8>‖" in row for row in bars)
        titles = [command.title for command in app.get_system_commands(debugger)]
        assert not any("activation" in title for title in titles)  # the LSTM has no g to switch


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_gru_layout_and_backward_mode(make_app, size):
    app = make_app(params_=init_params(spec=ModelSpec(cell="gru"), seed=1))
    gates, eqs = (6, 8) if size == (120, 40) else (5, 5)
    async with app.run_test(size=size) as pilot:
        await pilot.press("right", "b")
        await wait_until(lambda: app.debugger.view.mode == "backward", "backward mode")
        await pilot.pause()
        want = {"gru": gates, "gru-equations": eqs, "lstm": 0, "cell-history": 0}
        assert heights(app, *want) == want
        assert main_fits(app)
        assert app.debugger.query_one("#gru").render_line(gates - 1).text.startswith("da<8>")


def test_the_session_refuses_to_switch_a_gated_cells_activation(vocab, samples):
    session = Session(samples, load_params("lstm-tagger", vocab), vocab, "train.txt")
    notice = session.toggle_activation()
    assert notice is not None and "The LSTM has no g to switch" in notice.message
    assert session.params.activation == "tanh"


@run_async
async def test_backward_over_a_deep_bidirectional_lstm(make_app):
    """The deep and bidirectional panels' gradient scale is the cell's own (it asked an LSTM
    for dz, as the one-chain panels did)."""
    app = make_app(params_=init_params(spec=ModelSpec(cell="lstm", layers=2, bidirectional=True), seed=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "b", "left")
        await wait_until(lambda: app.debugger.view.mode == "backward" and app.debugger.view.t == 8, "t = 8 backward")
        await pilot.pause()
        rows = [app.debugger.query_one("#inputs").render_line(y).text for y in range(4)]
        assert any(row.startswith("da→<8> from 9") for row in rows)
