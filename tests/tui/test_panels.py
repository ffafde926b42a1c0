"""Each panel's lines for a real view, without an app: the numbers on screen are checked
against the seed's equations written out in the test (conftest.Reference), not against the
trace the app draws from; and the TUI's source never does the network's math itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rnnviz.pipeline import sentence_from_text
from rnnviz.tui.draw.numbers import fmt, fmt_int, fmt_small, vector_preview
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import equations, header, hidden, history, loss, onehot, output, stacked, unrolled
from rnnviz.tui.panels.base import Panel
from rnnviz.tui.session import Session

from .conftest import Reference

TUI = Path(__file__).resolve().parents[2] / "rnnviz" / "tui"


@pytest.fixture(scope="module")
def seed_view(params, vocab, samples):
    return Session(samples, params, vocab, "train.txt").view(0)


@pytest.fixture(scope="module")
def ref(params, vocab, samples):
    return Reference(params, vocab, samples[0].tokens, samples[0].labels)


def text(module, view, width=120, height=8):
    return "\n".join(line_text(line) for line in module.PANEL.lines(view, width, height))


def test_header(seed_view):
    shown = text(header, seed_view.at(4), height=1)
    assert "x^(1) sample 1 of 2021" in shown and "t = 4 of T_x = 9" in shown
    assert "n_a = 100" in shown and "n_x = V = 10,000" in shown and "g = tanh" in shown


def test_onehot_and_stacked_name_the_index(seed_view, vocab):
    view = seed_view.at(4)
    index = vocab.index("hermione")
    shown = text(onehot, view, height=3)
    assert f"'hermione' → index {fmt_int(index)} of 10,000: x<4>[{fmt_int(index)}] = 1, 9,999 zeros" in shown
    shown = text(stacked, view, height=3)
    assert "a<3>: 100 values" in shown and "x<4>: 10,000 entries" in shown
    assert "10,100 × 1" in shown and "100 × 10,100" in shown
    assert f"the 1 is entry {fmt_int(100 + index)} = 100 + {fmt_int(index)}" in shown


def test_hidden_stats_are_the_equations(seed_view, ref):
    for t in (1, 4, 9):
        z, a = ref.z[t - 1], ref.a[t - 1]
        shown = text(hidden, seed_view.at(t), height=4)
        assert f"z: min {fmt(z.min(), 2, sign=True)} max {fmt(z.max(), 2, sign=True)}" in shown
        assert f"a: min {fmt(a.min(), 2, sign=True)} max {fmt(a.max(), 2, sign=True)}" in shown
        assert f"saturated {int((np.abs(a) > 0.99).sum())} of 100 (|a| > 0.99)" in shown


def test_output_loss_and_equations_are_the_equations(seed_view, ref):
    view = seed_view.at(4)
    shown = text(output, view, width=44, height=4)
    assert f"ŷ<4> = {fmt_small(ref.y_hat[3])}" in shown and f"L<4> = {fmt_small(ref.loss[3])}" in shown
    assert "y<4> = 1 (a name) · ŷ > 0.5: a name ✓" in shown
    assert f"ΣL = L<1> + … + L<4> = {fmt_small(ref.cum_loss[3])}" in text(loss, view, width=44, height=4)
    shown = text(equations, view, width=76, height=8)
    assert "z<4> = Waa a<3> + Wax x<4> + ba" in shown and "Wa [a<3>; x<4>] + ba" in shown
    assert vector_preview(ref.z[3]) in shown and vector_preview(ref.a[3]) in shown
    assert f"‖a<4>‖ = {fmt(float(np.linalg.norm(ref.a[3])), 2)}" in shown
    assert f"σ({fmt(ref.logit[3], 3, sign=True)}) = {fmt_small(ref.y_hat[3])}" in shown
    assert "L<4> = −y<4> log ŷ<4> − (1−y<4>) log(1−ŷ<4>)" in shown  # ŷ inside the logs
    assert f"ΣL<1..4> = {fmt_small(ref.cum_loss[3])}" in shown
    assert "the seed writes −y log y" in shown


def test_t0_panels_say_what_comes(seed_view, vocab):
    view = seed_view.at(0)
    assert "press → to feed x<1> = 'harry'" in text(onehot, view, height=3)
    assert "grey is 0: all 100 units start at zero; → computes z<1> and a<1> = tanh(z<1>)" in text(
        hidden, view, height=4
    )
    assert f"(index {fmt_int(vocab.index('harry'))}) and compute:" in text(equations, view, width=76, height=8)
    assert "ΣL = 0 (no word yet)" in text(loss, view, width=44, height=4)
    assert "a<0>=0" in text(unrolled, view, height=6)


def test_history_has_one_row_per_word_so_far(seed_view):
    shown = text(history, seed_view.at(4), height=10).splitlines()
    assert shown[0].startswith("── history of a<1..t>")
    assert [row.lstrip("▶ ").split()[1] for row in shown[1:5]] == ["harry", "potter", "and", "hermione"]
    assert shown[4].startswith("▶")
    assert shown[5].rstrip().endswith("·")  # a<5> not yet computed


def test_unlabeled_sentence_has_no_loss(params, vocab):
    view = Session([sentence_from_text("the golden snitch")], params, vocab, "command line").view(0, 3)
    assert "no labels" in text(loss, view, width=44, height=4)
    assert "unlabeled" in text(equations, view, width=76, height=8)
    assert "<UNK>" in text(onehot, view, height=3)


def test_relu_reads_zeros_not_saturation(params, vocab, samples):
    relu = params.replace(activation="relu")
    view = Session(samples, relu, vocab, "train.txt").view(0, 4)
    a = Reference(relu, vocab, samples[0].tokens).a[3]
    shown = text(hidden, view, height=4)
    assert f"saturated 0 (ReLU does not saturate; {int((a == 0).sum())} of 100 are 0)" in shown


def test_a_panel_is_shown_for_the_cells_whose_quantities_it_draws(seed_view):
    trace = seed_view.trace
    assert hidden.PANEL.quantities == ("z", "a") and hidden.PANEL.shows(trace)
    gated = Panel("gates", {"forward": hidden.forward, "backward": hidden.backward}, quantities=("f", "i", "o"))
    assert not gated.shows(trace)
    with pytest.raises(ValueError, match="no backward mode"):
        Panel("half", {"forward": hidden.forward})


def code_lines(source: str) -> dict[int, str]:
    """The code of a module by line, without its strings and comments: "softmax(" in a
    panel's text is a formula shown, not one computed."""
    import io
    import tokenize

    text = {"STRING", "COMMENT", "FSTRING_MIDDLE"}
    lines: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if tokenize.tok_name[token.type] not in text:
            row = token.start[0]
            lines[row] = lines.get(row, "") + " " + token.string
    return lines


