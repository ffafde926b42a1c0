"""Pilot tests: the state the app holds after keys, not pixels. Every press waits for the
app to be idle (tens of milliseconds), so these are few; the numbers themselves are
checked against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.pipeline import trace_sentence
from rnnviz.text import tokenize

from .conftest import UNKNOWN_SENTENCE, run_async, wait_until


@run_async
async def test_keys_move_t_within_bounds(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        T = app.state.T
        assert (app.state.t, T) == (0, 9)
        await pilot.press("left", "h", "home")  # all disabled at t = 0: nothing happens
        assert app.state.t == 0
        await pilot.press("right", "l", "right")
        assert app.state.t == 3
        await pilot.press("left")
        assert app.state.t == 2
        await pilot.press("end", "right", "l")  # disabled at t = T_x
        assert app.state.t == T
        await pilot.press("h")
        assert app.state.t == T - 1
        await pilot.press("home")
        assert app.state.t == 0


@run_async
async def test_check_action_disables_what_cannot_act(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.check_action("step", (-1,)) is None  # shown, disabled
        assert app.check_action("go_start", ()) is None
        assert app.check_action("sentence", (-1,)) is None
        assert app.check_action("step", (1,)) is True
        back = next(b for b in app.screen.active_bindings.values() if b.binding.id == "step_back")
        assert back.enabled is False
        await pilot.press("end")
        assert app.check_action("step", (1,)) is None
        assert app.check_action("step", (-1,)) is True
        back = next(b for b in app.screen.active_bindings.values() if b.binding.id == "step_back")
        assert back.enabled is True


@run_async
async def test_numbers_held_equal_the_engine(make_app, params, vocab, samples):
    """ŷ<t>, L<t> and ΣL on the screen come from the pipeline's trace, unchanged."""
    app = make_app()
    expected = trace_sentence(params, vocab, samples[0])
    async with app.run_test(size=(120, 40)) as pilot:
        for t in range(1, expected.T + 1):
            await pilot.press("right")
            step, ref = app.state.step, expected.steps[t - 1]
            assert step.t == t and step.token == ref.token
            assert step.y_hat == ref.y_hat
            assert step.loss == ref.loss
            assert step.cum_loss == pytest.approx(float(expected.losses[:t].sum()), abs=1e-12)
            np.testing.assert_array_equal(step.a, ref.a)
        assert app.state.step.cum_loss == pytest.approx(expected.loss)


@run_async
async def test_typing_a_sentence_recomputes(make_app, params, vocab):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right")
        await pilot.press("e")
        field = app.screen.query_one("Input")
        field.value = UNKNOWN_SENTENCE
        await pilot.press("enter")
        state = app.state
        assert not app.screen.is_modal
        assert state.sentence.tokens == tuple(tokenize(UNKNOWN_SENTENCE))
        assert state.t == 0 and state.number == 1 and state.count == len(app.sentences)
        assert state.trace.unknown_tokens == ("snitch", "quidditch")
        ref = trace_sentence(params, vocab, state.sentence)
        np.testing.assert_array_equal(state.trace.q("a"), ref.q("a"))
        await pilot.press("p")  # back to the seed's sentence, which stayed in the list
        assert app.state.sentence.tokens[0] == "harry"


@run_async
async def test_punctuation_only_sentence_is_an_inline_error(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right")
        before = app.state
        await pilot.press("e")
        app.screen.query_one("Input").value = " ?! ... "
        await pilot.press("enter")
        assert app.screen.is_modal  # the dialog stays, with the reason
        error = str(app.screen.query_one("#prompt-error").render())
        assert "punctuation" in error
        await pilot.press("escape")
        assert not app.screen.is_modal
        assert app.state is before  # nothing changed, nothing lost


@run_async
async def test_next_and_previous_sentence(make_app, samples):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "n")
        assert (app.state.number, app.state.t) == (1, 0)
        assert app.state.sentence == samples[1]
        await pilot.press("n", "p")
        assert app.state.number == 1
        await pilot.press("p", "p")  # p is disabled on the first sentence
        assert app.state.number == 0


@run_async
async def test_click_on_a_word_jumps_to_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one("#sentence")
        x = next(x0 for x0, _, t in panel._rows(app.state, panel.size.width)[1] if t == 4)
        await pilot.click("#sentence", offset=(x + 1, 1))
        assert app.state.t == 4


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
        await pilot.press("right", "right", "right")
        await pilot.press("ctrl+p")
        await pilot.press(*"relu")
        await wait_until(lambda: palette_hit(app, "ReLU"), "the palette's search to highlight the ReLU command")
        await pilot.press("enter")
        await pilot.pause()
        state = app.state
        assert state.params.activation == "relu" and state.t == 3
        ref = trace_sentence(params.replace(activation="relu"), vocab, samples[0])
        assert state.step.y_hat == ref.steps[2].y_hat
        assert float(state.step.a.min()) >= 0.0


@run_async
async def test_open_file_dialog(make_app, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("[Ada Lovelace] wrote the first program.\nThe cat sat.\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_open_file()
        await pilot.pause()
        field = app.screen.query_one("Input")
        field.value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        assert app.screen.is_modal and "no such file" in str(app.screen.query_one("#prompt-error").render())
        assert app.state.count == 1525  # the current sentences stay
        field.value = str(path)
        await pilot.press("enter")
        assert not app.screen.is_modal
        assert app.state.count == 2 and app.state.sentence.tokens[:2] == ("ada", "lovelace")
        assert app.state.trace.labels == (1, 1, 0, 0, 0, 0)


@run_async
async def test_play_steps_to_the_end_and_stops(make_app):
    app = make_app(text="one two three")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("plus", "plus", "plus", "plus")  # 16 words a second
        await pilot.press("space")
        assert app.state.playing
        await wait_until(lambda: not app.state.playing, "play to stop at the end")
        assert app.state.t == 3 and not app.state.playing


@run_async
async def test_small_terminal_shows_a_notice_until_it_grows(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert app.query_one("#too-small").display and not app.query_one("#main").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.query_one("#too-small").display and app.query_one("#main").display
        assert app.query_one("#history").size.height >= 10
