"""The debugger's training keys: t trains the model on the sentences in a worker thread (the
training panel shows it), Escape stops it, u undoes it, s saves the model."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.screen import Screen

from rnnviz.errors import UserError

from ..session import Notice, Session
from ..widgets.training import TrainingEnded, TrainingPanel

if TYPE_CHECKING:
    from ..training import TrainingView


class TrainingScreen(Screen[None]):
    """The training actions of the debugger screen (which redraws in `model_changed`)."""

    def __init__(self, session: Session | None) -> None:
        super().__init__()
        self.session = session  # None while the app loads it
        self._training_panel = TrainingPanel(id="training")

    @property
    def loaded(self) -> Session:
        """The session (actions run once it is loaded: check_action disables them before)."""
        assert self.session is not None, "no session is loaded yet"
        return self.session

    def model_changed(self) -> None:
        raise NotImplementedError

    def tell(self, notice: Notice) -> None:
        self.notify(notice.message, title=notice.title, severity=notice.severity)

    def action_train(self) -> None:
        """Ask for N epochs and the learning rate, then train in a worker thread."""
        from ..training import DEFAULT_EPOCHS
        from .train import TrainDialog

        if self.loaded.training is not None:
            return
        setup = self.loaded.training_setup()
        if isinstance(setup, Notice):
            self.tell(setup)
        else:
            self.app.push_screen(TrainDialog(setup, DEFAULT_EPOCHS), self._train_with)

    def _train_with(self, settings: object) -> None:
        from .train import TrainSettings

        if isinstance(settings, TrainSettings):
            self.start_training(settings.epochs, settings.lr)

    def start_training(self, epochs: int, lr: float, throttle: float | None = None) -> None:
        """Train the current model in a worker thread (reporting at most every `throttle` s)."""
        try:
            job = self.loaded.start_training(epochs, lr, throttle)
        except UserError as problem:
            self.notify(str(problem), severity="error")
            return
        self.show_training(job.view)
        self._training_panel.run(job)
        self.refresh_bindings()

    def show_training(self, view: TrainingView | None) -> None:
        """Show the training panel with `view` (None hides it)."""
        self._training_panel.view = view
        if self.has_class("-training") != (view is not None):
            self.set_class(view is not None, "-training")
            self.refresh_bindings()

    def on_training_ended(self, message: TrainingEnded) -> None:
        """Show the trained model (recomputing the sentence), keep the old one for undo."""
        outcome = message.outcome
        self.loaded.training_ended(outcome)
        if outcome is None:
            failed = replace(message.job.view, status="failed", message=message.error + "; the model is unchanged")
            self.show_training(failed)
            self.notify(message.error, severity="error")
        elif outcome.params is not None:
            self.model_changed()
            epochs = outcome.view.epoch
            self.notify(
                f"{epochs} epoch{'s' if epochs != 1 else ''} trained: the screen shows the new model (s saves it, u undoes)",
                title="Training " + outcome.view.status,
            )
        else:
            self.notify(outcome.view.message or "no epoch completed: the model is unchanged", severity="warning")
        if outcome is not None:
            self.show_training(outcome.view)
        self.refresh_bindings()

    def action_stop_training(self) -> None:
        """Escape: stop after this epoch; again: stop now. After training: hide the panel."""
        job = self.loaded.training
        if job is None:
            self.show_training(None)
            return
        when = job.request_stop()
        if self._training_panel.view is not None:
            self.show_training(replace(self._training_panel.view, status="stopping"))
        if when == "now":
            self.notify("Stopping now: the unfinished epoch is rolled back.", severity="warning")

    def stop_training_now(self) -> None:
        """The app is closing: the thread stops at its next mini-batch."""
        if self.session is not None and self.session.training is not None:
            self.session.training.stop_now()

    def action_undo_training(self) -> None:
        """Back to the model before the last training (the exact same Params object)."""
        if not self.loaded.undo():
            return
        self.model_changed()
        self.show_training(None)
        self.notify("Back to the model before training.", title="Undo")
        self.refresh_bindings()

    def action_save(self) -> None:
        """Ask for a path and save the current model there (atomic write)."""
        from .prompt import save_prompt

        if self.loaded.training is None:
            self.app.push_screen(save_prompt(self.loaded.save), self._saved)

    def _saved(self, path: str | None) -> None:
        if path is not None:
            self.notify(f"Saved the model to {path}", title="Saved")