def test_the_tui_does_no_network_math():
    """All math goes through the engine: no activation, matrix product or loss in rnnviz/tui."""
    forbidden = re.compile(
        r"np\.(tanh|exp|log|dot|matmul|einsum|maximum|sqrt|square|linalg)\b|\bsigmoid \(|\bsoftmax \(|[\w)\]] @ "
    )
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in TUI.rglob("*.py")
        for number, line in code_lines(path.read_text()).items()
        if forbidden.search(line)
    ]
    assert offenders == []
    assert code_lines("y = softmax(z)  # softmax(\n")[1].split() == ["y", "=", "softmax", "(", "z", ")"]
    assert not forbidden.search(code_lines('title = f"ŷ = softmax(z)"\n')[1])
    assert forbidden.search(code_lines("z = Wya @ a\n")[1]) and not forbidden.search(code_lines("@cache\n")[1])


def test_importing_the_app_stays_light():
    """Markdown (the help), the palette's commands, the training panel's ProgressBar and
    Sparkline, and NumPy load only when first used."""
    code = (
        "import sys, rnnviz.tui.app; "
        "heavy = [m for m in ('markdown_it', 'textual.widgets._markdown', 'rnnviz.tui.screens.palette', "
        "'textual.widgets._progress_bar', 'textual.widgets._sparkline', 'numpy') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def long_view(params, vocab):
    """A 5,003-word sentence (unlabeled): labels up to x<5003> are wider than at t = 5."""
    sentence = sentence_from_text(" ".join(["harry", "met", "the", "snitch"] * 1250 + ["harry"] * 3))
    view = Session([sentence], params, vocab, "long.txt").view(0)
    assert view.T == 5003
    return view


def test_long_sentence_labels_never_run_into_the_strips(long_view):
    """x<5003> and z<5003> fit their prefix: the one-hot strip, its ruler and the heatmaps
    start in the same column at every t."""
    onehots, hiddens = set(), set()
    for t in (5, 100, 4996, 5003):
        strip, ruler = onehot.PANEL.lines(long_view.at(t), 120, 3)[1:3]
        assert strip[0].text.startswith(f"x<{t}> ") and strip[0].text.endswith(" ")
        onehots |= {len(strip[0].text), len(ruler[0].text)}
        z_row = hidden.PANEL.lines(long_view.at(t), 120, 4)[1]
        assert z_row[0].text.startswith(f"z<{t}> ")
        hiddens.add(len(z_row[0].text))
    assert len(onehots) == 1 and len(hiddens) == 1


def test_header_says_when_g_was_switched_after_training(seed_view):
    from rnnviz.engine.records import TRAINED_WITH

    params = seed_view.params
    assert params.meta.get("trained")
    assert header.model_phrases(params)[-1] == "trained"
    relu = params.replace(activation="relu", meta={**params.meta, TRAINED_WITH: "tanh"})
    assert "trained with tanh, shown with ReLU" in header.model_phrases(relu)
    assert header.model_phrases(relu.replace(activation="tanh"))[-1] == "trained"
