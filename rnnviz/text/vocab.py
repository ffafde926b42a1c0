"""The vocabulary: word <-> index of its one-hot column.

A vocabulary file is UTF-8 text, one token per line; a token's index is its 0-based line
number. It must contain `<UNK>`, which every unknown word maps to. Surrounding spaces on a
line are ignored; empty lines, duplicates and tokens with inner whitespace are errors
(`UserError`, "file:line: ...", lines counted from 1).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

import numpy as np

from rnnviz.errors import UserError, where
from rnnviz.text._io import decode, numbered_lines, read_bytes

UNK = "<UNK>"


class Lexicon(Protocol):
    """What looks tokens up: a word Vocabulary, or a language model's CharVocabulary."""

    @property
    def source(self) -> str: ...

    def __len__(self) -> int: ...

    def lookup(self, tokens: Iterable[str]) -> tuple[np.ndarray, tuple[bool, ...]]: ...


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """An immutable word list; `index(word)` is the row of the word's one-hot vector."""

    words: tuple[str, ...]
    source: str
    sha256: str
    _index: Mapping[str, int] = field(repr=False)

    @classmethod
    def load(cls, path: str | Path) -> Vocabulary:
        """Read a vocabulary file (see the module docstring); errors are `UserError`s."""
        return cls._parse(read_bytes(path), str(path))

    @classmethod
    def default(cls) -> Vocabulary:
        """The bundled 10,000-word vocabulary (rnnviz/data/vocab.txt), loaded once."""
        return _default_vocabulary()

    @classmethod
    def from_words(cls, words: Iterable[str], source: str = "<words>") -> Vocabulary:
        """A vocabulary from a list (as if it were a file of those lines); same checks."""
        text = "".join(f"{word}\n" for word in words)
        return cls._parse(text.encode("utf-8"), source)

    @classmethod
    def _parse(cls, data: bytes, source: str) -> Vocabulary:
        text = decode(data, source)
        lines = list(numbered_lines(text))
        while lines and not lines[-1][1].strip():
            lines.pop()  # trailing blank lines are harmless
        index: dict[str, int] = {}
        for number, line in lines:
            word = line.strip()
            if not word:
                raise UserError(f"{where(source, number)}: empty line in vocabulary")
            if len(word.split()) > 1:
                raise UserError(f"{where(source, number)}: token {word!r} contains whitespace")
            if word in index:
                first = index[word] + 1
                raise UserError(f"{where(source, number)}: duplicate token {word!r} (first on line {first})")
            index[word] = number - 1
        if UNK not in index:
            raise UserError(f"{where(source)}: vocabulary has no {UNK} line")
        return cls(
            words=tuple(index),
            source=source,
            sha256=hashlib.sha256(data).hexdigest(),
            _index=MappingProxyType(index),
        )

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    @property
    def unk_index(self) -> int:
        """The index of `<UNK>`."""
        return self._index[UNK]

    def index(self, word: str) -> int:
        """The word's index, or `unk_index` if the word is not in the vocabulary."""
        return self._index.get(word, self.unk_index)

    def lookup(self, tokens: Iterable[str]) -> tuple[np.ndarray, tuple[bool, ...]]:
        """(indices as an int64 array, is_unknown flag per token)."""
        tokens = list(tokens)
        unknown = tuple(token not in self._index for token in tokens)
        indices = np.fromiter((self.index(t) for t in tokens), dtype=np.int64, count=len(tokens))
        return indices, unknown


@functools.cache
def _default_vocabulary() -> Vocabulary:
    resource = importlib.resources.files("rnnviz") / "data" / "vocab.txt"
    try:
        data = resource.read_bytes()
    except OSError as error:  # a broken install, not a user mistake
        raise RuntimeError(f"bundled vocabulary missing: {resource}") from error
    return Vocabulary._parse(data, str(resource))
