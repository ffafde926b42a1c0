"""`rnnviz trace` of a classifier and of an encoder-decoder: the issue's JSON fields, CSV and
table, against the engine's trace of the same input; their file formats and mistakes."""

from __future__ import annotations

import csv
import io
import itertools
import json

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, build_trace, init_params
from rnnviz.engine.modelio import save_model
from rnnviz.text import Vocabulary, tokenize

WORDS = ["<UNK>", "and", "hundred", "one", "twelve", "twenty", "two"]
OUTPUTS = ["<END>", "0", "1", "2"]


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("models")
    classifier = init_params(4, 10_000, 1, seed=2, spec=ModelSpec(shape="classifier"))
    save_model(classifier, folder / "c.npz")
    spec = ModelSpec(shape="seq2seq", head="softmax", bidirectional=True)
    s2s = init_params(3, len(WORDS), len(OUTPUTS), seed=1, spec=spec)
    s2s = s2s.replace(meta={"vocab": {"x": WORDS, "y": OUTPUTS}})
    save_model(s2s, folder / "s.npz")
    return {"classifier": (classifier, folder / "c.npz"), "seq2seq": (s2s, folder / "s.npz")}


def classifier_trace(params, text, label=None):
    vocab = Vocabulary.default()
    tokens = tokenize(text)
    indices, unknown = vocab.lookup(tokens)
    return build_trace(params, tokens, indices, None if label is None else [label], unknown)


def s2s_trace(params, text, output=None):
    tokens = text.split()
    indices = [WORDS.index(t) if t in WORDS else 0 for t in tokens]
    labels = None if output is None else [OUTPUTS.index(c) for c in output] + [0]
    return build_trace(params, tokens, indices, labels, [t not in WORDS for t in tokens])


# ---------------------------------------------------------------------------- classifier


def test_classifier_json_has_one_output_for_the_sentence(cli, models, tmp_path):
    params, path = models["classifier"]
    data = tmp_path / "reviews.txt"
    data.write_text("# two reviews\n1\tNot bad, really good.\n0\tGood, then bad.\n", encoding="utf-8")
    doc = json.loads(cli.ok("trace", "--model", path, "--format", "json", "Never boring.", "--file", data))
    typed, first, second = doc["sentences"]
    for record, (text, label) in zip(
        (typed, first, second), (("Never boring.", None), ("Not bad, really good.", 1), ("Good, then bad.", 0))
    ):
        trace = classifier_trace(params, text, label)
        last = trace.steps[-1]
        assert record["y_hat"] == last.y_hat and isinstance(record["y_hat"], float)
        assert record["y"] == label and record["loss"] == trace.loss
        assert record["tokens"] == list(trace.tokens)
        assert [set(step) for step in record["steps"]] == [{"t", "token", "index", "unknown", "z", "a"}] * trace.T
        for step, s in zip(record["steps"], trace.steps, strict=True):
            assert (step["t"], step["token"], step["index"]) == (s.t, s.token, s.index)
            assert step["z"] == s.z.tolist() and step["a"] == s.a.tolist()
    assert typed["loss"] is None and first["loss"] == pytest.approx(-np.log(first["y_hat"]), rel=1e-12)
    assert second["loss"] == pytest.approx(-np.log(1 - second["y_hat"]), rel=1e-12)


def test_a_review_on_the_command_line_is_labeled_as_in_the_app(cli, models):
    """ "1: …" and "0: …" label a typed review (the debugger's e dialog reads the same); the
    label is not a word of it. Without it, the review is unlabeled."""
    params, path = models["classifier"]
    doc = json.loads(cli.ok("trace", "--model", path, "--format", "json", "1: Never boring.", "0:dull", "Fine"))
    positive, negative, unlabeled = doc["sentences"]
    trace = classifier_trace(params, "Never boring.", 1)
    assert positive["tokens"] == list(trace.tokens) == ["never", "boring"] and positive["y"] == 1
    assert positive["loss"] == trace.loss == pytest.approx(-np.log(trace.steps[-1].y_hat), rel=1e-12)
    assert negative["tokens"] == ["dull"] and negative["y"] == 0
    assert negative["loss"] == pytest.approx(-np.log(1 - negative["y_hat"]), rel=1e-12)
    assert unlabeled["y"] is None and unlabeled["loss"] is None


