"""Two tab-separated line formats: a labeled sentence per line, or an input/output pair.

Labeled sentences (the `classifier`, sample_sentences/classifier/*.txt)::

    # a comment
    1<TAB>Not a single dull moment in the whole film.
    0<TAB>Two hours felt like five.

The label is 1 (positive) or 0 (negative); the sentence must have at least one word.

Pairs (the `seq2seq` encoder-decoder, sample_sentences/seq2seq/*.txt)::

    three thousand and forty two<TAB>3042

The input must have at least one word; the output is any non-empty string, kept exactly as
written (a character-level decoder reads every character of it).

In both, blank lines are skipped and a line whose first non-blank character is `#` is a
comment. Every other line has exactly one tab. Every mistake is a `UserError` starting
"file:line:" (from 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rnnviz.errors import UserError, where
from rnnviz.text._io import numbered_lines, read_text
from rnnviz.text.tokens import is_word

LABELS = {"0": 0, "1": 1}


@dataclass(frozen=True)
class LabeledLine:
    """A sentence and its label (1 positive, 0 negative), with the file and line it came from."""

    text: str
    label: int
    source: str
    line: int


@dataclass(frozen=True)
class Pair:
    """An input sentence and the output it should give, with the file and line they came from."""

    input: str
    output: str
    source: str
    line: int


def _fields(path: str | Path, first: str, second: str) -> list[tuple[int, str, str]]:
    """(line number, left field, right field) of every line that is not blank or a comment.
    `first` and `second` name the fields in the messages ("label", "sentence")."""
    source = str(path)
    rows = []
    for number, line in numbered_lines(read_text(path)):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        tabs = line.count("\t")
        if tabs != 1:
            found = "no tab" if tabs == 0 else f"{tabs} tabs"
            raise UserError(f"{where(source, number)}: expected {first}<TAB>{second}, found {found}")
        left, right = line.split("\t")
        rows.append((number, left, right))
    if not rows:
        raise UserError(f"{where(source)}: no {first}<TAB>{second} line in this file")
    return rows


def load_labeled_lines(path: str | Path) -> list[LabeledLine]:
    """Every `label<TAB>sentence` line of a file (see the module docstring)."""
    source = str(path)
    lines = []
    for number, label, text in _fields(path, "label", "sentence"):
        if label.strip() not in LABELS:
            raise UserError(f"{where(source, number)}: label {label!r} is not 0 or 1")
        if not is_word(text):
            raise UserError(f"{where(source, number)}: no word in the sentence after the label")
        lines.append(LabeledLine(text.strip(), LABELS[label.strip()], source, number))
    return lines


def load_pairs(path: str | Path) -> list[Pair]:
    """Every `input<TAB>output` line of a file (see the module docstring)."""
    source = str(path)
    pairs = []
    for number, given, wanted in _fields(path, "input", "output"):
        if not is_word(given):
            raise UserError(f"{where(source, number)}: no word in the input before the tab")
        if not wanted:
            raise UserError(f"{where(source, number)}: empty output after the tab")
        pairs.append(Pair(given.strip(), wanted, source, number))
    return pairs
