"""Characters on screen, for a character language model: a character as a cell (the end token
and the space made visible), the whole vocabulary as a row of cells, and one column of a
chart per character, in the same cells, so x<t>, ŷ<t> and its error line up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style

from .bars import BLOCKS, column_bars
from .colours import DIM, FAINT
from .text import Line, merge

# How the screen shows the characters a terminal would not (text/chars.py's SHOWN; not
# imported from there: it imports NumPy, and the first frame is drawn without it).
SHOWN = {"\n": "⏎", " ": "␣", "\t": "⇥"}


def shown(char: str) -> str:
    """One cell for a character: ⏎ for the end token, ␣ for a space, `?` for one that does
    not print (the vocabulary of a file could hold one)."""
    if char in SHOWN:
        return SHOWN[char]
    return char if char.isprintable() and len(char) == 1 else "?"


def quoted(char: str) -> str:
    """`'a'`, `'␣'`, `⏎` (the end token is no character to quote)."""
    return "⏎" if char == "\n" else f"'{shown(char)}'"


def vocab_row(words: Sequence[str], styles: Mapping[int, Style], base: Style = DIM) -> Line:
    """Every character of the vocabulary, one cell each, in index order; `styles` picks
    some out (the current input, the target, the top predictions)."""
    return merge([(shown(word), styles.get(i, base)) for i, word in enumerate(words)])


def value_row(values: Sequence[int], styles: Mapping[int, Style], base: Style = DIM) -> Line:
    """One digit a cell (the entries of a one-hot vector), in the vocabulary's cells."""
    return merge([(str(v), styles.get(i, base)) for i, v in enumerate(values)])


def probability_columns(probs: Sequence[float], height: int, styles: Sequence[Style], top: float) -> list[Line]:
    """One column a character, `height` rows high, a full column being `top` (the largest
    probability shown, so the shape of the distribution is visible at any step); a value
    too small for the smallest block still shows a faint floor."""
    return column_bars(list(probs), top, height, 1, 0, styles)


def level_block(p: float) -> str:
    """One cell whose height (eighths) shows a probability in [0, 1]: ▁ … █, never blank."""
    return BLOCKS[min(8, max(1, round(p * 8)))]


def blank_columns(n: int, height: int) -> list[Line]:
    """The chart before anything is computed: a faint floor under every character."""
    return [merge([(" ", None)] * n) for _ in range(height - 1)] + [merge([("·", FAINT)] * n)]
