"""Generate mode by its keys, in the app: g, [ and ], d, ← through the generated text, b on it,
and g back to the line; the keys a tagger hides. State, not pixels (the snapshots draw it)."""

from __future__ import annotations

import numpy as np

from rnnviz.cli import load_tui_inputs, tui_parser
from rnnviz.tui.app import RnnvizApp

from .conftest import run_async, wait_until
from .lm_reference import LmReference


def lm_app() -> RnnvizApp:
    app = RnnvizApp(load_tui_inputs(tui_parser().parse_args(["--model", "charlm"])))
    app.animation_level = "none"
    return app


@run_async
async def test_generate_mode_by_its_keys():
    app = lm_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        line = debugger.view.sentence.text
        assert debugger.check_action("temperature", (1,)) is False  # hidden until generating
        assert debugger.check_action("train", ()) is False  # training in the app is the tagger's
        await pilot.press("right", "right", "right", "g")
        view = debugger.view
        gen = view.generation
        assert gen is not None and (view.t, gen.temperature, gen.seed, gen.kept) == (3, 1.0, 0, 2)
        assert view.sentence.text[:2] == line[:2]
        await pilot.press("right_square_bracket")
        assert debugger.view.generation.temperature == 1.5 and debugger.view.t == 3
        await pilot.press("d")
        hot = debugger.view
        assert (hot.generation.seed, hot.generation.temperature) == (1, 1.5)
        ref = LmReference(debugger.session.params, debugger.session.vocab.words, [*hot.sentence.text, "\n"][: hot.T])
        np.testing.assert_allclose(hot.generation.at(3).draw.probs, ref.tempered(3, 1.5), rtol=1e-9)
        await pilot.press("right", "right", "left")
        assert debugger.view.t == 4 and debugger.view.trace is hot.trace  # stepping back is exact
        await pilot.press("b")
        assert debugger.view.backward and debugger.view.generation is hot.generation
        assert debugger.check_action("redraw", ()) is None  # shown, dimmed: draws are forward
        await pilot.press("b", "g")
        assert debugger.view.generation is None and debugger.view.sentence.text == line


@run_async
async def test_a_tagger_hides_the_generate_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        debugger = app.debugger
        for action, parameters in (("generate", ()), ("temperature", (1,)), ("redraw", ())):
            assert debugger.check_action(action, parameters) is False
        shown = {b.binding.id for b in debugger.active_bindings.values()}
        assert not shown & {"generate", "colder", "hotter", "redraw"} and "train" in shown


@run_async
async def test_help_opens_on_the_language_model_section():
    from textual.containers import VerticalScroll

    from rnnviz.tui.screens.help import HelpScreen

    app = lm_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_until(lambda: isinstance(app.screen, HelpScreen), "the help screen")
        body = app.screen.query_one("#help-body", VerticalScroll)
        await wait_until(lambda: body.scroll_y > 20, "the help scrolled to the language model's section")
        heading = next(h for h in app.screen.query("MarkdownH2") if (h.id or "").startswith("heading-a-character"))
        assert 0 <= heading.region.y - body.region.y <= 4  # at the top of the help's box (border, margin)


@run_async
async def test_the_neighbouring_steps_are_drawn_after_the_frame():
    """A step's frame comes first: the lines of t ± 1 are drawn (for the next key) only once
    every panel has painted t's (drawing them first delayed a step of charlm by 2-6 ms)."""
    from rnnviz.tui.widgets.panel import PanelView

    app = lm_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        panels = [panel for panel in debugger.query(PanelView) if panel.display]
        drawn: list[tuple[int, bool]] = []
        for panel in panels:

            def prepare(view, panel=panel, original=panel.prepare):
                drawn.append((view.t, all(p.painted for p in panels)))
                original(view)

            panel.prepare = prepare
        await pilot.press("right", "right")
        await wait_until(lambda: {t for t, _ in drawn} >= {1, 3}, "the neighbours of t = 2 drawn")
        assert debugger.view.t == 2 and drawn and all(painted for _, painted in drawn)


@run_async
async def test_switching_model_while_generating_opens_the_new_models_samples():
    """g, then the palette's "open seq2seq" (it crashed: the generated text was drawn again
    with the encoder-decoder's word vocabulary); then back to charlm, and from a tagger in
    backward mode to the classifier: each opens on its own first sample, forward, at t = 0."""
    app = lm_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right", "right", "g")
        await wait_until(lambda: debugger.view.generation is not None, "generate mode")
        debugger.switch_model("seq2seq")
        await pilot.pause()
        view = debugger.view
        assert (view.shape, view.t, view.mode, view.generation) == ("seq2seq", 0, "forward", None)
        assert view.source == "sample_sentences/seq2seq/heldout.txt" and view.number == 0
        debugger.switch_model("charlm")
        await pilot.pause()
        assert debugger.view.shape == "lm" and debugger.view.t == 0
        debugger.switch_model("tagger")
        await pilot.pause()
        await pilot.press("b")
        assert debugger.view.backward
        debugger.switch_model("classifier")
        await pilot.pause()
        assert (debugger.view.shape, debugger.view.mode, debugger.view.t) == ("classifier", "forward", 0)
