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

TITLE = "x<t>, the one-hot input"


def _about(view: ViewState) -> tuple[Line, int | None]:
    """What x<t> is, said after its entries, and the index of its 1 (None: x<t> = 0 or not
    fed yet). The title stays the same at every step: one row less to redraw."""
    step = view.step
    if step is None:
        return [seg("t = 0: nothing fed yet; → feeds x<1> = 0", NOTE)], None
    t = step.t
    if step.index < 0:
        return [
            seg(f"x<{t}> = 0", NUMBER),
            seg(", the zero vector: nothing before the first", DIM),
        ], None
    char = words(view)[step.index]
    if view.generation is not None and view.generation.at(t - 1) is not None:
        came = f"drawn at step {t - 1}, fed back"
    else:
        came = f"the character before y<{t}>"
    about: Line = [
        seg(quoted(char), NUMBER),
        seg(" = index ", DIM),
        seg(str(step.index), MARK),
        seg(f": {came}", DIM),
    ]
    return about, step.index


def forward(view: ViewState, width: int, height: int) -> list[Line]:
    """`title` / every character / its entry of x<t> (0 or 1) and what it is."""
    chars = words(view)
    prefix = columns_at(view)
    about, one = _about(view)
    marks: dict[int, Style] = {} if one is None else {one: CURRENT}
    label = f"x<{view.t}>" if view.t else "x<1>"
    char_row: Line = [seg("chars".ljust(prefix), DIM), *vocab_row(chars, marks)]
    if view.t == 0:
        values: Line = [seg(label.ljust(prefix), LABEL), seg("·" * len(chars), FAINT)]
    else:
        digits = [1 if i == one else 0 for i in range(len(chars))]
        values = [seg(label.ljust(prefix), LABEL), *value_row(digits, {one: MARK} if one is not None else {}, FAINT)]
    values += [seg("  "), *about]
    if height >= 3:
        extra = [seg(f"all {len(chars)} entries, each under its character; one is 1, the others 0", DIM)]
        return [title_line(TITLE, width, extra), fit(char_row, width), fit(values, width)][:height]
    return [fit(char_row, width), fit(values, width)][:height]


PANEL = Panel("lm-onehot", {"forward": forward, "backward": onehot.backward}, shapes=LM)
