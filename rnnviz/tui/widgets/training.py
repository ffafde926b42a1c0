"""The training panel: shown while the model trains in a worker thread, and after, with
the progress bar, the epoch losses as a sparkline, held-out F1, and what to do next.

It draws an immutable `TrainingView` (tui/training.py) held in a reactive; the worker's
progress arrives as `TrainingProgress` messages (at most every 50 ms) and only this panel's
few lines are redrawn, never the debugger's panels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..render import training_lines

if TYPE_CHECKING:
    from ..training import TrainingView


class TrainingProgress(Message):
    """Posted from the training thread: the panel's new view."""

    def __init__(self, view: TrainingView) -> None:
        super().__init__()
        self.view = view


class TrainingPanel(Widget):
    """The training status, a few lines high (4 in the full layout, 2 in the compact one)."""

    DEFAULT_CSS = """
    TrainingPanel { height: 4; }
    """

    view: reactive[TrainingView | None] = reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: tuple[object, int, int, list[Strip]] | None = None

    def watch_view(self, view: TrainingView | None) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None

    def _lines(self) -> list[Strip]:
        width, height = self.size
        view = self.view
        cached = self._strips
        if cached is not None and cached[0] is view and cached[1:3] == (width, height):
            return cached[3]
        base = self.rich_style
        lines = training_lines(view, width, height) if view is not None else []
        strips = [
            Strip(
                Segment.simplify([Segment(s.text, base + s.style if s.style else base) for s in line])
            ).adjust_cell_length(width, base)
            for line in lines[:height]
        ]
        strips += [Strip.blank(width, base)] * (height - len(strips))
        self._strips = (view, width, height, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        strips = self._lines()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)
