"""A one-line input dialog (a sentence, a file to open, a file to save to); and the three
prompts the debugger asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from .dialog import Dialog


class PromptScreen(Dialog[Any]):
    """Ask for one line of text; `accept(text)` turns it into the result or raises
    `UserError`, whose message is shown under the input."""

    def __init__(
        self,
        title: str,
        accept: Callable[[str], Any],
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(title, hint, id=id)
        self._accept = accept
        self._value = value
        self._placeholder = placeholder

    def fields(self) -> ComposeResult:
        yield Input(self._value, placeholder=self._placeholder, id="prompt-input")

    def result(self) -> Any:
        return self._accept(self.query_one(Input).value)


def edit_prompt(text: str, accept: Callable[[str], Any]) -> PromptScreen:
    """e: type a new sentence."""
    return PromptScreen(
        "Type a sentence (Enter computes it, Escape cancels)",
        accept,
        value=text,
        placeholder="e.g. Harry Potter and Hermione Granger invented a new spell.",
        hint="Words not in the 10,000-word dictionary are fed as <UNK>. A sentence of "
        "sample_sentences/ keeps its labels; any other is unlabeled (no y, no loss).",
        id="edit-dialog",
    )


def open_prompt(accept: Callable[[str], Any]) -> PromptScreen:
    """The palette's "open a sentence file"."""
    return PromptScreen(
        "Open a sentence file (Enter opens it, Escape cancels)",
        accept,
        placeholder="path/to/sentences.txt",
        hint="Markup: one sentence a line, names in [square brackets]; "
        "or CoNLL-2003: one token a line, the tag last, PER marks a name.",
        id="open-dialog",
    )


def save_prompt(accept: Callable[[str], Any]) -> PromptScreen:
    """s: save the model."""
    from rnnviz.engine.modelio import SUFFIXES

    return PromptScreen(
        "Save the model (Enter saves, Escape cancels)",
        accept,
        value="model" + SUFFIXES[0],
        placeholder="path/to/model" + SUFFIXES[0],
        hint=f"A {' or '.join(SUFFIXES)} file, written atomically (a crash never leaves half a file). "
        "`rnnviz --model PATH` opens it; after training here it also holds Adam's state, so "
        "`rnnviz train --resume PATH` continues where this left off.",
        id="save-dialog",
    )


def line_prompt(text: str, accept: Callable[[str], Any]) -> PromptScreen:
    """e, for a language model: type a line of text."""
    return PromptScreen(
        "Type a line of text (Enter computes it, Escape cancels)",
        accept,
        value=text,
        placeholder="e.g. The food was good.",
        hint="The model reads it one character at a time and predicts each next one, the end token ⏎ last. "
        "Every character must be one of the model's.",
        id="edit-dialog",
    )
