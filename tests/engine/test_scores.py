"""Entity-level counts (rnnviz.engine.scores) against examples worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine.scores import Counts, entity_counts, runs


def b(text: str) -> np.ndarray:
    """'1100' -> [True, True, False, False]."""
    return np.array([c == "1" for c in text])


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("", set()),
        ("0000", set()),
        ("1111", {(0, 4)}),
        ("110110000", {(0, 2), (3, 5)}),  # the seed's sentence: Harry Potter, Hermione Granger
        ("1010", {(0, 1), (2, 3)}),
        ("0001", {(3, 4)}),
    ],
)
def test_runs(flags, expected):
    assert runs(b(flags)) == expected


@pytest.mark.parametrize(
    ("predicted", "truth", "counts"),
    [
        # the seed's sentence, predicted right: two names, both exact
        ("110110000", "110110000", (2, 0, 0)),
        # "Harry" alone for "Harry Potter": wrong entity (fp) and a missed one (fn); Hermione Granger right
        ("100110000", "110110000", (1, 1, 1)),
        # "Potter and Hermione Granger" run together: one wrong run, both true names missed
        ("111110000", "110110000", (0, 1, 2)),
        # a name too long on the right ("Granger invented")
        ("110111000", "110110000", (1, 1, 1)),
        # nothing predicted: every name missed
        ("000000000", "110110000", (0, 0, 2)),
        # a name where there is none
        ("000000010", "000000000", (0, 1, 0)),
        # a word-level score would give 3 of 4 name words right here; at entity level it is 0 of 1
        ("1101", "1111", (0, 2, 1)),
        ("", "", (0, 0, 0)),
    ],
)
def test_entity_counts(predicted, truth, counts):
    assert entity_counts(b(predicted), b(truth)) == counts


def test_shapes_must_agree():
    with pytest.raises(ValueError, match="shape"):
        entity_counts(b("10"), b("100"))


def test_counts_add_up_and_score():
    total = Counts(*entity_counts(b("100110000"), b("110110000"))) + Counts(*entity_counts(b("0110"), b("0110")))
    assert total == Counts(tp=2, fp=1, fn=1)
    assert total.precision == 2 / 3 and total.recall == 2 / 3
    assert total.f1 == pytest.approx(2 / 3)
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0
    only_fn = Counts(fn=3)
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (0.0, 0.0, 0.0)
    assert Counts(tp=1, fp=3).precision == 0.25 and Counts(tp=1, fp=3).recall == 1.0
    assert Counts(tp=1, fp=3).f1 == pytest.approx(0.4)


def test_evaluate_reports_entity_scores_next_to_word_scores():
    """`evaluate` on the held-out sentences with the bundled model, its entity figures
    against a count written here with itertools.groupby."""
    from itertools import groupby

    from rnnviz.engine import build_trace
    from rnnviz.engine.activations import sigmoid
    from rnnviz.engine.records import labeled_examples
    from rnnviz.engine.train import evaluate
    from rnnviz.pipeline import load_params, load_vocab
    from rnnviz.text import heldout_sentences

    def names(flags):
        out, t = set(), 0
        for name, group in groupby(bool(f) for f in flags):
            n = len(list(group))
            if name:
                out.add((t, t + n))
            t += n
        return out

    vocab = load_vocab(None)
    params = load_params(None, vocab)
    examples, _ = labeled_examples(heldout_sentences(), vocab, "heldout")
    tp = fp = fn = 0
    for ex in examples:
        guessed = names(sigmoid(build_trace(params, ex.tokens, ex.indices).logits[:, 0]) > 0.5)
        real = names(ex.labels > 0.5)
        tp, fp, fn = tp + len(guessed & real), fp + len(guessed - real), fn + len(real - guessed)
    ev = evaluate(params, examples)
    assert (tp, fp, fn) == (94, 6, 4)  # the README's figures for the bundled model: 94 of the 98 names
    assert ev.entity_precision == tp / (tp + fp) and ev.entity_recall == tp / (tp + fn)
    assert ev.entity_f1 == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert (ev.tp, ev.fp, ev.fn) == (141, 4, 5)  # word level
    assert params.meta["heldout"]["entity_f1"] == pytest.approx(ev.entity_f1, abs=1e-12)
