"""Breakpoints ("run until"): the app stops where the engine's run_until says, in the
direction of the pass, marks the panel that shows why, and says so when nothing matches."""

from __future__ import annotations

from rnnviz.engine.breakpoints import Condition, run_until
from rnnviz.engine.passes import back_steps
from rnnviz.tui.breakwords import reason
from rnnviz.tui.render import line_text
from rnnviz.tui.screens.breakpoint import parse_condition

from .conftest import run_async


def title(app, panel_id: str) -> str:
    panel = app.query_one(f"#{panel_id}")
    return line_text(panel.lines(app.state, panel.size.width, panel.size.height)[0])


@run_async
async def test_run_until_the_prediction_crosses(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")  # harry: a name; "and" (t = 3) is the next flip
        expected = run_until(app.state.trace, Condition("cross"), 1)
        stop = app.run_until(Condition("cross"))
        await pilot.pause()
        assert app.state.t == expected.t == 3 and stop.reason == reason(expected)
        assert app.state.hit == stop
        assert "● stopped: " + reason(expected) in title(app, "sentence")
        assert "● stopped" in title(app, "output")
        assert any(reason(expected) in n.message for n in app._notifications)
        await pilot.press("right")  # moving on clears the mark
        assert app.state.hit is None and "● stopped" not in title(app, "sentence")


@run_async
async def test_nothing_matches_says_so_and_stays(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right")
        before = app.state
        assert app.run_until(Condition("loss", 100.0)) is None
        await pilot.pause()
        assert app.state is before
        assert any("No step matches L<t> > 100: searched t = 3 … 9" in n.message for n in app._notifications)


@run_async
async def test_the_dialog_runs_the_chosen_condition(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        losses = [s.loss for s in app.state.trace.steps]
        await pilot.press("r")
        assert app.screen.id == "breakpoint-dialog"
        await pilot.press("down")  # L<t> above a value
        field = app.screen.query_one("Input")
        field.value = "x"
        await pilot.press("enter")
        assert app.screen.is_modal and "type a number" in str(app.screen.query_one("#prompt-error").render())
        threshold = sorted(losses)[-2]  # only the largest loss is above it
        field.value = repr(threshold)
        await pilot.press("tab", "enter")
        assert not app.screen.is_modal
        assert app.state.t == losses.index(max(losses)) + 1
        assert "● stopped: L<" in title(app, "loss")
        await pilot.press("r")  # the dialog remembers the last condition and its value
        assert app.screen.kind == "loss" and app.screen.query_one("Input").value == f"{threshold:g}"
        await pilot.press("escape")


@run_async
async def test_backward_runs_right_to_left_until_the_gradient_vanishes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        T = app.state.T
        norms = [b.da_norm for b in back_steps(app.state.trace)]
        threshold = 1e-3
        expected = max(t for t in range(1, T) if norms[t - 1] < threshold)
        stop = app.run_until(Condition("grad", threshold))
        await pilot.pause()
        assert app.state.backward and app.state.t == expected and stop.kind == "grad"
        assert f"‖da<{expected}>‖" in stop.reason
        assert "● stopped" in title(app, "loss") and "● stopped" in title(app, "history")
        # the cross condition runs right to left too
        hit = run_until(app.state.trace, Condition("cross"), app.state.t, -1)
        app.run_until(Condition("cross"))
        await pilot.pause()
        assert app.state.t == hit.t < expected


@run_async
async def test_gradient_condition_needs_backward_mode(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.run_until(Condition("grad", 1.0)) is None
        await pilot.pause()
        assert app.state.t == 0 and any("press b" in n.message for n in app._notifications)
        await pilot.press("r")
        options = app.screen.query_one("OptionList")
        assert options.get_option("grad").disabled
        await pilot.press("escape")


def test_parse_condition():
    assert parse_condition("cross", "") == Condition("cross")
    assert parse_condition("loss", " 0.5 ") == Condition("loss", 0.5)
    assert "type a number" in parse_condition("grad", "small")
    assert "finite" in parse_condition("loss", "inf")
