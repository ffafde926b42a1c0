"""Pilot tests: the state the screen holds after keys, not pixels, and its numbers checked
against the seed's equations written out in the test (conftest.Reference). Every press waits
for the app to be idle (tens of milliseconds), so these are few."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.tui.panels import sentence

from .conftest import UNKNOWN_SENTENCE, Reference, run_async, wait_until


@run_async
async def test_keys_move_t_within_bounds(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        assert (debugger.view.t, debugger.view.T) == (0, 9)
        await pilot.press("left", "h", "home")  # all disabled at t = 0: nothing happens
        assert debugger.view.t == 0
        await pilot.press("right", "l", "right")
        assert debugger.view.t == 3
        await pilot.press("left")
        assert debugger.view.t == 2
        await pilot.press("end", "right", "l")  # disabled at t = T_x
        assert debugger.view.t == 9
        await pilot.press("h")
        assert debugger.view.t == 8
        await pilot.press("home")
        assert debugger.view.t == 0


@run_async
async def test_check_action_disables_what_cannot_act(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        assert debugger.check_action("step", (-1,)) is None  # shown, disabled
        assert debugger.check_action("go_start", ()) is None
        assert debugger.check_action("sentence", (-1,)) is None
        assert debugger.check_action("step", (1,)) is True
        back = next(b for b in debugger.active_bindings.values() if b.binding.id == "step_back")
        assert back.enabled is False
        await pilot.press("end")
        assert debugger.check_action("step", (1,)) is None
        assert debugger.check_action("step", (-1,)) is True
        back = next(b for b in debugger.active_bindings.values() if b.binding.id == "step_back")
        assert back.enabled is True


@run_async
async def test_the_numbers_held_are_the_equations(make_app, params, vocab, samples):
    """z<t>, a<t>, ŷ<t>, L<t> and ΣL at every step, against the equations in the test."""
    ref = Reference(params, vocab, samples[0].tokens, samples[0].labels)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for t in range(1, 10):
            await pilot.press("right")
            view = app.debugger.view
            step = view.step
            assert view.t == t and step.token == samples[0].tokens[t - 1] and step.index == ref.index[t - 1]
            np.testing.assert_allclose(view.q("z"), ref.z[t - 1], rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(view.q("a"), ref.a[t - 1], rtol=1e-12, atol=1e-14)
            assert step.y_hat == pytest.approx(ref.y_hat[t - 1], rel=1e-12)
            assert step.loss == pytest.approx(ref.loss[t - 1], rel=1e-9, abs=1e-15)
            assert step.cum_loss == pytest.approx(ref.cum_loss[t - 1], rel=1e-9, abs=1e-15)


@run_async
async def test_typing_a_sentence_computes_it(make_app, params, vocab):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right", "e")
        app.screen.query_one("Input").value = UNKNOWN_SENTENCE
        await pilot.press("enter")
        view = debugger.view
        assert app.screen is debugger
        assert view.t == 0 and view.number == 1 and view.count == len(debugger.loaded.sentences)
        assert view.trace.unknown_tokens == ("snitch", "quidditch")
        ref = Reference(params, vocab, view.sentence.tokens)
        for t in range(1, view.T + 1):
            np.testing.assert_allclose(view.q("a", t), ref.a[t - 1], rtol=1e-12, atol=1e-14)
        await pilot.press("p")  # back to the seed's sentence, which stayed in the list
        assert debugger.view.sentence.tokens[0] == "harry"


@run_async
async def test_punctuation_only_sentence_is_an_inline_error(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        before = app.debugger.view
        await pilot.press("e")
        app.screen.query_one("Input").value = " ?! ... "
        await pilot.press("enter")
        assert app.screen.is_modal  # the dialog stays, with the reason
        assert "punctuation" in str(app.screen.query_one("#prompt-error").render())
        await pilot.press("escape")
        assert app.screen is app.debugger
        assert app.debugger.view is before  # nothing changed, nothing lost


@run_async
async def test_next_and_previous_sentence(make_app, samples):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "n")
        assert (debugger.view.number, debugger.view.t) == (1, 0)
        assert debugger.view.sentence == samples[1]
        await pilot.press("n", "p")
        assert debugger.view.number == 1
        await pilot.press("p", "p")  # p is disabled on the first sentence
        assert debugger.view.number == 0


@run_async
async def test_click_on_a_word_jumps_to_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.debugger.query_one("#sentence")
        x = next(x0 for x0, _, t in sentence.rows(app.debugger.view, panel.size.width, 0)[1] if t == 4)
        await pilot.click("#sentence", offset=(x + 1, 1))
        assert app.debugger.view.t == 4


def palette_hit(app, text: str) -> bool:
    """The command palette is open and its highlighted hit mentions `text`."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return False
    hits = app.screen.query_one(CommandList)
    if hits.highlighted is None:
        return False
    return text in str(hits.get_option_at_index(hits.highlighted).prompt)


@run_async
async def test_palette_switches_to_relu_and_recomputes(make_app, params, vocab, samples):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right", "right", "ctrl+p", *"relu")
        await wait_until(lambda: palette_hit(app, "ReLU"), "the palette's search to highlight the ReLU command")
        await pilot.press("enter")
        await pilot.pause()
        view = app.debugger.view
        assert view.params.activation == "relu" and view.t == 3
        ref = Reference(params.replace(activation="relu"), vocab, samples[0].tokens)
        assert view.step.y_hat == pytest.approx(ref.y_hat[2], rel=1e-12)
        np.testing.assert_allclose(view.q("a"), ref.a[2], rtol=1e-12, atol=1e-14)


@run_async
async def test_palette_offers_the_debuggers_commands_only_over_the_debugger(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.debugger)]
        assert "Switch the activation to ReLU" in titles and "Jump to word 4: hermione" in titles
        assert "Quit" in titles  # Textual's own stay
        await pilot.press("question_mark")
        assert not any("Jump" in command.title for command in app.get_system_commands(app.screen))


@run_async
async def test_open_file_dialog(make_app, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("[Ada Lovelace] wrote the first program.\nThe cat sat.\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        debugger.action_open_file()
        await pilot.pause()
        field = app.screen.query_one("Input")
        field.value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        assert app.screen.is_modal and "no such file" in str(app.screen.query_one("#prompt-error").render())
        assert debugger.view.count == 2021  # the current sentences stay
        field.value = str(path)
        await pilot.press("enter")
        assert app.screen is debugger
        assert debugger.view.count == 2 and debugger.view.sentence.tokens[:2] == ("ada", "lovelace")
        assert debugger.view.trace.labels == (1, 1, 0, 0, 0, 0)


@run_async
async def test_play_steps_to_the_end_and_stops(make_app):
    app = make_app(text="one two three")
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("plus", "plus", "plus", "plus", "space")  # 16 words a second
        await wait_until(lambda: not debugger.view.playing, "play to stop at the end")
        assert debugger.view.t == 3


@run_async
async def test_small_terminal_shows_a_notice_until_it_grows(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        debugger = app.debugger
        assert debugger.query_one("#too-small").display and not debugger.query_one("#main").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not debugger.query_one("#too-small").display and debugger.query_one("#main").display
        assert debugger.query_one("#history").size.height >= 10
