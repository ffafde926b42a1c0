"""How the screen writes numbers. Every function here is tested against literal strings."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sized
from typing import Protocol


class Vector(Sized, Protocol):
    """A 1-D array or a sequence of floats (what a preview shows the first entries of)."""

    def __getitem__(self, index: slice) -> Iterable[float]: ...


def fmt(value: float, digits: int = 3, sign: bool = False) -> str:
    """A number with fixed decimals: `0.999`, `+7.528`; '-0.000' is never shown."""
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = ("+" if sign else "") + f"{0:.{digits}f}"
    return text


def fmt_small(value: float, digits: int = 3) -> str:
    """Like `fmt`, but a value below 10^-digits keeps two significant digits (`1.3e-04`,
    `7.3e-04`, not `0.001`), so a tiny loss or probability never reads as 0 or as a rounded
    neighbour."""
    if value != 0 and abs(value) < 10**-digits:
        return f"{value:.1e}"
    return fmt(value, digits)


def fmt_prob(p: float) -> str:
    """A probability inside a log: `0.734`, or with the digits its log needs near 0 and 1:
    `7.3e-04`, `(1 − 7.3e-04)` (log 0.999 would say 0.0010 where the loss is 0.00073)."""
    if 0 < 1 - p < 1e-3:
        return f"(1 − {1 - p:.1e})"
    if 0 < p < 1e-3:
        return f"{p:.1e}"
    return fmt(p, 3)


def fmt_int(value: int) -> str:
    """`10,000`."""
    return f"{value:,}"


def fmt_sig(value: float, digits: int = 3, sign: bool = False) -> str:
    """A number with `digits` significant digits, for gradients, whose sizes span several
    orders of magnitude: `0.0306`, `-0.00418`, `-1.00`, `123`, and in scientific notation
    when the fixed form would need more digits or more than three leading zeros: `3.00e-5`,
    `1.00e4`. Exact 0 is `0`."""
    value = float(value)
    plus = "+" if sign else ""
    if value == 0:
        return f"{plus}0"
    if not math.isfinite(value):
        return f"{value:{plus}}"
    mantissa, exponent = f"{value:{plus}.{digits - 1}e}".split("e")
    magnitude = int(exponent)  # of the value rounded to `digits` significant digits
    if -3 <= magnitude < digits:
        return f"{value:{plus}.{digits - 1 - magnitude}f}"
    return f"{mantissa}e{magnitude}"  # 3.00e-5, not 3.00e-05: one cell less


def vector_preview(values: Vector, count: int = 3, digits: int = 2) -> str:
    """The first entries of a vector: `[+0.31, -1.20, +0.95, …]`."""
    shown = ", ".join(fmt(float(v), digits, sign=True) for v in values[:count])
    return f"[{shown}{', …' if len(values) > count else ''}]"


def grad_preview(values: Vector, count: int = 2, digits: int = 2) -> str:
    """The first entries of a gradient, significant digits kept: `[-1.2e-3, +4.0e-4, …]`."""
    shown = ", ".join(fmt_sig(float(v), digits, sign=True) for v in values[:count])
    return f"[{shown}{', …' if len(values) > count else ''}]"
