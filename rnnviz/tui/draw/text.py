"""Lines of text: a `Line` is a list of Rich segments, one terminal row."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style

from .colours import DIM, HIT, RULE, TITLE

Line = list[Segment]


def seg(text: str, style: Style | None = None) -> Segment:
    return Segment(text, style)


def line_text(line: Line) -> str:
    """The characters of a line, without styles (for tests and for measuring)."""
    return "".join(segment.text for segment in line)


def line_width(line: Line) -> int:
    return sum(segment.cell_length for segment in line)


def fit(line: Line, width: int) -> Line:
    """Crop a line to `width` cells (a final '…' shows it was cut) or leave it shorter."""
    if width <= 0:
        return []
    if line_width(line) <= width:
        return line
    out: Line = []
    room = width - 1
    for segment in line:
        if room <= 0:
            break
        if segment.cell_length <= room:
            out.append(segment)
            room -= segment.cell_length
        else:
            out.append(Segment(segment.text[:room], segment.style))
            room = 0
    out.append(Segment("…", DIM))
    return out


def merge(cells: Sequence[tuple[str, Style | None]]) -> Line:
    """Join neighbouring cells that share a style into one segment (fewer escape codes)."""
    line: Line = []
    text: list[str] = []
    style: Style | None = None
    for char, cell in cells:
        if cell is not style and text:
            line.append(Segment("".join(text), style))
            text = []
        style = cell
        text.append(char)
    if text:
        line.append(Segment("".join(text), style))
    return line


def centered(text: str, width: int, center: int) -> str:
    """`text` in `width` cells with its middle at column `center`, as far as it fits."""
    start = max(0, min(width - len(text), center - len(text) // 2))
    return (" " * start + text).ljust(width)[:width]


def title_line(title: str, width: int, extra: Line | None = None) -> Line:
    """A panel title drawn as a rule: `── title ─── extra ───────`."""
    line: Line = [seg("── ", RULE), seg(title, TITLE), seg(" ", RULE)]
    if extra:
        line += [seg("─ ", RULE), *extra, seg(" ", RULE)]
    used = line_width(line)
    if used < width:
        line.append(seg("─" * (width - used), RULE))
    return fit(line, width)


def stop_extra(reason: str) -> Line:
    """The title extra of a panel where a breakpoint stopped: `● stopped: reason`."""
    return [seg(f" ● stopped: {reason} ", HIT)]


def stop_title(title: str, width: int, reason: str) -> Line:
    """A panel's title with `● stopped: reason`; in a narrow panel `● stopped` alone, or
    `●` (the title stays: the toast and the wider panels give the reason)."""
    for extra in (stop_extra(reason), [seg(" ● stopped ", HIT)], [seg("●", HIT)]):
        if len(title) + 6 + line_width(extra) <= width:
            return title_line(title, width, extra)
    return title_line(title, width)


def titled(title: Line, rows: list[Line], height: int, title_from: int) -> list[Line]:
    """The title and the rows when the panel is at least `title_from` rows high (the full
    layout), else the rows alone."""
    if height >= title_from:
        return [title, *rows][:height]
    return rows[:height]


def window(widths: Sequence[int], focus: int, room: int, gap: int = 1) -> tuple[int, int]:
    """The range [start, stop) of items (each `widths[i]` wide, `gap` apart) shown in `room`
    cells so that item `focus` is visible, with as much before it as fits (scrolling)."""
    n = len(widths)
    if n == 0:
        return (0, 0)
    focus = min(max(focus, 0), n - 1)
    start = focus
    used = widths[focus]
    stop = focus + 1
    # Show what comes after the focus first (about a third of the room), then before it.
    while stop < n and used + gap + widths[stop] <= room // 3 + widths[focus]:
        used += gap + widths[stop]
        stop += 1
    while start > 0 and used + gap + widths[start - 1] <= room:
        used += gap + widths[start - 1]
        start -= 1
    while stop < n and used + gap + widths[stop] <= room:
        used += gap + widths[stop]
        stop += 1
    return (start, stop)


def g_name(activation: str) -> str:
    """The display name of the hidden activation g: 'tanh' or 'ReLU'."""
    return "tanh" if activation == "tanh" else "ReLU"


def plural(count: int, word: str) -> str:
    """`1 epoch`, `2 epochs`."""
    return f"{count} {word}{'' if count == 1 else 's'}"
