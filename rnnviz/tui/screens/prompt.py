"""A one-line input dialog: Enter checks the text and closes with the result, a mistake is
shown inline (nothing is lost, the dialog stays open), Escape cancels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from rnnviz.errors import UserError


class PromptScreen(ModalScreen[Any]):
    """Ask for one line of text; `accept(text)` turns it into the result or raises
    `UserError`, whose message is shown under the input."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without changing anything")]

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
        super().__init__(id=id)
        self._title = title
        self._accept = accept
        self._value = value
        self._placeholder = placeholder
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self._title, id="prompt-title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static("", id="prompt-error")
            yield Static(self._hint, id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#prompt-error", Static)
        try:
            result = self._accept(event.value)
        except UserError as mistake:
            error.update(f"✗ {mistake}")
            error.add_class("-shown")
            return
        self.dismiss(result)

    def on_input_changed(self, event: Input.Changed) -> None:
        error = self.query_one("#prompt-error", Static)
        if error.has_class("-shown"):
            error.update("")
            error.remove_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)
