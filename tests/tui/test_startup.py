"""The app built from a loader (`rnnviz` itself): the first frame, a "loading" header over
empty panels of their final heights, is drawn before the loader runs (in a worker thread);
keys do nothing until it has returned; then the debugger shows the first sentence at t = 0,
exactly as an app built from loaded objects does."""

from __future__ import annotations

import threading

from rnnviz.errors import UserError
from rnnviz.tui.app import RnnvizApp
from rnnviz.tui.session import Session

from .conftest import run_async, wait_until


def heights(app) -> dict[str, int]:
    return {p.id: p.size.height for p in app.debugger.query("#main > *, #bottom *") if p.id}


@run_async
async def test_loading_frame_then_the_debugger(vocab, params, samples, make_app):
    release = threading.Event()

    def loader():
        assert release.wait(30)
        return Session(samples, params, vocab, "sample_sentences/train.txt")

    app = RnnvizApp.from_loader(loader)
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.pause()
        assert debugger.view is None
        header = debugger.query_one("#header")
        assert "loading the model" in header.render_line(0).text
        loading_heights = heights(app)
        assert debugger.check_action("step", (1,)) is False
        assert debugger.check_action("help", ()) is False
        await pilot.press("right", "space", "n")  # disabled while loading: nothing happens
        assert debugger.view is None
        release.set()
        await wait_until(lambda: debugger.view is not None, "the loader's view")
        await pilot.pause()
        assert (debugger.view.t, debugger.view.number, debugger.view.count) == (0, 0, len(samples))
        assert "sample 1 of" in header.render_line(0).text
        assert heights(app) == loading_heights  # no layout change when the model arrives
        await pilot.press("right")
        assert debugger.view.t == 1

    reference = make_app()
    async with reference.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert heights(reference) == loading_heights


@run_async
async def test_a_loader_error_ends_the_app_and_is_kept():
    def loader():
        raise UserError("bad.npz: not a model file")

    app = RnnvizApp.from_loader(loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.load_error is not None, "the loader's error")
        await pilot.pause()
    assert isinstance(app.load_error, UserError)
    assert str(app.load_error) == "bad.npz: not a model file"
    assert app.return_code == 2
