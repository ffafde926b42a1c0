"""Switching between bundled models and layers: the session (no app), the palette's commands,
and the keys and the palette in a running app (few Pilot tests: each press waits for idle).
Numbers are checked against the network written out in the test (tests/stack_reference.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rnnviz.engine import init_params
from rnnviz.tui import models
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.screens import models_palette
from rnnviz.tui.session import Session

from ..stack_reference import StackReference
from .conftest import run_async, wait_until
from .test_pilot import palette_hit


def test_switching_to_the_bitagger_keeps_the_sentences(params, vocab, samples):
    session = Session(samples, params, vocab, "sample_sentences/train.txt")
    assert session.model_name == "tagger"
    notice = session.switch_model("bitagger")
    assert notice.severity == "information" and "2 layers, bidirectional" in notice.message
    assert session.model_name == "bitagger" and session.params.spec.layers == 2
    assert session.source == "sample_sentences/train.txt"  # both taggers' samples: train.txt
    view = session.view(0, 4, layer=1)
    ref = StackReference(session.params, vocab, samples[0].tokens, samples[0].labels)
    assert view.model == "bitagger" and view.layer == 1
    assert view.step.y_hat == pytest.approx(ref.y_hat[3], rel=1e-12)
    assert not session.can_undo


def test_switching_to_the_language_model_opens_its_lines_and_back(params, vocab, samples):
    session = Session(samples, params, vocab, "sample_sentences/train.txt")
    notice = session.switch_model("charlm")
    assert notice.severity == "information" and "lm" in notice.message
    assert session.model_name == "charlm" and session.source == "sample_sentences/charlm/heldout.txt"
    lines = (ROOT / "sample_sentences" / "charlm" / "heldout.txt").read_text(encoding="utf-8").splitlines()
    view = session.view(0, 3)
    assert view.shape == "lm" and view.sentence.text == next(line for line in lines if line.strip())
    assert view.sentence.tokens[:3] == tuple(view.sentence.text[:3])  # one token a character
    assert session.switch_model("tagger").severity == "information"
    assert session.source == "sample_sentences/train.txt" and session.view(0).sentence.tokens == samples[0].tokens


def test_a_model_that_cannot_be_opened_is_refused(params, vocab, samples, monkeypatch):
    session = Session(samples, params, vocab, "sample_sentences/train.txt")
    monkeypatch.setattr(models, "refusal", lambda p, name: f"{name} is a classifier of 2 layers")
    notice = session.switch_model("classifier")
    assert notice.severity == "warning" and notice.message == "classifier is a classifier of 2 layers"
    assert session.params is params and session.model_name == "tagger"
    notice = session.switch_model("no-such-model")
    assert notice.severity == "error" and "no bundled model of that name" in notice.message
    assert session.params is params


def test_no_switch_while_training(params, vocab, samples):
    session = Session(samples, params, vocab, "x")
    session.training = object()  # a running job (the session only asks whether there is one)
    assert session.switch_model("bitagger").severity == "warning" and session.params is params


def test_the_layer_shown_is_kept_and_clamped(bi_params, params, vocab, samples):
    session = Session(samples, bi_params, vocab, "x")
    assert session.view(0, 2, layer=7).layer == 1 and session.view(0, 2, layer=-3).layer == 0
    view = session.view(0, 5, layer=1)
    assert session.again(view).layer == 1
    session.switch_model("tagger")
    assert session.again(view).layer == 0  # one layer: clamped


def test_models_say_what_they_are():
    described = {model.name: model for model in models.bundled_models()}
    assert models.bundled_models()[0].name == "tagger"
    assert described["bitagger"].about.startswith("2 layers, bidirectional, rnn (tanh), tagger, held-out F1 0.9")
    assert described["bitagger"].refusal is None and described["tagger"].refusal is None
    assert described["charlm"].refusal is None and "bits/char" in described["charlm"].about
    assert described["lstm-tagger"].about.startswith("1 layer, left to right, lstm, tagger, held-out F1 0.9")
    from rnnviz import bundled
    from rnnviz.commands.models import read_meta

    for name, key, what in (("classifier", "accuracy", "accuracy"), ("seq2seq", "exact_match", "exact match")):
        figure = read_meta(bundled.path_of(name))["heldout"][key]
        assert described[name].about.endswith(f", held-out {what} {figure:.3f}") and figure >= 0.85
    assert models.model_name(init_params(n_a=4, n_x=10)) == ""


ROOT = Path(__file__).resolve().parents[2]


class Acts:
    def action_layer(self, delta: int) -> None: ...
    def switch_model(self, name: str) -> None: ...


def test_the_palette_offers_layers_and_the_models_it_can_show(bi_params, params, vocab, samples):
    view = Session(samples, bi_params, vocab, "x").view(0, 3)
    titles = [command.title for command in models_palette.commands(view, Acts(), training=False)]
    offered = ["charlm", "classifier", "lstm-classifier", "lstm-tagger", "seq2seq"]
    assert titles == [
        "Show layer 2 of 2",
        "Open the bundled model tagger",
        *(f"Open the bundled model {m}" for m in offered),
    ]
    assert [c.title for c in models_palette.commands(view, Acts(), training=True)] == ["Show layer 2 of 2"]
    seed = Session(samples, params, vocab, "x").view(0)
    assert [c.title for c in models_palette.commands(seed, Acts(), training=False)] == [
        "Open the bundled model bitagger",
        *(f"Open the bundled model {m}" for m in offered),
    ]


@run_async
async def test_layer_keys_act_only_on_a_deep_network(make_app, bi_params, vocab, samples):
    app = make_app(params_=bi_params)
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        shown = {binding.binding.id for binding in debugger.active_bindings.values()}
        assert "layer_up" in shown and "layer_down" not in shown  # a key shows only when it acts
        await pilot.press("right", "right", "right_square_bracket")
        assert (debugger.view.layer, debugger.view.t) == (1, 2)
        assert "layer 2 of 2" in line_text(list(debugger.query_one("#header").render_line(0)))
        ref = StackReference(bi_params, vocab, samples[0].tokens)
        chain = debugger.query_one("#chain-1")
        assert chain.display and f"{ref.z[1][1][1].max():+.2f}" in line_text(list(chain.render_line(0)))
        await pilot.press("right_square_bracket")  # at the top: nothing
        assert debugger.view.layer == 1 and debugger.check_action("layer", (1,)) is False
        await pilot.press("left_square_bracket")
        assert debugger.view.layer == 0
    app = make_app()
    async with app.run_test(size=(120, 40)):
        assert app.debugger.check_action("layer", (1,)) is False and app.debugger.check_action("layer", (-1,)) is False


@run_async
async def test_the_palette_opens_the_bitagger(make_app, vocab, samples):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        assert debugger.query_one("#unrolled").display and not debugger.query_one("#network").display
        await pilot.press("right", "right", "right", "ctrl+p", *"bitagger")
        await wait_until(lambda: palette_hit(app, "bitagger"), "the palette to offer the bitagger")
        await pilot.press("enter")
        await wait_until(lambda: debugger.view.trace.layers == 2, "the bitagger to be shown")
        view = debugger.view
        assert view.t == 3 and view.model == "bitagger"
        ref = StackReference(view.params, vocab, samples[0].tokens)
        assert view.step.y_hat == pytest.approx(ref.y_hat[2], rel=1e-12)
        await pilot.pause()
        assert debugger.query_one("#network").display and not debugger.query_one("#unrolled").display
        assert debugger.query_one("#chain-1").display and debugger.query_one("#network").size.height == 10


@run_async
async def test_rnnviz_model_bitagger_loads_into_the_seeds_first_frame(bi_params, vocab, samples):
    """`rnnviz --model bitagger`: the first frame has the default's panels (the model is not
    known yet); when the loader returns, the deep bidirectional network's take their place."""
    from rnnviz.tui.app import RnnvizApp

    app = RnnvizApp.from_loader(lambda: Session(samples, bi_params, vocab, "sample_sentences/train.txt"))
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await wait_until(lambda: debugger.view is not None, "the loader's view")
        await pilot.pause()
        assert not debugger.query_one("#unrolled").display and debugger.query_one("#network").size.height == 10
        assert debugger.query_one("#chain-1").size.height == 3 and debugger.query_one("#inputs").size.height == 4
        await pilot.press("right", "b")
        assert debugger.view.backward and debugger.view.t == 9
