"""The classifier in the debugger, without an app: the panels' lines for real views, their
numbers checked against the many-to-one network written out in NumPy in the test
(shape_reference.ClassifierReference), for the bundled classifier and for a vanilla and an
LSTM classifier made here (the panels work with either cell)."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, init_params
from rnnviz.pipeline import load_model_and_vocab
from rnnviz.tasks.debugger_inputs import review, shaped_inputs
from rnnviz.tui.breakpoints import kinds_for
from rnnviz.tui.draw.numbers import fmt, fmt_sig, fmt_small
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import (
    cls_equations,
    cls_loss,
    cls_onehot,
    cls_output,
    cls_sentence,
    cls_unrolled,
    equations,
    gru_equations,
    lstm_equations,
    output,
    sentence,
    unrolled,
)
from rnnviz.tui.screens.keys import can_act, why_not
from rnnviz.tui.session import Session

from .shape_reference import ClassifierReference

REVIEW = "I wanted to like the hotel, but the room was dirty and the staff were rude."


def text(panel, view, width=120, height=8) -> list[str]:
    return [line_text(line) for line in panel.PANEL.lines(view, width, height)]


@pytest.fixture(scope="module")
def bundled():
    return load_model_and_vocab("classifier", None)


@pytest.fixture(scope="module", params=["bundled", "rnn", "lstm"])
def classifier(request, bundled):
    """(params, vocab): the bundled classifier, or a seeded random one of the vanilla cell
    (tanh) or the LSTM on the bundled vocabulary."""
    params, vocab = bundled
    if request.param != "bundled":
        spec = ModelSpec(cell=request.param, shape="classifier")
        params = init_params(n_a=12, n_x=len(vocab), spec=spec, seed=3)
    return params, vocab


def session(params, vocab, *sentences):
    return Session(list(sentences), params, vocab, "test")


def test_the_output_is_at_t_x_only(classifier):
    params, vocab = classifier
    s = review(REVIEW, 0)
    ref = ClassifierReference(params, vocab, s.tokens, 0)
    ses = session(params, vocab, s)
    T = len(s.tokens)
    before = ses.view(0, 4)
    out = text(cls_output, before)
    assert out[1].startswith("no ŷ yet at t = 4") and out[2].startswith(f"ŷ = σ(Wya a<{T}> + by) at t = T_x = {T},")
    assert f"comes after the last word, at t = T_x = {T}" in text(cls_sentence, before)[3]
    assert "L = 0 so far" in text(cls_loss, before)[1]
    assert fmt_small(ref.y_hat) not in "".join(out)
    last = ses.view(0, T)
    out = text(cls_output, last)
    assert out[1].startswith(f"ŷ = {fmt_small(ref.y_hat)} 0 ")
    verdict = "positive" if ref.y_hat > 0.5 else "negative"
    assert out[2].startswith(f"y = 0 (negative) · ŷ {'>' if ref.y_hat > 0.5 else '≤'} 0.5: {verdict}")
    assert out[3].startswith(f"L = {fmt_small(ref.loss)}, the only loss")
    assert text(cls_loss, last)[1].endswith(f"= {fmt_small(ref.loss)}")
    assert text(cls_sentence, last)[3].startswith(f"ŷ      {fmt(ref.y_hat, 3)} ŷ")


def test_the_unrolled_network_has_one_output_above_the_last_cell(bundled):
    params, vocab = bundled
    s = review("The soup was cold.", 1)
    ref = ClassifierReference(params, vocab, s.tokens, 1)
    ses = session(params, vocab, s)
    rows = text(cls_unrolled, ses.view(0, 2))
    assert rows[0].startswith("── the unrolled network, many-to-one")
    assert rows[1].count("ŷ") == 1 and "ŷ = ?" in rows[1]  # above the last cell, not computed yet
    assert rows[2].count("↑") == 1 and rows[5].split()[1:] == ["the", "soup", "was", "cold"]
    box = {"rnn": "[RNN]", "gru": "[GRU]", "lstm": "[LSTM]"}[params.spec.cell]  # the header's cell, in the box
    assert rows[3].count(box) == 4
    cell = rows[3].index(f"{box}─a<4>")
    rows = text(cls_unrolled, ses.view(0, 4))
    assert f"ŷ = {fmt(ref.y_hat, 3)}" in rows[1] and rows[1].index("ŷ") <= cell + 4 <= rows[1].index("ŷ") + 9
    back = text(cls_unrolled, ses.view(0, 3, mode="backward"))
    assert f"ŷ − y = {fmt_sig(ref.dlogit, 2, sign=True)}" in back[1] and back[1].count("ŷ") == 1
    assert back[3].startswith("da<0>") and back[3].rstrip().endswith("◀─0")


def test_backward_the_gradient_enters_at_t_x_and_flows_left(classifier):
    params, vocab = classifier
    s = review(REVIEW, 0)
    ref = ClassifierReference(params, vocab, s.tokens, 0)
    ses = session(params, vocab, s)
    T = len(s.tokens)
    for t in (T, T - 1, 3, 1):
        view = ses.view(0, t, mode="backward")
        bars = text(cls_loss, view, height=4)  # the full layout's: a title, the numbers, two rows of bars
        assert bars[1].startswith(f"‖da<{t}>‖ = {fmt_sig(ref.da_norm[t - 1], 3)}")
        if t < T:
            assert f" ← ‖da<{T}>‖ = {fmt_sig(ref.da_norm[T - 1], 3)} at T_x" in bars[1]
            parts = text(cls_onehot, view)
            assert parts[0].startswith(f"── da<{t}> = 0 + ") and "no output at t" in parts[1]
            assert parts[2].startswith(f"from {t + 1}")
        else:
            parts = text(cls_onehot, view)
            assert parts[0].startswith(f"── da<{T}> = Wya^T (ŷ − y) + 0") and parts[1].startswith("from ŷ")
            assert "nothing arrives from the right" in parts[2]
        # a bar (3 cells, 1 apart) for each word backpropagated so far, t … T_x; none before t
        bottom = bars[3][bars[3].index("┤") + 1 :]
        chunks = [bottom[4 * k : 4 * k + 3] for k in range(T)]
        assert [chunk.strip() != "" for chunk in chunks] == [tau >= t for tau in range(1, T + 1)]
        # the wide layout: one row per word with its ‖da<τ>‖
        rows = text(cls_loss, view, height=6 + T)[3:]
        for tau, row in enumerate(rows, 1):
            assert row.rstrip().endswith(fmt_sig(ref.da_norm[tau - 1], 2)) if tau >= t else row.rstrip().endswith("·")
        out = text(cls_output, view)
        assert f"ŷ − y = {fmt_sig(ref.dlogit, 3, sign=True)}" in out[3] and f"at t = {T} only" in out[3]


def test_the_equations_of_the_vanilla_cell(bundled):
    params = init_params(n_a=12, n_x=10_000, spec=ModelSpec(cell="rnn", shape="classifier"), seed=3)
    vocab = bundled[1]
    s = review("The staff were lovely.", 1)
    ref = ClassifierReference(params, vocab, s.tokens, 1)
    ses = session(params, vocab, s)
    assert cls_equations.PANEL.shows(ses.view(0).trace)
    mid = "\n".join(text(cls_equations, ses.view(0, 2), height=9))
    assert "no ŷ<2>: the network reads on" in mid and "ŷ = σ(Wya a<4> + by) comes at t = T_x = 4" in mid
    end = "\n".join(text(cls_equations, ses.view(0, 4), height=9))
    assert f"σ({fmt(ref.logit, 3, sign=True)}) = {fmt_small(ref.y_hat)}" in end
    assert f"= {fmt_small(ref.loss)}" in end
    back = "\n".join(text(cls_equations, ses.view(0, 4, mode="backward"), height=9))
    assert f"− 1 = {fmt_sig(ref.dlogit, 3, sign=True)}" in back and "dWya += (ŷ − y) a<4>^T" in back
    back = "\n".join(text(cls_equations, ses.view(0, 2, mode="backward"), height=9))
    assert "no output at t = 2" in back and "da<2> = 0 + Waa^T dz<3>" in back
    assert f"‖da<2>‖ = {fmt_sig(ref.da_norm[1], 3)}" in back


def test_the_panels_of_each_shape(bundled, params, vocab):
    """A classifier's panels show for classifiers of one chain only; the tagger's binary ŷ<t>
    panels not for it."""
    cls_params, cls_vocab = bundled
    trace = session(cls_params, cls_vocab, review("Fine.", 1)).view(0).trace
    tagger = session(params, vocab, review("Fine.", None)).view(0).trace
    for panel in (cls_sentence, cls_unrolled, cls_output, cls_loss, cls_onehot):
        assert panel.PANEL.shows(trace) and not panel.PANEL.shows(tagger)
    for panel in (sentence, unrolled, output, equations):
        assert not panel.PANEL.shows(trace) and panel.PANEL.shows(tagger)
    assert cls_equations.PANEL.shows(trace) is trace.has("z")


def test_the_sample_file_and_the_keys(bundled):
    params, vocab = bundled
    sentences, source = shaped_inputs(params)
    assert source == "sample_sentences/classifier/heldout.txt" and len(sentences) == 190
    first = sentences[0]
    assert first.labels == (1,) and first.target == "1" and first.line == 7
    assert first.text == "The story was a little slow, but the ending was wonderful."
    view = session(params, vocab, *sentences).view(0)
    assert can_act("train", (), view, training=False, can_undo=False) is False  # hidden: the tagger's
    assert "rnnviz train --task classifier" in why_not("train", view, training=False, can_undo=False)
    assert can_act("undo_training", (), view, training=False, can_undo=False) is False  # nothing trained here
    assert kinds_for("classifier") == ("saturate", "grad")  # one ŷ and one loss: no ŷ<t> to cross 0.5
    unlabeled = session(params, vocab, review("Fine.", None)).view(0)
    assert can_act("backward", (), unlabeled, training=False, can_undo=False) is None
    assert "none: an unlabeled sentence" in text(cls_sentence, unlabeled)[2]
    assert text(cls_output, unlabeled.at(1))[2].startswith("y: none")


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_gated_cells_equations_have_the_output_at_t_x_only(cell, bundled):
    """A gated classifier's equations: ŷ and its part of da<t> at T_x, none before; for the
    LSTM the value of ŷ is the network's written out in NumPy (shape_reference)."""
    _, vocab = bundled
    params = init_params(n_a=12, n_x=len(vocab), spec=ModelSpec(cell=cell, shape="classifier"), seed=3)
    s = review(REVIEW, 1)
    ses = session(params, vocab, s)
    T = len(s.tokens)
    panel = lstm_equations if cell == "lstm" else gru_equations
    assert panel.PANEL.shows(ses.view(0).trace) and not equations.PANEL.shows(ses.view(0).trace)
    start = "\n".join(text(panel, ses.view(0, 0), height=10))
    assert f"ŷ = σ(Wya a<{T}> + by) after the last word only (t = T_x = {T})" in start
    assert "ŷ<1>" not in start
    middle = "\n".join(text(panel, ses.view(0, 4), height=10))
    assert f"no output at step 4: ŷ comes after the last word, t = T_x = {T}" in middle
    last = "\n".join(text(panel, ses.view(0, T), height=10))
    assert f"ŷ<{T}> = σ(Wya a<{T}> + by) = σ(" in last
    if cell == "lstm":
        ref = ClassifierReference(params, vocab, s.tokens, 1)
        assert f"σ({fmt(ref.logit, 3, sign=True)}) = {fmt_small(ref.y_hat)},  L<{T}> = {fmt_small(ref.loss)}" in last
    back = text(panel, ses.view(0, 4, mode="backward"), height=10)
    da = next(line for line in back if line.startswith("da<4> = "))
    assert "Wya" not in da  # no output at step 4: all of da<4> comes from step 5
    back = text(panel, ses.view(0, T, mode="backward"), height=10)
    assert any(line.startswith(f"da<{T}> = Wya^T (ŷ<{T}> − y<{T}>) + 0") for line in back)


def test_the_loss_line_takes_the_log_of_what_it_shows(bundled):
    """A confident wrong answer: ŷ near 0 for a positive review. The loss line writes ŷ with
    the digits its log needs, so −log of the number shown is the loss shown."""
    params, vocab = bundled
    s = review("The staff were lovely but the room was dirty.", 1)
    ref = ClassifierReference(params, vocab, s.tokens, 1)
    assert ref.y_hat < 1e-3  # the bundled classifier calls it negative, surely
    T = len(s.tokens)
    shown = "\n".join(text(cls_equations, session(params, vocab, s).view(0, T), height=9))
    assert f"−1·log {ref.y_hat:.1e} − 0·log (1 − {ref.y_hat:.1e}) = {ref.loss:.3f}" in shown
    assert abs(-np.log(float(f"{ref.y_hat:.1e}")) - ref.loss) < 0.05  # and it is, to the digits shown
