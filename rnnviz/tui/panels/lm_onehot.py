"""Forward, x<t> of a language model: the whole one-hot vector over its characters (61 for
charlm, few enough to show every entry), each entry under its character, the single 1 marked;
x<1> is the zero vector (nothing comes before the first character). Backward, in its place,
the two parts of da<t>, as for the tagger (onehot.backward)."""

from __future__ import annotations

from rich.style import Style

from ..draw.chars import quoted, value_row, vocab_row
from ..draw.colours import CURRENT, DIM, FAINT, LABEL, MARK, NOTE, NUMBER
from ..draw.text import Line, fit, seg, title_line
from ..view import ViewState
from . import onehot
from .base import Panel
from .lm_common import LM, columns_at, words


def _about(view: ViewState) -> tuple[str, Line, int | None]:
    """The title, what it says, and the index of the 1 (None: x<t> = 0 or not fed yet)."""
    n = len(words(view))
    step = view.step
    if step is None:
        return "x<t>, the one-hot input", [seg("t = 0: nothing fed yet; → feeds x<1> = 0, the zero vector", NOTE)], None
    t = step.t
    if step.index < 0:
        about: Line = [
            seg(f"all {n} entries 0", NUMBER),
            seg(": no character comes before the first (the course's x<1> = 0)", DIM),
        ]
        return f"x<{t}> = 0, the zero vector", about, None
    char = words(view)[step.index]
    if view.generation is not None and view.generation.at(t - 1) is not None:
        came = f"drawn at step {t - 1} and fed back"
    else:
        came = f"read from the line, the character before y<{t}>"
    about = [
        seg(quoted(char), NUMBER),
        seg(" → index ", DIM),
        seg(str(step.index), MARK),
        seg(f" of {n}: ", DIM),
        seg(f"x<{t}>[{step.index}] = 1", NUMBER),
        seg(f", {n - 1} zeros: {came}", DIM),
    ]
    return f"x<{t}>, the one-hot input", about, step.index


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`title` / every character / its entry of x<t> (0 or 1)."""
    chars = words(view)
    prefix = columns_at(view)
    title, about, one = _about(view)
    marks: dict[int, Style] = {} if one is None else {one: CURRENT}
    label = f"x<{view.t}>" if view.t else "x<1>"
    char_row: Line = [seg("chars".ljust(prefix), DIM), *vocab_row(chars, marks)]
    if view.t == 0:
        values: Line = [seg(label.ljust(prefix), LABEL), seg("·" * len(chars), FAINT)]
    else:
        digits = [1 if i == one else 0 for i in range(len(chars))]
        values = [seg(label.ljust(prefix), LABEL), *value_row(digits, {one: MARK} if one is not None else {}, FAINT)]
    if height >= 3:
        return [title_line(title, width, about), fit(char_row, width), fit(values, width)][:height]
    return [fit(char_row, width), fit(values, width)][:height]


PANEL = Panel("lm-onehot", {"forward": forward, "backward": onehot.backward}, shapes=LM)
