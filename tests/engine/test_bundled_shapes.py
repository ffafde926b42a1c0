"""The bundled `classifier` and `seq2seq`: their figures recomputed here from the shipped
files (held-out accuracy next to the bag-of-words regression; greedy exact match, checked
against an independent greedy decoder on a sample), what they say about themselves, `rnnviz
models`, and their rebuild by scripts/build_model.py (bit for bit on the build machine)."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from rnnviz.engine.modelio import load_model
from rnnviz.engine.train import evaluate
from rnnviz.pipeline import load_model_and_vocab

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "sample_sentences"
SHIPPED = ROOT / "rnnviz" / "data" / "models"


def task_data(name: str, params):
    """The held-out examples (and the training ones) as `rnnviz train --task NAME` reads them."""
    from rnnviz.tasks import TASKS

    task = TASKS[name]
    args = SimpleNamespace(vocab=None, resume=None)
    if name == "seq2seq":
        from rnnviz.pipeline import carried_vocab
        from rnnviz.tasks.base import Vocabs
        from rnnviz.tasks.seq2seq import output_vocab

        vocabs = Vocabs(x=carried_vocab(params), y=output_vocab(params), carried=True)
    else:
        vocabs = task.vocabularies(args, DATA / name / "train.txt")
    return task, vocabs, lambda split: task.read(DATA / name / f"{split}.txt", vocabs, split, args)


def classifier_figures(params) -> tuple[float, float]:
    """(held-out accuracy, the bag-of-words regression's on the same split)."""
    task, vocabs, read = task_data("classifier", params)
    heldout = read("heldout")
    accuracy = evaluate(params, heldout.examples).accuracy
    baseline = task.baseline(read("train"), heldout, vocabs)
    return accuracy, float(baseline.rsplit(" ", 1)[1])


def seq2seq_exact_match(params) -> float:
    _, _, read = task_data("seq2seq", params)
    return evaluate(params, read("heldout").examples).exact_match


def reference_greedy(params, indices, cap):
    """Greedy decoding written from the equations (one vanilla layer each way: the encoder's
    a<T_x> is the decoder's a<0>)."""
    W = params.tensors
    a = np.zeros(params.n_a)
    for i in indices:
        a = np.tanh(W["encoder.Waa"] @ a + W["encoder.Wax"][:, i] + W["encoder.ba"][:, 0])
    x, out = np.zeros(params.n_y), []
    for _ in range(cap):
        a = np.tanh(W["decoder.Waa"] @ a + W["decoder.Wax"] @ x + W["decoder.ba"][:, 0])
        choice = int(np.argmax(W["decoder.Wya"] @ a + W["decoder.by"][:, 0]))
        if choice == 0:
            break
        out.append(choice)
        x = np.eye(params.n_y)[choice]
    return out


SHIPPED_CLASSIFIERS = {  # name: (its network, n_a, how it is stored)
    "classifier": ("rnn (relu), 1 layer, left to right, classifier, sigmoid head", 128, "float64"),
    "lstm-classifier": ("lstm, 1 layer, left to right, classifier, sigmoid head", 32, "float32"),
}


@pytest.mark.parametrize("name", sorted(SHIPPED_CLASSIFIERS))
def test_the_shipped_classifiers_beat_the_bag_of_words_and_say_so(name):
    params, vocab = load_model_and_vocab(name, None)
    network, n_a, stored = SHIPPED_CLASSIFIERS[name]
    assert params.spec.describe() == network
    assert set(params.names) == {"Waa", "Wax", "Wya", "ba", "by"}  # the tagger's five names
    assert params.n_a == n_a and len(vocab) == 10_000
    accuracy, baseline = classifier_figures(params)
    meta = params.meta
    assert meta["heldout"]["accuracy"] == pytest.approx(accuracy, rel=1e-12)  # of the weights it loads
    assert meta["heldout"]["baseline"] == f"bag-of-words logistic regression {baseline:.3f}"
    assert meta["samples"] == "classifier/heldout.txt" and meta["task"] == "classifier"
    assert meta.get("weights", "float64") == stored
    assert baseline == pytest.approx(0.684, abs=5e-4)
    assert accuracy >= 0.85
    json.dumps(meta)


def test_the_vanilla_classifier_started_as_an_irnn():
    """The bundled classifier is the seed's cell (z and a in its trace): ReLU, trained from
    Waa = I and ba = 0.1 (rnnviz train --init identity --activation relu)."""
    params, _ = load_model_and_vocab("classifier", None)
    assert params.meta["init"] == "trainer (Wax = 0, ba = 0.1: ReLU, Waa = I)"
    assert params.activation == "relu" and params.spec.cell == "rnn"


@pytest.mark.parametrize("name", sorted(SHIPPED_CLASSIFIERS))
def test_the_shipped_classifiers_read_order(name):
    """The same words in another order: the opinion is the last clause's."""
    params, vocab = load_model_and_vocab(name, None)
    from rnnviz.engine import build_trace
    from rnnviz.text import tokenize

    def y_hat(text):
        tokens = tokenize(text)
        return build_trace(params, tokens, vocab.lookup(tokens)[0]).steps[-1].y_hat

    assert y_hat("The food was cold, but the staff were lovely.") > 0.5
    assert y_hat("The staff were lovely, but the food was cold.") < 0.5


def test_the_shipped_seq2seq_decodes_held_out_numbers():
    params, vocab = load_model_and_vocab("seq2seq", None)
    assert (
        params.spec.shape == "seq2seq"
        and params.spec.describe() == "rnn (tanh), 1 layer, left to right, seq2seq, softmax head"
    )
    assert set(params.names) == {
        "encoder.Waa",
        "encoder.Wax",
        "encoder.ba",
        "decoder.Waa",
        "decoder.Wax",
        "decoder.ba",
        "decoder.Wya",
        "decoder.by",
    }  # fmt: skip  (the issue's export names)
    assert params.meta["vocab"]["y"] == ["<END>", *"0123456789"]
    assert "nineteen" in vocab and "ninety" in vocab  # words the bundled 10,000 lack
    exact = seq2seq_exact_match(params)
    assert params.meta["heldout"]["exact_match"] == pytest.approx(exact, rel=1e-12)
    assert exact >= 0.95
    from rnnviz.engine.shapes import get_shape
    from rnnviz.text.numbers import number_words

    shape, outputs = get_shape("seq2seq"), params.meta["vocab"]["y"]
    right = 0
    for n in range(1000):  # numbers the data files need not hold: their words from rnnviz.text.numbers
        indices = vocab.lookup(number_words(n).split())[0]
        mine = shape.decode(params.spec, params.tensors, indices)
        if n % 37 == 0:
            assert mine == reference_greedy(params, indices, 2 * len(indices) + 10), n
        right += "".join(outputs[i] for i in mine) == str(n)
    assert right >= 990
    three = vocab.lookup(["three", "thousand", "and", "forty", "two"])[0]
    assert "".join(outputs[i] for i in shape.decode(params.spec, params.tensors, three)) == "3042"


def test_models_lists_both(capsys):
    from rnnviz.cli import main

    assert main(["models"]) == 0
    out = capsys.readouterr().out
    classifier = next(line for line in out.splitlines() if line.startswith("classifier  "))
    seq2seq = next(line for line in out.splitlines() if line.startswith("seq2seq  "))
    accuracy = load_model(SHIPPED / "classifier.npz").meta["heldout"]["accuracy"]
    assert f"accuracy {accuracy:.3f} vs bag-of-words logistic regression 0.684" in classifier
    exact = load_model(SHIPPED / "seq2seq.npz").meta["heldout"]["exact_match"]
    assert f"exact match {exact:.3f}" in seq2seq and "left to right" in seq2seq and "V 32" in seq2seq


def build_script():
    spec = importlib.util.spec_from_file_location("build_model", ROOT / "scripts" / "build_model.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def same_bits_where_built(script, name: str, out: Path) -> None:
    if script.fingerprint() != json.loads(script.FINGERPRINT.read_text(encoding="utf-8")):
        warnings.warn(
            f"another machine than the bundled models': checked {name}'s contract, not its bits", stacklevel=2
        )
        return
    assert out.read_bytes() == (SHIPPED / f"{name}.npz").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SHIPPED_CLASSIFIERS))
