"""Training in the app: the engine's `Trainer` driven from a worker thread.

`TrainingJob.run(report)` trains the current model on the labeled sentences of the current
file for N epochs and returns a `TrainingOutcome`; `report(view)` receives an immutable
`TrainingView` (what the training panel shows) at most every `throttle` seconds during an
epoch, and after every epoch. Nothing here imports Textual: the app wraps `report` into a
message posted to the event loop, and the job is tested without an app.

Stopping (`request_stop`), documented for the user on the help screen:
- the first request stops *after the current epoch*: that epoch completes, its model is kept;
- a second request stops *now*: the trainer's cancel is polled before every mini-batch and
  rolls the weights back to the last completed epoch, so the result is always the model of
  a completed epoch (or the model before training if none completed), never half-updated.

Between mini-batches the thread sleeps for 0 s, which hands the GIL to the event loop, so
the UI keeps drawing while NumPy trains (bench/bench_tui_train.py measures the frame gaps).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from rnnviz.engine import Params
from rnnviz.engine.diverge import Bounds, divergence
from rnnviz.engine.records import epoch_entry, labeled_examples, trained_meta
from rnnviz.engine.train import (
    EpochStats,
    Example,
    NonFiniteLoss,
    OptimizerState,
    TrainConfig,
    Trainer,
    evaluate,
)
from rnnviz.errors import UserError
from rnnviz.text import Sentence
from rnnviz.text.vocab import Lexicon

Status = Literal["running", "stopping", "done", "stopped", "failed"]
DEFAULT_EPOCHS = 20
DEFAULT_LR = 0.01
FINE_TUNE = 0.1  # without Adam's moments, the dialog proposes this share of the model's rate
THROTTLE = 0.05  # seconds between two progress reports within an epoch (20 a second at most)


@dataclass(frozen=True)
class TrainingView:
    """What the training panel shows: one immutable snapshot of the progress."""

    status: Status
    source: str  # the file trained on
    sentences: int  # labeled sentences used
    epochs: int  # N, the epochs asked for
    lr: float
    epoch: int = 0  # epochs completed in this run
    batch: int = 0  # mini-batches done in the current epoch
    batches: int = 0  # mini-batches an epoch
    running_loss: float | None = None  # mean sentence loss of the current epoch so far
    losses: tuple[float, ...] = ()  # mean sentence loss of every completed epoch
    loss_before: float | None = None  # mean sentence loss on the file before training
    heldout: str | None = None  # the held-out file, when it has labeled sentences to score
    heldout_note: str = ""  # what of the held-out file is not scored (unlabeled sentences)
    f1_before: float | None = None
    f1s: tuple[float, ...] = ()  # held-out F1 after every completed epoch
    message: str = ""  # why it ended (failed / stopped), empty otherwise

    @property
    def fraction(self) -> float:
        """How much of the N epochs is done, in [0, 1]."""
        if self.epochs <= 0:
            return 1.0
        within = self.batch / self.batches if self.batches and self.status in ("running", "stopping") else 0.0
        return min(1.0, (self.epoch + within) / self.epochs)

    @property
    def active(self) -> bool:
        return self.status in ("running", "stopping")


@dataclass(frozen=True, eq=False)
class TrainingOutcome:
    """How a run ended: the model before, the model after (None when no epoch completed)
    and the optimizer state that goes with it (to save it, or to continue training)."""

    before: Params
    params: Params | None
    view: TrainingView
    optimizer: OptimizerState | None = None
    stats: tuple[EpochStats, ...] = field(default=())


def examples_of(sentences: Sequence[Sentence], vocab: Lexicon, where: str) -> list[Example]:
    """The labeled sentences as training examples (unlabeled ones are skipped; unknown
    words are fed as <UNK>)."""
    return labeled_examples(sentences, vocab, where)[0]


def heldout_problem(sentences: Sequence[Sentence], name: str | None) -> str:
    """What of a held-out file cannot be scored (F1 needs labels y<t>), as a phrase; empty
    when every sentence is labeled. Unlabeled sentences are left out of the scores."""
    unlabeled = sum(1 for s in sentences if s.labels is None)
    name = name or "the held-out sentences"
    if not unlabeled:
        return ""
    if unlabeled == len(sentences):
        return f"{name} has no labeled sentence: no held-out F1 (mark names with [brackets])"
    return f"{unlabeled} unlabeled sentence{'s' if unlabeled != 1 else ''} of {name} not scored"


def default_lr(params: Params, has_optimizer_state: bool) -> tuple[float, str]:
    """The learning rate the training dialog proposes, and why. With the optimizer state
    the model was saved with, training continues at the model's own rate. Without it, Adam
    restarts from zero moments, and its first steps at the model's rate are as large as at
    the start of training (the bundled model's loss jumps from 0.0017 to 0.28 before it
    falls): a trained model is fine-tuned at a tenth of its rate instead."""
    train = params.meta.get("train") or {}
    rate = float(train.get("lr", DEFAULT_LR))
    if has_optimizer_state:
        return rate, "the model's learning rate (Adam continues with its saved moments)"
    if not params.meta.get("trained"):
        return rate, "the training rate (an untrained model: Adam starts from scratch)"
    return rate * FINE_TUNE, (
        f"a fine-tuning rate, a tenth of the model's {rate:g}: Adam restarts from zero "
        "moments, and the model's own rate would first undo some of its training"
    )


def config_for(params: Params, epochs: int, lr: float) -> TrainConfig:
    """The settings of training in the app: N epochs at `lr` with Adam, and the batch size,
    clipping and seed the model was trained with (`TrainConfig.problems()` checks them)."""
    train = params.meta.get("train") or {}
    return TrainConfig(
        epochs=epochs,
        lr=lr,
        batch_size=int(train.get("batch_size", 8)),
        optimizer="adam",
        clip=float(train.get("clip", 5.0)) or None,
        seed=int(train.get("seed", params.meta.get("init_seed", 0)) or 0),
    )


class TrainingJob:
    """N epochs of training of `params` on the labeled `sentences`; `run` in a thread."""

    def __init__(
        self,
        params: Params,
        sentences: Sequence[Sentence],
        vocab: Lexicon,
        *,
        source: str,
        epochs: int = DEFAULT_EPOCHS,
        lr: float = DEFAULT_LR,
        heldout: Sequence[Sentence] = (),
        heldout_name: str | None = None,
        optimizer: OptimizerState | None = None,
        throttle: float = THROTTLE,
        clock: Callable[[], float] = time.monotonic,
        bounds: Bounds | None = None,
    ) -> None:
        if params.n_y != 1:
            raise UserError("rnnviz trains the binary name tagger (n_y = 1)")
        self.config = config_for(params, epochs, lr)
        problems = self.config.problems()
        if problems:
            raise UserError("; ".join(text for _, text in problems))
        self.examples = examples_of(sentences, vocab, source)
        if not self.examples:
            raise UserError(f"{source}: no labeled sentence to train on (mark names with [brackets])")
        self.heldout = examples_of(heldout, vocab, heldout_name or "held-out") if heldout else []
        heldout_note = heldout_problem(heldout, heldout_name) if heldout else ""
        self.params = params
        self.source = source
        self.epochs = epochs
        self.optimizer = optimizer if optimizer is not None and optimizer.name == "adam" else None
        self.throttle = throttle
        self.clock = clock
        self.bounds = bounds  # when an epoch has diverged (engine/diverge.py); None: as `rnnviz train` sets them
        self._stop_after_epoch = threading.Event()
        self._stop_now = threading.Event()
        self.view = TrainingView(
            status="running",
            source=source,
            sentences=len(self.examples),
            epochs=epochs,
            lr=lr,
            heldout=heldout_name if self.heldout else None,
            heldout_note=heldout_note,
        )

    # -- stopping (called from the UI thread) ---------------------------------------------

    def request_stop(self) -> str:
        """First call: stop after the current epoch; second: stop now (the unfinished epoch
        is rolled back). Returns "epoch" or "now"."""
        if self._stop_after_epoch.is_set():
            self._stop_now.set()
            return "now"
        self._stop_after_epoch.set()
        return "epoch"

    def stop_now(self) -> None:
        """Stop at the next mini-batch (the app is closing)."""
        self._stop_after_epoch.set()
        self._stop_now.set()

    @property
    def stopping(self) -> bool:
        return self._stop_after_epoch.is_set()

    # -- the thread's work ----------------------------------------------------------------

    def run(self, report: Callable[[TrainingView], None]) -> TrainingOutcome:
        """Train; `report(view)` is called from this (the worker's) thread."""
        examples = self.examples
        view = replace(self.view, loss_before=evaluate(self.params, examples).loss)
        if self.heldout:
            view = replace(view, f1_before=evaluate(self.params, self.heldout).f1)
        epochs_done = int(self.params.meta.get("epochs", 0) or 0)
        trainer = Trainer(self.params, examples, self.config, state=self.optimizer, epochs_done=epochs_done)
        words = sum(e.T for e in examples)
        assert view.loss_before is not None
        bounds = self.bounds or Bounds.starting_from(self.params, view.loss_before * len(examples) / words)
        view = replace(view, batches=trainer.batches_per_epoch)
        self.view = view
        report(view)
        last = [self.clock()]

        def status() -> Status:
            return "stopping" if self._stop_after_epoch.is_set() else "running"

        def progress(done: int, batches: int, loss: float) -> None:
            now = self.clock()
            if now - last[0] >= self.throttle:
                last[0] = now
                self.view = replace(self.view, status=status(), batch=done, running_loss=loss)
                report(self.view)
            time.sleep(0)  # let the event loop have the GIL between mini-batches

        stats: list[EpochStats] = []
        history: list[dict[str, Any]] = []
        end: Status = "done"
        message = ""
        try:
            for _ in range(self.epochs):
                if self._stop_after_epoch.is_set():
                    end, message = "stopped", "stopped after a completed epoch"
                    break
                good = (trainer.params, trainer.optimizer_state, trainer.epochs_done)
                result = trainer.run_epoch(cancel=self._stop_now.is_set, progress=progress)
                if result is None:
                    end, message = "stopped", "stopped: the unfinished epoch was rolled back"
                    break
                problem = divergence(trainer.params, result.loss * len(examples) / words, bounds)
                if problem is not None:  # finite but blown up (lr 1e300): back to the epoch before
                    trainer = Trainer(good[0], examples, self.config, state=good[1], epochs_done=good[2])
                    kept = f"kept epoch {len(stats)} of this run" if stats else "the model is unchanged"
                    end, message = "failed", f"training diverged in epoch {len(stats) + 1}: {problem}; {kept}"
                    break
                stats.append(result)
                scores = trainer.evaluate(self.heldout) if self.heldout else None
                f1s = self.view.f1s if scores is None else (*self.view.f1s, scores.f1)
                history.append(epoch_entry(result, scores))
                self.view = replace(
                    self.view,
                    status=status(),
                    epoch=len(stats),
                    batch=0,
                    running_loss=None,
                    losses=(*self.view.losses, result.loss),
                    f1s=f1s,
                )
                last[0] = self.clock()
                report(self.view)
        except NonFiniteLoss as exc:
            end, message = "failed", f"training diverged ({exc}); kept the last completed epoch"
        if end == "done" and len(stats) < self.epochs:
            end = "stopped"
        params = self._finished(trainer, history) if stats else None
        if not stats and end != "failed":
            message = "stopped before an epoch completed: the model is unchanged"
        self.view = replace(self.view, status=end, batch=0, running_loss=None, message=message)
        return TrainingOutcome(
            before=self.params,
            params=params,
            view=self.view,
            optimizer=trainer.optimizer_state if stats else None,
            stats=tuple(stats),
        )

    def _finished(self, trainer: Trainer, history: list[dict[str, Any]]) -> Params:
        """The trained model with what it says about itself, as `rnnviz train` writes it
        (with the activation it was trained with: the header's "trained with …")."""
        before = self.params.meta
        in_app = trainer.epochs_done - int(before.get("epochs", 0) or 0)
        data = {
            **(before.get("train") or {}),
            "data": self.source,
            "sentences": len(self.examples),
            "words": int(sum(e.T for e in self.examples)),
        }
        heldout = {"data": self.view.heldout, "sentences": len(self.heldout)} if self.heldout else None
        meta = trained_meta(
            trainer,
            trained_on=f"{self.source}, {trainer.epochs_done} epochs ({in_app} in rnnviz)",
            data=data,
            history=[*before.get("history", []), *history],
            heldout=heldout,
        )
        return trainer.params.replace(meta=meta)
