"""The bundled number-words -> digits pairs of `seq2seq` (sample_sentences/seq2seq/)."""

import functools
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from rnnviz.text import Vocabulary, sample_sentences_dir, tokenize
from rnnviz.text.labeled import load_pairs
from rnnviz.text.numbers import all_words, number_words

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_seq2seq_data.py"
NAMES = ("train.txt", "heldout.txt")


def folder():
    return sample_sentences_dir() / "seq2seq"


@functools.cache
def pairs(name):
    return tuple(load_pairs(folder() / name))


def numbers(name):
    return [int(pair.output) for pair in pairs(name)]


def test_the_script_rebuilds_the_committed_files(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], env=env, check=True, capture_output=True)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (ROOT / "sample_sentences" / "seq2seq" / name).read_bytes(), name


def test_sizes():
    """20,000 distinct numbers, and every number below 100 seven times more (eight in all)."""
    train = [int(pair.output) for pair in pairs("train.txt")]
    assert len(train) == 20_000 + 700 and len(set(train)) == 20_000
    assert all(train.count(n) == 8 for n in range(100)) and train.count(100) <= 1
    assert len(pairs("heldout.txt")) == 2_000 and not set(train) & {int(p.output) for p in pairs("heldout.txt")}


@pytest.mark.parametrize("name", NAMES)
def test_every_pair_is_a_number_and_its_words(name):
    for pair in pairs(name):
        assert pair.output.isdigit() and str(int(pair.output)) == pair.output, (pair.line, pair.output)
        assert number_words(int(pair.output)) == pair.input, pair.line
        assert tokenize(pair.input) == pair.input.split(), pair.line


@pytest.mark.parametrize("name", NAMES)
def test_header(name):
    text = (folder() / name).read_text(encoding="utf-8")
    assert text.startswith("# rnnviz seq2seq pairs")
    header = "\n".join(line for line in text.splitlines()[:20] if line.startswith("#"))
    assert "input<TAB>output" in header and "British" in header and "build_seq2seq_data.py" in header


def test_distinct_and_disjoint():
    """Distinct but for the numbers below 100, repeated on purpose (test_sizes)."""
    train, heldout = numbers("train.txt"), numbers("heldout.txt")
    above = [n for n in train if n >= 100]
    assert len(set(above)) == len(above)
    assert len(set(heldout)) == len(heldout)
    assert not set(train) & set(heldout)


def test_mix_of_magnitudes():
    train, heldout = numbers("train.txt"), numbers("heldout.txt")
    assert set(range(100)) <= set(train)  # the words themselves are all seen in training
    assert min(heldout) >= 100
    for drawn in (train, heldout):
        by_digits = Counter(len(str(n)) for n in drawn)
        for digits in (4, 5, 6):
            assert 0.28 <= by_digits[digits] / len(drawn) <= 0.36, (digits, by_digits)
    assert 50 <= Counter(len(str(n)) for n in heldout)[3] <= 150  # unseen three-digit numbers too


def test_input_words_are_the_number_words():
    used = {word for name in NAMES for pair in pairs(name) for word in pair.input.split()}
    assert used == set(all_words())


def test_only_the_known_words_are_missing_from_the_vocabulary():
    """Why the seq2seq model carries its own input vocabulary: four number words are not
    among the bundled 10,000."""
    vocab = Vocabulary.default()
    assert {word for word in all_words() if word not in vocab} == {"nineteen", "seventy", "eighty", "ninety"}
