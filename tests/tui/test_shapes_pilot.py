"""The classifier and the encoder-decoder in a running app: stepping across the hand-off,
backward mode back into the encoder, `e` with a label typed in the line, and the palette
opening the classifier. The numbers are checked against the networks written out in NumPy
in the test (shape_reference). Every press waits for idle: these are few."""

from __future__ import annotations

import pytest

from rnnviz.pipeline import load_model_and_vocab
from rnnviz.tasks.debugger_inputs import shaped_inputs
from rnnviz.tui.draw.numbers import fmt_sig, fmt_small
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.session import Session

from .conftest import run_async, wait_until
from .shape_reference import ClassifierReference, Seq2SeqReference
from .test_pilot import palette_hit


def row(debugger, panel: str, y: int) -> str:
    return line_text(list(debugger.query_one(f"#{panel}").render_line(y)))


def seq2seq_app():
    from rnnviz.tui.app import RnnvizApp

    params, vocab = load_model_and_vocab("seq2seq", None)
    sentences, source = shaped_inputs(params)
    app = RnnvizApp.from_loader(lambda: Session(sentences[:3], params, vocab, source))
    app.animation_level = "none"
    return app, params, vocab, sentences


@run_async
async def test_one_t_through_the_encoder_the_hand_off_and_the_decoder_and_back():
    app, params, vocab, sentences = seq2seq_app()
    first = sentences[0]  # ten thousand two hundred and eighteen = 10218: T_x = 6, T_y = 6
    ref = Seq2SeqReference(params, vocab, first.tokens, list(first.labels))
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await wait_until(lambda: debugger.view is not None, "the loader's view")
        await pilot.pause()
        assert debugger.query_one("#s2s-unrolled").display and not debugger.query_one("#unrolled").display
        assert not debugger.query_one("#sentence").display and debugger.query_one("#s2s-sentence").display
        await pilot.press(*["right"] * 6)
        assert "│ encoder │ t = 6 of T_x = 6 │" in row(debugger, "header", 0)
        await pilot.press("right")
        assert debugger.view.t == 7 and "│ decoder │ t = 1 of T_y = 6 │" in row(debugger, "header", 0)
        assert row(debugger, "s2s-output", 1).startswith(f"ŷ<1>: '1' {fmt_small(ref.probs[0][2])} ")
        await pilot.press("end")
        assert row(debugger, "s2s-output", 3).startswith('output "10218" · greedy')
        await pilot.press("b")
        assert debugger.view.backward and debugger.view.t == 12
        await pilot.press(*["left"] * 6)
        assert debugger.view.t == 6 and "│ encoder │ t = 6 of T_x = 6 │ ◀ backward │" in row(debugger, "header", 0)
        assert row(debugger, "s2s-loss", 1).startswith(f"‖da<6>‖ = {fmt_sig(ref.da_norm[5], 3)}  on the encoder")
        await pilot.press("right")  # → undoes a step of backpropagation: back onto the decoder
        assert debugger.view.t == 7 and "│ decoder │ t = 1 of T_y = 6 │" in row(debugger, "header", 0)


@run_async
async def test_e_types_a_number_with_or_without_its_digits():
    app, *_ = seq2seq_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await wait_until(lambda: debugger.view is not None, "the loader's view")
        await pilot.press("e")
        await wait_until(lambda: app.screen.id == "edit-dialog", "the edit dialog")
        field = app.screen.query_one("Input")
        assert field.value == "ten thousand two hundred and eighteen = 10218"
        field.value = "forty two = 4z"
        await pilot.press("enter")
        assert app.screen.id == "edit-dialog"  # the mistake is shown, the dialog stays
        field.value = "seven hundred and five"
        await pilot.press("enter")
        await wait_until(lambda: app.screen is debugger, "the dialog to close")
        view = debugger.view
        assert view.number == 1 and not view.labeled and view.T == 4 + 4
        await pilot.press("end")
        assert row(debugger, "s2s-output", 3).startswith('output "705"')
        assert debugger.check_action("backward", ()) is None  # unlabeled: no loss to differentiate


@run_async
async def test_help_opens_on_the_shapes_section():
    """? on an encoder-decoder opens the help where the classifier and the encoder-decoder are
    explained, that section's heading at the top of the help's box."""
    from textual.containers import VerticalScroll

    from rnnviz.tui.screens.help import HelpScreen

    app, *_ = seq2seq_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(lambda: app.debugger.view is not None, "the debugger")
        await pilot.press("question_mark")
        await wait_until(lambda: isinstance(app.screen, HelpScreen), "the help screen")
        body = app.screen.query_one("#help-body", VerticalScroll)
        await wait_until(lambda: body.scroll_y > 20, "the help scrolled to the shapes' section")
        heading = next(h for h in app.screen.query("MarkdownH2") if (h.id or "").startswith("heading-one-output"))
        assert 0 <= heading.region.y - body.region.y <= 4
        keys = row(app.screen, "help-keys", 0)
        assert keys.startswith(" esc Close help") and "Quit" not in keys  # q closes the help, too


@run_async
async def test_the_palette_opens_the_classifier_and_e_labels_a_review(make_app):
    params, vocab = load_model_and_vocab("classifier", None)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("ctrl+p", *"classifier")
        await wait_until(lambda: palette_hit(app, "classifier"), "the palette to offer the classifier")
        await pilot.press("enter")
        await wait_until(lambda: debugger.view.shape == "classifier", "the classifier to be shown")
        await pilot.pause()
        assert debugger.view.source == "sample_sentences/classifier/heldout.txt" and debugger.view.t == 0
        assert debugger.query_one("#cls-output").display and not debugger.query_one("#output").display
        await pilot.press("e")
        await wait_until(lambda: app.screen.id == "edit-dialog", "the edit dialog")
        assert app.screen.query_one("Input").value.startswith("1: The story was a little slow")
        app.screen.query_one("Input").value = "0: The room was dirty and the staff were rude."
        await pilot.press("enter")
        await wait_until(lambda: app.screen is debugger, "the dialog to close")
        view = debugger.view
        ref = ClassifierReference(params, vocab, view.sentence.tokens, 0)
        assert view.trace.labels == (0,) and view.T == 9
        await pilot.press("end")
        assert row(debugger, "cls-output", 1).startswith(f"ŷ = {fmt_small(ref.y_hat)} 0 ")
        assert row(debugger, "cls-output", 3).startswith(f"L = {fmt_small(ref.loss)}, the only loss")
        await pilot.press("b", "left", "left")
        assert debugger.view.t == 7
        assert row(debugger, "cls-loss", 1).startswith(f"‖da<7>‖ = {fmt_sig(ref.da_norm[6], 3)}")
        assert debugger.check_action("train", ()) is False


@pytest.mark.parametrize("name", ["classifier", "seq2seq"])
def test_a_shape_offered_by_the_palette(name):
    from rnnviz.tui.models import describe_bundled

    assert describe_bundled(name).refusal is None
