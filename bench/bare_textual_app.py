"""The floor for bench_tui_step.py: a bare Textual app whose right key changes one tiny Static."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class BareApp(App[None]):
    BINDINGS = [Binding("right", "step", "Step"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.t = 0

    def compose(self) -> ComposeResult:
        yield Static("t = 0", id="t")

    def action_step(self) -> None:
        self.t += 1
        self.query_one("#t", Static).update(f"t = {self.t}")


if __name__ == "__main__":
    BareApp().run()
