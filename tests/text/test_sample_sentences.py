"""The bundled sample sentences: the seed first, coverage by the vocabulary, a usable split.

train.txt has many distinct names, most seen once or twice; heldout.txt scores known names in
new sentences; heldout_unseen.txt scores names that appear nowhere in train.txt.
"""

import hashlib
import importlib.util
import re
import shutil
from collections import Counter
from pathlib import Path

from rnnviz.text import (
    Vocabulary,
    default_sentences,
    heldout_sentences,
    heldout_unseen_sentences,
    known_labels,
    load_sentences,
    sample_sentences_dir,
    tokenize,
)
from rnnviz.text.samples import sample_files

ROOT = Path(__file__).resolve().parents[2]

SEED = "[Harry Potter] and [Hermione Granger] invented a new spell."


def name_counts(sentences):
    """How often each name token is labeled 1 (a possessive "sarah's" counts as "sarah")."""
    counts = Counter()
    for s in sentences:
        counts.update(token.removesuffix("'s") for token, label in zip(s.tokens, s.labels) if label)
    return counts


def bracketed_names(name):
    """Each [name] of a sample file (comment lines skipped), as a tuple of tokens, possessive removed."""
    lines = (sample_sentences_dir() / name).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.startswith("#"))
    return [tuple(t.removesuffix("'s") for t in tokenize(found)) for found in re.findall(r"\[([^\]]*)\]", text)]


def with_names(sentences):
    return [s for s in sentences if any(s.labels)]


def test_files_are_found():
    directory = sample_sentences_dir()
    assert directory.is_dir()
    assert [p.name for p in sample_files()] == ["heldout.txt", "heldout_unseen.txt", "train.txt"]


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
    train, heldout, unseen = default_sentences(), heldout_sentences(), heldout_unseen_sentences()
    assert 1200 <= len(train) <= 1600
    assert 70 <= len(heldout) <= 100
    assert 120 <= len(unseen) <= 200
    for sentences in (train, heldout, unseen):
        assert all(s.labels is not None for s in sentences)
    for sentences in (train, heldout):
        without_names = 1 - len(with_names(sentences)) / len(sentences)
        assert 0.15 <= without_names <= 0.25
    assert 0.10 <= 1 - len(with_names(unseen)) / len(unseen) <= 0.25
    lengths = [len(s.tokens) for s in train]
    assert lengths.count(1) >= 10
    assert sum(n >= 25 for n in lengths) >= 20


def test_names_start_many_sentences():
    """A name that starts a sentence has no left context: both files hold plenty of them."""
    for sentences, share in ((default_sentences()[365:], 0.20), (heldout_unseen_sentences(), 0.25)):
        named = with_names(sentences)
        assert sum(s.labels[0] for s in named) >= share * len(named)


def test_train_keeps_the_first_sentences():
    """The sentences added for issue 9 come after the original 365, which stay as they were."""
    lines = (sample_sentences_dir() / "train.txt").read_text(encoding="utf-8").splitlines()
    sentences = [line for line in lines if line.strip() and not line.startswith("#")]
    digest = hashlib.sha256("\n".join(sentences[:365]).encode()).hexdigest()
    assert digest == "694e46a5264456803bd2fd7222d17780813cb2ce8cf4eac9f97ed57b6cf761af"
    train = default_sentences()
    assert train[365].line > train[364].line + 1  # a comment line says where the new ones start


def test_no_sentence_is_repeated():
    all_tokens = [s.tokens for s in default_sentences() + heldout_sentences() + heldout_unseen_sentences()]
    assert len(set(all_tokens)) == len(all_tokens)


def test_train_has_many_distinct_names():
    counts = name_counts(default_sentences())
    assert len(counts) >= 300
    assert sum(1 for n in counts.values() if n == 1) >= 100
    assert sum(1 for n in counts.values() if n >= 5) >= 20  # and some recur
    shapes = Counter(len(name) for name in bracketed_names("train.txt"))
    assert shapes[1] >= 300 and shapes[2] >= 200 and shapes[3] >= 20  # one-, two- and three-word names


def test_heldout_names_are_known():
    train = set(name_counts(default_sentences()))
    heldout = bracketed_names("heldout.txt")
    unseen = [name for name in heldout if not set(name) <= train]
    assert len(unseen) <= 0.03 * len(heldout)


def test_heldout_unseen_names_are_nowhere_in_train():
    train_names = set(name_counts(default_sentences()))
    unseen = name_counts(heldout_unseen_sentences())
    assert len(unseen) >= 120
    assert not set(unseen) & train_names
    # Not even as an ordinary word, except in the 365 sentences that predate heldout_unseen.txt.
    words = Counter(token.removesuffix("'s") for s in default_sentences() for token in s.tokens)
    old_words = Counter(token.removesuffix("'s") for s in default_sentences()[:365] for token in s.tokens)
    assert all(words[name] == old_words[name] for name in unseen)
    assert sum(1 for name in unseen if words[name]) <= 5  # today "june", "miles", "moon", once each
    in_vocab = sum(1 for name in unseen if not Vocabulary.default().lookup([name])[1][0])
    assert in_vocab >= 20 and len(unseen) - in_vocab >= 100  # names the vocabulary has, and <UNK> ones


def test_names_follow_the_committed_split():
    """scripts/split_names.py reproduces scripts/name_split.tsv, and the files respect it."""
    spec = importlib.util.spec_from_file_location("split_names", ROOT / "scripts" / "split_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.split(script.read_tsv(script.POOL))
    committed = script.read_tsv(script.SPLIT)
    assert rows == committed
    side = {script.token_of(row["name"]): row["split"] for row in committed}
    for sentences, expected in (
        (default_sentences(), "train"),
        (heldout_sentences(), "train"),
        (heldout_unseen_sentences(), "heldout_unseen"),
    ):
        assert {side.get(name) for name in name_counts(sentences)} == {expected}


def test_vocabulary_covers_every_word_but_names():
    """Only a person's name may be <UNK>; every other word of every sample file is known."""
    v = Vocabulary.default()
    for path in sample_files():
        for s in load_sentences(path):
            _, unknown = v.lookup(s.tokens)
            outside = [t for t, u, label in zip(s.tokens, unknown, s.labels) if u and not label]
            assert not outside, f"{path.name}:{s.line}: {outside} outside the vocabulary"


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
    unseen = heldout_unseen_sentences()[0]  # heldout_unseen.txt is a sample file too
    assert known_labels(unseen.tokens) == unseen.labels
    assert known_labels(default_sentences()[-1].tokens) == default_sentences()[-1].labels
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
