"""The base of every panel: fixed-height lines drawn once per (state key, size) and cached.

Stepping is the hot path of the debugger. The whole Trace exists before the first key, so a
panel renders its lines for step t once, as Textual `Strip`s, and a step only swaps them in:
`render_line(y)` returns a cached strip. Nothing on the step path changes layout (the panels
have fixed heights in app.tcss), and a new state repaints only the lines that differ from
the ones on screen (`refresh(region)` of those rows), so Textual composes and writes a few
rows per panel instead of the whole screen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..render import Line
from ..state import ViewState

CACHE_SIZE = 256  # (state key, size) entries a panel keeps


def changed_span(old: Strip, new: Strip) -> tuple[int, int] | None:
    """The cells [x0, x1) where two lines of the same width differ (None when equal): the
    common run of segments at each end is left alone, so moving a marker at the left of a
    heatmap row repaints the marker, not the row."""
    a, b = list(old), list(new)
    if a == b:
        return None
    start = 0
    x0 = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        x0 += a[start].cell_length
        start += 1
    end_a, end_b = len(a), len(b)
    tail = 0
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        tail += a[end_a - 1].cell_length
        end_a -= 1
        end_b -= 1
    x1 = max(new.cell_length, old.cell_length) - tail
    return (x0, x1) if x1 > x0 else None


def _under(line: Line, base: Style) -> Line:
    """The panel's colours under each segment, except under heatmap cells (blank cells with
    their own background), whose foreground colour would only lengthen the escape codes."""
    return [
        segment
        if segment.style is not None and segment.style.bgcolor is not None and segment.text.isspace()
        else Segment(segment.text, base + segment.style if segment.style else base)
        for segment in line
    ]


class Panel(Widget):
    """A widget drawn by the line API from the app's `ViewState` (bound with data_bind)."""

    DEFAULT_CSS = """
    Panel { height: 3; }
    """

    # repaint=False: watch_state repaints only the rows that change.
    state: reactive[ViewState | None] = reactive(None, repaint=False)

    def __init__(self, state: ViewState | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # The first state is set here, not only by data_bind (which binds after mounting),
        # so the very first frame already shows the panel.
        self.set_reactive(Panel.state, state)
        self._cache: OrderedDict[Hashable, list[Strip]] = OrderedDict()
        self._shown: list[Strip] = []
        self._shown_key: Hashable = None
        self._base: Style | None = None

    # -- what a subclass writes -------------------------------------------------------------

    def key(self, state: ViewState) -> Hashable:
        """What the panel's picture depends on; the default: the trace, t, the mode and the
        breakpoint stop shown (if any)."""
        return (state.trace, state.t, state.mode, state.hit)

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        """The panel's rows for `state` in a `width` x `height` box (pure render calls)."""
        raise NotImplementedError

    def placeholder(self, width: int, height: int) -> list[Line]:
        """The rows drawn while the app loads its model (no state yet): none by default."""
        return []

    # -- the cache --------------------------------------------------------------------------

    @property
    def base_style(self) -> Style:
        """The panel's CSS colours under every segment (kept until the CSS changes)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self.clear_cache()

    def clear_cache(self) -> None:
        """Forget every drawn state (their traces, and the models they hold, can go)."""
        self._cache.clear()
        self._shown_key = None

    def strips_for(self, state: ViewState, width: int, height: int) -> list[Strip]:
        """The panel's strips for a state and size, from the cache or drawn now."""
        key = (self.key(state), width, height)
        cache = self._cache
        strips = cache.get(key)
        if strips is None:
            base = self.base_style
            strips = [
                Strip(Segment.simplify(_under(line, base)), None).adjust_cell_length(width, base)
                for line in self.lines(state, width, height)[:height]
            ]
            blank = Strip.blank(width, base)
            strips += [blank] * (height - len(strips))
            cache[key] = strips
            if len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return strips

    def prepare(self, state: ViewState) -> None:
        """Draw (and cache) the lines of a state that is likely to be shown next."""
        width, height = self.size
        if width and height and self.display:
            self.strips_for(state, width, height)

    # -- drawing -----------------------------------------------------------------------------

    def watch_state(self, state: ViewState | None) -> None:
        """Repaint the rows that differ from those on screen (all of them after a resize)."""
        width, height = self.size
        old, old_key = self._shown, self._shown_key
        if state is None or not width or not height or not self.is_mounted:
            self.refresh()
            return
        new = self.strips_for(state, width, height)
        self._shown, self._shown_key = new, (state, width, height)
        if old_key is None or old_key[1:] != (width, height) or len(old) != len(new):
            self.refresh()
            return
        regions = [
            Region(x0, y, x1 - x0, 1)
            for y in range(height)
            if old[y] is not new[y] and (span := changed_span(old[y], new[y])) is not None
            for x0, x1 in (span,)
        ]
        if regions:
            self.refresh(*regions)

    def render_line(self, y: int) -> Strip:
        state = self.state
        width, height = self.size
        if state is None or not width or not height:
            base = self.base_style
            rows = self.placeholder(width, height) if state is None and width else []
            if y < len(rows):
                return Strip(Segment.simplify(_under(rows[y], base)), None).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        key = (state, width, height)  # identity: ViewState has eq=False
        if key != self._shown_key:
            self._shown = self.strips_for(state, width, height)
            self._shown_key = key
        return self._shown[y] if y < len(self._shown) else Strip.blank(width, self.base_style)
