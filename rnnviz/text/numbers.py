"""Integers 0 ... 999,999 in English words, the input side of the `seq2seq` task.

Lowercase, single spaces, no hyphens ("forty two": `tokenize` would split "forty-two"
anyway) and British "and": before the tens and units of each group of three when hundreds
come before them ("one hundred and five"), and before a last group below 100 that follows
the thousands ("two thousand and seven", "one hundred thousand and one"). So 123,456 is
"one hundred and twenty three thousand four hundred and fifty six".
"""

from __future__ import annotations

LARGEST = 999_999

UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _below_hundred(n: int) -> list[str]:
    if n < 20:
        return [UNITS[n]]
    tens, units = divmod(n, 10)
    return [TENS[tens], UNITS[units]] if units else [TENS[tens]]


def _below_thousand(n: int) -> list[str]:
    """1 ... 999."""
    hundreds, rest = divmod(n, 100)
    words = [UNITS[hundreds], "hundred"] if hundreds else []
    if hundreds and rest:
        words.append("and")
    if rest:
        words += _below_hundred(rest)
    return words


def number_words(n: int) -> str:
    """`n` (0 ... 999,999) in words: 3042 -> "three thousand and forty two"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_words takes an int, not {type(n).__name__}")
    if not 0 <= n <= LARGEST:
        raise ValueError(f"number_words: {n} is not between 0 and {LARGEST:,}")
    if n == 0:
        return UNITS[0]
    thousands, rest = divmod(n, 1000)
    words = [*_below_thousand(thousands), "thousand"] if thousands else []
    if thousands and 0 < rest < 100:
        words.append("and")
    if rest:
        words += _below_thousand(rest)
    return " ".join(words)


def all_words() -> list[str]:
    """Every word `number_words` can write, in a fixed order."""
    return [*UNITS, *TENS[2:], "hundred", "thousand", "and"]
