"""The session without an app: views, the trace cache, typed and opened sentences, the
activation switch, training and undo, saving, held-out sentences, and breakpoints in words."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine.breakpoints import Condition
from rnnviz.engine.modelio import load_model
from rnnviz.engine.records import TRAINED_WITH
from rnnviz.engine.train import initial_params
from rnnviz.errors import UserError
from rnnviz.pipeline import sentence_from_text
from rnnviz.text import load_sentences
from rnnviz.tui.session import TYPED, Notice, Session, TrainingSetup, read_sentence_file

from .conftest import Reference


@pytest.fixture
def session(params, vocab, samples):
    return Session(samples, params, vocab, "sample_sentences/train.txt")


def test_views_are_clamped_and_traces_computed_once(session, samples):
    view = session.view(0)
    m = len(samples)  # every labeled sentence of train.txt
    assert (view.number, view.t, view.count, view.mode) == (0, 0, m, "forward")
    assert session.view(-5).number == 0 and session.view(10_000).number == m - 1
    assert session.view(0, 99).t == 9
    assert session.view(0).trace is view.trace  # cached
    back = session.view(0, mode="backward")
    assert back.backward and back.t == 9  # backward starts at T_x
    assert session.view(0, 4, mode="backward").t == 4


def test_the_view_holds_the_equations_numbers(session, params, vocab, samples):
    ref = Reference(params, vocab, samples[0].tokens, samples[0].labels)
    view = session.view(0, 4)
    np.testing.assert_allclose(view.q("z"), ref.z[3], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(view.q("a_prev"), ref.a[2], rtol=1e-12, atol=1e-14)
    assert view.summary("a").saturated[3] == int((np.abs(ref.a[3]) > 0.99).sum())
    back = session.view(0, 4, mode="backward")
    np.testing.assert_allclose(back.g("dz"), ref.dz[3], rtol=1e-10, atol=1e-15)
    assert back.norm("da") == pytest.approx(float(np.linalg.norm(ref.da[3])), rel=1e-10)


def test_a_typed_sentence_goes_after_the_current_one(session, samples):
    number = session.insert(sentence_from_text("Ron met Luna"), after=0)
    assert number == 1 and session.sentences[1].source == TYPED and len(session.sentences) == len(samples) + 1
    assert session.view(1).sentence.tokens == ("ron", "met", "luna")


def test_opening_a_file_replaces_the_sentences(session, tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("[Ada Lovelace] wrote the first program.\n")
    name, sentences = read_sentence_file(str(path))
    session.open(sentences, name)
    assert session.source == str(path) and session.view(0).trace.labels == (1, 1, 0, 0, 0, 0)
    with pytest.raises(UserError, match="no such file"):
        read_sentence_file(str(tmp_path / "missing.txt"))
    with pytest.raises(UserError, match="type the path"):
        read_sentence_file("  ")


def test_switching_g_keeps_the_weights_and_says_what_they_were_trained_with(session, params, vocab, samples):
    before = session.view(0, 3)
    assert session.toggle_activation() is None
    after = session.again(before)
    assert after.params.activation == "relu" and after.t == 3 and after.trace is not before.trace
    assert after.params.meta[TRAINED_WITH] == "tanh"
    np.testing.assert_array_equal(after.params.Waa, params.Waa)
    ref = Reference(params.replace(activation="relu"), vocab, samples[0].tokens)
    np.testing.assert_allclose(after.q("a"), ref.a[2], rtol=1e-12, atol=1e-14)
    session.toggle_activation()
    assert session.params.activation == "tanh"


def test_run_until_finds_the_step_and_says_why(session, params, vocab, samples):
    ref = Reference(params, vocab, samples[0].tokens, samples[0].labels)
    found, notice = session.run_until(session.view(0, 1), Condition("cross"))
    assert found is not None and found.t == 3 and found.hit is not None
    assert notice == Notice(
        f"ŷ<3> = {ref.y_hat[2]:.4f} crossed 0.5 (ŷ<2> = {ref.y_hat[1]:.4f})",
        title="Stopped at t = 3: ŷ<t> crosses 0.5",
    )
    missing, notice = session.run_until(session.view(0, 2), Condition("loss", 100.0))
    assert missing is None and notice.severity == "warning"
    assert notice.message == "No step matches L<t> > 100: searched t = 3 … 9."
    _, notice = session.run_until(session.view(0, 9), Condition("loss", 100.0))
    assert notice.message == "No step matches L<t> > 100: searched no step left in this direction."
    _, notice = session.run_until(session.view(0), Condition("grad", 1.0))
    assert "press b" in notice.message
    saturated = [t for t in range(1, 10) if (np.abs(ref.a[t - 1]) > 0.99).any()]
    found, notice = session.run_until(session.view(0), Condition("saturate"))
    assert found is not None and found.t == saturated[0]
    assert f"of a<{found.t}> saturated (|a| > 0.99)" in notice.message


def test_training_setup_and_its_notices(session, params, vocab, samples):
    setup = session.training_setup()
    assert isinstance(setup, TrainingSetup)
    assert setup.sentences == len(samples) and setup.lr == pytest.approx(params.meta["train"]["lr"] / 10)
    assert setup.heldout == "sample_sentences/heldout.txt"  # the bundled sentences: their held-out file
    unlabeled = Session([sentence_from_text("the cat sat")], params, vocab, "command line")
    notice = unlabeled.training_setup()
    assert isinstance(notice, Notice) and "nothing to train on" in notice.message


SMALL = "[Harry Potter] and [Hermione Granger] invented a new spell.\n[Ron] ate the cake.\n"


def test_training_undo_and_save(vocab, tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL)
    small = initial_params(8, 10_000, seed=3)
    session = Session(load_sentences(path), small, vocab, str(path))
    job = session.start_training(2, 0.05)
    assert session.training is job and not session.can_undo
    assert session.toggle_activation() is not None  # not while training
    with pytest.raises(UserError, match="already running"):
        session.start_training(2, 0.05)
    outcome = job.run(lambda view: None)
    session.training_ended(outcome)
    assert session.training is None and session.params is outcome.params and session.can_undo
    saved = session.save(str(tmp_path / "model.npz"))
    assert load_model(saved).meta["epochs"] == 2
    assert int(np.load(saved)["opt.step"]) == 2  # Adam's state, for --resume
    with pytest.raises(UserError, match=r"expected \.npz or \.safetensors"):
        session.save(str(tmp_path / "model.txt"))
    assert session.undo() and session.params is small and not session.can_undo
    assert not session.undo()
    with pytest.raises(UserError, match="epochs must be between 1"):
        session.start_training(0, 0.05)
    assert session.training is None


def test_the_held_out_file_of_the_bundled_sentences(params, vocab):
    from rnnviz.text import default_sentences

    session = Session(default_sentences(), params, vocab, "sample_sentences/train.txt")
    heldout = session.heldout_for_training()
    assert heldout is not None and heldout[1] == "sample_sentences/heldout.txt" and len(heldout[0]) == 84
