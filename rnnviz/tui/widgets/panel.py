"""The widget that shows a panel: fixed-height lines drawn once per (view key, size) and
cached.

Stepping is the hot path of the debugger. The whole Trace exists before the first key, so a
panel's lines for step t are drawn once, as Textual `Strip`s, and a step only swaps them in:
`render_line(y)` returns a cached strip. Nothing on the step path changes layout (the panels
have fixed heights in the debugger's CSS), and a new view repaints only the lines that
differ from the ones on screen (`refresh(region)` of those rows), so Textual composes and
writes a few rows per panel instead of the whole screen.

Colours: a panel draws with the named styles of draw/colours.py; the strips take each in the
current theme's colours (tui/theme.py), and a change of theme draws them again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..draw.text import Line
from ..panels.base import Panel
from ..theme import panel_styles
from ..view import ViewState

if TYPE_CHECKING:
    from rnnviz.engine import Trace

CACHE_SIZE = 256  # (view key, size) entries a panel keeps


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


def _under(line: Line, base: Style, themed: Mapping[Style, Style]) -> Iterable[Segment]:
    """The panel's CSS style under every segment, whose named style takes the theme's
    colours (`themed`). A blank heatmap cell keeps its own style: it is painted by its
    background alone (fewer escape codes)."""
    for segment in line:
        style = segment.style
        if style is not None and style.bgcolor is not None and segment.text.isspace():
            yield Segment(segment.text, themed[style]) if style in themed else segment
        else:
            yield Segment(segment.text, base + themed.get(style, style) if style else base)


def strips(
    lines: list[Line], width: int, height: int, base: Style, themed: Mapping[Style, Style] | None = None
) -> list[Strip]:
    """`height` strips of `width` cells: the lines, cropped, then blank rows; the named
    styles in the theme's colours (`themed`: draw/colours.themed)."""
    swap = themed or {}
    out = [
        Strip(Segment.simplify(_under(line, base, swap)), None).adjust_cell_length(width, base)
        for line in lines[:height]
    ]
    return out + [Strip.blank(width, base)] * (height - len(out))


class PanelView(Widget):
    """A panel drawn by the line API from the screen's `ViewState` (bound with data_bind)."""

    DEFAULT_CSS = """
    PanelView { height: 3; }
    """

    # repaint=False: watch_view repaints only the rows that change.
    view: reactive[ViewState | None] = reactive(None, repaint=False)

    def __init__(self, panel: Panel, view: ViewState | None = None) -> None:
        super().__init__(id=panel.name)
        self.panel = panel
        # The first view is set here, not only by data_bind (which binds after mounting),
        # so the very first frame already shows the panel.
        self.set_reactive(PanelView.view, view)
        self._cache: OrderedDict[Hashable, list[Strip]] = OrderedDict()
        self._shown: list[Strip] = []
        self._shown_key: tuple[ViewState, int, int] | None = None
        self._base: Style | None = None
        self.painted = True  # the rows the last view changed have been drawn (render_line ran since)

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

    def fit_to(self, trace: Trace, full: bool) -> None:
        """Take the panel's height for this network when it depends on it (`Panel.rows`: the
        network of a deep model has a row per layer), in the full layout or the compact one."""
        if self.panel.rows is not None:
            self.styles.height = self.panel.rows(trace, full)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, theme: object) -> None:
        """Draw every line again in the new theme's colours."""
        self._base = None
        self.clear_cache()
        self.refresh()

    def clear_cache(self) -> None:
        """Forget every drawn view (their traces, and the models they hold, can go)."""
        self._cache.clear()
        self._shown_key = None

    def strips_for(self, view: ViewState, width: int, height: int) -> list[Strip]:
        """The panel's strips for a view and size, from the cache or drawn now (blank for a
        trace the panel does not draw: it is hidden, but may be asked before the layout is)."""
        if not self.panel.shows(view.trace):
            return [Strip.blank(width, self.base_style)] * height
        key = (self.panel.cache_key(view), width, height)
        cache = self._cache
        found = cache.get(key)
        if found is None:
            # Another cell's panel is hidden (-absent), but its size is its old one until the
            # next layout: it draws nothing rather than ask the trace for what it lacks.
            lines = self.panel.lines(view, width, height) if self.panel.shows(view.trace) else []
            found = cache[key] = strips(lines, width, height, self.base_style, panel_styles(self.app))
            if len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return found

    def prepare(self, view: ViewState) -> None:
        """Draw (and cache) the lines of a view that is likely to be shown next."""
        width, height = self.size
        if width and height and self.display and self.panel.shows(view.trace):
            self.strips_for(view, width, height)

    def watch_view(self, view: ViewState | None) -> None:
        """Repaint the rows that differ from those on screen (all of them after a resize)."""
        width, height = self.size
        old, old_key = self._shown, self._shown_key
        if view is not None and not self.display:  # another network's or shape's panel: drawn when shown
            return
        if view is None or not width or not height or not self.is_mounted or not self.panel.shows(view.trace):
            self.refresh()
            return
        new = self.strips_for(view, width, height)
        self._shown, self._shown_key = new, (view, width, height)
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
            self.painted = False
            self.refresh(*regions)

    def render_line(self, y: int) -> Strip:
        self.painted = True
        view = self.view
        width, height = self.size
        if view is None or not width or not height or not self.panel.shows(view.trace):
            loading = self.panel.loading(width, height)
            rows = strips(loading, width, height, self.base_style, panel_styles(self.app)) if width else []
            return rows[y] if y < len(rows) else Strip.blank(width, self.base_style)
        key = (view, width, height)  # identity: ViewState has eq=False
        if key != self._shown_key:
            self._shown = self.strips_for(view, width, height)
            self._shown_key = key
        return self._shown[y] if y < len(self._shown) else Strip.blank(width, self.base_style)
