"""Styles, and the diverging colour scale of every heatmap.

The named styles (TITLE, LABEL, NUMBER, …) are what the panels draw with: their colours are
those of rnnviz's own theme, and the panel widget swaps each for the current theme's
(`themed`, with the colours tui/theme.py reads from the theme's variables), so a panel never
knows the theme. The heatmap scale is data, not chrome: it is the same in every theme.

One fixed scale is centred at 0 (blue below, red above, a neutral grey at 0) and quantized to
`LEVELS` steps per sign (STOPS), so a whole screen uses a few dozen styles and a colour means
the same number everywhere. Gradients use the same colours on a logarithmic scale
(GRAD_STOPS, relative to the largest entry of a sentence's gradients).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from rich.color import Color
from rich.style import Style

NEUTRAL = (62, 62, 62)  # the colour of 0
NEGATIVE = (64, 140, 255)  # the colour of -scale (and below)
POSITIVE = (255, 80, 64)  # the colour of +scale (and above)

PLAIN = Style()
DIM = Style(color="grey50")
FAINT = Style(color="grey35")
BOLD = Style(bold=True)
LABEL = Style(color="#7fb4ca", bold=True)  # names of quantities: x<t>, a<t>, ŷ<t> …
TITLE = Style(color="#e6c384", bold=True)
RULE = Style(color="grey30")
NUMBER = Style(color="#dcd7ba")
CURRENT = Style(color="black", bgcolor="#e6c384", bold=True)  # the current word / step
MARK = Style(color="#ffd866", bold=True)  # the single 1 of a one-hot vector
GOOD = Style(color="#98bb6c", bold=True)  # prediction matches the label
BAD = Style(color="#ff5d62", bold=True)  # prediction contradicts the label
UNK_STYLE = Style(color="#ffa066", bold=True)
NOTE = Style(color="grey58", italic=True)
WARN = Style(color="#ffa066")
HIT = Style(color="black", bgcolor="#d27e99", bold=True)  # where a breakpoint stopped
GRAD = Style(color="#7aa89f", bold=True)  # names of gradients in backward mode
BAR = Style(color="#957fb8")  # the bars of L<t> and ‖da<t>‖
ZERO = Style(color="white", bgcolor=Color.from_rgb(*NEUTRAL), bold=True)  # the 0 of a legend
BOUNDARY = Style(color="white", bold=True)  # the ┃ between a<t-1> and x<t> in the stacked column

# Each named style by its role: the theme variable `rnnviz-<role>` (and, for the two with a
# background, `rnnviz-<role>-background`) gives its colour in a theme (tui/theme.py).
ROLES: dict[str, Style] = {
    "title": TITLE,
    "label": LABEL,
    "number": NUMBER,
    "dim": DIM,
    "faint": FAINT,
    "rule": RULE,
    "note": NOTE,
    "mark": MARK,
    "good": GOOD,
    "bad": BAD,
    "unknown": UNK_STYLE,
    "warn": WARN,
    "grad": GRAD,
    "bar": BAR,
    "boundary": BOUNDARY,
    "current": CURRENT,
    "hit": HIT,
}
BACKGROUNDS = ("current", "hit")  # the roles drawn on a background of their own


def themed(colours: Mapping[str, str]) -> dict[Style, Style]:
    """Each named style and the same style in a theme's `colours` (role or
    "<role>-background" -> a colour); a role without a colour keeps its style."""
    out: dict[Style, Style] = {}
    for role, style in ROLES.items():
        colour = colours.get(role)
        background = colours.get(f"{role}-background") if role in BACKGROUNDS else None
        if colour is not None or background is not None:
            out[style] = style + Style(color=colour, bgcolor=background)
    return out


# One fixed scale for every heatmap (z<t>, a<t>, a<t-1>, the history), the same for every
# sentence and model, so a colour always means the same number. A value's level is how many
# of these stops its magnitude reaches, with its sign: fine steps inside tanh's range
# [-1, 1] (the last, 0.99, is where tanh saturates) and two more for the larger |z|.
STOPS = (0.05, 0.2, 0.4, 0.6, 0.8, 0.99, 2.0, 4.0)
LEVELS = len(STOPS)
# How far each level goes from NEUTRAL towards the full colour.
MIX = (0.0, 0.16, 0.30, 0.44, 0.57, 0.69, 0.80, 0.90, 1.0)

# Gradients span orders of magnitude: their scale is logarithmic, relative to the largest
# entry of the sentence's gradients (1 = that entry), each step half a decade (×3.16), so a
# gradient 30 times smaller than the largest is three steps paler, not blank.
GRAD_STOPS = (1e-4, 10**-3.5, 1e-3, 10**-2.5, 1e-2, 10**-1.5, 0.1, 10**-0.5)


@cache
def level_rgb(level: int) -> tuple[int, int, int]:
    """The colour of a level: NEUTRAL at 0, blending to NEGATIVE / POSITIVE at ±LEVELS."""
    if level == 0:
        return NEUTRAL
    end = POSITIVE if level > 0 else NEGATIVE
    f = MIX[min(abs(level), LEVELS)]
    r, g, b = (round(n + (e - n) * f) for n, e in zip(NEUTRAL, end))
    return (r, g, b)


@cache
def cell_style(level: int) -> Style:
    """A full cell painted with the colour of `level`."""
    return Style(bgcolor=Color.from_rgb(*level_rgb(level)))


@cache
def half_style(left: int, right: int | None) -> Style:
    """For '▌': the left half takes `left`'s colour (foreground), the right half `right`'s
    (None: the terminal's background, at the end of an odd row)."""
    if right is None:
        return Style(color=Color.from_rgb(*level_rgb(left)))
    return Style(color=Color.from_rgb(*level_rgb(left)), bgcolor=Color.from_rgb(*level_rgb(right)))
