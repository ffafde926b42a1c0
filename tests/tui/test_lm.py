"""The debugger on the bundled character language model, without an app: what `rnnviz --model
charlm` opens, the panels' numbers against the model written out in NumPy here
(lm_reference.py), generate mode (the text `rnnviz sample` prints with the same options),
and the breakpoint on the target's probability."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from rnnviz.cli import load_tui_inputs, tui_parser
from rnnviz.engine.breakpoints import Condition
from rnnviz.errors import UserError
from rnnviz.text import sample_sentences_dir
from rnnviz.tui import generation
from rnnviz.tui.draw.chars import quoted, shown
from rnnviz.tui.draw.numbers import fmt, fmt_small
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import (
    equations,
    header,
    history,
    lm_equations,
    lm_onehot,
    lm_output,
    lm_text,
    lm_unrolled,
    loss,
    onehot,
    output,
)
from rnnviz.tui.panels import sentence as sentence_panel
from rnnviz.tui.panels import unrolled as unrolled_panel
from rnnviz.tui.session import Session

from .lm_reference import LmReference

HELDOUT = sample_sentences_dir() / "charlm" / "heldout.txt"


@pytest.fixture(scope="module")
def lm_session() -> Session:
    return load_tui_inputs(tui_parser().parse_args(["--model", "charlm"]))


@pytest.fixture(scope="module")
def words(lm_session):
    return list(lm_session.vocab.words)


@pytest.fixture(scope="module")
def line():
    return HELDOUT.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(scope="module")
def ref(lm_session, words, line):
    return LmReference(lm_session.params, words, [*line, "\n"])


def rows(panel, view, width=120, height=8):
    return [line_text(row) for row in panel.PANEL.lines(view, width, height)]


def test_charlm_opens_on_its_held_out_lines(lm_session, line):
    lines = [text for text in HELDOUT.read_text(encoding="utf-8").splitlines() if text.strip()]
    assert len(lm_session.sentences) == len(lines) == 274
    assert lm_session.source == "sample_sentences/charlm/heldout.txt"
    view = lm_session.view(0)
    assert (view.shape, view.T, view.labeled) == ("lm", len(line) + 1, True)
    typed = load_tui_inputs(tui_parser().parse_args(["--model", "charlm", "The food was good."]))
    assert [s.text for s in typed.sentences] == ["The food was good."] and typed.view(0).T == 19
    with pytest.raises(UserError, match=r"the character '5' \(column 9\)"):
        load_tui_inputs(tui_parser().parse_args(["--model", "charlm", "It cost 5 €."]))
    with pytest.raises(UserError, match="--heldout"):
        load_tui_inputs(tui_parser().parse_args(["--model", "charlm", "--heldout", str(HELDOUT)]))


def test_each_shape_has_its_own_panels(lm_session, params, vocab, samples):
    lm_trace = lm_session.view(0).trace
    tagger_trace = Session(samples, params, vocab, "train.txt").view(0).trace
    for module in (lm_text, lm_unrolled, lm_onehot, lm_output, lm_equations):
        assert module.PANEL.shows(lm_trace) and not module.PANEL.shows(tagger_trace)
    for module in (sentence_panel, unrolled_panel, onehot, output, equations):
        assert module.PANEL.shows(tagger_trace) and not module.PANEL.shows(lm_trace)


def test_x_is_the_whole_one_hot_vector_under_its_characters(lm_session, words, line):
    view = lm_session.view(0)
    title, chars, values = rows(lm_onehot, view.at(1), height=3)
    assert "all 61 entries, each under its character" in title
    assert chars.split(maxsplit=1)[1] == "".join(shown(w) for w in words)
    assert values.split()[:2] == ["x<1>", "0" * 61] and "x<1> = 0, the zero vector" in values
    title, chars, values = rows(lm_onehot, view.at(5), height=3)
    index = words.index(line[3])  # x<5> is the 4th character
    assert f"'{shown(line[3])}' = index {index}: the character before y<5>" in values
    assert values.split()[1] == "".join("1" if i == index else "0" for i in range(61))
    assert chars.index(shown(words[index]), 7) == values.index("1")  # the 1 under its character


@pytest.mark.parametrize("t", [1, 5, 20])
def test_y_hat_is_the_distribution_with_its_top_target_and_loss(lm_session, words, ref, t):
    view = lm_session.view(0, t)
    shown_rows = rows(lm_output, view, height=6)
    said = shown_rows[-1]
    y = ref.y[t - 1]
    rank = ref.rank(t)
    place = {1: "1st", 2: "2nd", 3: "3rd"}.get(rank, f"{rank}th")
    assert f"y<{t}> = {quoted(words[y])}: {fmt_small(ref.p(t))}, {place}" in said
    assert f"L<{t}> = −log {fmt_small(ref.p(t))} = {fmt_small(float(ref.loss[t - 1]))}" in said
    top = "  ".join(f"{quoted(words[i])} {fmt_small(float(ref.probs[t - 1][i]))}" for i in ref.top(t))
    assert f"top {top}"[:60] in said
    tallest = int(np.argmax(ref.probs[t - 1]))
    assert shown_rows[1].index("█") - 7 == tallest  # the full bar stands on the most likely character
    assert fmt(float(ref.probs[t - 1][tallest]), 2) in shown_rows[1][:7]


def test_the_equations_compute_the_loss_from_the_scores(lm_session, words, ref):
    t = 5
    text = "\n".join(rows(lm_equations, lm_session.view(0, t)))
    y = quoted(words[ref.y[t - 1]])
    score = fmt(float(ref.logits[t - 1][ref.y[t - 1]]), 3)
    assert f"L<5> = −log ŷ<5>[{y}] = log Σ e^z_y − z_y[{y}] = {fmt(ref.log_partition(t), 3)} − {score}" in text
    assert f"ŷ<5>[{y}] = {fmt_small(ref.p(t))}" in text
    in_place = rows(lm_equations, lm_session.view(0, t), width=76)  # its width at 120 x 40: the loss not cut
    assert any(row.endswith(f"− {score} = {fmt_small(float(ref.loss[t - 1]))}") for row in in_place)
    best = int(np.argmax(ref.logits[t - 1]))
    assert f"the highest {fmt(float(ref.logits[t - 1][best]), 2, sign=True)} for {quoted(words[best])}" in text
    assert f"x<6> = onehot(y<5>) = onehot({y}): the target is the next input" in text


def test_the_text_marks_every_character_by_its_probability(lm_session, ref, line):
    _title, text, blocks, said = rows(lm_text, lm_session.view(0, 7), height=4)
    assert text.split()[1] == "".join(shown(c) for c in line) + "⏎"
    heights = "".join(" ▁▂▃▄▅▆▇█"[min(8, max(1, round(ref.p(t) * 8)))] for t in range(1, 8))
    assert blocks.split()[1] == heights + "·" * (len(line) + 1 - 7)
    assert f"x<7> = '{line[5]}' is fed, y<7> = '{line[6]}' is the character to predict" in said


def test_backward_shows_the_output_error(lm_session, words, ref):
    t = 5
    view = lm_session.view(0, t, mode="backward")
    said = rows(lm_output, view, height=6)[-1]
    error = ref.probs[t - 1].copy()
    error[ref.y[t - 1]] -= 1.0
    assert f"ŷ − 1 = {fmt(ref.p(t), 3)} − 1 = {fmt(ref.p(t) - 1, 3)}" in said
    assert f"‖·‖ = {float(np.linalg.norm(error)):.3g}" in said


def test_generating_writes_what_rnnviz_sample_writes(lm_session, words, line):
    """g at t = 5 keeps 'The ' and draws from step 5 at T = 0.7 with seed 3: the text is the
    one `rnnviz sample` prints with those options, each draw's distribution is
    softmax(logits / 0.7) of the model written out here, and u fell in its interval."""
    view = generation.start(lm_session, lm_session.view(0, 5), temperature=0.7, seed=3)
    options = ["--n", "1", "--seed", "3", "--temperature", "0.7", "--prefix", line[:4]]
    sampled = subprocess.run(
        [sys.executable, "-m", "rnnviz", "sample", *options],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.rstrip("\n")
    gen = view.generation
    assert view.t == 5 and view.sentence.text == sampled and gen.ended and gen.kept == 4
    ref = LmReference(lm_session.params, words, [*sampled, "\n"])
    for t in (5, 6, view.T):
        d = gen.at(t).draw
        np.testing.assert_allclose(d.probs, ref.tempered(t, 0.7), rtol=1e-9)
        assert d.index == ref.y[t - 1] and d.low <= d.u < d.high
    said = rows(lm_output, view.at(6), height=6)[-1]
    d = gen.at(6).draw
    p = fmt_small(float(ref.tempered(6, 0.7)[d.index]))
    assert f"drew {quoted(words[d.index])} ({p}): u = {fmt(d.u, 3)}" in said
    assert rows(lm_text, view.at(6), height=4)[1].split()[1] == "".join(shown(c) for c in sampled[:6])
    assert gen.at(4) is None and "read from the line" in rows(lm_text, view.at(4), height=4)[3]
    assert view.model == lm_session.view(0).model == "charlm"  # the header still names the model
    assert (
        "│ T = 0.7, seed 3 │" in rows(header, view, height=1)[0]
        and "charlm, trained" in rows(header, view, height=1)[0]
    )


def test_drawing_again_keeps_what_came_before_step_t(lm_session):
    view = generation.start(lm_session, lm_session.view(0, 0), seed=0).at(8)
    text = view.sentence.text
    colder = generation.redraw(lm_session, view, temperature=0.2)
    assert colder.t == 8 and colder.sentence.text[:7] == text[:7]
    assert colder.generation.temperature == 0.2 and colder.generation.at(7) is view.generation.at(7)
    assert colder.generation.at(8).draw.temperature == 0.2
    other = generation.redraw(lm_session, view, seed=1)
    assert other.sentence.text[:7] == text[:7] and other.generation.seed == 1
    greedy = generation.redraw(lm_session, view.at(0), temperature=0.0)
    assert all(d.draw.u is None for d in greedy.generation.drawn)
    back = generation.leave(lm_session, view)
    assert back.generation is None and back.number == 0 and back.t == 8
    assert lm_session.again(view).sentence.text == text  # same model, seed and temperature: the same text


def test_run_until_the_target_is_unlikely(lm_session, ref):
    view = lm_session.view(0)
    found, notice = lm_session.run_until(view, Condition("target", 0.05))
    first = next(t for t in range(1, view.T + 1) if ref.p(t) < 0.05)
    assert found is not None and found.t == first and found.hit.kind == "target"
    assert f"ŷ<{first}>[y<{first}>] = {ref.p(first):.4f} < 0.05" in notice.message
    assert "stopped" in rows(lm_output, found, height=6)[0]


def test_the_losses_are_of_each_character(lm_session, ref):
    """The loss panel is the tagger's; on a character model it counts characters, and ΣL is
    the sum of −log ŷ<τ>[y<τ>] written out in NumPy."""
    t = 6
    said = rows(loss, lm_session.view(0, t), height=8)
    assert said[0].startswith("── ΣL, and L<τ> of each character") and "word" not in "".join(said)
    assert said[1] == f"ΣL = L<1> + … + L<{t}> = {fmt_small(float(np.sum(ref.loss[:t])))}"
    assert rows(loss, lm_session.view(0, 0), height=8)[1] == "ΣL = 0 (no character yet)"
    back = rows(loss, lm_session.view(0, t, mode="backward"), height=8)
    assert back[0].startswith("── ‖da<τ>‖ of each character")
    history_rows = rows(history, lm_session.view(0, t), height=8)
    assert "one row per character, one column per unit (64 units" in history_rows[0]
