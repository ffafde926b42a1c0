"""Split text into lowercase word tokens.

A token is a run of letters and digits. Punctuation is never a token; it only separates.

- An apostrophe between two word characters joins them: "don't", "O'Brien", "Harry's" are
  one token each ("’" is written as "'"). A leading or trailing apostrophe is punctuation.
- A hyphen separates: "mother-in-law" is three tokens, as in the wordfreq word list the
  bundled vocabulary comes from.
- Digits are tokens ("3", "1999"); "3.5" and "1,000" stay one token.
- Text is NFKC-normalized and lowercased, so "Ｈａｒｒｙ" and "HARRY" both give "harry".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_WORD = r"[^\W_](?:[^\W_]|[\u0300-\u036f])*"  # letters/digits, combining accents allowed
_TOKEN = re.compile(rf"\d+(?:[.,]\d+)+|{_WORD}(?:['\u2019]{_WORD})*")


def _normalize(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).lower().replace("\u2019", "'")
    return unicodedata.normalize("NFKC", text)


def token_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (token, start, end): each token of `text` with the slice of `text` it came from."""
    for match in _TOKEN.finditer(text):
        # Normalizing can split a match (a ligature that expands to a space, say).
        for token in _TOKEN.findall(_normalize(match.group())):
            yield token, match.start(), match.end()


def tokenize(text: str) -> list[str]:
    """The lowercase word tokens of `text`, punctuation dropped.

    >>> tokenize("Harry Potter and Hermione Granger invented a new spell.")
    ['harry', 'potter', 'and', 'hermione', 'granger', 'invented', 'a', 'new', 'spell']
    """
    return [token for token, _, _ in token_spans(text)]


def is_word(text: str) -> bool:
    """True if `text` has at least one token (is not empty, blank or pure punctuation)."""
    return next(token_spans(text), None) is not None