def test_classifier_without_vectors_and_the_default_sentence(cli, models):
    _, path = models["classifier"]
    doc = json.loads(cli.ok("trace", "--model", path, "--format", "json", "--no-vectors"))
    (record,) = doc["sentences"]  # the first sentence of sample_sentences/classifier/heldout.txt
    from rnnviz.text import sample_sentences_dir
    from rnnviz.text.labeled import load_labeled_lines

    first = load_labeled_lines(sample_sentences_dir() / "classifier" / "heldout.txt")[0]
    assert record["tokens"] == tokenize(first.text) and record["y"] == first.label
    assert all(set(step) == {"t", "token", "index", "unknown"} for step in record["steps"])


def test_classifier_csv_and_table(cli, models):
    params, path = models["classifier"]
    trace = classifier_trace(params, "the food was not good")
    rows = list(
        csv.DictReader(io.StringIO(cli.ok("trace", "--model", path, "--format", "csv", "The food was not good.")))
    )
    assert [r["token"] for r in rows] == ["the", "food", "was", "not", "good"]
    assert [r["y_hat"] for r in rows[:-1]] == [""] * 4 and float(rows[-1]["y_hat"]) == trace.steps[-1].y_hat
    assert [float(r["a_max"]) for r in rows] == [float(s.a.max()) for s in trace.steps]
    table = cli.ok("trace", "--model", path, "The food was not good.")
    assert "one output after the last word" in table and f"{trace.steps[-1].y_hat:.4f}" in table
    assert "unlabeled sentence: no y, so no loss" in table


def test_classifier_file_mistakes(cli, models, tmp_path):
    _, path = models["classifier"]
    data = tmp_path / "bad.txt"
    data.write_text("1\tfine\n5\tnot fine\n", encoding="utf-8")
    cli.error("trace", "--model", path, "--file", data, contains=[f"{data}:2: label '5' is not 0 or 1"])
    cli.error("trace", "--model", path, "...", contains=["the sentence: '...' has no word to read"])


# ---------------------------------------------------------------------------- seq2seq


def test_seq2seq_json_unlabeled_input_decodes_greedily(cli, models):
    params, path = models["seq2seq"]
    doc = json.loads(cli.ok("trace", "--model", path, "--format", "json", "twenty two"))
    (record,) = doc["sentences"]
    trace = s2s_trace(params, "twenty two")
    assert set(record) >= {"steps", "output_steps", "output", "loss"} and record["loss"] is None
    assert record["output"] == "".join(OUTPUTS[i] for i in trace.decoded)
    assert [set(step) for step in record["steps"]] == [{"t", "token", "index", "unknown", "z", "a"}] * 2
    out = record["output_steps"]
    assert len(out) == trace.decoder.T
    assert out[0]["index"] is None and [s["index"] for s in out[1:]] == list(trace.decoder.indices[1:])
    for step, s in zip(out, trace.decoder.steps, strict=True):
        assert set(step) == {"t", "index", "token", "y", "y_hat", "loss", "cum_loss", "z", "a"}
        assert step["y"] is None and step["loss"] is None and step["cum_loss"] is None
        assert step["y_hat"] == s.probs.tolist() and sum(step["y_hat"]) == pytest.approx(1.0, abs=1e-12)
        assert step["token"] == OUTPUTS[int(np.argmax(s.probs))]
        assert step["a"] == s.a.tolist() and len(step["a"]) == 6  # the decoder: 2 n_a after a bidirectional encoder
    for earlier, later in itertools.pairwise(out):  # fed its own output
        assert later["index"] == OUTPUTS.index(earlier["token"])


