"""The figures the help screen quotes on the LSTM's gradient, recomputed from the bundled
models with scripts/measure_gradient_flow.py. A retrained model that changes them fails
here, and the help is updated with it. The flow itself (the cells' backward) is checked
against NumPy in test_cells.py, and against finite differences in the engine's tests."""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest

from rnnviz.pipeline import load_params, sentence_from_text
from rnnviz.text.formats import load_sentences
from rnnviz.tui.screens.help import HELP

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = (
    "Every spring, Marcus and his two sons walk from their village to the coast, a journey of four days, "
    "sleeping in farm buildings and eating bread and cheese."
)
FLAT = " ".join(HELP.split())


@pytest.fixture(scope="module")
def measure():
    spec = importlib.util.spec_from_file_location("measure", ROOT / "scripts" / "measure_gradient_flow.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def models(vocab):
    return {name: load_params(name, vocab) for name in ("tagger", "lstm-tagger")}


def test_the_medians_the_help_quotes(measure, models, vocab):
    found: dict[tuple[str, str], list[tuple[float, ...]]] = {kind: [] for kind in measure.KINDS}
    for path in measure.FILES:
        for sentence in load_sentences(ROOT / path):
            if len(sentence.tokens) >= 25:
                assert len(sentence.tokens) <= 35
                for kind, values in measure.ratios(models, vocab, sentence).items():
                    found[kind].append(values)
    tagger, lstm_da, lstm_dc = (found[kind] for kind in measure.KINDS)
    assert len(tagger) == 48 and "the 48 sentences of 25 to 35 words" in FLAT
    twenty = measure.BACK.index(20)
    medians = [f"{statistics.median(v[twenty] for v in values):.0%}" for values in (lstm_dc, tagger, lstm_da)]
    assert medians == ["21%", "10%", "7%"]
    assert "with **21%** of its size in the lstm-tagger's ‖dc‖, against **10%** in the vanilla tagger's" in FLAT
    assert "‖da‖ and **7%** in the LSTM's own ‖da‖" in FLAT
    more = sum(c[twenty] > a[twenty] for a, c in zip(tagger, lstm_dc))
    own = sum(c[twenty] > d[twenty] for d, c in zip(lstm_da, lstm_dc))
    assert (more, own) == (40, 47) and "in 40 of them, more than its own ‖da‖ in 47" in FLAT


def test_the_sentence_the_help_names(measure, models, vocab):
    assert " ".join(SENTENCE.split()) in FLAT
    sentence = sentence_from_text(SENTENCE)
    assert len(sentence.tokens) == 28 and sentence.labels is not None  # labeled from heldout_unseen.txt
    values = measure.ratios(models, vocab, sentence)
    first = len(measure.BACK)
    shown = [f"{values[kind][first]:.2g}" for kind in (("lstm-tagger", "dc"), ("tagger", "da"), ("lstm-tagger", "da"))]
    assert shown == ["0.22", "0.075", "0.11"]
    assert "with 22% in ‖dc‖, 7.5% in the tagger's ‖da‖ and 11% in the LSTM's ‖da‖" in FLAT


def test_the_help_says_how_the_gru_differs_from_the_course_in_one_line():
    lines = [line for line in HELP.splitlines() if "How the GRU differs from the course" in line]
    assert len(lines) == 1
    assert "Γu = 1 − z" in lines[0] and "applies Γr before the matmul" in lines[0]
