"""The unrolled network as a picture of five rows, for the shapes drawn cell by cell: what
is above each cell (its output), an arrow up or down, the chain of cells, an arrow up, and
x<t> below. A block is one cell and what goes with it; the picture shows the blocks that
fit around the current one (scrolling, as the tagger's unrolled network does), with a fixed
label column on the left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style

from ..draw.colours import DIM
from ..draw.text import Line, centered, fit, merge, window

Piece = tuple[str, Style]
ROWS = 5  # above, up, the chain, up, below


@dataclass(frozen=True)
class Block:
    """One cell of the picture, `width` cells wide: the chain row's pieces (the arrow into
    the box, the box, the state after it) and a piece centred on the box in each other row
    (None: blank)."""

    width: int
    chain: tuple[Piece, ...]
    above: Piece | None = None
    up: Piece | None = None
    down: Piece | None = None
    below: Piece | None = None
    centre: int = 4  # the column of the box's middle
    marks: tuple[tuple[int, int, str, Style], ...] = ()  # (row, column, text, style) drawn over the rest


def block_rows(block: Block) -> list[list[tuple[str, Style | None]]]:
    """The block's five rows as (character, style) cells, each `block.width` long."""
    w = block.width
    rows: list[list[tuple[str, Style | None]]] = []
    for row, piece in enumerate((block.above, block.up, None, block.down, block.below)):
        if row == 2:
            cells: list[tuple[str, Style | None]] = [(c, style) for text, style in block.chain for c in text]
            cells += [(" ", None)] * (w - len(cells))
            rows.append(cells[:w])
            continue
        if piece is None:
            rows.append([(" ", None)] * w)
            continue
        text, style = piece
        placed = centered(text, w, block.centre)
        start = len(placed) - len(placed.lstrip(" ")) if placed.strip() else 0
        end = start + len(text.strip()) if text.strip() else start
        rows.append([(c, style if start <= i < end else None) for i, c in enumerate(placed)])
    for row, column, text, style in block.marks:
        for i, c in enumerate(text[: max(0, w - column)]):
            rows[row][column + i] = (c, style)
    return rows


def picture(
    head: Sequence[Piece],
    blocks: Sequence[Block],
    focus: int,
    width: int,
    tail: Sequence[Piece | None] = (None,) * ROWS,
    scrolled: Callable[[int], Piece] | None = None,
    cut: Sequence[Piece | None] = (None, None, (" …", DIM), None, None),
    backward: bool = False,
) -> list[Line]:
    """Five rows: the `head` labels (one a row, padded to the widest), then the blocks in
    view around block `focus` (0-based), then `tail` (a piece per row) after the last one
    when it is in view, or `cut` (` …` on the chain row) when the picture is cut on the
    right. `scrolled(start)` is the chain row's label when the blocks before `start` are out
    of view (`…a<3>`). Backward, the blocks after the focus (those already backpropagated,
    where the gradient comes from) get the room the blocks before it get forward."""
    widest = [scrolled(len(blocks) - 1)] if scrolled is not None and blocks else []
    head_w = max(len(text) for text, _ in (*head, *widest)) + (1 if widest else 0)
    tail_w = max((len(p[0]) for p in (*tail, *cut) if p is not None), default=0)
    room = max(1, width - head_w - tail_w)
    widths = [b.width for b in blocks]
    if backward:
        n = len(widths)
        first, last = window(widths[::-1], n - 1 - focus, room, gap=0)
        start, stop = n - last, n - first
    else:
        start, stop = window(widths, focus, room, gap=0)
    labels = list(head)
    if start and scrolled is not None:
        labels[2] = scrolled(start)
    rows: list[list[tuple[str, Style | None]]] = [[(c, s) for c in text.ljust(head_w)] for text, s in labels]
    for block in blocks[start:stop]:
        for row, cells in zip(rows, block_rows(block)):
            row.extend(cells)
    for row, piece in zip(rows, cut if stop < len(blocks) else tail):
        if piece is not None:
            row.extend((c, piece[1]) for c in piece[0])
    return [fit(merge(row), width) for row in rows]
