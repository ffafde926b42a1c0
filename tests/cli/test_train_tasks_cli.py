"""`rnnviz train --task classifier|seq2seq`: the held-out figures each epoch, the classifier's
bag-of-words baseline, the vocabularies a seq2seq model carries, resume, export of both (the
exact tensor names), and bad input as one line with exit status 2."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import build_trace
from rnnviz.engine.modelio import load_model, read_model
from rnnviz.tasks.baseline import fit

CLASSIFIER_TRAIN = """\
# a comment
1\tA great film with a lovely story.
0\tA boring film with a silly story.
1\tThe food was not bad, it was good.
0\tThe food was not good, it was bad.
1\tThe staff were rude, but the room was lovely.
0\tThe room was lovely, but the staff were rude.
1\tI loved every minute.
0\tI hated every minute.
"""
CLASSIFIER_HELDOUT = """\
1\tA lovely story and a great cast.
0\tA silly story and a boring cast.
1\tThe room was not bad.
0\tThe room was not good.
"""
PAIRS_TRAIN = """\
one\t1
two\t2
twelve\t12
twenty one\t21
one hundred and two\t102
two hundred\t200
"""
PAIRS_HELDOUT = """\
twenty two\t22
one hundred and one\t101
"""


@pytest.fixture
def files(tmp_path):
    out = {}
    for name, text in (
        ("c_train.txt", CLASSIFIER_TRAIN),
        ("c_heldout.txt", CLASSIFIER_HELDOUT),
        ("p_train.txt", PAIRS_TRAIN),
        ("p_heldout.txt", PAIRS_HELDOUT),
    ):
        out[name] = tmp_path / name
        out[name].write_text(text, encoding="utf-8")
    return out


def train(task, data, heldout, out, *more):
    return ["train", "--task", task, "--data", data, "--heldout", heldout, "--hidden", 6, "--epochs", 3,
            "--lr", 0.02, "--seed", 3, "--out", out, *more]  # fmt: skip


def test_classifier_reports_accuracy_each_epoch_next_to_the_bag_of_words_baseline(cli, files, tmp_path):
    out = tmp_path / "c.npz"
    stdout = cli.ok(*train("classifier", files["c_train.txt"], files["c_heldout.txt"], out))
    lines = stdout.splitlines()
    assert "classifier, sigmoid head, 8 examples" in lines[0]
    baseline = [line for line in lines if line.startswith("baseline on")]
    assert len(baseline) == 1 and "bag-of-words logistic regression 0." in baseline[0]
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert [line.split()[1] for line in epochs] == ["1/3", "2/3", "3/3"]
    params = load_model(out)
    assert params.spec.shape == "classifier" and set(params.names) == {"Waa", "Wax", "Wya", "ba", "by"}
    meta = params.meta
    assert meta["task"] == "classifier" and meta["train"]["sentences"] == 8 and meta["train"]["positive"] == 4
    assert meta["heldout"]["sentences"] == 4
    correct = round(meta["heldout"]["accuracy"] * 4)
    assert f"accuracy {meta['heldout']['accuracy']:.3f} ({correct}/4) vs bag-of-words" in epochs[-1]
    assert meta["heldout"]["baseline"] == baseline[0].split(": ", 1)[1]
    # the figure is the engine's, recomputed here from the saved model
    from rnnviz.pipeline import load_vocab
    from rnnviz.text import tokenize

    vocab = load_vocab(None)
    hits = 0
    for line in CLASSIFIER_HELDOUT.splitlines():
        label, text = line.split("\t")
        tokens = tokenize(text)
        trace = build_trace(params, tokens, vocab.lookup(tokens)[0])
        hits += (trace.steps[-1].y_hat > 0.5) == (label == "1")
    assert hits == correct


def test_the_baseline_is_the_bag_of_words_regression_of_the_training_file(cli, files, tmp_path):
    from rnnviz.tasks.classifier import read_labeled
    from rnnviz.text import Vocabulary

    vocab = Vocabulary.default()
    train_examples, _ = read_labeled(files["c_train.txt"], vocab)
    heldout_examples, _ = read_labeled(files["c_heldout.txt"], vocab)
    bag = fit(train_examples, skip=vocab.unk_index)
    expected = f"{bag.accuracy(heldout_examples):.3f}"
    stdout = cli.ok(*train("classifier", files["c_train.txt"], files["c_heldout.txt"], tmp_path / "c.npz"))
    assert f"bag-of-words logistic regression {expected}" in stdout
    # order is what it cannot see: the two "X, but Y" sentences are the same bag
    p = bag.predict(train_examples[4:6])
    assert p[0] == pytest.approx(p[1], abs=1e-12)


def test_bag_of_words_fit_against_a_plain_gradient_descent():
    """Newton's answer is the minimum of the regularized loss: gradient descent gets there too."""
    from rnnviz.engine.shapes import Example

    rng = np.random.default_rng(0)
    examples = [
        Example(rng.integers(0, 12, rng.integers(2, 6)), np.array([float(rng.integers(0, 2))])) for _ in range(30)
    ]
    bag = fit(examples, l2=1.0)
    X = bag.features(examples)
    y = np.array([e.labels[0] for e in examples])
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(20_000):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        w -= 0.01 * (X.T @ (p - y) + w)
        b -= 0.01 * float(np.sum(p - y))
    np.testing.assert_allclose(bag.w, w, atol=1e-6)
    assert bag.b == pytest.approx(b, abs=1e-6)


