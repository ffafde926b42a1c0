"""`rnnviz trace`: its outputs against the engine, and every bad input as one line + exit 2."""

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

from rnnviz.engine import init_params
from rnnviz.pipeline import load_params, load_vocab, sentence_from_text, trace_sentence

SEED = "Harry Potter and Hermione Granger invented a new spell."


@pytest.fixture(scope="module")
def seed_trace():
    vocab = load_vocab(None)
    return trace_sentence(load_params(None, vocab), vocab, sentence_from_text(SEED))


def test_json_document_matches_the_engine(cli, seed_trace):
    code, out, _ = cli.run("trace", SEED, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"model", "sentences"}
    assert doc["model"] == {"n_a": 100, "n_x": 10_000, "n_y": 1, "activation": "tanh"}
    (sentence,) = doc["sentences"]
    assert sentence["tokens"] == ["harry", "potter", "and", "hermione", "granger", "invented", "a", "new", "spell"]
    assert sentence["labels"] == [1, 1, 0, 1, 1, 0, 0, 0, 0]  # taken from sample_sentences/
    assert sentence["loss"] == seed_trace.loss
    assert len(sentence["steps"]) == 9
    for step, s in zip(sentence["steps"], seed_trace.steps, strict=True):
        assert {"t", "token", "index", "y", "y_hat", "logit", "loss", "cum_loss", "z", "a"} <= set(step)
        assert step["t"] == s.t and step["token"] == s.token and step["index"] == s.index
        assert step["y_hat"] == s.y_hat and step["logit"] == s.logit  # exact: repr round-trips
        assert step["loss"] == s.loss and step["cum_loss"] == s.cum_loss
        assert step["a"] == s.a.tolist() and step["z"] == s.z.tolist()
        assert len(step["a"]) == 100
    assert sentence["steps"][-1]["cum_loss"] == pytest.approx(sentence["loss"], rel=1e-12)


def test_csv_has_one_row_per_word(cli, seed_trace):
    code, out, _ = cli.run("trace", SEED, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["token"] for r in rows] == list(seed_trace.tokens)
    assert [float(r["y_hat"]) for r in rows] == [s.y_hat for s in seed_trace.steps]
    assert [int(r["y"]) for r in rows] == [1, 1, 0, 1, 1, 0, 0, 0, 0]


def test_table_shows_every_word_and_the_loss(cli, seed_trace):
    code, out, _ = cli.run("trace", SEED)
    assert code == 0
    for token in seed_trace.tokens:
        assert token in out
    assert f"{seed_trace.loss:.6f}" in out
    assert "n_a = 100" in out and "10,000" in out


def test_unknown_words_are_fed_as_unk_and_named(cli):
    code, out, _ = cli.run("trace", "Zyxwv met Harry", "--format", "json")
    assert code == 0
    steps = json.loads(out)["sentences"][0]["steps"]
    assert steps[0]["token"] == "zyxwv" and steps[0]["unknown"] is True and steps[0]["index"] == 0
    code, out, _ = cli.run("trace", "Zyxwv met Harry")
    assert "<UNK> (zyxwv)" in out and "fed as <UNK>: zyxwv" in out


def test_unlabeled_sentence_has_no_loss(cli):
    _code, out, _ = cli.run("trace", "the cat sat on a mat", "--format", "json")
    sentence = json.loads(out)["sentences"][0]
    assert sentence["labels"] is None and sentence["loss"] is None
    assert all(s["y"] is None and s["loss"] is None for s in sentence["steps"])


