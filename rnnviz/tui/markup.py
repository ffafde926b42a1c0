"""Text shown by a Textual widget that reads markup (the command palette's titles and
descriptions) keeps its square brackets: `[Harry Potter]` is a sentence's markup, a file name
or a word, never a style. Widgets that take plain text (`markup=False`) need none of this."""

from __future__ import annotations


def escape(text: str) -> str:
    """`text` as Textual markup that shows exactly `text`: a backslash before every `[` (in
    Textual's markup it takes away the one backslash just before a bracket, no other)."""
    return text.replace("[", "\\[")