def test_classifier_rebuilds(tmp_path, name):
    script = build_script()
    out = tmp_path / f"{name}.npz"
    assert script.build(name, out, quiet=True) == 0
    accuracy, baseline = classifier_figures(load_model(out))
    assert accuracy >= 0.82 and accuracy - baseline >= 0.12
    same_bits_where_built(script, name, out)


@pytest.mark.slow
def test_seq2seq_rebuilds(tmp_path):
    script = build_script()
    out = tmp_path / "seq2seq.npz"
    assert script.build("seq2seq", out, quiet=True) == 0
    rebuilt = load_model(out)
    assert rebuilt.meta["vocab"] == load_model(SHIPPED / "seq2seq.npz").meta["vocab"]
    assert seq2seq_exact_match(rebuilt) >= 0.95
    same_bits_where_built(script, "seq2seq", out)


def test_the_shipped_seq2seq_decodes_the_first_numbers_a_user_types():
    """Every number below 100, greedily, from its words alone (each is in train.txt eight
    times; once each, "seven" came out as 2 and "one" as nothing)."""
    from rnnviz.tasks import TRACED
    from rnnviz.text.numbers import number_words

    params, vocab = load_model_and_vocab("seq2seq", None)
    traced, names = TRACED["seq2seq"], params.meta["vocab"]["y"]
    wrong = []
    for n in range(100):
        trace = traced.trace(params, vocab, traced.items([number_words(n)], None)[0])
        decoded = "".join(names[i] for i in trace.decoded or ())
        if decoded != str(n):
            wrong.append((n, decoded))
    assert wrong == []
