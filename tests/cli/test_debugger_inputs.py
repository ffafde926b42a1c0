"""What the debugger opens for a classifier and an encoder-decoder: `rnnviz --model
classifier|seq2seq` (their sample files), --file in the tasks' formats, a text on the command
line, and text typed in the `e` dialog with its label in the line."""

from __future__ import annotations

import pytest

from rnnviz.cli import load_tui_inputs, tui_parser
from rnnviz.engine import ModelSpec, init_params
from rnnviz.engine.modelio import save_model
from rnnviz.errors import UserError
from rnnviz.pipeline import load_model_and_vocab
from rnnviz.tasks.debugger_inputs import as_typed, read_file, shaped_inputs, typed_number, typed_review
from rnnviz.tui.models import refusal_of


@pytest.fixture(scope="module")
def seq2seq():
    return load_model_and_vocab("seq2seq", None)[0]


def test_a_typed_review_takes_its_label_from_a_prefix():
    labeled = typed_review("1: The soup was cold, but the staff were lovely.")
    assert labeled.labels == (1,) and labeled.target == "1"
    assert labeled.text == "The soup was cold, but the staff were lovely."
    assert labeled.tokens[:3] == ("the", "soup", "was")
    assert typed_review("  0 :Dull.").labels == (0,) and typed_review("0\tDull.").text == "Dull."
    plain = typed_review("10 out of 10, would eat here again")  # no "1:": a number in the text
    assert plain.labels is None and plain.text.startswith("10 out of 10")
    with pytest.raises(UserError, match="has no word"):
        typed_review("1: ...")
    assert as_typed(labeled, "classifier") == "1: The soup was cold, but the staff were lovely."
    assert typed_review(as_typed(labeled, "classifier")) == labeled


def test_a_typed_number_takes_its_digits_after_an_equals_sign(seq2seq):
    labeled = typed_number(seq2seq, "three thousand and forty two = 3042")
    assert labeled.tokens == ("three", "thousand", "and", "forty", "two")
    assert labeled.labels == (4, 1, 5, 3, 0) and labeled.target == "3042"  # '3' is index 4; <END> = 0 last
    assert typed_number(seq2seq, "five\t5").labels == (6, 0)
    assert typed_number(seq2seq, "seven hundred and five").labels is None
    with pytest.raises(UserError, match="'x' is not one of the model's outputs"):
        typed_number(seq2seq, "forty two = 4x")
    assert typed_number(seq2seq, as_typed(labeled, "seq2seq")) == labeled


def test_task_files_and_their_mistakes(tmp_path, seq2seq):
    classifier = load_model_and_vocab("classifier", None)[0]
    reviews = tmp_path / "reviews.txt"
    reviews.write_text("# mine\n1\tGreat.\n0\tNot great at all.\n")
    read = read_file(classifier, reviews)
    assert [(s.labels, s.line, s.text) for s in read] == [((1,), 2, "Great."), ((0,), 3, "Not great at all.")]
    reviews.write_text("1\tGreat.\n2\tOdd.\n")
    with pytest.raises(UserError, match=r"reviews.txt:2: label '2' is not 0 or 1"):
        read_file(classifier, reviews)
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("twelve\t12\nthirteen\t1e\n")
    with pytest.raises(UserError, match=r"numbers.txt:2: .*'e' is not one of the model's outputs"):
        read_file(seq2seq, numbers)
    tagger = load_model_and_vocab(None, None)[0]
    assert shaped_inputs(tagger) is None and shaped_inputs(tagger, text="Harry met Ron.") is None


def test_rnnviz_model_opens_on_its_samples_a_file_or_a_text(tmp_path):
    session = load_tui_inputs(tui_parser().parse_args(["--model", "classifier"]))
    assert session.source == "sample_sentences/classifier/heldout.txt" and len(session.sentences) == 190
    assert session.params.spec.shape == "classifier" and session.view(0).T == 11
    session = load_tui_inputs(tui_parser().parse_args(["--model", "seq2seq", "seven hundred and five"]))
    assert session.source == "command line" and session.sentences[0].labels is None
    view = session.view(0)
    assert view.T == 4 + 4 and view.trace.decoded == (8, 1, 6)  # "705", then <END>
    numbers = tmp_path / "n.txt"
    numbers.write_text("nine\t9\n")
    session = load_tui_inputs(tui_parser().parse_args(["--model", "seq2seq", "--file", str(numbers)]))
    assert session.sentences[0].labels == (10, 0) and session.source == str(numbers)
    with pytest.raises(UserError, match="--heldout: training in the app is for taggers"):
        load_tui_inputs(tui_parser().parse_args(["--model", "classifier", "--heldout", str(numbers)]))


def test_a_deep_or_bidirectional_classifier_is_refused(tmp_path):
    spec = ModelSpec(shape="classifier", bidirectional=True)
    path = tmp_path / "bicls.npz"
    save_model(init_params(n_a=4, n_x=10_000, spec=spec), path)
    with pytest.raises(UserError, match="bidirectional: the debugger shows one layer, left to right"):
        load_tui_inputs(tui_parser().parse_args(["--model", str(path)]))
    assert refusal_of({"shape": "seq2seq", "head": "softmax", "layers": 2}, "s") is not None
    assert refusal_of({"shape": "seq2seq", "head": "softmax"}, "s") is None
    assert refusal_of({"shape": "classifier", "head": "sigmoid"}, "c") is None
    assert refusal_of({"shape": "lm", "head": "softmax"}, "charlm") is None
    assert "t is a tagger with a softmax head" in (refusal_of({"shape": "tagger", "head": "softmax"}, "t") or "")
