"""Sentences with person-name labels (1 = part of a name), read from two file formats.

Markup (usually .txt): one sentence a line, person names in square brackets::

    # a comment line
    [Harry Potter] and [Hermione Granger] invented a new spell.

Every token inside brackets is labeled 1, every other token 0; a line without brackets is a
sentence with no names. Blank lines are skipped and a line starting with `#` is a comment,
except the directives `# format: plain` (the following lines are unlabeled sentences, and a
bracket in them is an error) and `# format: markup` (back to labeled sentences).

CoNLL-2003 (.conll, .conll03, .bio, .tsv): one token a line, whitespace-separated columns,
the tag in the last column, a blank line between sentences, `-DOCSTART-` lines skipped.
Every row has as many columns as the file's first token row (a row with fewer or more is
an error naming its line: with a column missing, the last column is not the tag). A person tag (B-PER, I-PER, E-PER, S-PER, PER; also OntoNotes' B-PERSON, ...) is 1, any
other tag 0. Tokens go through `tokenize` (lowercased; pure punctuation dropped; "Jean-Luc"
gives two tokens with the same tag), so the sequence is what `tokenize` gives on the text.

Any other extension (.txt included): CoNLL when the content is (a `-DOCSTART-` line, or no
bracket and 80% of the lines that are not blank or `#` comments made of 2+ columns whose last
is a tag: O, B-X, I-X, E-X, S-X, PER, LOC, ORG, MISC), else markup (see `detect_format`).
Every mistake is a `UserError` starting "file:line:" (from 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rnnviz.errors import UserError, where
from rnnviz.text._io import numbered_lines, read_text
from rnnviz.text.tokens import token_spans, tokenize

Format = Literal["markup", "conll"]

EXTENSIONS: dict[str, Format] = {
    ".conll": "conll",
    ".conll03": "conll",
    ".bio": "conll",
    ".tsv": "conll",
}

_TAG = re.compile(r"O|[BIES]-\S+|PER|LOC|ORG|MISC")
_DIRECTIVE = re.compile(r"#\s*format\s*:\s*(\S*)\s*$", re.IGNORECASE)
_DOCSTART = "-DOCSTART-"


@dataclass(frozen=True)
class Sentence:
    """A tokenized sentence; `labels` is None when unlabeled, else one 0/1 per token.

    `text` is the sentence as plain text (markup removed): `tokenize(text) == list(tokens)`.
    `source` and `line` say where it was read from, when it was read from a file.
    """

    tokens: tuple[str, ...]
    labels: tuple[int, ...] | None
    text: str
    source: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if self.labels is not None and len(self.labels) != len(self.tokens):
            raise ValueError(f"{len(self.tokens)} tokens but {len(self.labels)} labels")

    @property
    def labeled(self) -> bool:
        return self.labels is not None


def _place(source: str | None, line_no: int | None) -> str:
    return where(source if source is not None else "<text>", line_no)


def parse_markup(line: str, source: str | None = None, line_no: int | None = None) -> Sentence:
    """One markup sentence: tokens inside `[...]` are labeled 1, the rest 0."""
    place = _place(source, line_no)
    plain: list[str] = []
    names: list[tuple[int, int]] = []  # [start, end) slices of the plain text
    opened: tuple[int, int] | None = None  # (position in plain, column in line)
    for column, char in enumerate(line, 1):
        if char == "[":
            if opened is not None:
                raise UserError(f"{place}: nested '[' at column {column}")
            opened = (len(plain), column)
        elif char == "]":
            if opened is None:
                raise UserError(f"{place}: ']' at column {column} has no matching '['")
            name = "".join(plain[opened[0] :])
            if not tokenize(name):
                raise UserError(f"{place}: empty brackets at column {opened[1]}")
            names.append((opened[0], len(plain)))
            opened = None
        else:
            plain.append(char)
    if opened is not None:
        raise UserError(f"{place}: '[' at column {opened[1]} is never closed")
    text = "".join(plain)
    spans = list(token_spans(text))
    if not spans:
        raise UserError(f"{place}: no word in this line")
    labels = tuple(
        int(any(start < name_end and name_start < end for name_start, name_end in names)) for _, start, end in spans
    )
    tokens = tuple(token for token, _, _ in spans)
    return Sentence(tokens, labels, text.strip(), source, line_no)


def parse_plain(text: str, source: str | None = None, line_no: int | None = None) -> Sentence:
    """An unlabeled sentence. Brackets are an error here (use `parse_markup` for labels)."""
    place = _place(source, line_no)
    for column, char in enumerate(text, 1):
        if char in "[]":
            raise UserError(f"{place}: {char!r} at column {column} in an unlabeled sentence")
    tokens = tuple(tokenize(text))
    if not tokens:
        raise UserError(f"{place}: no word in this line")
    return Sentence(tokens, None, text.strip(), source, line_no)


def markup_sentences(text: str, source: str | None = None) -> list[Sentence]:
    """All sentences of a markup document (see the module docstring)."""
    sentences = []
    plain = False
    for number, line in numbered_lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            directive = _DIRECTIVE.match(stripped)
            if directive:
                mode = directive.group(1).lower()
                if mode not in ("plain", "markup"):
                    raise UserError(f"{_place(source, number)}: unknown format {mode!r} (expected 'plain' or 'markup')")
                plain = mode == "plain"
            continue
        parse = parse_plain if plain else parse_markup
        sentences.append(parse(line, source, number))
    return sentences


def conll_sentences(text: str, source: str | None = None) -> list[Sentence]:
    """All sentences of a CoNLL-2003 document (see the module docstring)."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tokens: list[str] = []
    labels: list[int] = []
    first_line: int | None = None
    width: tuple[int, int] | None = None  # (columns, line) of the file's first token row

    def finish() -> None:
        nonlocal first_line
        if tokens:  # a sentence of punctuation only has no token left: skip it
            sentences.append(Sentence(tuple(tokens), tuple(labels), " ".join(words), source, first_line))
        words.clear()
        tokens.clear()
        labels.clear()
        first_line = None

    for number, line in numbered_lines(text):
        columns = line.split()
        if not columns:
            finish()
            continue
        if columns[0] == _DOCSTART:
            finish()
            continue
        if len(columns) < 2:
            raise UserError(f"{_place(source, number)}: only one column ({columns[0]!r}); expected a token and a tag")
        if width is None:
            width = (len(columns), number)
        elif len(columns) != width[0]:
            raise UserError(
                f"{_place(source, number)}: {len(columns)} columns, but the file's rows have {width[0]} "
                f"(from line {width[1]}); every row needs the same columns, the tag last"
            )
        word, tag = columns[0], columns[-1]
        if first_line is None:
            first_line = number
        words.append(word)
        for token in tokenize(word):
            tokens.append(token)
            labels.append(int(_is_person(tag)))
    finish()
    return sentences


