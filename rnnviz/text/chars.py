"""A character vocabulary, for a character-level language model, and its plain-text files.

The tokens are single characters, a space among them, and the end token END = "\\n": every
sequence (one line of text) ends with it, as every line of a file ends with a newline, so the
vocabulary of a file is exactly the set of its characters. END has index 0 (as in the
course's `char_to_ix`); the other characters follow in code-point order.

The vocabulary is closed: it has no <UNK>. A language model predicts one of its tokens, so a
character outside them has no probability; `lookup` flags it (index -1) and the callers
refuse it with a message naming it.

A plain-text file is one sequence a line, every character kept (spaces included); blank
lines are skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rnnviz.errors import UserError, where
from rnnviz.text._io import numbered_lines, read_text

END = "\n"
KIND = "characters"  # how a model's meta names this kind of vocabulary (meta["vocab"]["kinds"])
NO_INDEX = -1  # `lookup`'s index of a character outside the vocabulary

# How tables show the characters a terminal would not: the end token and the space.
SHOWN = {END: "⏎", " ": "␣", "\t": "⇥"}


@dataclass(frozen=True)
class Line:
    """One sequence of a plain-text file: its text (without the newline) and where it is."""

    text: str
    source: str
    line: int | None = None

    @property
    def where(self) -> str:
        return where(self.source, self.line)


def load_lines(path: str | Path) -> list[Line]:
    """The sequences of a plain-text file, one a line; blank lines skipped. A file with no
    sequence is a UserError."""
    source = str(path)
    lines = [Line(text, source, number) for number, text in numbered_lines(read_text(path)) if text.strip()]
    if not lines:
        raise UserError(f"{where(source)}: no line of text in the file")
    return lines


@dataclass(frozen=True, eq=False)
class CharVocabulary:
    """END, then characters; `index(ch)` is the row of the character's one-hot vector."""

    words: tuple[str, ...]  # the tokens (named as Vocabulary's, which the trainer reads)
    source: str
    _index: dict[str, int] = field(repr=False)
    kind = KIND
    unk_index = None  # no <UNK>: an unknown character is refused, not replaced
    end = END

    @classmethod
    def from_tokens(cls, tokens: Iterable[str], source: str = "<characters>") -> CharVocabulary:
        """A vocabulary from its token list (END first), as a model's meta stores it; a list
        that is not one is a UserError naming `source`."""
        words = tuple(tokens)
        if not words or words[0] != END:
            raise UserError(f"{source}: a character vocabulary starts with the end token '\\n'")
        index: dict[str, int] = {}
        for i, token in enumerate(words):
            if not isinstance(token, str) or len(token) != 1:
                raise UserError(f"{source}: token {i} is {token!r}, not one character")
            if token in index:
                raise UserError(f"{source}: the character {token!r} is listed twice")
            index[token] = i
        return cls(words, source, index)

    @classmethod
    def from_lines(cls, lines: Iterable[str], source: str) -> CharVocabulary:
        """END and every character of `lines`, in code-point order."""
        chars = set().union(*map(set, lines)) - {END}
        return cls.from_tokens([END, *sorted(chars)], source)

    @property
    def sha256(self) -> str:
        return hashlib.sha256("".join(self.words).encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, token: object) -> bool:
        return token in self._index

    @property
    def end_index(self) -> int:
        return self._index[END]

    def index(self, token: str) -> int:
        """The character's index (KeyError for one outside the vocabulary)."""
        return self._index[token]

    def lookup(self, tokens: Iterable[str]) -> tuple[np.ndarray, tuple[bool, ...]]:
        """(indices as an int64 array, is_unknown flag per token); an unknown character's
        index is NO_INDEX."""
        tokens = list(tokens)
        unknown = tuple(token not in self._index for token in tokens)
        indices = np.fromiter((self._index.get(t, NO_INDEX) for t in tokens), dtype=np.int64, count=len(tokens))
        return indices, unknown

    def encode(self, text: str, place: str = "the text") -> np.ndarray:
        """The indices of the characters of `text` followed by END's: the sequence w<1..T>
        a language model reads. A character outside the vocabulary is a UserError naming it
        and its column."""
        indices, unknown = self.lookup(text)
        if any(unknown):
            column = unknown.index(True)
            raise UserError(
                f"{place}: the character {text[column]!r} (column {column + 1}) is not in {self.source} "
                f"({len(self) - 1} characters and the end token)"
            )
        return np.append(indices, self.end_index)

    def decode(self, indices: Sequence[int]) -> str:
        """The text of some indices (END as a newline)."""
        return "".join(self.words[i] for i in indices)

    @staticmethod
    def shown(token: str) -> str:
        """How a table shows a character: ⏎ for END, ␣ for a space, ⇥ for a tab, a control
        character by its code."""
        if token in SHOWN:
            return SHOWN[token]
        return token if token.isprintable() else f"U+{ord(token):04X}"
