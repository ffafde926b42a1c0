"""A character language model through `rnnviz.cli.main`: `rnnviz train --task lm` (bits per
character next to the bigram's, the vocabulary inside the model), `rnnviz sample`, and every
bad input as one line with exit status 2."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from rnnviz import bundled
from rnnviz.engine.bigram import Bigram
from rnnviz.engine.modelio import load_model
from rnnviz.engine.shapes.lm import example_of
from rnnviz.pipeline import load_model_and_vocab
from rnnviz.text.chars import CharVocabulary

ROOT = Path(__file__).resolve().parents[2]
TRAIN = "the cat sat\nthe dog sat\na cat ran\nthe cat ran\na dog sat\n" * 4
HELDOUT = "the dog ran\na cat sat\n"


@pytest.fixture(scope="module")
def lm(tmp_path_factory):
    """A small trained language model and its data files."""
    from rnnviz.cli import main

    folder = tmp_path_factory.mktemp("lm")
    (folder / "train.txt").write_text(TRAIN, encoding="utf-8")
    (folder / "heldout.txt").write_text(HELDOUT, encoding="utf-8")
    out = folder / "lm.npz"
    argv = ["train", "--task", "lm", "--data", folder / "train.txt", "--heldout", folder / "heldout.txt"]
    argv += ["--hidden", "16", "--epochs", "8", "--lr", "0.02", "--out", out, "--quiet"]
    assert main([str(a) for a in argv]) == 0
    return folder, out


def test_train_prints_bits_per_character_next_to_the_bigram(cli, tmp_path):
    (tmp_path / "train.txt").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "heldout.txt").write_text(HELDOUT, encoding="utf-8")
    out = tmp_path / "m.npz"
    stdout = cli.ok(
        "train", "--task", "lm", "--data", tmp_path / "train.txt", "--heldout", tmp_path / "heldout.txt",
        "--hidden", 8, "--epochs", 2, "--out", out,
    )  # fmt: skip
    vocab = CharVocabulary.from_lines(TRAIN.splitlines(), "t")
    bigram = Bigram.fit([example_of(vocab.encode(x)) for x in TRAIN.splitlines()], len(vocab), len(vocab))
    expected = bigram.bpc([example_of(vocab.encode(x)) for x in HELDOUT.splitlines()])
    epochs = [line for line in stdout.splitlines() if line.startswith("epoch ")]
    assert len(epochs) == 2
    for line in epochs:
        assert " │ held-out bpc " in line and line.endswith(f"vs bigram {expected:.3f} bpc (add-one)")
    params = load_model(out)
    assert params.spec.shape == "lm" and params.spec.head == "softmax"
    assert params.n_x == params.n_y == len(vocab) == 13  # 11 characters, the space and the end token
    assert params.meta["vocab"] == {"x": list(vocab.words), "kinds": {"x": "characters"}}
    held = params.meta["heldout"]
    assert held["baseline"] == f"bigram {expected:.3f} bpc (add-one)"
    assert held["bpc"] == pytest.approx(held["char_loss"] / math.log(2))
    assert params.meta["train"]["chars"] == sum(len(x) + 1 for x in TRAIN.splitlines())


def test_the_model_carries_its_vocabulary(lm):
    _, out = lm
    params, vocab = load_model_and_vocab(out, None)
    assert isinstance(vocab, CharVocabulary) and vocab.words[0] == "\n" and len(vocab) == params.n_x
    assert load_model(out).meta["heldout"]["bpc"] < 2.0  # it learned something (uniform is log2 13 = 3.7)


def test_resume_keeps_the_models_vocabulary(cli, lm, tmp_path):
    _, out = lm
    other = tmp_path / "more.txt"
    other.write_text("a cat sat\n", encoding="utf-8")  # fewer characters than the model's
    cli.ok("train", "--task", "lm", "--data", other, "--resume", out, "--epochs", 9, "--out", tmp_path / "r.npz")
    assert load_model(tmp_path / "r.npz").meta["vocab"] == load_model(out).meta["vocab"]
    (tmp_path / "new.txt").write_text("a bird sat\n", encoding="utf-8")
    cli.error(
        "train", "--task", "lm", "--data", tmp_path / "new.txt", "--resume", out, "--epochs", 9,
        contains=(f"{tmp_path / 'new.txt'}:1 (training data): the character 'b' (column 3) is not in",),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "heldout", "message"),
    [
        (
            ["--vocab", "words.txt"],
            None,
            "--vocab words.txt: a character language model takes its vocabulary from --data",
        ),
        (["--word-dropout", "0.1"], None, "--word-dropout: a character language model has no <UNK>"),
        (["--bidirectional"], None, "a language model reads left to right"),
        ([], "the cow\n", "heldout.txt:1 (held-out data): the character 'w' (column 7) is not in the characters of"),
        ([], "\n\n", "heldout.txt: no line of text in the file"),
    ],
)
def test_train_mistakes(cli, tmp_path, extra, heldout, message):
    (tmp_path / "train.txt").write_text(TRAIN, encoding="utf-8")
    more = []
    if heldout is not None:
        (tmp_path / "heldout.txt").write_text(heldout, encoding="utf-8")
        more = ["--heldout", tmp_path / "heldout.txt"]
    cli.error("train", "--task", "lm", "--data", tmp_path / "train.txt", *more, *extra, contains=(message,))


# ---------------------------------------------------------------------------- rnnviz sample


def test_samples_one_a_line_reproducible_by_seed(cli, lm):
    _, out = lm
    first = cli.ok("sample", "--model", out, "--n", 5, "--seed", 3)
    assert cli.ok("sample", "--model", out, "--n", 5, "--seed", 3) == first
    assert cli.ok("sample", "--model", out, "--n", 5, "--seed", 4) != first
    lines = first.split("\n")
    assert len(lines) == 6 and lines[-1] == ""  # five samples, each ended by a newline
    chars = set(TRAIN)
    assert all(set(line) <= chars for line in lines)


def test_greedy_sampling_is_the_argmax_every_step(cli, lm):
    _, out = lm
    greedy = cli.ok("sample", "--model", out, "--n", 3, "--temperature", 0, "--seed", 1).splitlines()
    assert len(set(greedy)) == 1  # no draw: every sample is the same
    assert greedy == cli.ok("sample", "--model", out, "--n", 3, "--temperature", 0, "--seed", 2).splitlines()
    params, vocab = load_model_and_vocab(out, None)
    from rnnviz.engine import build_trace

    line = greedy[0]
    ex = example_of(vocab.encode(line))
    trace = build_trace(params, ["", *line], ex.indices, ex.labels.tolist())
    assert vocab.decode(np.argmax(trace.logits, axis=1)) == line + "\n"


def test_prefix_and_max_len(cli, lm):
    _, out = lm
    samples = cli.ok("sample", "--model", out, "--n", 4, "--prefix", "the d", "--max-len", 3).splitlines()
    assert all(s.startswith("the d") and len(s) <= len("the d") + 3 for s in samples)
    assert {len(s) for s in cli.ok("sample", "--model", out, "--n", 20, "--max-len", 1).splitlines()} <= {0, 1}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--n", "0"], "--n must be at least 1, not 0"),
        (["--temperature", "-1"], "--temperature: the temperature must be a number >= 0 (0: greedy), not -1"),
        (["--temperature", "nan"], "--temperature: the temperature must be a number >= 0"),
        (["--max-len", "0"], "--max-len must be at least 1, not 0"),
        (["--seed", "-2"], "--seed must be >= 0, not -2"),
        (["--n", "two"], "argument -n/--n: invalid int value: 'two'"),
        (["--prefix", "the ~"], "--prefix: the character '~' (column 5) is not in the vocabulary of"),
        (["--prefix", "a\nb"], "--prefix: a sample is one line"),
    ],
)
def test_sample_mistakes(cli, lm, argv, message):
    _, out = lm
    cli.error("sample", "--model", out, *argv, contains=(message,))


def test_sampling_a_tagger_is_refused(cli):
    cli.error("sample", "--model", "tagger", contains=("the bundled model 'tagger': is a tagger model, not a",))


# ---------------------------------------------------------------------------- rnnviz export


def test_export_npz_writes_the_seeds_five_tensors(cli, tmp_path):
    """A one-layer, left-to-right vanilla language model exports as the tagger does: Waa, Wax,
    Wya, ba, by (Wya of shape (n_y, n_a)), the activation and the meta, its vocabulary in it."""
    out = tmp_path / "charlm.npz"
    cli.ok("export", "--model", "charlm", "--format", "npz", "--out", out)
    shipped = load_model(bundled.path_of("charlm"))
    with np.load(out, allow_pickle=False) as f:
        assert sorted(f.files) == ["Waa", "Wax", "Wya", "activation", "ba", "by", "meta"]
        n_a, V = shipped.n_a, shipped.n_y
        shapes = {k: f[k].shape for k in ("Waa", "Wax", "Wya", "ba", "by")}
        assert shapes == {"Waa": (n_a, n_a), "Wax": (n_a, V), "Wya": (V, n_a), "ba": (n_a, 1), "by": (V, 1)}
        assert all(np.array_equal(f[k], shipped[k]) for k in shapes)
    assert cli.ok("sample", "--model", out, "--n", 3) == cli.ok("sample", "--n", 3)  # the vocabulary came along


def test_export_safetensors_keeps_the_vocabulary(cli, tmp_path):
    out = tmp_path / "charlm.safetensors"
    cli.ok("export", "--model", "charlm", "--out", out)
    params, vocab = load_model_and_vocab(out, None)
    assert isinstance(vocab, CharVocabulary) and params.spec.shape == "lm"
    assert cli.ok("sample", "--model", out, "--seed", 5) == cli.ok("sample", "--seed", 5)


def test_models_lists_charlm_with_its_bits_per_character(cli):
    line = next(x for x in cli.ok("models").splitlines() if x.startswith("charlm "))
    bpc = load_model(bundled.path_of("charlm")).meta["heldout"]["bpc"]
    assert line.startswith("charlm  lm, rnn (tanh), 1 layer, left to right  n_a 64, V 61, ")
    assert line.endswith(f"sample_sentences/charlm/heldout.txt: bits/char {bpc:.3f} vs bigram 3.289 bpc (add-one)")


# ---------------------------------------------------------------------------- rnnviz trace


def test_trace_json_of_a_sequence(cli):
    """Each step: t, index and token of x<t> (null at t = 1, x<1> = 0), y and target (the next
    character, the end token last), ŷ<t> over every token, L<t>, ΣL and a<t>."""
    text = "The food was good."
    doc = json.loads(cli.ok("trace", "--model", "charlm", text, "--format", "json"))
    params, vocab = load_model_and_vocab("charlm", None)
    assert doc["model"] == {"n_a": 64, "n_x": 61, "n_y": 61, "activation": "tanh"}
    (sentence,) = doc["sentences"]
    steps = sentence["steps"]
    assert len(steps) == len(text) + 1
    assert {tuple(step) for step in steps} == {("t", "index", "token", "y", "target", "y_hat", "loss", "cum_loss", "a")}
    assert [s["t"] for s in steps] == list(range(1, len(text) + 2))
    assert steps[0]["index"] is None and steps[0]["token"] is None
    assert [s["token"] for s in steps[1:]] == list(text)
    assert [s["index"] for s in steps[1:]] == [vocab.index(c) for c in text]
    assert "".join(s["target"] for s in steps) == text + "\n"
    assert [s["y"] for s in steps] == [vocab.index(c) for c in text + "\n"]
    for s in steps:
        assert len(s["y_hat"]) == 61 and sum(s["y_hat"]) == pytest.approx(1.0, abs=1e-12)
        assert s["loss"] == pytest.approx(-math.log(s["y_hat"][s["y"]]), rel=1e-9)
        assert len(s["a"]) == 64
    assert steps[-1]["cum_loss"] == pytest.approx(sentence["loss"], rel=1e-12)
    assert sentence["text"] == text
    assert sentence["bpc"] == pytest.approx(sentence["loss"] / (len(text) + 1) / math.log(2), rel=1e-12)
    ex = example_of(vocab.encode(text))
    from rnnviz.engine import build_trace

    trace = build_trace(params, ["", *text], ex.indices, ex.labels.tolist())
    assert [s["y_hat"] for s in steps] == trace.probs.tolist()  # exact: floats round-trip
    assert steps[4]["a"] == trace.q("a")[4].tolist()


def test_trace_a_plain_text_file_one_sequence_a_line(cli, tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text('It was good.\n\n  "Two spaces," she said: plain!\n', encoding="utf-8")
    doc = json.loads(cli.ok("trace", "--model", "charlm", "Ok.", "--file", path, "--format", "json"))
    assert [s["text"] for s in doc["sentences"]] == ["Ok.", "It was good.", '  "Two spaces," she said: plain!']
    assert [len(s["steps"]) for s in doc["sentences"]] == [4, 13, 33]


def test_trace_csv_and_table_show_the_target_its_probability_and_the_top_3(cli):
    rows = list(csv.DictReader(io.StringIO(cli.ok("trace", "--model", "charlm", "a, b", "--format", "csv"))))
    assert list(rows[0]) == [
        "sentence", "t", "token", "index", "y", "target", "p_target", "loss", "cum_loss",
        "top1", "p_top1", "top2", "p_top2", "top3", "p_top3",
    ]  # fmt: skip
    assert [r["token"] for r in rows] == ["", "a", ",", " ", "b"]
    assert [r["target"] for r in rows] == ["a", ",", " ", "b", "⏎"]
    doc = json.loads(cli.ok("trace", "--model", "charlm", "a, b", "--format", "json"))
    for row, step in zip(rows, doc["sentences"][0]["steps"], strict=True):
        y_hat = np.array(step["y_hat"])
        assert float(row["p_target"]) == y_hat[step["y"]] and float(row["loss"]) == step["loss"]
        best = np.argsort(-y_hat, kind="stable")[:3]
        assert [float(row[f"p_top{k}"]) for k in (1, 2, 3)] == y_hat[best].tolist()
    table = cli.ok("trace", "--model", "charlm", "The food was good.")
    assert "sentence 1 of 1: T_x = 19 (18 characters and the end token)" in table
    assert "ŷ[y]" in table and "top 3 of ŷ<t>" in table
    step_19 = next(line for line in table.splitlines() if line.split()[:1] == ["19"])
    assert step_19.split()[1:3] == [".", "⏎"]  # x<19> = '.', the target is the end token
    loss = json.loads(cli.ok("trace", "--model", "charlm", "The food was good.", "--format", "json"))
    bpc = loss["sentences"][0]["bpc"]
    assert f"{bpc:.4f} bits per character" in " ".join(table.split())


def test_trace_mistakes_for_a_language_model(cli, tmp_path):
    cli.error(
        "trace", "--model", "charlm", "Hi ~",
        contains=("the command line: the character '~' (column 4) is not in the vocabulary of",),
    )  # fmt: skip
    path = tmp_path / "lines.txt"
    path.write_text("Fine.\nNot ~ fine.\n", encoding="utf-8")
    cli.error("trace", "--model", "charlm", "--file", path, contains=(f"{path}:2: the character '~' (column 5)",))
    cli.error("trace", "--model", "charlm", "two\nlines", contains=("cannot hold a line break",))


def test_trace_without_input_opens_the_models_first_sample_line(cli, lm):
    doc = json.loads(cli.ok("trace", "--model", "charlm", "--format", "json", "--no-vectors"))
    first = (ROOT / "sample_sentences" / "charlm" / "heldout.txt").read_text(encoding="utf-8").splitlines()[0]
    assert [s["text"] for s in doc["sentences"]] == [first]
    assert "a" not in doc["sentences"][0]["steps"][0]  # --no-vectors
    _, out = lm
    cli.error("trace", "--model", out, contains=("give a sequence or --file PATH", "names no sample file"))


def test_trace_json_of_a_language_model_is_streamed_as_json_dumps_writes_it(cli):
    out = cli.ok("trace", "--model", "charlm", "Hi.", "Ok", "--format", "json", "--indent", "2")
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"


def test_a_long_line_without_spaces_is_not_taken_for_divergence(cli, tmp_path):
    """Training bounds the loss per prediction: 100 nats a character here, not a word (this
    one-word line costs about 150 × ln 11 = 360 nats a word in the first epoch)."""
    path = tmp_path / "long.txt"
    path.write_text("abcdefghij" * 15 + "\n", encoding="utf-8")
    out = cli.ok("train", "--task", "lm", "--data", path, "--hidden", 4, "--epochs", 1, "--out", tmp_path / "m.npz")
    assert "done: saved" in out