def test_a_number_on_the_command_line_takes_its_target_as_in_the_app(cli, models):
    """ "… = 21" gives a typed number its digits: teacher-forced, with a loss; not a word."""
    params, path = models["seq2seq"]
    record = json.loads(cli.ok("trace", "--model", path, "--format", "json", "twenty one = 21"))["sentences"][0]
    trace = s2s_trace(params, "twenty one", "21")
    assert record["tokens"] == ["twenty", "one"] and record["target"] == "21"
    assert [s["y"] for s in record["output_steps"]] == [OUTPUTS.index("2"), OUTPUTS.index("1"), 0]
    assert record["loss"] == trace.loss
    cli.error("trace", "--model", path, "two = 2x", contains=("output character 'x' is not in",))


def test_seq2seq_json_labeled_pairs_are_teacher_forced_and_still_decoded(cli, models, tmp_path):
    params, path = models["seq2seq"]
    data = tmp_path / "pairs.txt"
    data.write_text("twenty one\t21\none hundred and two\t102\n", encoding="utf-8")
    doc = json.loads(cli.ok("trace", "--model", path, "--format", "json", "--file", data))
    for record, (text, output) in zip(doc["sentences"], (("twenty one", "21"), ("one hundred and two", "102"))):
        trace = s2s_trace(params, text, output)
        targets = [OUTPUTS.index(c) for c in output] + [0]
        out = record["output_steps"]
        assert [s["y"] for s in out] == targets
        assert [s["index"] for s in out] == [None, *targets[:-1]]  # teacher forcing
        assert [s["loss"] for s in out] == [s.loss for s in trace.decoder.steps]
        assert out[-1]["cum_loss"] == pytest.approx(record["loss"], rel=1e-12) and record["loss"] == trace.loss
        assert record["output"] == "".join(OUTPUTS[i] for i in trace.decoded)  # greedy, even when labeled
        assert record["target"] == output


def test_seq2seq_csv_table_and_unknown_words(cli, models):
    params, path = models["seq2seq"]
    trace = s2s_trace(params, "twenty nine")
    rows = list(csv.DictReader(io.StringIO(cli.ok("trace", "--model", path, "--format", "csv", "twenty nine"))))
    assert [r["part"] for r in rows] == ["encoder"] * 2 + ["decoder"] * trace.decoder.T
    assert rows[1]["token"] == "nine" and rows[1]["unknown"] == "1" and rows[1]["index"] == "0"
    assert rows[2]["index"] == "" and float(rows[2]["p_token"]) == float(trace.decoder.steps[0].probs.max())
    table = cli.ok("trace", "--model", path, "twenty nine")
    assert f"greedy decoding: {''.join(OUTPUTS[i] for i in trace.decoded)!r}" in table
    assert "not in the vocabulary, fed as <UNK>: nine" in table and f"T_y = {trace.decoder.T}" in table
    decoder_rows = [line.split() for line in table.splitlines() if line.lstrip().startswith("decoder")]
    fed = [OUTPUTS[int(s.probs.argmax())] for s in trace.decoder.steps[:-1]]  # greedy: fed the output before
    assert [row[2] for row in decoder_rows] == ["zeros", *fed]  # x<1> = 0, named apart from the digit '0'


def test_seq2seq_file_mistakes(cli, models, tmp_path):
    _, path = models["seq2seq"]
    data = tmp_path / "pairs.txt"
    data.write_text("twenty one\t21\ntwo\t2x\n", encoding="utf-8")
    cli.error("trace", "--model", path, "--file", data, contains=[f"{data}:2: output character 'x' is not in"])
    data.write_text("twenty one 21\n", encoding="utf-8")
    cli.error("trace", "--model", path, "--file", data, contains=[f"{data}:1: expected input<TAB>output"])
