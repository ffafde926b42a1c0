"""Asked by q (and the palette's Quit) when the model holds training done here that no file
holds, or while training runs: save, then quit; quit without saving; or stay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .dialog import Dialog

CHOICES = {
    "save": "Save the model, then quit (s)",
    "discard": "Quit without saving: the training done here is lost (d)",
    "stop": "Stop training and quit: the training done here is lost (d)",
    "cancel": "Stay in rnnviz (Escape)",
}


class QuitDialog(Dialog[str]):
    """The result is "save" or "discard" (stop training first, if it runs); None stays."""

    BINDINGS = [
        *Dialog.BINDINGS,
        Binding("s", "choose('save')", "Save", id="quit_save", show=False),
        Binding("d", "choose('discard')", "Quit without saving", id="quit_discard", show=False),
    ]

    def __init__(self, *, training: bool) -> None:
        if training:
            title, hint = "Training is running, and its model is not saved", "s is not possible while training. "
        else:
            title, hint = "The model trained here is not saved", ""
        super().__init__(title, hint + "↑/↓ choose, Enter picks; Escape stays.", id="quit-dialog")
        self._training = training

    def fields(self) -> ComposeResult:
        kinds = ("stop", "cancel") if self._training else ("save", "discard", "cancel")
        yield OptionList(*(Option(CHOICES[kind], id=kind) for kind in kinds), id="quit-choices")

    def on_mount(self) -> None:
        super().on_mount()
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    def result(self) -> str:
        choices = self.query_one(OptionList)
        option = choices.get_option_at_index(choices.highlighted or 0)
        return option.id or "cancel"

    def close(self, result: str | None) -> None:
        super().close(None if result == "cancel" else "discard" if result == "stop" else result)

    def action_choose(self, choice: str) -> None:
        if choice == "save" and self._training:
            self.app.bell()
            return
        self.close(choice)
