"""The dialog that starts training in the app: how many epochs (default 20) and the
learning rate, checked by the engine's one validator of training settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from rnnviz.errors import UserError

from .dialog import Dialog

if TYPE_CHECKING:
    from ..session import TrainingSetup


@dataclass(frozen=True)
class TrainSettings:
    epochs: int
    lr: float


def parse_settings(epochs: str, lr: str) -> TrainSettings | str:
    """The settings, or what is wrong with them (a sentence): `TrainConfig.problems()`."""
    from rnnviz.engine.train import TrainConfig

    try:
        n = int(epochs.strip())
    except ValueError:
        return f"epochs: a whole number, not {epochs.strip()!r}"
    try:
        rate = float(lr.strip())
    except ValueError:
        return f"learning rate: a number such as 0.01, not {lr.strip()!r}"
    problems = TrainConfig(epochs=n, lr=rate).problems()
    return "; ".join(text for _, text in problems) if problems else TrainSettings(n, rate)


def heldout_words(setup: TrainingSetup) -> str:
    """What the dialog says about held-out F1."""
    if setup.heldout:
        held = f"Held-out F1 is measured on {setup.heldout} after every epoch."
        return held + (f" ({setup.heldout_note}.)" if setup.heldout_note else "")
    if setup.heldout_note:
        return f"No F1: {setup.heldout_note}."
    return "No held-out file is known for these sentences: no F1."


def trained_on(setup: TrainingSetup) -> str:
    """What training reads: `train.txt (365 labeled sentences)`, and the sentences typed here
    apart (they are not in the file)."""
    if not setup.typed:
        return f"{setup.source} ({setup.sentences} labeled sentences)"
    typed = f"{setup.typed} typed here"
    return f"{setup.sentences} labeled sentences: {setup.sentences - setup.typed} of {setup.source} and {typed}"


class TrainDialog(Dialog[TrainSettings]):
    """N epochs and the learning rate; Enter in either field starts training."""

    def __init__(self, setup: TrainingSetup, epochs: int) -> None:
        hint = (
            "Enter starts (Adam, in the background: keys keep working). Escape stops after the "
            "current epoch, twice: at once. When it ends the screen shows the new numbers; s saves "
            f"the model, u goes back to the one before training. {heldout_words(setup)}"
        )
        super().__init__(f"Train this model on {trained_on(setup)}", hint, id="train-dialog")
        self._setup = setup
        self._epochs = epochs

    def fields(self) -> ComposeResult:
        with Horizontal(id="train-fields"):
            yield Label("epochs ", classes="field-label")
            yield Input(str(self._epochs), id="train-epochs", type="integer")
            yield Label("  learning rate ", classes="field-label")
            yield Input(f"{self._setup.lr:g}", id="train-lr")

    def notes(self) -> ComposeResult:
        if self._setup.lr_note:
            note = f"Learning rate {self._setup.lr:g}: {self._setup.lr_note}."
            yield Static(note, id="train-lr-note", classes="prompt-note", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#train-epochs", Input).focus()

    def result(self) -> TrainSettings:
        settings = parse_settings(
            self.query_one("#train-epochs", Input).value, self.query_one("#train-lr", Input).value
        )
        if isinstance(settings, str):
            raise UserError(settings)
        return settings
