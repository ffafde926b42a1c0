"""The training panel: shown while the model trains in a worker thread, and after, with a
progress bar (Textual's ProgressBar), the epoch losses and held-out F1 as sparklines
(Textual's Sparkline), and what to do next.

It shows an immutable `TrainingView` (tui/training.py); the worker's progress arrives as
`TrainingProgress` messages (at most every 50 ms) and only the parts of this panel that
changed are redrawn, never the debugger's panels, and never with a layout: every part has a
fixed size. Four rows in the full layout (a title, the progress, the losses, F1), two in the
compact one (the progress with the losses' sparkline; what to do next and F1). Its rows are
made when it is first shown: ProgressBar and Sparkline are not imported before the first frame.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ..draw.colours import DIM, GOOD, LABEL, NUMBER, WARN
from ..draw.numbers import fmt, fmt_sig
from ..draw.text import Line, plural, seg, title_line
from ..theme import panel_styles

if TYPE_CHECKING:
    from ..training import TrainingJob, TrainingOutcome, TrainingView


@dataclass
class TrainingProgress(Message):
    """Posted from the training thread: the panel's new view."""

    view: TrainingView


@dataclass
class TrainingEnded(Message):
    """The job returned its outcome, or failed (outcome None, `error` says why)."""

    job: TrainingJob
    outcome: TrainingOutcome | None
    error: str = ""


def hint(view: TrainingView) -> Line:
    """What the keys do now."""
    if view.status == "running":
        return [seg("Escape stops after this epoch", DIM)]
    if view.status == "stopping":
        return [seg("stopping after this epoch… ", WARN), seg("Escape again: now", DIM)]
    return [seg("s saves · u undoes · Escape hides this", DIM)]


def title(view: TrainingView, width: int) -> Line:
    """`training on train.txt (365 sentences, lr 0.01)` (the file's name: the dialog gave its
    path), and what the keys do now."""
    source = os.path.basename(view.source) or view.source
    return title_line(f"training on {source} ({view.sentences} sentences, lr {view.lr:g})", width, hint(view))


def counter(view: TrainingView) -> str:
    """`epoch  7/20 `: the epoch running (or the last one done)."""
    shown = min(view.epoch + (1 if view.active else 0), view.epochs)
    return f"epoch {shown:>{len(str(view.epochs))}}/{view.epochs} "


def status(view: TrainingView) -> Line:
    """After the bar: the mini-batch and the loss so far, or how it ended."""
    if view.active:
        line: Line = [seg(f"  batch {view.batch}/{view.batches}", DIM)] if view.batches else []
        if view.running_loss is not None:
            line += [seg("  loss so far ", DIM), seg(fmt_sig(view.running_loss, 4), NUMBER)]
        return line
    done = {"done": "done", "stopped": "stopped", "failed": "failed"}[view.status]
    line = [seg(f"  {done}: {plural(view.epoch, 'epoch')}", GOOD if view.status == "done" else WARN)]
    return line + ([seg(f"; {view.message}", DIM)] if view.message else [])


def losses(view: TrainingView) -> Line:
    """After the losses' sparkline: the loss before and now."""
    if view.losses:
        before = fmt_sig(view.loss_before, 3) if view.loss_before is not None else "?"
        return [
            seg("  ", DIM),
            seg(before, NUMBER),
            seg(" before → ", DIM),
            seg(fmt_sig(view.losses[-1], 3), NUMBER),
            seg(" (mean sentence loss Σ_t L<t> on the file)", DIM),
        ]
    if view.loss_before is not None:
        return [seg(f"{fmt_sig(view.loss_before, 3)} before training; the first epoch is running", DIM)]
    return [seg("starting…", DIM)]


def f1(view: TrainingView) -> Line:
    """After the F1 sparkline: F1 before and now, on which file."""
    if view.heldout is None:
        return [
            seg(
                view.heldout_note or "no held-out file is known for these sentences", WARN if view.heldout_note else DIM
            )
        ]
    line: Line = [seg("  ", DIM)] if view.f1s else []
    line += [seg(fmt(view.f1_before, 3) if view.f1_before is not None else "?", NUMBER), seg(" before", DIM)]
    if view.f1s:
        line += [seg(" → ", DIM), seg(fmt(view.f1s[-1], 3), NUMBER)]
    line.append(seg(f" on {view.heldout} (a word is a name when ŷ > 0.5)", DIM))
    return line + ([seg(f"; {view.heldout_note}", DIM)] if view.heldout_note else [])


def text(line: Line, themed: Mapping[Style, Style] | None = None) -> Text:
    """One row of a Static (the CSS cuts it with '…' where it is too long), its named
    styles in the theme's colours (`themed`)."""
    swap = themed or {}
    return Text.assemble(*((s.text, swap.get(s.style, s.style) if s.style else "") for s in line))


