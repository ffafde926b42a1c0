"""The debugger's training keys: t trains the model on the sentences in a worker thread (the
training panel shows it), Escape stops it, u undoes it, s saves the model."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel
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
        self._quit_after_save = False  # the save dialog was opened by the quit question

    @property
    def loaded(self) -> Session:
        """The session (actions run once it is loaded: check_action disables them before)."""
        assert self.session is not None, "no session is loaded yet"
        return self.session

    def model_changed(self) -> None:
        raise NotImplementedError

    def tell(self, notice: Notice) -> None:
        self.notify(notice.message, title=notice.title, severity=notice.severity)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast whose message is plain text by default: a path or a sentence shows its
        brackets."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

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
            trained = f"{epochs} epoch{'s' if epochs != 1 else ''} trained: the screen shows the new model (s saves it, u undoes)"
            if outcome.view.status == "failed":
                self.notify(f"{outcome.view.message}. {trained}", title="Training diverged", severity="warning")
            else:
                self.notify(trained, title="Training " + outcome.view.status)
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

    def ask_before_quitting(self) -> bool:
        """q: when the model holds training done here that no file holds, or training runs,
        ask first (save, quit without saving, stay). True when it asked."""
        from .quit import QuitDialog

        session = self.session
        if session is None or (session.training is None and not session.unsaved):
            return False
        if not isinstance(self.app.screen, QuitDialog):  # q typed at the question: it stays
            self.app.push_screen(QuitDialog(training=session.training is not None), self._quit_choice)
        return True

    def _quit_choice(self, choice: str | None) -> None:
        if choice == "discard":
            self.stop_training_now()
            self.app.exit()
        elif choice == "save":
            self._quit_after_save = True
            self.action_save()

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
        self.after_save(path)

    def after_save(self, path: str | None) -> None:
        """After the save dialog (None: cancelled): quit, when quitting asked for the save."""
        if self._quit_after_save:
            self._quit_after_save = False
            if path is not None:
                self.app.exit()
