"""Training in the app stops where `rnnviz train` does (engine/diverge.py's bounds): a run
that blows up while staying finite (lr 1e300) keeps the last good epoch, or the model it
started from, and says so."""

from __future__ import annotations

import numpy as np

from rnnviz.engine import NAMES
from rnnviz.engine.diverge import MAX_WEIGHT, Bounds
from rnnviz.engine.train import Trainer, initial_params
from rnnviz.pipeline import sentence_from_text
from rnnviz.tui.training import TrainingJob

SENTENCES = [
    sentence_from_text(text)
    for text in (
        "[Harry Potter] and [Hermione Granger] invented a new spell.",
        "[Ron] ate the cake.",
        "The spell was new and [Harry] liked it.",
        "[Hermione] read a book about the castle.",
    )
]


def largest(params) -> float:
    return max(float(np.max(np.abs(getattr(params, name)))) for name in NAMES)


def test_lr_1e300_is_caught_in_its_first_epoch_and_the_model_is_unchanged(vocab):
    params = initial_params(16, 10_000, seed=3)
    job = TrainingJob(params, SENTENCES, vocab, source="s", epochs=5, lr=1e300)
    outcome = job.run(lambda view: None)
    assert outcome.params is None  # nothing good to keep: the model stays as it was
    assert outcome.view.status == "failed" and outcome.view.epoch == 0
    assert outcome.view.message.startswith("training diverged in epoch 1: a weight of ")
    assert outcome.view.message.endswith(f"(the bound is {MAX_WEIGHT:.3g}); the model is unchanged")


def test_a_later_divergence_keeps_the_last_good_epoch(vocab):
    """Bounds between the largest weight after epoch 1 and after epoch 2 (measured here with
    the engine's trainer): the job keeps epoch 1, bit for bit."""
    params = initial_params(16, 10_000, seed=3)
    job = TrainingJob(params, SENTENCES, vocab, source="s", epochs=5, lr=0.05)
    trainer = Trainer(params, job.examples, job.config)
    trainer.run_epoch()
    after_1 = trainer.params
    trainer.run_epoch()
    w1, w2 = largest(after_1), largest(trainer.params)
    assert w2 > w1
    job.bounds = Bounds(weight=(w1 + w2) / 2)
    outcome = job.run(lambda view: None)
    assert outcome.view.status == "failed" and outcome.view.epoch == 1
    assert outcome.view.message.startswith("training diverged in epoch 2: a weight of ")
    assert outcome.view.message.endswith("; kept epoch 1 of this run")
    assert outcome.params is not None
    assert all(np.array_equal(getattr(outcome.params, n), getattr(after_1, n)) for n in NAMES)
    assert outcome.params.meta["epochs"] == 1 and len(outcome.params.meta["history"]) == 1
