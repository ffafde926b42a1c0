"""The dialog that starts training in the app: how many epochs (default 20) and the
learning rate. Enter starts, Escape cancels, a mistake is shown inline."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


@dataclass(frozen=True)
class TrainSettings:
    epochs: int
    lr: float


def parse_settings(epochs: str, lr: str) -> TrainSettings | str:
    """The settings, or what is wrong with them (a sentence)."""
    try:
        n = int(epochs.strip())
    except ValueError:
        return f"epochs: a whole number, not {epochs.strip()!r}"
    if not 1 <= n <= 10_000:
        return f"epochs: between 1 and 10,000, not {n}"
    try:
        rate = float(lr.strip())
    except ValueError:
        return f"learning rate: a number such as 0.01, not {lr.strip()!r}"
    if not 0 < rate < 10:
        return f"learning rate: a positive number below 10, not {rate:g}"
    return TrainSettings(n, rate)


class TrainDialog(ModalScreen[TrainSettings | None]):
    """N epochs and the learning rate; Enter in either field starts training."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_training_dialog", tooltip="Close without training")]

    def __init__(
        self,
        *,
        source: str,
        sentences: int,
        epochs: int,
        lr: float,
        heldout: str | None,
        lr_note: str = "",
        heldout_note: str = "",
    ) -> None:
        super().__init__(id="train-dialog")
        self._lr_note = lr_note
        self._source = source
        self._sentences = sentences
        self._epochs = epochs
        self._lr = lr
        self._heldout = heldout
        self._heldout_note = heldout_note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Train this model on {self._source} ({self._sentences} labeled sentences)", id="prompt-title")
            with Horizontal(id="train-fields"):
                yield Label("epochs ", classes="field-label")
                yield Input(str(self._epochs), id="train-epochs", type="integer")
                yield Label("  learning rate ", classes="field-label")
                yield Input(f"{self._lr:g}", id="train-lr")
            yield Static("", id="prompt-error")
            if self._lr_note:
                yield Static(f"Learning rate {self._lr:g}: {self._lr_note}.", id="train-lr-note", classes="prompt-note")
            if self._heldout:
                held = f"Held-out F1 is measured on {self._heldout} after every epoch."
                if self._heldout_note:
                    held += f" ({self._heldout_note}.)"
            elif self._heldout_note:
                held = f"No F1: {self._heldout_note}."
            else:
                held = "No held-out file is known for these sentences: no F1."
            yield Static(
                "Enter starts (Adam, in the background: keys keep working). Escape stops after the "
                "current epoch, twice: at once. When it ends the screen shows the new numbers; s saves "
                f"the model, u goes back to the one before training. {held}",
                id="prompt-hint",
            )

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#train-epochs", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result = parse_settings(self.query_one("#train-epochs", Input).value, self.query_one("#train-lr", Input).value)
        if isinstance(result, str):
            self.query_one("#prompt-error", Static).update(f"✗ {result}")
            return
        self.dismiss(result)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
