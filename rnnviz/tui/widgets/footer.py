"""The key bar at the bottom: every binding of BINDINGS with its key, dimmed when
`check_action` disables it, like Textual's Footer, but drawn as one line.

Why not Textual's `Footer`: it recomposes (unmounts and mounts a widget per key) whenever
the bindings may have changed, and toggling a key's CSS class costs a style update and an
extra frame. Stepping from t = 0 to 1 enables "Back" and "t=0", so that one step cost about
30 ms more than the others. This bar reads `screen.active_bindings` (which asks
`check_action`) and repaints its single line in the same frame as the panels.
A click on a key runs it, as on the Footer.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@runtime_checkable
class Labels(Protocol):
    """A screen that words its keys for its state (the debugger: ← and → in backward mode)."""

    def binding_label(self, binding: Binding, enabled: bool) -> tuple[str, str] | None:
        """(description, tooltip) of a key, or None for the binding's own."""


class KeyBar(Widget):
    """One line of `key description` pairs, one per action, disabled ones dimmed."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--disabled {
            text-style: dim;
        }
    }
    """

    # When the keys do not fit, these binding ids are left out first (the help lists them).
    DROP_ORDER = (
        "faster",
        "slower",
        "go_end",
        "go_start",
        "edit_sentence",
        "undo_training",
        "save_model",
        "prev_sentence",
        "next_sentence",
        "train",
        "run_until",
        "layer_down",
        "layer_up",
        "stop_training",
        "play",
        "backward",
        "help",
        "step_back",
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line: tuple[tuple, int, Strip] | None = None
        self._spans: list[tuple[int, int, str, bool, str]] = []  # x0, x1, key, enabled, tooltip

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None

    def items(self) -> list[tuple[str, str, str, bool, str | None, str]]:
        """(key, key as shown, description, enabled, binding id, tooltip) for each action, as
        the Footer shows them: the first binding of each action, in BINDINGS order."""
        seen: dict[str, tuple[str, str, str, bool, str | None, str]] = {}
        app = self.app
        screen = self.screen
        label = screen.binding_label if isinstance(screen, Labels) else None
        for _, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                description, tip = binding.description, tooltip or binding.description
                override = label(binding, enabled) if label is not None else None
                if override is not None:
                    description, tip = override
                seen[binding.action] = (
                    binding.key,
                    app.get_key_display(binding),
                    description,
                    enabled,
                    binding.id,
                    tip,
                )
        return list(seen.values())

    def _fitting(self, items: tuple, width: int) -> list:
        """The items that fit in `width` (with the palette key), dropping DROP_ORDER first."""
        kept = list(items)

        def need() -> int:
            return sum(len(shown) + len(description) + 3 for _, shown, description, *_ in kept) + 12

        for drop in self.DROP_ORDER:
            if need() <= width:
                break
            kept = [item for item in kept if item[4] != drop]
        return kept

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        items = tuple(self.items())
        if self._line is not None and self._line[0] == items and self._line[1] == width:
            return self._line[2]
        base = self.rich_style
        key_style = base + self.get_component_rich_style("keybar--key")
        desc_style = base + self.get_component_rich_style("keybar--description")
        dim = self.get_component_rich_style("keybar--disabled")
        segments: list[Segment] = []
        spans: list[tuple[int, int, str, bool, str]] = []
        x = 0
        for key, shown, description, enabled, _id, tooltip in self._fitting(items, width):
            k_style, d_style = (key_style, desc_style) if enabled else (key_style + dim, desc_style + dim)
            pieces = [Segment(f" {shown} ", k_style), Segment(f"{description} ", d_style)]
            w = sum(p.cell_length for p in pieces)
            spans.append((x, x + w, key, enabled, tooltip))
            segments += pieces
            x += w
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = [Segment(" ^p ", key_style), Segment("palette ", desc_style)]
            room = width - x - sum(p.cell_length for p in palette)
            if room >= 0:
                segments.append(Segment(" " * room, base))
                segments += palette
                spans.append((width - 12, width, self.app.COMMAND_PALETTE_BINDING, True, "Commands"))
        strip = Strip(segments).adjust_cell_length(width, base)
        self._line = (items, width, strip)
        self._spans = spans
        return strip

    def key_at(self, x: int) -> str | None:
        for x0, x1, key, enabled, _tooltip in self._spans:
            if x0 <= x < x1:
                return key if enabled else None
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The binding's tooltip for the key under the pointer, as on the Footer."""
        tip = next((tooltip for x0, x1, _, _, tooltip in self._spans if x0 <= event.x < x1), None)
        if tip != self.tooltip:
            self.tooltip = tip

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            self.app.bell()
        else:
            self.app.simulate_key(key)
