"""The bundled `charlm`: its corpus, its contract (held-out bits per character at most 0.85
times the character bigram's, computed here), what it says about itself, and its rebuild by
scripts/build_model.py (bit for bit on the build machine)."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from rnnviz.engine.bigram import Bigram
from rnnviz.engine.modelio import load_model
from rnnviz.engine.params import Params
from rnnviz.engine.shapes.lm import example_of
from rnnviz.engine.train import evaluate
from rnnviz.pipeline import load_model_and_vocab
from rnnviz.text.chars import CharVocabulary, load_lines

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sample_sentences" / "charlm"
SHIPPED = ROOT / "rnnviz" / "data" / "models" / "charlm.npz"
TARGET = 0.85  # held-out bits per character, at most this times the bigram's


def corpus(name: str) -> list[str]:
    return [line.text for line in load_lines(CORPUS / f"{name}.txt")]


def examples(vocab: CharVocabulary, name: str):
    return [example_of(vocab.encode(line)) for line in corpus(name)]


def bigram_bpc() -> float:
    vocab = CharVocabulary.from_lines(corpus("train"), "train")
    return Bigram.fit(examples(vocab, "train"), len(vocab), len(vocab)).bpc(examples(vocab, "heldout"))


def contract(params: Params) -> float:
    """The held-out bits per character, checked against the bigram's; returns it."""
    vocab = CharVocabulary.from_tokens(params.meta["vocab"]["x"], "the model")
    bpc = evaluate(params, examples(vocab, "heldout")).bpc
    assert bpc <= TARGET * bigram_bpc(), (bpc, bigram_bpc())
    return bpc


def test_the_corpus():
    train, heldout = corpus("train"), corpus("heldout")
    assert (len(train), len(heldout)) == (1193, 274)
    assert not set(train) & set(heldout)  # no held-out line is a training line
    assert len(set(train)) == len(train) and len(set(heldout)) == len(heldout)
    assert set("".join(heldout)) <= set("".join(train))  # the model can score every held-out character


def test_the_bigram_baseline_on_the_corpus():
    """3.289 bits per character: add-one smoothing over the 61 tokens; the best add-α on the
    held-out lines themselves (α = 0.1) is only 0.04 bits better."""
    assert bigram_bpc() == pytest.approx(3.2895, abs=1e-4)
    vocab = CharVocabulary.from_lines(corpus("train"), "train")
    tuned = Bigram.fit(examples(vocab, "train"), len(vocab), len(vocab), alpha=0.1).bpc(examples(vocab, "heldout"))
    assert 3.2 < tuned < bigram_bpc()


def test_the_shipped_model_keeps_its_contract_and_says_so():
    params, vocab = load_model_and_vocab("charlm", None)
    assert (
        params.spec.shape == "lm" and params.spec.describe() == "rnn (tanh), 1 layer, left to right, lm, softmax head"
    )
    assert (params.n_a, params.n_x, params.n_y) == (64, 61, 61)
    assert vocab.words == CharVocabulary.from_lines(corpus("train"), "t").words
    bpc = contract(params)
    meta = params.meta
    assert meta["heldout"]["bpc"] == pytest.approx(bpc, rel=1e-12)
    assert meta["heldout"]["baseline"] == f"bigram {bigram_bpc():.3f} bpc (add-one)"
    assert meta["trained_on"] == "sample_sentences/charlm/train.txt, 30 epochs"
    assert meta["samples"] == "charlm/heldout.txt" and meta["task"] == "lm"
    assert bpc / bigram_bpc() < 0.66
    json.dumps(meta)


def test_the_shipped_model_has_learned_words():
    """After "The food was " the model expects a letter, and after "The foo" a 'd'."""
    params, vocab = load_model_and_vocab("charlm", None)
    line = "The food was good."
    ex = example_of(vocab.encode(line))
    from rnnviz.engine import build_trace

    trace = build_trace(params, ["", *line], ex.indices, ex.labels.tolist())
    after_foo = trace.probs[line.index("foo") + 3]  # ŷ<t> after x<t> = the second 'o'
    assert vocab.words[int(np.argmax(after_foo))] == "d"
    assert trace.probs[-1, vocab.end_index] > 0.9  # after the full stop, the line ends
    assert trace.loss / len(ex.labels) / math.log(2) < 2.0


@pytest.mark.slow
def test_charlm_rebuilds(tmp_path):
    """scripts/build_model.py charlm runs its `rnnviz train` command: a model that keeps the
    contract anywhere, and the shipped file bit for bit on a machine with the recorded
    fingerprint (tests/engine/test_train.py explains why)."""
    spec = importlib.util.spec_from_file_location("build_model", ROOT / "scripts" / "build_model.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "charlm.npz"
    assert script.build("charlm", out, quiet=True) == 0
    rebuilt = load_model(out)
    contract(rebuilt)
    assert rebuilt.meta["vocab"] == load_model(SHIPPED).meta["vocab"]
    if script.fingerprint() != json.loads(script.FINGERPRINT.read_text(encoding="utf-8")):
        import warnings

        warnings.warn("another machine than the bundled models': checked charlm's contract, not its bits", stacklevel=1)
        return
    assert out.read_bytes() == SHIPPED.read_bytes()
