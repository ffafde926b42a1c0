"""What a new user tripped over (issue 13), one test each: brackets shown as typed, the edit
hint, q and s asking first, what training reads, toasts above the training panel, keys that
say why they cannot act, and the palette's screenshot. Panels' words are in test_words.py."""

from __future__ import annotations

import os

import pytest
from textual.command import CommandList, CommandPalette

from rnnviz.engine.modelio import load_model
from rnnviz.pipeline import sentence_from_text
from rnnviz.text import load_sentences
from rnnviz.tui.screens.train import TrainDialog
from rnnviz.tui.session import Exists, Session
from rnnviz.tui.training import TrainingView
from rnnviz.tui.widgets.footer import KeyBar

from .conftest import run_async, wait_until

SMALL = "[Harry Potter] and [Hermione Granger] invented a new spell.\n[Ron] ate the cake.\n"


def toasts(app) -> list[str]:
    """The text of the toasts on screen."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def toast_with(app, text: str):
    return lambda: any(text in shown for shown in toasts(app))


def palette_shows(app, text: str) -> bool:
    """Whether the open command palette lists a command whose words include `text`."""
    if not isinstance(app.screen, CommandPalette):
        return False
    found = app.screen.query_one(CommandList)
    return any(text in str(found.get_option_at_index(i).prompt) for i in range(found.option_count))


async def trained_here(app, pilot, epochs: int = 1) -> None:
    """Train the app's model for `epochs` in its worker thread and wait for the end."""
    app.debugger.start_training(epochs, 0.01)
    await wait_until(lambda: app.debugger.loaded.training is None and app.debugger.loaded.unsaved, "training")
    await pilot.pause()


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL)
    return load_sentences(path)


# -- 1, 2: brackets ---------------------------------------------------------------------


@run_async
async def test_the_palette_and_the_open_dialog_show_their_brackets(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"open a sentence")
        await wait_until(lambda: palette_shows(app, "markup ([Harry Potter] …) or CoNLL"), "the bracketed example")
        await pilot.press("escape")
        await wait_until(lambda: app.screen is app.debugger, "the palette to close")
        app.debugger.action_open_file()
        await wait_until(lambda: app.screen.id == "open-dialog" and app.screen.query("#prompt-hint"), "the dialog")
        hint = str(app.screen.query_one("#prompt-hint").render())
        assert "names in [square brackets]; or CoNLL-2003" in hint