def _is_person(tag: str) -> bool:
    """B-PER, I-PER, E-PER, S-PER, PER (and OntoNotes' B-PERSON ...)."""
    return tag.upper().rpartition("-")[2] in ("PER", "PERSON")


def detect_format(path: str | Path, text: str) -> Format:
    """The format of a file. A CoNLL extension (.conll, .conll03, .bio, .tsv) says CoNLL;
    any other file (.txt included: CoNLL-2003's own files are often `train.txt`) is CoNLL
    when its content is: a -DOCSTART- line, or no bracket anywhere and at least 80% of the
    non-blank, non-comment lines made of two or more columns ending in a tag (O, B-PER, …)."""
    if EXTENSIONS.get(Path(path).suffix.lower()) == "conll":
        return "conll"
    lines = [line.split() for _, line in numbered_lines(text)]
    lines = [columns for columns in lines if columns and not columns[0].startswith("#")]
    if any(columns[0] == _DOCSTART for columns in lines):
        return "conll"
    if not lines or "[" in text:
        return "markup"
    tagged = sum(1 for columns in lines if len(columns) >= 2 and _TAG.fullmatch(columns[-1]))
    return "conll" if tagged >= 0.8 * len(lines) else "markup"


def load_sentences(path: str | Path) -> list[Sentence]:
    """Every sentence of a markup or CoNLL file; a file without any is a `UserError`."""
    text = read_text(path)
    source = str(path)
    reader = conll_sentences if detect_format(path, text) == "conll" else markup_sentences
    sentences = reader(text, source)
    if not sentences:
        raise UserError(f"{where(source)}: no sentence in this file")
    return sentences
