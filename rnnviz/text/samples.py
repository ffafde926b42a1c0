"""The bundled example sentences (sample_sentences/*.txt, markup format)."""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from rnnviz.text.formats import Sentence, load_sentences

_REPO_DIR = Path(__file__).resolve().parents[2] / "sample_sentences"


def sample_sentences_dir() -> Path:
    """The installed copy (rnnviz/data/sample_sentences), else the checkout's sample_sentences/."""
    installed = importlib.resources.files("rnnviz") / "data" / "sample_sentences"
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return _REPO_DIR


def sample_files() -> list[Path]:
    """The sample files (heldout.txt, heldout_unseen.txt, train.txt), sorted by name."""
    return sorted(sample_sentences_dir().glob("*.txt"))


@functools.cache
def _load(name: str) -> tuple[Sentence, ...]:
    return tuple(load_sentences(sample_sentences_dir() / name))


def default_sentences() -> list[Sentence]:
    """The sentences of train.txt, the seed's sentence first."""
    return list(_load("train.txt"))


def heldout_sentences() -> list[Sentence]:
    """The sentences of heldout.txt (names all seen in train.txt, sentences not)."""
    return list(_load("heldout.txt"))


def heldout_unseen_sentences() -> list[Sentence]:
    """The sentences of heldout_unseen.txt (no name of them appears in train.txt)."""
    return list(_load("heldout_unseen.txt"))


@functools.cache
def _known() -> dict[tuple[str, ...], tuple[int, ...]]:
    known: dict[tuple[str, ...], tuple[int, ...]] = {}
    for path in sample_files():
        for sentence in _load(path.name):
            if sentence.labels is not None:
                known.setdefault(sentence.tokens, sentence.labels)
    return known


def known_labels(tokens: list[str] | tuple[str, ...]) -> tuple[int, ...] | None:
    """The labels of a sample sentence with exactly these tokens, else None."""
    return _known().get(tuple(tokens))
