"""The bundled sample sentences: the seed first, coverage by the vocabulary, a usable split."""

import re
import shutil
from pathlib import Path

from rnnviz.text import (
    Vocabulary,
    default_sentences,
    heldout_sentences,
    known_labels,
    load_sentences,
    sample_sentences_dir,
    tokenize,
)
from rnnviz.text.samples import sample_files

ROOT = Path(__file__).resolve().parents[2]

SEED = "[Harry Potter] and [Hermione Granger] invented a new spell."


def bracketed_names(path):
    """Each [name] of a markup file, as a tuple of tokens."""
    text = path.read_text(encoding="utf-8")
    return [tuple(tokenize(name)) for name in re.findall(r"\[([^\]]*)\]", text)]


def test_files_are_found():
    directory = sample_sentences_dir()
    assert directory.is_dir()
    assert [p.name for p in sample_files()] == ["heldout.txt", "train.txt"]


def test_seed_sentence_comes_first():
    first = default_sentences()[0]
    assert first.tokens == (
        "harry",
        "potter",
        "and",
        "hermione",
        "granger",
        "invented",
        "a",
        "new",
        "spell",
    )
    assert first.labels == (1, 1, 0, 1, 1, 0, 0, 0, 0)
    assert first.line == 4  # after the three header comment lines
    first_line = next(
        line
        for line in (sample_sentences_dir() / "train.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert first_line == SEED


def test_sizes_and_mix():
    train, heldout = default_sentences(), heldout_sentences()
    assert len(train) + len(heldout) >= 420
    assert 320 <= len(train) <= 380 and 70 <= len(heldout) <= 100
    for sentences in (train, heldout):
        assert all(s.labels is not None for s in sentences)
        without_names = sum(1 for s in sentences if not any(s.labels)) / len(sentences)
        assert 0.15 <= without_names <= 0.25
    lengths = [len(s.tokens) for s in train]
    assert lengths.count(1) >= 5
    assert sum(n >= 25 for n in lengths) >= 5


def test_no_sentence_is_repeated():
    all_tokens = [s.tokens for s in default_sentences() + heldout_sentences()]
    assert len(set(all_tokens)) == len(all_tokens)


def test_names_recur_and_heldout_names_are_known():
    directory = sample_sentences_dir()
    train = bracketed_names(directory / "train.txt")
    heldout = bracketed_names(directory / "heldout.txt")
    name_tokens = {token for name in train for token in name}
    people = {name for name in train if len(name) == 2}
    assert len(people) >= 50
    unseen = [name for name in heldout if not set(name) <= name_tokens]
    assert len(unseen) <= 0.03 * len(heldout)


def test_vocabulary_covers_every_sample_word():
    v = Vocabulary.default()
    for path in sample_files():
        for s in load_sentences(path):
            _, unknown = v.lookup(s.tokens)
            assert not any(unknown), f"{path.name}:{s.line} has a word outside the vocabulary"


def test_known_labels():
    assert known_labels(tokenize("Harry Potter and Hermione Granger invented a new spell.")) == (
        1,
        1,
        0,
        1,
        1,
        0,
        0,
        0,
        0,
    )
    assert known_labels(["hermione"]) == (1,)
    assert known_labels(tokenize("The box was heavy.")) == (0, 0, 0, 0)  # from heldout.txt
    assert known_labels(["harry", "invented", "nothing"]) is None
    assert known_labels([]) is None


def test_text_package_imports_no_ui(run_python):
    code = (
        "import sys, rnnviz.text as t; t.default_sentences(); t.Vocabulary.default();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    assert run_python(code) == "[]"


def test_installed_layout_uses_bundled_copy(tmp_path, run_python):
    """As from a wheel: the package alone, sample_sentences/ at rnnviz/data/sample_sentences/."""
    site = tmp_path / "site"
    package = site / "rnnviz"
    shutil.copytree(ROOT / "rnnviz", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "sample_sentences", package / "data" / "sample_sentences")
    code = (
        "import rnnviz.text as t;"
        "print(t.sample_sentences_dir(), len(t.default_sentences()), len(t.Vocabulary.default()))"
    )
    directory, count, size = run_python(code, pythonpath=site).split()
    assert directory == str(package / "data" / "sample_sentences")
    assert int(count) == len(default_sentences())
    assert size == "10000"