class TrainingPanel(Widget):
    """The training status, a few rows high (4 in the full layout, 2 in the compact one);
    `run(job)` trains in a worker thread and posts `TrainingEnded` when it returns."""

    DEFAULT_CSS = """
    TrainingPanel { height: 4; layout: vertical; }
    TrainingPanel > Horizontal { height: 1; }
    TrainingPanel Static { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    TrainingPanel .label { width: auto; }
    TrainingPanel .after { width: 1fr; }
    TrainingPanel #training-bar Bar { width: 1fr; }
    TrainingPanel #training-bar Bar > .bar--bar { color: $rnnviz-number; }
    TrainingPanel #training-bar Bar > .bar--complete { color: $rnnviz-good; }
    TrainingPanel #training-losses > .sparkline--max-color { color: $rnnviz-bar; }
    TrainingPanel #training-losses > .sparkline--min-color { color: $rnnviz-bar 40%; }
    TrainingPanel #training-recent > .sparkline--max-color { color: $rnnviz-bar; }
    TrainingPanel #training-recent > .sparkline--min-color { color: $rnnviz-bar 40%; }
    TrainingPanel #training-f1s > .sparkline--max-color { color: $rnnviz-good; }
    TrainingPanel #training-f1s > .sparkline--min-color { color: $rnnviz-good 40%; }
    TrainingPanel.-compact .full { display: none; }
    TrainingPanel.-full .compact { display: none; }
    """

    view: reactive[TrainingView | None] = reactive(None, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._third = 40  # cells of the bar and the sparklines: a third of the width, at most 40
        self._job: TrainingJob | None = None
        self._built = False

    def run(self, job: TrainingJob) -> None:
        """Run the job in a worker thread, showing its progress."""
        self._job = job
        self.view = job.view

        def report(view: TrainingView) -> None:  # in the thread: a message never blocks on the event loop
            self.post_message(TrainingProgress(view))

        self.run_worker(partial(job.run, report), thread=True, group="training", exit_on_error=False)

    def on_training_progress(self, message: TrainingProgress) -> None:
        if self._job is not None:
            self.view = message.view

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        job = self._job
        ended = event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
        if event.worker.group != "training" or job is None or not ended:  # the event's state, not the worker's now
            return
        self._job = None
        if event.state == WorkerState.SUCCESS:
            self.post_message(TrainingEnded(job, event.worker.result))
        else:
            error = event.worker.error
            self.post_message(
                TrainingEnded(job, None, f"training failed: {error}" if error else "training was cancelled")
            )

    def _build(self) -> None:
        """The rows: a title; the progress; the losses; F1."""
        from textual.widgets import ProgressBar, Sparkline

        self._built = True
        self.mount(
            Static(id="training-title", classes="full"),
            Horizontal(
                Static(id="training-epoch", classes="label"),
                ProgressBar(total=1.0, show_percentage=False, show_eta=False, id="training-bar"),
                Static(id="training-status", classes="after"),
                Sparkline(id="training-recent", classes="compact"),
            ),
            Horizontal(
                Static(id="training-loss-label", classes="label"),
                Sparkline(id="training-losses"),
                Static(id="training-loss-text", classes="after"),
                classes="full",
            ),
            Horizontal(
                Static(id="training-f1-label", classes="label full"),
                Sparkline(id="training-f1s", classes="full"),
                Static(id="training-f1-text", classes="after"),
            ),
        )

    def on_resize(self) -> None:
        """The layout (4 rows or 2) and the widths of the bar and the sparklines."""
        width, height = self.size
        self.set_class(height >= 4, "-full")
        self.set_class(height < 4, "-compact")
        self._third = max(4, min(40, width // 3))
        if self._built:
            self.query_one("#training-bar").styles.width = self._third
        self.show(self.view, None)

    def _spark(self, selector: str, values: tuple[float, ...], most: int) -> None:
        """A sparkline of the last `most` values, one cell each (none: no cell)."""
        from textual.widgets import Sparkline

        spark = self.query_one(selector, Sparkline)
        shown = values[-most:]
        spark.data = shown
        spark.styles.width = len(shown)

    def on_mount(self) -> None:
        if self.view is not None and not self._built:
            self._build()
        self.app.theme_changed_signal.subscribe(self, lambda theme: self.show(self.view, None))

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def watch_view(self, old: TrainingView | None, view: TrainingView | None) -> None:
        if view is not None and not self._built and self.is_mounted:
            self._build()
        self.show(view, old)

    def show(self, view: TrainingView | None, old: TrainingView | None) -> None:
        """Update the parts that differ from `old` (None: every part)."""
        width = self.size.width
        if view is None or not width or not self._built:
            return
        full = self.has_class("-full")
        themed = panel_styles(self.app)
        if old is None:
            self.query_one("#training-loss-label", Static).update(text([seg("epoch loss ", LABEL)], themed))
            self.query_one("#training-f1-label", Static).update(text([seg("held-out F1 ", LABEL)], themed))

        def changed(*names: str) -> bool:
            return old is None or any(getattr(old, name) != getattr(view, name) for name in names)

        if changed("status", "source", "sentences", "lr"):
            self.query_one("#training-title", Static).update(text(title(view, width), themed), layout=False)
        if changed("epoch", "epochs", "status"):
            self.query_one("#training-epoch", Static).update(text([seg(counter(view), LABEL)], themed))
        if changed("epoch", "epochs", "batch", "batches", "status"):
            from textual.widgets import ProgressBar

            self.query_one("#training-bar", ProgressBar).update(progress=view.fraction)
        if changed("batch", "batches", "running_loss", "status", "epoch", "message"):
            self.query_one("#training-status", Static).update(text(status(view), themed), layout=False)
        if changed("losses"):
            self._spark("#training-losses", view.losses, self._third)
            self._spark("#training-recent", view.losses, 12)
        if changed("losses", "loss_before"):
            self.query_one("#training-loss-text", Static).update(text(losses(view), themed), layout=False)
        if changed("f1s"):
            self._spark("#training-f1s", view.f1s, self._third)
        if changed("f1s", "f1_before", "heldout", "heldout_note", "status"):
            line = f1(view) if full else [*hint(view), seg("  "), *(f1(view) if view.heldout else [])]
            self.query_one("#training-f1-text", Static).update(text(line, themed), layout=False)
