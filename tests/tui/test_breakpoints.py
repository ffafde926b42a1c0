"""Breakpoints ("run until"): the screen stops where the condition first holds, in the
direction of the pass (found here from the equations, conftest.Reference), marks the panel
that shows why, and says so, on screen, when nothing matches."""

from __future__ import annotations

import numpy as np

from rnnviz.engine.breakpoints import Condition
from rnnviz.tui.breakpoints import parse_condition

from .conftest import Reference, run_async, wait_until


def title(app, panel_id: str) -> str:
    """The first row of a panel, as drawn."""
    return app.debugger.query_one(f"#{panel_id}").render_line(0).text


def toasts(app) -> str:
    """The text of the notifications on screen (the app runs with notifications=True)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


@run_async
async def test_run_until_the_prediction_crosses(make_app, params, vocab, samples):
    ref = Reference(params, vocab, samples[0].tokens)
    names = [p > 0.5 for p in ref.y_hat]
    expected = next(t for t in range(2, 10) if names[t - 1] != names[t - 2])  # from t = 1, forward
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        debugger = app.debugger
        await pilot.press("right")  # harry: a name
        found = debugger.run_until(Condition("cross"))
        await pilot.pause()
        reason = f"ŷ<{expected}> = {ref.y_hat[expected - 1]:.4f} crossed 0.5 (ŷ<{expected - 1}> = {ref.y_hat[expected - 2]:.4f})"
        assert found is debugger.view and debugger.view.t == expected == 3
        assert debugger.view.hit is not None and debugger.view.hit.reason == reason
        assert "● stopped: " + reason in title(app, "sentence")
        assert "● stopped" in title(app, "output")
        await wait_until(lambda: reason in toasts(app), "the notification")
        await pilot.press("right")  # moving on clears the mark
        assert debugger.view.hit is None and "● stopped" not in title(app, "sentence")


@run_async
async def test_nothing_matches_says_so_and_stays(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right")
        before = debugger.view
        assert debugger.run_until(Condition("loss", 100.0)) is None
        await pilot.pause()
        assert debugger.view is before
        await wait_until(lambda: "No step matches L<t> > 100: searched t = 3 … 9" in toasts(app), "the notice")


@run_async
async def test_the_dialog_runs_the_chosen_condition(make_app, params, vocab, samples):
    ref = Reference(params, vocab, samples[0].tokens, samples[0].labels)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("r")
        assert app.screen.id == "breakpoint-dialog"
        await pilot.press("down")  # L<t> above a value
        field = app.screen.query_one("Input")
        field.value = "x"
        await pilot.press("enter")
        assert app.screen.is_modal and "type a number" in str(app.screen.query_one("#prompt-error").render())
        threshold = sorted(ref.loss)[-2]  # only the largest loss is above it
        field.value = repr(float(threshold))
        await pilot.press("tab", "enter")
        assert app.screen is debugger
        assert debugger.view.t == int(np.argmax(ref.loss)) + 1
        # ΣL's panel is narrow: it keeps its title and says "● stopped"; the toast says why
        assert title(app, "loss").startswith("── ΣL, and L<τ> of each word ─  ● stopped ")
        await pilot.press("r")  # the dialog remembers the last condition and its value
        assert app.screen.kind == "loss" and app.screen.query_one("Input").value == f"{threshold:g}"
        await pilot.press("escape")


@run_async
async def test_backward_runs_right_to_left_until_the_gradient_vanishes(make_app, params, vocab, samples):
    ref = Reference(params, vocab, samples[0].tokens, samples[0].labels)
    norms = [float(np.linalg.norm(da)) for da in ref.da]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("b")
        expected = max(t for t in range(1, 9) if norms[t - 1] < 0.02)  # the first below, right to left
        assert expected < 8  # it runs past the last steps first
        debugger.run_until(Condition("grad", 0.02))
        await pilot.pause()
        view = debugger.view
        assert view.backward and view.t == expected and view.hit is not None and view.hit.kind == "grad"
        assert f"‖da<{expected}>‖ = {norms[expected - 1]:.3g} < 0.02" == view.hit.reason
        assert "● stopped" in title(app, "loss") and "● stopped" in title(app, "history")
        # the cross condition runs right to left too
        names = [p > 0.5 for p in ref.y_hat]
        cross = next(t for t in range(expected - 1, 0, -1) if names[t - 1] != names[t])
        debugger.run_until(Condition("cross"))
        await pilot.pause()
        assert debugger.view.t == cross


@run_async
async def test_gradient_condition_needs_backward_mode(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        debugger = app.debugger
        assert debugger.run_until(Condition("grad", 1.0)) is None
        await pilot.pause()
        assert debugger.view.t == 0
        await wait_until(lambda: "press b" in toasts(app), "the notice")
        await pilot.press("r")
        assert app.screen.query_one("OptionList").get_option("grad").disabled
        await pilot.press("escape")


def test_parse_condition():
    assert parse_condition("cross", "") == Condition("cross")
    assert parse_condition("loss", " 0.5 ") == Condition("loss", 0.5)
    assert "type a number" in parse_condition("grad", "small")
    assert "finite" in parse_condition("loss", "inf")
