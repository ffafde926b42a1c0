"""Snapshots of the classifier (many-to-one) and the encoder-decoder, forward and backward, at
the full (120 x 40) and compact (80 x 24) sizes, on the bundled models and their sample
files. Review a changed snapshot as a picture before accepting it."""

from __future__ import annotations

import pytest

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def shape_app(name: str, number: int = 0):
    from rnnviz.pipeline import load_model_and_vocab
    from rnnviz.tasks.debugger_inputs import shaped_inputs
    from rnnviz.tui.app import RnnvizApp
    from rnnviz.tui.session import Session

    params, vocab = load_model_and_vocab(name, None)
    sentences, source = shaped_inputs(params)
    session = Session(sentences, params, vocab, source)
    app = RnnvizApp(session)
    app.animation_level = "none"
    app.debugger.view = session.view(number)
    return app


@pytest.mark.parametrize("size", SIZES)
def test_classifier_forward(snap_compare, size):
    """'I did think I would enjoy this film, but I did not.' (y = 0) at t = T_x = 12: the one ŷ."""
    assert snap_compare(shape_app("classifier", 3), press=["end"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_classifier_backward(snap_compare, size):
    """b, then ← four times: t = 8; the gradient entered at T_x only, ‖da<τ>‖ for τ = 8 … 12."""
    assert snap_compare(shape_app("classifier", 3), press=["b", *["left"] * 4], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_seq2seq_forward(snap_compare, size):
    """'ten thousand two hundred and eighteen' = 10218, t = 9: the decoder's step 3 has written '102'."""
    assert snap_compare(shape_app("seq2seq"), press=["right"] * 9, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_seq2seq_backward(snap_compare, size):
    """b, then ← seven times: t = 5, the encoder's step 5, past the hand-off."""
    assert snap_compare(shape_app("seq2seq"), press=["b", *["left"] * 7], terminal_size=size)