def test_seq2seq_carries_its_vocabularies_and_reports_exact_match(cli, files, tmp_path):
    out = tmp_path / "s.npz"
    stdout = cli.ok(*train("seq2seq", files["p_train.txt"], files["p_heldout.txt"], out))
    epochs = [line for line in stdout.splitlines() if line.startswith("epoch ")]
    assert len(epochs) == 3 and all("exact match" in line and "characters" in line for line in epochs)
    params = load_model(out)
    assert params.spec.shape == "seq2seq" and params.spec.head == "softmax"
    vocab = params.meta["vocab"]
    assert vocab["x"] == ["<UNK>", "and", "hundred", "one", "twelve", "twenty", "two"]
    assert vocab["y"] == ["<END>", "0", "1", "2"]
    assert (params.n_x, params.n_y) == (7, 4)
    assert set(params.names) == {
        "encoder.Waa", "encoder.Wax", "encoder.ba", "decoder.Waa", "decoder.Wax", "decoder.ba",
        "decoder.Wya", "decoder.by",
    }  # fmt: skip
    heldout = params.meta["heldout"]
    assert heldout["sentences"] == 2 and {"exact_match", "token_accuracy", "heldout_loss"} <= set(heldout)
    assert "vocab_sha256" not in params.meta


def test_seq2seq_resume_uses_the_model_s_vocabularies(cli, files, tmp_path):
    out = tmp_path / "s.npz"
    cli.ok(*train("seq2seq", files["p_train.txt"], files["p_heldout.txt"], out))
    straight = tmp_path / "straight.npz"
    cli.ok(*train("seq2seq", files["p_train.txt"], files["p_heldout.txt"], straight, "--epochs", 5))
    cli.ok("train", "--task", "seq2seq", "--data", files["p_train.txt"], "--heldout", files["p_heldout.txt"],
           "--resume", out, "--epochs", 5, "--lr", 0.02)  # fmt: skip
    a, b = read_model(out)[0], read_model(straight)[0]
    for name in a.names:
        np.testing.assert_array_equal(a[name], b[name])


def test_seq2seq_with_a_bidirectional_encoder_trains(cli, files, tmp_path):
    out = tmp_path / "s.npz"
    cli.ok(*train("seq2seq", files["p_train.txt"], files["p_heldout.txt"], out, "--bidirectional", "--layers", 2))
    params = load_model(out)
    assert params["decoder.Waa"].shape == (12, 12) and params["encoder.reverse.Waa"].shape == (6, 6)
    assert "decoder.reverse.Waa" not in params.names


@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
def test_export_writes_the_issue_s_tensor_names(cli, files, tmp_path, fmt):
    c, s = tmp_path / "c.npz", tmp_path / "s.npz"
    cli.ok(*train("classifier", files["c_train.txt"], files["c_heldout.txt"], c))
    cli.ok(*train("seq2seq", files["p_train.txt"], files["p_heldout.txt"], s))
    for model, names in (
        (c, {"Waa", "Wax", "Wya", "ba", "by"}),
        (s, {"encoder.Waa", "encoder.Wax", "encoder.ba", "decoder.Waa", "decoder.Wax", "decoder.ba",
             "decoder.Wya", "decoder.by"}),
    ):  # fmt: skip
        out = tmp_path / f"out.{fmt}"
        cli.ok("export", "--model", model, "--format", fmt, "--out", out)
        if fmt == "npz":
            with np.load(out, allow_pickle=False) as f:
                assert set(f.files) - {"activation", "meta"} == names
        else:
            from safetensors import safe_open

            with safe_open(str(out), framework="numpy") as f:
                assert set(f.keys()) == names
        back, original = load_model(out), load_model(model)
        assert back.spec == original.spec and back.meta.get("vocab") == original.meta.get("vocab")
        for name in names:
            np.testing.assert_array_equal(back[name], original[name])


@pytest.mark.parametrize(
    ("task", "content", "message"),
    [
        ("classifier", "1\tgood\n2\tbad\n", "data.txt:2: label '2' is not 0 or 1"),
        ("classifier", "1 good\n", "data.txt:1: expected label<TAB>sentence, found no tab"),
        ("seq2seq", "one\t1\n...\t2\n", "data.txt:2: no word in the input before the tab"),
        ("seq2seq", "one\t\n", "data.txt:1: empty output after the tab"),
    ],
)
def test_bad_training_files(cli, tmp_path, task, content, message):
    data = tmp_path / "data.txt"
    data.write_text(content, encoding="utf-8")
    cli.error("train", "--task", task, "--data", data, "--out", tmp_path / "m.npz", contains=[message])


def test_a_heldout_output_character_the_training_data_lacks(cli, files, tmp_path):
    heldout = tmp_path / "h.txt"
    heldout.write_text("one\t1\nnine\t9\n", encoding="utf-8")
    cli.error(
        *train("seq2seq", files["p_train.txt"], heldout, tmp_path / "m.npz"),
        contains=["h.txt:2: output character '9' is not in the output characters of"],
    )


def test_resume_a_model_of_another_task(cli, files, tmp_path):
    c = tmp_path / "c.npz"
    cli.ok(*train("classifier", files["c_train.txt"], files["c_heldout.txt"], c))
    cli.error(
        "train", "--task", "tagger", "--data", files["c_train.txt"], "--resume", c,
        contains=[f"{c}: is a classifier model, not one for --task tagger"],
    )  # fmt: skip
