"""The base of the debugger's dialogs: a titled box over the debugger, its fields, a line for
a mistake, notes and a hint, all plain text (a path or a sentence in brackets shows as typed). Enter submits: `result()` turns the fields into the dialog's
result, or raises UserError, whose message is shown inline (nothing typed is lost, the
dialog stays open). Escape cancels (the result is None)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from rnnviz.errors import UserError

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType | None]):
    """Subclasses write `fields()`, `result()`, and optionally `notes()`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_dialog", tooltip="Close without changing anything")]

    def __init__(self, title: str, hint: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._hint = hint
        self._mistake = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self._title, id="prompt-title", markup=False)
            yield from self.fields()
            yield Static("", id="prompt-error", markup=False)
            yield from self.notes()
            yield Static(self._hint, id="prompt-hint", markup=False)

    def fields(self) -> ComposeResult:
        """The widgets the user fills in."""
        yield from ()

    def notes(self) -> ComposeResult:
        """Lines between the mistake and the hint."""
        yield from ()

    def result(self) -> ResultType:
        """The dialog's result from its fields (UserError: what is wrong with them)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False

    def submit(self) -> None:
        """Close with the result, or show what is wrong and stay open."""
        try:
            result = self.result()
        except UserError as mistake:
            self.show_mistake(str(mistake), getattr(mistake, "mark", "✗"))
            return
        self.close(result)

    def close(self, result: ResultType | None) -> None:
        """Dismiss the dialog, once: a key or a message typed ahead of the screen (a second
        Enter, Escape) must not dismiss the screen under it."""
        if self.app.screen is self:
            self.dismiss(result)

    def show_mistake(self, text: str, mark: str = "✗") -> None:
        """Say what is wrong (or what to confirm) under the fields ("": nothing)."""
        if text != self._mistake:
            self._mistake = text
            self.query_one("#prompt-error", Static).update(f"{mark} {text}" if text else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_mistake("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit()

    def action_cancel(self) -> None:
        self.close(None)
