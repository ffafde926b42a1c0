"""The figures the help screen quotes on the LSTM's gradient, recomputed: the lstm-tagger's
and the tagger's BPTT on the sentence it names (the LSTM's in NumPy, test_cells.py), and the
medians of scripts/measure_gradient_flow.py. A retrained model that changes them fails here,
and the help is updated with it."""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import numpy as np

from rnnviz.pipeline import load_params, sentence_from_text, trace_sentence
from rnnviz.text.formats import load_sentences
from rnnviz.tui.screens.help import HELP

from .test_cells import LSTMReference

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = (
    "The rain had stopped by the time we reached the village, but the road was still covered in mud "
    "and the bridge was closed for repairs."
)


def test_the_sentence_the_help_names(vocab):
    assert " ".join(SENTENCE.split()) in " ".join(HELP.split())
    sentence = sentence_from_text(SENTENCE)
    assert len(sentence.tokens) == 26 and sentence.labels == (0,) * 26  # labeled from heldout.txt
    index = [vocab.index(token) for token in sentence.tokens]
    ref = LSTMReference(load_params("lstm-tagger", vocab), index, sentence.labels)
    assert sentence.tokens[23] == "closed" and f"{ref.y_hat[23]:.3f}" == "0.124"
    assert max(ref.y_hat[:23]) < 0.01 and max(ref.y_hat[24:]) < 0.01  # its one mistake
    dc, da = np.linalg.norm(ref.dc, axis=1), np.linalg.norm(ref.da, axis=1)
    assert (f"{dc[:24].min():.2f}", f"{dc[:24].max():.2f}", f"{dc[23]:.2f}", f"{dc[0]:.2f}") == (
        "0.44",
        "0.84",
        "0.70",
        "0.47",
    )
    assert (int(da[:24].argmax()) + 1, f"{da[:24].max():.1f}", f"{da[2]:.3f}") == (23, "2.0", "0.033")
    flat = " ".join(HELP.split())
    assert "‖dc<t>‖ stays between 0.44 and 0.84** (0.70 at word 24, 0.47 at word 1)" in flat
    assert "‖da<t>‖ falls from 2.0 (word 23) to 0.033 (word 3)" in flat
    tagger = trace_sentence(load_params("tagger", vocab), vocab, sentence)
    assert f"{max(step.y_hat for step in tagger.steps):.3f}" == "0.006" and "0.006 at most" in flat


def test_the_medians_the_help_quotes(vocab):
    spec = importlib.util.spec_from_file_location("measure", ROOT / "scripts" / "measure_gradient_flow.py")
    assert spec is not None and spec.loader is not None
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    models = {name: load_params(name, vocab) for name in ("tagger", "lstm-tagger")}
    ratios: dict[str, list[tuple[float, float]]] = {"tagger da": [], "lstm da": [], "lstm dc": []}
    for path in measure.FILES:
        for sentence in load_sentences(ROOT / path):
            if len(sentence.tokens) < 25:
                continue
            assert len(sentence.tokens) <= 35
            for key in ratios:
                params = models["tagger" if key.startswith("tagger") else "lstm-tagger"]
                norms = measure.flow(params, trace_sentence(params, vocab, sentence), key[-2:])
                ratios[key].append((norms[-6] / norms[-1], norms[0] / norms[-1]))
    assert len(ratios["lstm dc"]) == 48
    medians = {key: [statistics.median(column) for column in zip(*values)] for key, values in ratios.items()}
    shown = {
        key: (f"{back5:.0%}", f"{first:.1%}" if first < 0.01 else f"{first:.0%}")
        for key, (back5, first) in medians.items()
    }
    assert shown == {"tagger da": ("22%", "0.2%"), "lstm da": ("28%", "6%"), "lstm dc": ("75%", "19%")}
    flat = " ".join(HELP.split())
    assert "the 48 sentences of 25 to 35 words" in flat
    assert "tagger keeps **22%** of ‖da‖ and the lstm-tagger **75%** of ‖dc‖ (28% of its ‖da‖)" in flat
    assert "**0.2%** against **19%** (6%)" in flat


def test_the_help_says_how_the_gru_differs_from_the_course_in_one_line():
    lines = [line for line in HELP.splitlines() if "How the GRU differs from the course" in line]
    assert len(lines) == 1
    assert "Γu = 1 − z" in lines[0] and "applies Γr before the matmul" in lines[0]
