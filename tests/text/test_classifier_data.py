"""The bundled sentiment sentences of the `classifier` (sample_sentences/classifier/)."""

import functools
from collections import Counter

import pytest

from rnnviz.text import Vocabulary, sample_sentences_dir, tokenize
from rnnviz.text.labeled import load_labeled_lines

NEGATION_OR_CONTRAST = {"not", "never", "no", "but", "although", "though", "however", "yet", "hardly", "without"}
# Sentences of the issue and of the brief that must not be copied into the data.
NOT_COPIED = ["not bad at all", "wanted to like it", "never disappointing", "hardly worth it", "didn't love it"]


@functools.cache
def load(name):
    return tuple(load_labeled_lines(sample_sentences_dir() / "classifier" / name))


@functools.cache
def tokens(text):
    return tuple(tokenize(text))


def train():
    return load("train.txt")


def heldout():
    return load("heldout.txt")


def has_negation_or_contrast(text):
    return any(token in NEGATION_OR_CONTRAST or token.endswith("n't") for token in tokens(text))


def within_two_edits(a, b):
    """True when token sequences a and b are at most 2 insertions, deletions or substitutions apart."""
    if abs(len(a) - len(b)) > 2:
        return False
    if sum(((Counter(a) - Counter(b)) + (Counter(b) - Counter(a))).values()) > 4:
        return False  # one edit changes the multiset difference by at most 2
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] <= 2


def test_header_says_what_and_format():
    for name in ("train.txt", "heldout.txt"):
        text = (sample_sentences_dir() / "classifier" / name).read_text(encoding="utf-8")
        header = [line for line in text.splitlines() if line.startswith("#")]
        assert text.startswith("# rnnviz classifier sentences")
        assert any("label<TAB>sentence" in line for line in header)
        assert any("Written for rnnviz" in line for line in header)


def test_counts():
    assert 780 <= len(train()) <= 860
    assert 150 <= len(heldout()) <= 200
    assert len(train()) + len(heldout()) >= 900


@pytest.mark.parametrize("name", ["train.txt", "heldout.txt"])
def test_balanced(name):
    lines = load(name)
    positive = sum(line.label for line in lines) / len(lines)
    assert 0.48 <= positive <= 0.52
    assert {line.label for line in lines} == {0, 1}


@pytest.mark.parametrize("name", ["train.txt", "heldout.txt"])
def test_negation_or_contrast_share(name):
    lines = load(name)
    share = sum(has_negation_or_contrast(line.text) for line in lines) / len(lines)
    assert share >= 0.30
    # ... in both classes, so that "not" or "but" says nothing about the label by itself.
    for label in (0, 1):
        of_label = [line for line in lines if line.label == label]
        assert sum(has_negation_or_contrast(line.text) for line in of_label) / len(of_label) >= 0.30


@pytest.mark.parametrize("name", ["train.txt", "heldout.txt"])
def test_lengths(name):
    lengths = [len(tokens(line.text)) for line in load(name)]
    assert min(lengths) >= 4 and max(lengths) <= 30


def test_every_word_is_in_the_vocabulary():
    vocab = Vocabulary.default()
    unknown = Counter()
    for line in train() + heldout():
        words = tokens(line.text)
        _, is_unknown = vocab.lookup(words)
        unknown.update(word for word, flag in zip(words, is_unknown) if flag)
    assert unknown == Counter()


def test_no_duplicates_within_or_across_files():
    all_tokens = [tokens(line.text) for line in train() + heldout()]
    assert len(set(all_tokens)) == len(all_tokens)


def test_heldout_is_disjoint_from_train_and_not_a_near_copy():
    train_tokens = [tokens(line.text) for line in train()]
    assert not {tokens(line.text) for line in heldout()} & set(train_tokens)
    near = [
        (line.text, " ".join(other))
        for line in heldout()
        for other in train_tokens
        if within_two_edits(tokens(line.text), other)
    ]
    assert near == []


def test_near_copy_check_finds_near_copies():
    a = tokens("The food was great, but the service was slow.")
    assert within_two_edits(a, tokens("The food was good, but the service was slow."))
    assert within_two_edits(a, tokens("The food was great but the service was very slow"))
    assert not within_two_edits(a, tokens("The service was slow, but the food was great."))


def test_heldout_words_are_mostly_seen_in_train():
    seen = {token for line in train() for token in tokens(line.text)}
    held = [token for line in heldout() for token in tokens(line.text)]
    assert sum(token not in seen for token in held) / len(held) <= 0.05


def test_word_order_flips_the_label():
    """Pairs with the same words in another order and the opposite label, in both files."""
    for lines, at_least in ((train(), 20), (heldout(), 4)):
        labels_by_words = {}
        for line in lines:
            labels_by_words.setdefault(tuple(sorted(tokens(line.text))), set()).add(line.label)
        assert sum(labels == {0, 1} for labels in labels_by_words.values()) >= at_least


def test_no_word_gives_the_label_away():
    """Every word seen in 10 or more training sentences is in both classes, none 90% one way."""
    counts = {0: Counter(), 1: Counter()}
    for line in train():
        counts[line.label].update(set(tokens(line.text)))
    for word in counts[0] + counts[1]:
        negative, positive = counts[0][word], counts[1][word]
        if negative + positive >= 10:
            assert max(negative, positive) / (negative + positive) < 0.9, word


def test_issue_sentences_are_not_copied():
    for line in train() + heldout():
        text = " ".join(tokens(line.text))
        for phrase in NOT_COPIED:
            assert phrase not in text, (line.source, line.line)
