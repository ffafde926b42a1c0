"""Themes: every colour of the panels comes from the theme, and is readable in it.

Contrast is WCAG's ratio, written out here (not the app's): 4.5 is its level for text.
"""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from textual.theme import BUILTIN_THEMES

from rnnviz.tui.draw.colours import TITLE
from rnnviz.tui.theme import RNNVIZ_THEME, panel_styles, rich_colour, role_variables
from rnnviz.tui.widgets.panel import PanelView

from .conftest import run_async, wait_until

# Roles drawn as text the reader must read; the header (on $panel) uses the first six.
HEADER_ROLES = ("title", "label", "number", "grad", "warn", "dim")
TEXT_ROLES = ("title", "label", "number", "mark", "good", "bad", "grad", "unknown", "warn")
THEMES = ["rnnviz", *(name for name, theme in BUILTIN_THEMES.items() if not theme.ansi)]


def rgb(colour: str) -> tuple[int, int, int]:
    triplet = RichColor.parse(colour).get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def lum(c: tuple[int, int, int]) -> float:
        r, g, b_ = (v / 255 for v in c)
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variables_of(name: str) -> dict[str, str]:
    theme = RNNVIZ_THEME if name == "rnnviz" else BUILTIN_THEMES[name]
    variables = {**theme.to_color_system().generate(), **theme.variables}
    return {**variables, **role_variables(variables)}


@pytest.mark.parametrize("name", THEMES)
def test_every_role_is_readable_in_every_theme(name):
    """Text roles have a contrast of at least 4.5 with the background, explanations 3; the
    header's roles also with $panel, the header's background."""
    variables = variables_of(name)
    background = rgb(variables["background"])
    panel = rgb(variables["panel"][:7])
    for role in TEXT_ROLES:
        assert ratio(rgb(rich_colour(variables[f"rnnviz-{role}"])), background) >= 4.5, role
    for role in ("dim", "note"):
        assert ratio(rgb(rich_colour(variables[f"rnnviz-{role}"])), background) >= 3.0, role
    for role in HEADER_ROLES:
        need = 3.0 if role == "dim" else 4.5
        assert ratio(rgb(rich_colour(variables[f"rnnviz-{role}"])), panel) >= need, role
    for role in ("current", "hit"):
        pair = (variables[f"rnnviz-{role}"], variables[f"rnnviz-{role}-background"])
        assert ratio(*(rgb(rich_colour(c)) for c in pair)) >= 4.5, role


def test_the_light_theme_is_not_the_dark_one():
    """textual-light's text is dark: the pale yellow titles of the dark theme are gone."""
    light, dark = variables_of("textual-light"), variables_of("rnnviz")
    assert dark["rnnviz-title"] == "#e6c384"
    assert ratio(rgb(light["rnnviz-title"]), (0, 0, 0)) < ratio(rgb(light["rnnviz-title"]), (255, 255, 255)) / 2


@run_async
async def test_the_panels_draw_in_the_theme_and_redraw_when_it_changes(make_app):
    """Under textual-light every word the panels write is readable where it is drawn
    (explanations 3, the rest 4.5; the faint words not reached yet and the rules aside);
    switching the theme redraws the panels in the new colours."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*["right"] * 4)
        header = app.debugger.query_one("#header", PanelView)

        def title_colour() -> str | None:
            first = next(s for s in header.render_line(0) if s.text.strip())
            return first.style.color.get_truecolor().hex if first.style and first.style.color else None

        assert title_colour() == "#e6c384"
        app.theme = "textual-light"
        themed = panel_styles(app)
        light_title = themed[TITLE].color.get_truecolor().hex
        await wait_until(lambda: title_colour() == light_title, "the header in the light theme's colours")
        variables = variables_of("textual-light")
        faint = {rgb(variables["rnnviz-faint"]), rgb(variables["rnnviz-rule"])}
        muted = {rgb(variables["rnnviz-dim"]), rgb(variables["rnnviz-note"])}
        checked = 0
        for panel in app.debugger.query(PanelView):
            for y in range(panel.size.height):
                for segment in panel.render_line(y):
                    style, text = segment.style, segment.text.strip()
                    if not text or set(text) <= set("▌─│┤·░┊…▁▂▃▄▅▆▇█▏▎▍▋▊▉↑↓◀▶"):
                        continue  # rules, bars and heatmap cells
                    fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                    fg_rgb, bg_rgb = (fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue)
                    if fg_rgb in faint:
                        continue
                    need = 3.0 if fg_rgb in muted else 4.5
                    assert ratio(fg_rgb, bg_rgb) >= need, (panel.id, text, fg.hex, bg.hex)
                    checked += 1
        assert checked > 100


@run_async
async def test_the_palette_changes_the_theme(make_app):
    """ctrl+p, "theme", Enter, then a theme's name and Enter: Textual's own command."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "rnnviz"
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"textual-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(lambda: app.theme == "textual-light", "the light theme")


def test_light_theme_snapshot(snap_compare, make_app):
    """t = 4 on the seed's sentence in textual-light: dark text on the light background."""

    async def light(pilot):
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(make_app(), run_before=light, press=["right"] * 4, terminal_size=(120, 40))
