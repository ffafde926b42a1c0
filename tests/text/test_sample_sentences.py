"""The bundled sample sentences: the seed first, coverage by the vocabulary, a usable split.

train.txt has many distinct names, most seen once or twice; heldout.txt scores known names in
new sentences; heldout_unseen.txt scores names that appear nowhere in train.txt. Outside the
vocabulary (fed as <UNK>) are names and the rare ordinary words of scripts/rare_words.tsv, about
as many of each in train.txt, so that <UNK> alone does not say "a name".
"""

import hashlib
import importlib.util
import re
import shutil
from collections import Counter
from pathlib import Path

from rnnviz.tasks.tagger import MAX_UNK
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
    assert 1900 <= len(train) <= 2100
    assert 70 <= len(heldout) <= 100
    assert 200 <= len(unseen) <= 260
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


def rare_words() -> dict[str, str]:
    """scripts/rare_words.tsv: each deliberate rare word -> the file it is written in (train or heldout_unseen)."""
    lines = (ROOT / "scripts" / "rare_words.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert rows[0] == ["word", "split"]
    listed = dict(rows[1:])
    assert len(listed) == len(rows) - 1  # each word once
    return listed


def unknown_words(sentences) -> Counter:
    """How often each word that is not a name is fed as <UNK>."""
    v = Vocabulary.default()
    counts = Counter()
    for s in sentences:
        _, unknown = v.lookup(s.tokens)
        counts.update(t for t, u, label in zip(s.tokens, unknown, s.labels) if u and not label)
    return counts


def test_vocabulary_covers_every_word_but_names_and_listed_rare_words():
    """Outside the vocabulary are a person's name and the rare words of scripts/rare_words.tsv,
    each in the file it is listed for (heldout.txt has none); any other is a typo."""
    listed = rare_words()
    v = Vocabulary.default()
    for path in sample_files():
        split = {"train.txt": "train", "heldout_unseen.txt": "heldout_unseen"}.get(path.name)
        for s in load_sentences(path):
            _, unknown = v.lookup(s.tokens)
            outside = [t for t, u, label in zip(s.tokens, unknown, s.labels) if u and not label]
            assert all(listed.get(t) == split for t in outside), (
                f"{path.name}:{s.line}: {outside} not in rare_words.tsv"
            )
    used = set(unknown_words(default_sentences())) | set(unknown_words(heldout_unseen_sentences()))
    assert set(listed) == used  # and every listed word is used
    assert all(v.lookup([word])[1][0] for word in listed)  # really outside the vocabulary


def test_rare_words_weigh_as_much_as_unknown_names():
    """In train.txt about as many <UNK> words are rare ordinary words as names: many distinct
    ones, most used once, in every position a name takes, often next to names."""
    train = default_sentences()
    rare = unknown_words(train)
    v = Vocabulary.default()
    unknown_names = sum(sum(u and label for u, label in zip(v.lookup(s.tokens)[1], s.labels)) for s in train)
    assert len(rare) >= 800 and sum(c == 1 for c in rare.values()) >= 600
    assert 0.8 * unknown_names <= sum(rare.values()) <= 1.2 * unknown_names  # today 1,221 and 1,353
    words = sum(len(s.tokens) - sum(s.labels) for s in train)
    assert sum(rare.values()) / words < MAX_UNK  # `rnnviz train` takes train.txt without --max-unk
    with_rare = [s for s in train if any(t in rare and not y for t, y in zip(s.tokens, s.labels))]
    assert len(with_rare) >= 450
    assert sum(any(s.labels) for s in with_rare) >= 300  # names and rare words in one sentence
    assert sum(s.tokens[0] in rare for s in with_rare) >= 30  # a rare word starts the sentence
    assert sum(s.tokens[-1] in rare for s in with_rare) >= 100  # or ends it
    after = Counter(s.tokens[i - 1] for s in with_rare for i, t in enumerate(s.tokens) if i and t in rare)
    assert after["the"] >= 150 and after["a"] >= 30 and after["and"] >= 80
    beside_name = sum(
        1
        for s in with_rare
        for i, t in enumerate(s.tokens)
        if t in rare and any(s.labels[j] for j in (i - 1, i + 1) if 0 <= j < len(s.tokens))
    )
    assert beside_name >= 20


def test_rare_words_are_no_names():
    """No rare word is a name of the pool or labeled a name anywhere; heldout_unseen.txt's rare
    words appear nowhere in train.txt, so that file scores words a model never read."""
    listed = rare_words()
    spec = importlib.util.spec_from_file_location("split_names", ROOT / "scripts" / "split_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    pool = {script.token_of(row["name"]) for row in script.read_tsv(script.SPLIT)}
    all_names = set().union(*(name_counts(load_sentences(path)) for path in sample_files()))
    assert not {word.removesuffix("'s") for word in listed} & (pool | all_names)
    held_out = [word for word, split in listed.items() if split == "heldout_unseen"]
    train_words = {t for s in default_sentences() for t in s.tokens}
    assert len(held_out) >= 150 and not set(held_out) & train_words
    counts = unknown_words(heldout_unseen_sentences())
    assert sum(counts.values()) >= 150 and len(heldout_unseen_sentences()) - 169 >= 55  # the 60 added sentences


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