def test_file_traces_every_sentence_with_labels(cli, tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("[Harry] met [Ron].\nIt rained.\n", encoding="utf-8")
    _code, out, _ = cli.run("trace", "--file", str(path), "--format", "json")
    doc = json.loads(out)
    assert [s["labels"] for s in doc["sentences"]] == [[1, 0, 1], [0, 0]]
    assert all(isinstance(s["loss"], float) for s in doc["sentences"])


def test_a_5000_word_sentence_works(cli):
    text = " ".join(["harry", "met", "the", "wizard"] * 1250)
    code, out, _ = cli.run("trace", text, "--format", "csv")
    assert code == 0
    assert len(out.strip().splitlines()) == 5001


@pytest.mark.parametrize("text, what", [("", "empty"), ("   ", "empty"), ("?! ... ,", "only punctuation")])
def test_empty_or_punctuation_sentence(cli, text, what):
    cli.error("trace", text, contains=(what,))


def test_missing_file(cli, tmp_path):
    cli.error("trace", "--file", str(tmp_path / "nope.txt"), contains=("nope.txt",))


def test_non_utf8_file_names_file_and_line(cli, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("[Harry] met [Ron].\n[Zoë] smiled.\n".encode("latin-1"))
    cli.error("trace", "--file", str(path), contains=("latin1.txt:2",))


def test_unreadable_file(cli, tmp_path):
    """A directory stands in for an unreadable file: root can read any mode-0 file."""
    path = tmp_path / "sentences.txt"
    path.mkdir()
    cli.error("trace", "--file", str(path), contains=("sentences.txt",))


def test_unclosed_bracket_names_file_and_line(cli, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("[Harry] met [Ron].\n[Hermione Granger smiled.\n", encoding="utf-8")
    cli.error("trace", "--file", str(path), contains=("bad.txt:2",))


def test_conll_line_without_tag(cli, tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("Harry B-PER\nPotter I-PER\nsmiled\n", encoding="utf-8")
    cli.error("trace", "--file", str(path), contains=("bad.conll:3",))


def save_model(path, **override):
    p = init_params(4, 10_000, seed=1)
    arrays = {"Waa": p.Waa, "Wax": p.Wax, "Wya": p.Wya, "ba": p.ba, "by": p.by}
    arrays.update(override)
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})
    return path


def test_a_valid_model_file_is_used(cli, tmp_path):
    path = save_model(tmp_path / "m.npz", activation=np.array("relu"))
    _code, out, _ = cli.run("trace", SEED, "--model", str(path), "--format", "json")
    assert json.loads(out)["model"] == {"n_a": 4, "n_x": 10_000, "n_y": 1, "activation": "relu"}


@pytest.mark.parametrize(
    "override, message",
    [
        ({"Wya": None}, "missing tensor Wya"),
        ({"ba": np.zeros((5, 1))}, "ba has shape (5, 1)"),
        ({"Waa": np.zeros((4, 4, 1))}, "Waa must be a 2-D array"),
        ({"Wax": np.zeros((4, 500))}, "n_x = 500"),
        ({"by": np.array([[np.nan]])}, "'by' has 1 non-finite value"),
        ({"Waa": np.full((4, 4), np.inf)}, "'Waa' has 16 non-finite values"),
        ({"Waa": np.array([[None] * 4] * 4, dtype=object)}, "refusing to unpickle"),
    ],
)
def test_bad_model_files(cli, tmp_path, override, message):
    path = save_model(tmp_path / "bad.npz", **override)
    cli.error("trace", SEED, "--model", str(path), contains=("bad.npz", message))


def test_model_that_is_not_a_zip(cli, tmp_path):
    path = tmp_path / "junk.npz"
    path.write_text("not a model", encoding="utf-8")
    cli.error("trace", SEED, "--model", str(path), contains=("junk.npz",))


def test_trace_without_a_sentence_traces_the_seeds_sentence(cli, seed_trace):
    """The same default as `rnnviz`: the first bundled sample sentence, the seed's."""
    code, out, _ = cli.run("trace", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["token"] for r in rows] == list(seed_trace.tokens)
    assert [int(r["y"]) for r in rows] == [1, 1, 0, 1, 1, 0, 0, 0, 0]
    assert [float(r["loss"]) for r in rows] == [s.loss for s in seed_trace.steps]


def test_unknown_option_is_one_line(cli):
    cli.error("trace", SEED, "--format", "xml", contains=("invalid choice",))


def test_runs_from_any_directory_as_a_process(tmp_path):
    """The installed package finds its vocabulary and sentences wherever it is run."""
    proc = subprocess.run(
        [sys.executable, "-m", "rnnviz", "trace", SEED, "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sentences"][0]["labels"] == [1, 1, 0, 1, 1, 0, 0, 0, 0]


def test_bad_input_as_a_process_has_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "rnnviz", "trace", "..."], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_model_trained_with_another_vocabulary(cli, tmp_path):
    words = ["<UNK>"] + [f"w{i}" for i in range(1, 10_000)]
    vocab = tmp_path / "words.txt"
    vocab.write_text("\n".join(words) + "\n", encoding="utf-8")
    # The bundled model records the bundled vocabulary's sha256: same size, other words.
    cli.error("trace", "w1 w2", "--vocab", str(vocab), contains=("another vocabulary", "words.txt"))


def test_the_debugger_refuses_a_softmax_model(cli, tmp_path):
    p = init_params(4, 10_000, n_y=3, seed=1)
    path = tmp_path / "softmax.npz"
    np.savez(path, Waa=p.Waa, Wax=p.Wax, Wya=p.Wya, ba=p.ba, by=p.by)
    cli.error("--model", path, contains=("softmax.npz", "n_y = 3", "rnnviz trace"))
    code, out, _ = cli.run("trace", "harry met ron", "--model", path, "--format", "json")
    assert code == 0 and len(json.loads(out)["sentences"][0]["steps"][0]["y_hat"]) == 3


@pytest.mark.parametrize("cell, quantities", [("lstm", ["f", "i", "g", "o", "c", "a"]), ("gru", ["r", "u", "n", "a"])])
def test_json_holds_the_quantities_of_the_models_cell(cli, tmp_path, cell, quantities):
    from rnnviz.engine import ModelSpec
    from rnnviz.engine.modelio import save_model as save

    params = init_params(3, 10_000, seed=1, spec=ModelSpec(cell=cell))
    path = save(params, tmp_path / f"{cell}.npz")
    doc = json.loads(cli.ok("trace", "Harry met Ron", "--model", path, "--format", "json"))
    assert doc["model"] == {"n_a": 3, "n_x": 10_000, "n_y": 1, "cell": cell}
    step = doc["sentences"][0]["steps"][1]
    assert list(step)[-len(quantities) :] == quantities
    tr = trace_sentence(params, load_vocab(None), sentence_from_text("Harry met Ron"))
    for name in quantities:
        assert step[name] == tr.steps[1].q(name).tolist()
    assert f"cell = {cell}" in cli.ok("trace", "Harry met Ron", "--model", path)
