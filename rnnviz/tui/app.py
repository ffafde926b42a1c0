"""rnnviz's Textual app: loading, and leaving. The debugger itself is a screen
(screens/debugger.py) over a session (session.py).

`RnnvizApp(session)` shows a loaded session. `RnnvizApp.from_loader(loader)` is how `rnnviz`
starts: the first frame (a "loading the model …" header over empty panels of their final
heights) is drawn before NumPy is imported; then a worker thread runs the loader (NumPy, the
model, the vocabulary, the sentences) and the first trace, and the debugger appears in one
frame when it returns. A UserError raised by the loader ends the app; it is kept in
`load_error`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .screens.debugger import DebuggerScreen
from .theme import RNNVIZ_THEME, role_variables

if TYPE_CHECKING:
    from .session import Session
    from .view import ViewState

Loader = Callable[[], "Session"]


class RnnvizApp(App[None]):
    """The step debugger."""

    CSS_PATH = [
        Path(__file__).parent / "screens" / name
        for name in ("debugger.tcss", "chains.tcss", "lm.tcss", "shapes.tcss", "dialogs.tcss")
    ]
    TITLE = "rnnviz"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit", tooltip="Leave rnnviz")]

    def __init__(self, session: Session | None = None, *, loader: Loader | None = None) -> None:
        if (session is None) == (loader is None):
            raise ValueError("RnnvizApp needs a session or a loader")
        super().__init__()
        self._loader = loader
        self._debugger = DebuggerScreen(session)
        self.load_error: BaseException | None = None  # what the loader raised (the app then exits)
        self.register_theme(RNNVIZ_THEME)
        self.theme = RNNVIZ_THEME.name

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and `$rnnviz-<role>`, the debugger's colours (tui/theme.py)."""
        variables = super().get_css_variables()
        return {**variables, **role_variables(variables)}

    @classmethod
    def from_loader(cls, loader: Loader) -> RnnvizApp:
        """An app whose first frame is drawn before `loader()` runs (in a worker thread)."""
        return cls(loader=loader)

    def get_default_screen(self) -> DebuggerScreen:
        return self._debugger

    @property
    def debugger(self) -> DebuggerScreen:
        """The debugger screen (under any dialog)."""
        return self._debugger

    def on_mount(self) -> None:
        if self._loader is not None:
            # After the first frame: the worker would take the GIL from drawing it.
            self.call_after_refresh(self._load, self._loader)

    @work(thread=True, exclusive=True, group="loading", exit_on_error=False)
    def _load(self, loader: Loader) -> tuple[Session, ViewState]:
        """The worker thread, started after the first frame: the session and the view of its
        first sentence (NumPy is first imported here)."""
        session = loader()
        return session, session.view(0)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "loading":
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            session, view = event.worker.result
            self.debugger.show(session, view)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            # Leave (the terminal is restored first); cli.py reports `load_error` in one line.
            error = event.worker.error
            self.load_error = error if error is not None else RuntimeError("loading was cancelled")
            self.exit(return_code=2)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot" and not self.is_web:  # Textual's writes to ~/Downloads
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of the screen in the current directory",
                    lambda: self.set_timer(0.1, self.action_screenshot),  # once the palette is closed
                )
            else:
                yield command
        if isinstance(screen, DebuggerScreen):
            yield from screen.palette_commands()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG picture of the screen in the current directory (or `path`) and say
        where, or why it could not; in a browser (`rnnviz serve`) it is downloaded."""
        if self.is_web:
            self.deliver_screenshot(filename, path)
            return
        try:
            written = os.path.abspath(self.save_screenshot(filename, path or os.getcwd()))
        except OSError as error:
            self.notify(f"No screenshot: {error.strerror or error}", severity="error", markup=False)
            return
        self.notify(f"Saved a screenshot to {written}", title="Screenshot", markup=False)

    async def action_quit(self) -> None:
        """Leave; with a model trained here and not saved (or while training), ask first."""
        if self.debugger.ask_before_quitting():
            return
        self.debugger.stop_training_now()  # the thread stops at its next mini-batch
        await super().action_quit()

    def on_unmount(self) -> None:
        self.debugger.stop_training_now()
