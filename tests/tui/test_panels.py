"""Each panel's lines for a real state, without an app: the numbers on screen are the
engine's, formatted; and the TUI's source never does the network's math itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rnnviz.pipeline import sentence_from_text, trace_sentence
from rnnviz.tui.render import fmt, fmt_int, fmt_small, line_text
from rnnviz.tui.state import ViewState
from rnnviz.tui.widgets.equations import EquationsPanel
from rnnviz.tui.widgets.header import HeaderLine
from rnnviz.tui.widgets.hidden import HiddenPanel
from rnnviz.tui.widgets.history import HistoryPanel
from rnnviz.tui.widgets.loss import LossPanel
from rnnviz.tui.widgets.onehot import OneHotPanel
from rnnviz.tui.widgets.output import OutputPanel
from rnnviz.tui.widgets.stacked import StackedPanel
from rnnviz.tui.widgets.unrolled import UnrolledPanel

TUI = Path(__file__).resolve().parents[2] / "rnnviz" / "tui"


@pytest.fixture(scope="module")
def seed_state(params, vocab, samples):
    trace = trace_sentence(params, vocab, samples[0])
    return ViewState(trace=trace, sentence=samples[0], number=0, count=len(samples), source="train.txt")


def text(panel, state, width=120, height=8):
    return "\n".join(line_text(line) for line in panel.lines(state, width, height))


def test_header(seed_state, params):
    shown = text(HeaderLine(), seed_state.at(4), height=1)
    assert "x^(1) sample 1 of 1525" in shown and "t = 4 of T_x = 9" in shown
    assert f"n_a = {params.n_a}" in shown and "n_x = V = 10,000" in shown and "g = tanh" in shown


def test_onehot_and_stacked_name_the_index(seed_state):
    state = seed_state.at(4)
    step = state.step
    assert step.token == "hermione"
    shown = text(OneHotPanel(), state, height=3)
    assert f"index {fmt_int(step.index)} of 10,000" in shown and "9,999 zeros" in shown
    stacked = text(StackedPanel(), state, height=3)
    assert "a<3>: 100 values" in stacked and "x<4>: 10,000 entries" in stacked
    assert "10,100 × 1" in stacked and "100 × 10,100" in stacked
    assert f"the 1 is entry {fmt_int(100 + step.index)}" in stacked


def test_hidden_stats_are_the_steps(seed_state):
    state = seed_state.at(4)
    step = state.step
    shown = text(HiddenPanel(), state, height=4)
    assert f"min {fmt(float(step.z.min()), 2, sign=True)}" in shown
    assert f"max {fmt(float(step.a.max()), 2, sign=True)}" in shown
    assert f"saturated {step.saturated} of 100" in shown


def test_output_loss_and_equations_show_the_trace_numbers(seed_state):
    state = seed_state.at(4)
    step = state.step
    out = text(OutputPanel(), state, width=44, height=4)
    assert f"ŷ<4> = {fmt_small(step.y_hat)}" in out and f"L<4> = {fmt_small(step.loss)}" in out
    assert "y<4> = 1" in out
    loss = text(LossPanel(), state, width=44, height=4)
    assert f"= {fmt_small(step.cum_loss)}" in loss
    eq = text(EquationsPanel(), state, width=76, height=8)
    assert "z<4> = Waa a<3> + Wax x<4> + ba" in eq and "Wa [a<3>; x<4>] + ba" in eq
    assert f"σ({fmt(step.logit, 3, sign=True)}) = {fmt_small(step.y_hat)}" in eq
    assert "L<4> = −y<4> log ŷ<4> − (1−y<4>) log(1−ŷ<4>)" in eq  # ŷ inside the logs
    assert "the seed writes −y log y" in eq
    assert f"column {fmt_int(step.index)} of Wax" in eq


def test_t0_panels_say_what_comes(seed_state):
    state = seed_state.at(0)
    assert "press → to feed x<1> = 'harry'" in text(OneHotPanel(), state, height=3)
    assert "a<0> = 0" in text(HiddenPanel(), state, height=4)
    assert "a<0> = 0" in text(EquationsPanel(), state, width=76, height=8)
    assert "ΣL = 0" in text(LossPanel(), state, width=44, height=4)
    assert "a<0>=0" in text(UnrolledPanel(), state, height=6)


def test_history_has_one_row_per_word_so_far(seed_state):
    shown = text(HistoryPanel(), seed_state.at(4), height=10).splitlines()
    assert shown[0].startswith("── history of a<1..t>")
    assert [row.lstrip("▶ ").split()[1] for row in shown[1:5]] == ["harry", "potter", "and", "hermione"]
    assert shown[4].startswith("▶")
    assert shown[5].rstrip().endswith("·")  # a<5> not yet computed


def test_unlabeled_sentence_has_no_loss(params, vocab):
    sentence = sentence_from_text("the golden snitch")
    trace = trace_sentence(params, vocab, sentence)
    state = ViewState(trace=trace, sentence=sentence, number=0, count=1, source="command line").at(3)
    assert "no labels" in text(LossPanel(), state, width=44, height=4)
    assert "unlabeled" in text(EquationsPanel(), state, width=76, height=8)
    assert "<UNK>" in text(OneHotPanel(), state, height=3)


def test_the_tui_does_no_network_math():
    """All math goes through the engine: no activation, matrix product or loss in rnnviz/tui."""
    forbidden = re.compile(
        r"np\.(tanh|exp|log|dot|matmul|einsum|maximum|sqrt|square|linalg)\b|\bsigmoid\(|\bsoftmax\(| @ "
    )
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in TUI.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if forbidden.search(line.split("#")[0])
    ]
    assert offenders == []


def test_importing_the_app_stays_light():
    """Markdown (the help) and the command palette load only when first used."""
    code = (
        "import sys, rnnviz.tui.app; "
        "heavy = [m for m in ('markdown_it', 'textual.widgets._markdown', 'rnnviz.tui.commands') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def long_state(params, vocab):
    """A 5,003-word sentence (unlabeled): labels up to x<5003> are wider than at t = 5."""
    sentence = sentence_from_text(" ".join(["harry", "met", "the", "snitch"] * 1250 + ["harry"] * 3))
    trace = trace_sentence(params, vocab, sentence)
    assert trace.T == 5003
    return ViewState(trace=trace, sentence=sentence, number=0, count=1, source="long.txt")


def test_long_sentence_labels_never_run_into_the_strips(long_state):
    """x<5003> and z<5003> fit their prefix: the one-hot strip, its ruler and the heatmaps
    start in the same column at every t."""
    onehot, hidden = set(), set()
    for t in (5, 100, 4996, 5003):
        strip, ruler = OneHotPanel().lines(long_state.at(t), 120, 3)[1:3]
        assert strip[0].text.startswith(f"x<{t}> ") and strip[0].text.endswith(" ")
        onehot |= {len(strip[0].text), len(ruler[0].text)}
        z_row = HiddenPanel().lines(long_state.at(t), 120, 4)[1]
        assert z_row[0].text.startswith(f"z<{t}> ")
        hidden.add(len(z_row[0].text))
    assert len(onehot) == 1 and len(hidden) == 1


def test_header_says_when_g_was_switched_after_training(seed_state):

    from rnnviz.tui.state import TRAINED_WITH
    from rnnviz.tui.widgets.header import model_phrases

    params = seed_state.params
    assert params.meta.get("trained")
    assert model_phrases(params)[-1] == "trained"
    relu = params.replace(activation="relu", meta={**params.meta, TRAINED_WITH: "tanh"})
    assert "trained with tanh, shown with ReLU" in model_phrases(relu)
    back = relu.replace(activation="tanh")
    assert model_phrases(back)[-1] == "trained"
