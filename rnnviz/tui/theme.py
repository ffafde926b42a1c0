"""The colours of the debugger in any Textual theme.

The panels draw with named styles (draw/colours.py: TITLE, LABEL, NUMBER, …), one per role.
A theme gives a role its colour with the variable `rnnviz-<role>` (`rnnviz-<role>-background`
for the current word and a breakpoint's mark). rnnviz's own theme, "rnnviz" (the default:
Textual's dark theme with the debugger's colours), sets them all; in any other theme a role
takes the colour of one of Textual's own variables ($text-primary for the names of
quantities, $foreground for numbers, $text-muted for explanations, …), so every colour comes
from the theme, and a light theme has dark text. The CSS can use `$rnnviz-<role>` too: the
app adds them to every theme's variables (`role_variables`).

The heatmaps' diverging scale is data, not chrome: it is the same in every theme.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.color import Color, ColorParseError
from textual.theme import Theme

from .draw.colours import BACKGROUNDS, ROLES, themed

if TYPE_CHECKING:
    from rich.style import Style
    from textual.app import App

PREFIX = "rnnviz-"

# The colours the debugger was designed with (draw/colours.py), over Textual's dark theme.
# Rich colour names are fine here: the CSS only uses the roles given as #RRGGBB.
RNNVIZ_THEME = Theme(
    name="rnnviz",
    primary="#0178D4",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#ba3c5b",
    success="#4EBF71",
    foreground="#e0e0e0",
    variables={
        f"{PREFIX}title": "#e6c384",
        f"{PREFIX}label": "#7fb4ca",
        f"{PREFIX}number": "#dcd7ba",
        f"{PREFIX}dim": "grey50",
        f"{PREFIX}faint": "grey35",
        f"{PREFIX}rule": "grey30",
        f"{PREFIX}note": "grey58",
        f"{PREFIX}mark": "#ffd866",
        f"{PREFIX}good": "#98bb6c",
        f"{PREFIX}bad": "#ff5d62",
        f"{PREFIX}unknown": "#ffa066",
        f"{PREFIX}warn": "#ffa066",
        f"{PREFIX}grad": "#7aa89f",
        f"{PREFIX}bar": "#957fb8",
        f"{PREFIX}boundary": "white",
        f"{PREFIX}current": "black",
        f"{PREFIX}current-background": "#e6c384",
        f"{PREFIX}hit": "black",
        f"{PREFIX}hit-background": "#d27e99",
    },
)

# In a theme that does not set `rnnviz-<role>`: the Textual variable whose colour it takes.
FALLBACKS = {
    "title": "text-warning",
    "label": "text-primary",
    "number": "foreground",
    "dim": "foreground-muted",
    "faint": "foreground-disabled",
    "rule": "foreground-disabled",
    "note": "foreground-muted",
    "mark": "text-warning",
    "good": "text-success",
    "bad": "text-error",
    "unknown": "text-warning",
    "warn": "text-warning",
    "grad": "text-accent",
    "bar": "text-secondary",
    "boundary": "foreground",
    "current-background": "accent",
    "hit-background": "secondary",
}


# The least contrast (WCAG's ratio) a role's fallback colour keeps with the theme's background
# and its panels' ($panel: the header): darkened on a light theme, lightened on a dark one.
LEAST_CONTRAST = {"dim": 3.0, "note": 3.0, "faint": 1.8, "rule": 1.5}
TEXT_CONTRAST = 4.5  # every other role: WCAG's level for text


def luminance(colour: Color) -> float:
    """WCAG's relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: Color, backgrounds: list[Color], least: float) -> Color:
    """`colour`, darkened (light backgrounds) or lightened (dark ones) until its contrast
    with each of `backgrounds` is at least `least`."""
    light = luminance(backgrounds[0]) > 0.18
    for _ in range(40):
        if min(contrast(colour, b) for b in backgrounds) >= least:
            break
        colour = colour.darken(0.025) if light else colour.lighten(0.025)
    return colour


def most_contrast(background: Color) -> Color:
    """Black or white, whichever contrasts more with `background` (4.58 at least)."""
    return max(Color(0, 0, 0), Color(255, 255, 255), key=lambda text: contrast(text, background))


def solid(value: str, background: Color) -> str:
    """A theme colour as the opaque #RRGGBB it shows on `background` ("auto 60%": the
    contrasting text colour at 60%; "#RRGGBBAA": blended). An ANSI theme's colour
    ("ansi_blue", "ansi_default 50%") stays as it is: the terminal chooses it."""
    if value.startswith("ansi_"):
        return value
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 0.95
        return (background + background.get_contrast_text(alpha)).hex
    return (background + Color.parse(value)).hex


def role_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """`rnnviz-<role>` for every role: the theme's own, or its fallback's colour (opaque on
    the theme's background); a background role's text contrasts with it."""
    try:
        background = Color.parse(variables.get("background", "#000000"))
    except ColorParseError:  # an ANSI theme's "ansi_default"
        background = Color(0, 0, 0)
    panels = [background]
    with suppress(ColorParseError):  # an ANSI theme's panel is the terminal's own
        panels.append(background + Color.parse(variables.get("panel", "#000000")))
    out: dict[str, str] = {}
    for name, fallback in FALLBACKS.items():
        own = variables.get(PREFIX + name)
        if own is None:
            own = solid(variables.get(fallback, variables["foreground"]), background)
            if not own.startswith("ansi_") and not name.endswith("-background"):
                own = readable(Color.parse(own), panels, LEAST_CONTRAST.get(name, TEXT_CONTRAST)).hex
        out[PREFIX + name] = own
    for role in BACKGROUNDS:
        own = variables.get(PREFIX + role)
        if own is None:
            behind = out[f"{PREFIX}{role}-background"]
            own = "ansi_black" if behind.startswith("ansi_") else most_contrast(Color.parse(behind)).hex
        out[PREFIX + role] = own
    return out


def rich_colour(value: str) -> str:
    """A role's colour as Rich names it: an ANSI colour by its name ("ansi_blue 50%" is
    "blue"), any other as it is."""
    return value.split()[0].removeprefix("ansi_") if value.startswith("ansi_") else value


_STYLES: WeakKeyDictionary[App[object], tuple[str, dict[Style, Style]]] = WeakKeyDictionary()


def panel_styles(app: App[object]) -> dict[Style, Style]:
    """Each named style of draw/colours.py and the same in the app's current theme (computed
    once per theme)."""
    name = app.theme
    found = _STYLES.get(app)
    if found is None or found[0] != name:
        variables = role_variables(app.get_css_variables())
        colours = {role: rich_colour(variables[PREFIX + role]) for role in ROLES}
        colours.update(
            {f"{role}-background": rich_colour(variables[f"{PREFIX}{role}-background"]) for role in BACKGROUNDS}
        )
        found = _STYLES[app] = (name, themed(colours))
    return found[1]
