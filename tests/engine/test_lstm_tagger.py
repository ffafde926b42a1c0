"""The bundled `lstm-tagger`: the tagger's data and settings with an LSTM cell, stored in
float32. Its contract: exactly the seed's four names, a held-out F1 bound, and a meta that
scores the weights it loads with."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from rnnviz import bundled
from rnnviz.engine import ModelSpec, build_trace, sigmoid
from rnnviz.engine.modelio import load_model
from rnnviz.engine.train import evaluate

ROOT = Path(__file__).resolve().parents[2]
SEED = "Harry Potter and Hermione Granger invented a new spell."


def names_found(params) -> list[str]:
    from rnnviz.text import Vocabulary, tokenize

    tokens = tokenize(SEED)
    indices, unknown = Vocabulary.default().lookup(tokens)
    assert not any(unknown)
    y_hat = sigmoid(build_trace(params, tokens, indices).logits[:, 0])
    return [t for t, p in zip(tokens, y_hat) if p > 0.5]


def heldout_examples():
    from rnnviz.engine.records import labeled_examples
    from rnnviz.text import Vocabulary, load_sentences

    path = ROOT / "sample_sentences" / "heldout.txt"
    return labeled_examples(load_sentences(path), Vocabulary.default(), str(path))[0]


@pytest.fixture(scope="module")
def lstm_tagger():
    return load_model(bundled.path_of("lstm-tagger"))


def test_finds_exactly_the_names_of_the_seed_sentence(lstm_tagger):
    assert lstm_tagger.spec == ModelSpec(cell="lstm")
    assert (lstm_tagger.n_a, lstm_tagger.n_x, lstm_tagger.n_y) == (100, 10_000, 1)
    assert names_found(lstm_tagger) == ["harry", "potter", "hermione", "granger"]


def test_heldout_f1_and_a_meta_that_scores_the_float32_weights(lstm_tagger):
    from rnnviz.text import Vocabulary

    ev = evaluate(lstm_tagger, heldout_examples())
    assert ev.f1 >= 0.95, ev
    meta = lstm_tagger.meta
    assert meta["weights"] == "float32" and meta["samples"] == "train.txt"
    assert meta["trained_on"] == "sample_sentences/train.txt, 20 epochs"
    assert meta["vocab_sha256"] == Vocabulary.default().sha256
    assert meta["heldout"]["f1"] == ev.f1  # the float64 weights: loss 1.7e-9 higher; these are the float32 ones
    assert meta["heldout"]["heldout_loss"] == pytest.approx(ev.loss, rel=1e-11, abs=0)
    with np.load(bundled.path_of("lstm-tagger"), allow_pickle=False) as f:
        assert {f[k].dtype for k in f.files if f[k].dtype.kind == "f"} == {np.dtype(np.float32)}
    json.dumps(meta)


@pytest.mark.slow
def test_lstm_tagger_rebuilds(tmp_path):
    """scripts/build_model.py's recipe gives a model that keeps the contract. (Its bits are
    not compared: it was built on another machine than scripts/models.machine.json records;
    rebuilding every model on one machine, `build_model.py --all`, would allow it.)"""
    spec = importlib.util.spec_from_file_location("build_model", ROOT / "scripts" / "build_model.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.RECIPES["lstm-tagger"][0][:3] == ["train", "--cell", "lstm"]
    tagger_args = [a for a in script.RECIPES["tagger"][0] if a not in ("--activation", "tanh")]
    assert script.RECIPES["lstm-tagger"][0] == ["train", "--cell", "lstm", *tagger_args[1:]]  # trained like tagger
    out = tmp_path / "lstm-tagger.npz"
    assert script.build("lstm-tagger", out, quiet=True) == 0
    rebuilt = load_model(out)
    assert names_found(rebuilt) == ["harry", "potter", "hermione", "granger"]
    assert evaluate(rebuilt, heldout_examples()).f1 >= 0.9
    assert rebuilt.meta["heldout"]["f1"] == evaluate(rebuilt, heldout_examples()).f1