@run_async
async def test_a_typed_sentence_and_its_mistake_keep_their_brackets(make_app):
    """The e dialog says bracket markup labels the sentence; a mistake quotes the bracket."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert app.screen.id == "edit-dialog"
        hint = str(app.screen.query_one("#prompt-hint").render())
        assert hint.startswith("Bracket markup labels it: names in [square brackets] are y = 1")
        assert "([Harry Potter] met [Luna] at the station)" in hint
        app.screen.query_one("Input").value = "[Harry Potter met Luna"
        await pilot.press("enter")
        error = str(app.screen.query_one("#prompt-error").render())
        assert error == "✗ the sentence: '[' at column 1 is never closed"
        app.screen.query_one("Input").value = "[Harry Potter] met [Luna]"
        await pilot.press("enter")
        assert app.screen is app.debugger
        assert app.debugger.view.sentence.labels == (1, 1, 0, 1) and app.debugger.view.labeled


@run_async
async def test_a_toast_shows_a_path_in_brackets(make_app, small, tmp_path):
    app = make_app(sentences=small, source="small")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await trained_here(app, pilot)
        await pilot.press("s")
        app.screen.query_one("Input").value = str(tmp_path / "[best] model.npz")
        await pilot.press("enter")
        await wait_until(toast_with(app, f"Saved the model to {tmp_path / '[best] model.npz'}"), "the toast")


# -- 3, 4: q and s ask first ------------------------------------------------------------------


@run_async
async def test_q_after_training_asks_first(make_app, small):
    app = make_app(sentences=small, source="small")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")  # nothing trained here: q quits at once
        await wait_until(lambda: app.return_code is not None, "q to quit")
    app = make_app(sentences=small, source="small")
    async with app.run_test(size=(120, 40)) as pilot:
        await trained_here(app, pilot)
        await pilot.press("q")
        await wait_until(lambda: app.screen.id == "quit-dialog", "the question")
        assert app.return_code is None
        await pilot.press("escape")  # stay
        await wait_until(lambda: app.screen is app.debugger, "back to the debugger")
        assert app.return_code is None and app.debugger.loaded.unsaved
        await pilot.press("q")
        await wait_until(lambda: app.screen.id == "quit-dialog", "the question again")
        await pilot.press("d")  # quit without saving
        await wait_until(lambda: app.return_code is not None, "d to quit")


@run_async
async def test_q_then_save_saves_and_quits(make_app, params, small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(sentences=small, source="small")
    async with app.run_test(size=(120, 40)) as pilot:
        await trained_here(app, pilot, epochs=2)
        await pilot.press("q")
        await wait_until(lambda: app.screen.id == "quit-dialog", "the question")
        await pilot.press("enter")  # the first choice: save, then quit
        await wait_until(lambda: app.screen.id == "save-dialog" and app.screen.query("Input"), "the save dialog")
        await pilot.press("enter")  # model.npz in the current directory
        await wait_until(lambda: app.return_code is not None, "the app to quit after saving")
    assert load_model(tmp_path / "model.npz").meta["epochs"] == params.meta["epochs"] + 2


@run_async
async def test_s_shows_the_absolute_path_and_asks_before_replacing(make_app, small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.npz").write_bytes(b"an older file")
    app = make_app(sentences=small, source="small")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s")
        await pilot.press("enter")  # model.npz exists: asked, not written
        question = str(app.screen.query_one("#prompt-error").render())
        assert question == f"⚠ {tmp_path / 'model.npz'} exists: Enter again replaces it, or type another name"
        assert (tmp_path / "model.npz").read_bytes() == b"an older file"
        await pilot.press("enter")  # again: replaced
        await wait_until(toast_with(app, f"Saved the model to {tmp_path / 'model.npz'}"), "the absolute path")
        assert load_model(tmp_path / "model.npz").n_a == app.debugger.loaded.params.n_a
        await pilot.press("s")
        field = app.screen.query_one("Input")
        field.value = "other.npz"  # a new file: no question
        await pilot.press("enter")
        await wait_until(lambda: (tmp_path / "other.npz").exists(), "other.npz")


def test_session_save_refuses_to_replace_unless_asked(params, vocab, samples, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session = Session(samples[:3], params, vocab, "samples")
    assert session.save("m.npz") == str(tmp_path / "m.npz")
    with pytest.raises(Exists) as asked:
        session.save("m.npz")
    assert asked.value.path == str(tmp_path / "m.npz")
    assert session.save("m.npz", replace=True) == str(tmp_path / "m.npz")


# -- 5: what training reads -----------------------------------------------------------------


def test_typed_sentences_are_not_counted_as_the_files(params, vocab, samples):
    session = Session(samples, params, vocab, "sample_sentences/train.txt")
    setup = session.training_setup()
    m = len(samples)  # the labeled sentences of train.txt
    assert (setup.sentences, setup.typed) == (m, 0)
    assert TrainDialog(setup, 20)._title == f"Train this model on sample_sentences/train.txt ({m} labeled sentences)"
    session.insert(sentence_from_text("[Ron] met [Luna]."), after=0)
    session.insert(sentence_from_text("It rained all day."), after=0)  # unlabeled: not trained on
    session.insert(sentence_from_text("[Harry] smiled."), after=0)
    setup = session.training_setup()
    assert (setup.sentences, setup.typed) == (m + 2, 2)
    title = TrainDialog(setup, 20)._title
    assert title == f"Train this model on {m + 2} labeled sentences: {m} of sample_sentences/train.txt and 2 typed here"
    assert session.training_source() == "sample_sentences/train.txt and 2 typed here"


# -- 7: toasts above the training panel --------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@run_async
async def test_toasts_stand_above_the_training_panel(make_app, size):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        debugger = app.debugger
        debugger.show_training(TrainingView(status="done", source="train.txt", sentences=3, epochs=2, lr=0.01))
        await pilot.pause()
        panel = debugger.query_one("#training")
        assert panel.region.height in (2, 4)
        app.notify("a toast over the debugger")
        await wait_until(lambda: app.screen.query("Toast"), "the toast")
        await pilot.pause()
        for toast in app.screen.query("Toast"):
            assert toast.region.bottom <= panel.region.y, (toast.region, panel.region)


# -- 10: keys that cannot act say why ---------------------------------------------------------


@run_async
async def test_keys_that_cannot_act_say_why_and_play_says_pause(make_app, samples):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        debugger = app.debugger
        await pilot.press("plus")  # paused: the speed changes, and says so
        await wait_until(toast_with(app, "Play speed: 4 words a second (space plays)"), "the speed")
        assert debugger.view.speed == 4.0
        await pilot.press("p")
        await wait_until(toast_with(app, f"this is the first sentence (1 of {len(samples)})"), "why p does nothing")
        await pilot.press("u")
        await wait_until(toast_with(app, "nothing to undo"), "why u does nothing")
        await pilot.press("end", "right")
        await wait_until(toast_with(app, "t = T_x = 9, the last word"), "why → does nothing")
        assert debugger.view.t == 9

        def play_label() -> str:
            return next(d for key, _, d, *_ in debugger.query_one(KeyBar).items() if key == "space")

        assert play_label() == "Play"
        await pilot.press("home", "space")
        await wait_until(lambda: debugger.view.playing, "playing")
        assert play_label() == "Pause"
        await pilot.press("space")
        await wait_until(lambda: not debugger.view.playing, "paused")
        assert play_label() == "Play"


# -- 11: the palette's screenshot ---------------------------------------------------------------


@run_async
async def test_the_palettes_screenshot_is_saved_here_and_says_where(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "no-such-home"))  # no ~/Downloads
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+p", *"screenshot")
        await wait_until(lambda: palette_shows(app, "in the current directory"), "our screenshot command")
        await pilot.press("enter")
        await wait_until(lambda: list(tmp_path.glob("*.svg")), "the SVG file")
        (svg,) = tmp_path.glob("*.svg")
        assert "<svg" in svg.read_text()[:200]
        await wait_until(toast_with(app, f"Saved a screenshot to {svg}"), "the path in a toast")
        assert os.path.isabs(str(svg))


# -- bad input in the app ---------------------------------------------------------------------


@run_async
async def test_a_conll_row_with_a_column_missing_is_refused_in_the_open_dialog(make_app, tmp_path):
    bad = tmp_path / "[mine].conll"
    bad.write_text("Harry NNP B-PER\nPotter I-PER\nsmiled VBD O\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.debugger.action_open_file()
        await wait_until(lambda: app.screen.id == "open-dialog" and app.screen.query("Input"), "the dialog")
        app.screen.query_one("Input").value = str(bad)
        await pilot.press("enter")
        error = str(app.screen.query_one("#prompt-error").render())
        assert error.startswith(f"✗ {bad}:2: 2 columns, but the file's rows have 3 (from line 1)")
        assert app.screen.id == "open-dialog" and app.debugger.loaded.source == "sample_sentences/train.txt"
