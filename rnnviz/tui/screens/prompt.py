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


EDIT_HINT = (
    "Bracket markup labels it: names in [square brackets] are y = 1, every other word y = 0 "
    "([Harry Potter] met [Luna] at the station). Without brackets, a sentence of "
    "sample_sentences/ keeps its labels and any other is unlabeled (no y, no loss, no backward "
    "mode). Words not in the 10,000-word dictionary are fed as <UNK>."
)


def edit_prompt(text: str, accept: Callable[[str], Any]) -> PromptScreen:
    """e: type a new sentence."""
    return PromptScreen(
        "Type a sentence (Enter computes it, Escape cancels)",
        accept,
        value=text,
        placeholder="e.g. Harry Potter and Hermione Granger invented a new spell.",
        hint=EDIT_HINT,
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


class SavePrompt(PromptScreen):
    """s: the file to save the model to. One that exists is replaced only after a second
    Enter on the same name; the dialog says so, with its absolute path."""

    def __init__(self, save: Callable[[str, bool], str]) -> None:
        from rnnviz.engine.modelio import SUFFIXES

        super().__init__(
            "Save the model (Enter saves, Escape cancels)",
            self._save,
            value="model" + SUFFIXES[0],
            placeholder="path/to/model" + SUFFIXES[0],
            hint=f"A {' or '.join(SUFFIXES)} file, written atomically (a crash never leaves half a file); "
            "a file that exists is replaced only when you press Enter again. `rnnviz --model PATH` "
            "opens it; after training here it also holds Adam's state, so `rnnviz train --resume PATH` "
            "continues where this left off.",
            id="save-dialog",
        )
        self._save_to = save
        self._confirmed: str | None = None  # the text whose file may be replaced

    def _save(self, text: str) -> str:
        from ..session import Exists

        try:
            return self._save_to(text, text == self._confirmed)
        except Exists:
            self._confirmed = text
            raise


def save_prompt(save: Callable[[str, bool], str]) -> PromptScreen:
    """s: save the model (`save(text, replace)` writes it: Session.save)."""
    return SavePrompt(save)


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
