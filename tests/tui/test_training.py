"""Training in the app: the job that runs in the worker thread (no app), then the app:
the loss on the file goes down, undo restores the exact previous weights, Escape leaves
the model of a completed epoch (or the old one), keys keep working while it trains, and
the model can be saved. Small files and a small n_a keep these fast."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import NAMES
from rnnviz.engine.modelio import load_model
from rnnviz.engine.train import Trainer, initial_params
from rnnviz.errors import UserError
from rnnviz.text import load_sentences
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.training import TrainingJob, TrainingView, default_lr
from rnnviz.tui.widgets import training as panel

from .conftest import Reference, run_async, wait_until

SMALL_FILE = """\
[Harry Potter] and [Hermione Granger] invented a new spell.
[Ron] ate the cake.
The spell was new and [Harry] liked it.
[Hermione] read a book about the castle.
"""


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL_FILE)
    return path


@pytest.fixture(scope="module")
def small_params():
    """An untrained tagger (Wax = 0: every ŷ is σ(by) = 0.5), small enough to train fast."""
    return initial_params(16, 10_000, seed=3)


def mean_loss(params, vocab, sentences) -> float:
    """The mean sentence loss Σ_t L<t> over the labeled sentences, from the equations."""
    losses = [sum(Reference(params, vocab, s.tokens, s.labels).loss) for s in sentences if s.labels is not None]
    return sum(losses) / len(losses)


def same_weights(a, b) -> bool:
    return all(np.array_equal(getattr(a, name), getattr(b, name)) for name in NAMES) and a.activation == b.activation


def replay(job: TrainingJob, epochs: int):
    """The model after `epochs` epochs of the job's own configuration, trained here
    independently (training is deterministic: the same bits)."""
    trainer = Trainer(
        job.params, job.examples, job.config, state=job.optimizer, epochs_done=int(job.params.meta.get("epochs", 0))
    )
    for _ in range(epochs):
        trainer.run_epoch()
    return trainer.params


# ------------------------------------------------------------------------------- the job


def test_job_lowers_the_loss_and_reports(small_file, small_params, vocab):
    sentences = load_sentences(small_file)
    views: list[TrainingView] = []
    job = TrainingJob(small_params, sentences, vocab, source="small.txt", epochs=5, lr=0.05, throttle=0.0)
    outcome = job.run(views.append)
    assert outcome.before is small_params and outcome.params is not None
    assert mean_loss(outcome.params, vocab, sentences) < mean_loss(small_params, vocab, sentences)
    assert views[0].epoch == 0 and views[0].loss_before == pytest.approx(mean_loss(small_params, vocab, sentences))
    assert [v.epoch for v in views if v.batch == 0 and v.losses][-1] == 5
    assert outcome.view.status == "done" and len(outcome.view.losses) == 5
    assert same_weights(outcome.params, replay(job, 5))  # bit for bit the engine's training
    meta = outcome.params.meta
    assert meta["trained"] and meta["epochs"] == 5 and len(meta["history"]) == 5
    assert "5 in rnnviz" in meta["trained_on"]


def test_job_throttles_progress_with_its_clock(small_file, small_params, vocab):
    """Within an epoch a report is sent only when the clock has moved on by the throttle."""
    sentences = load_sentences(small_file) * 8  # 32 sentences: 4 mini-batches an epoch
    ticks = iter(range(10_000))
    views: list[TrainingView] = []
    job = TrainingJob(
        small_params, sentences, vocab, source="s", epochs=2, lr=0.05, throttle=1.5, clock=lambda: next(ticks)
    )  # one tick a call: every second mini-batch reports
    job.run(views.append)
    within = [v for v in views if v.batch]
    assert [v.batch for v in within] == [2, 4, 2, 4]
    assert len(views) == 1 + len(within) + 2  # the start, the throttled ones, one per epoch


def test_job_with_held_out_reports_f1(small_file, small_params, vocab):
    sentences = load_sentences(small_file)
    job = TrainingJob(
        small_params,
        sentences[:3],
        vocab,
        source="s",
        epochs=2,
        lr=0.05,
        heldout=sentences[3:],
        heldout_name="held.txt",
    )
    outcome = job.run(lambda view: None)
    assert outcome.view.heldout == "held.txt" and len(outcome.view.f1s) == 2
    assert outcome.view.f1_before == 0.0  # an untrained tagger names nobody
    assert outcome.params.meta["heldout"]["data"] == "held.txt"


def test_stop_after_the_epoch_and_stop_now(small_file, small_params, vocab):
    sentences = load_sentences(small_file)
    job = TrainingJob(small_params, sentences, vocab, source="s", epochs=50, lr=0.05)

    def report(view):
        if view.epoch == 2:
            assert job.request_stop() == "epoch"

    outcome = job.run(report)
    assert outcome.view.status == "stopped" and outcome.view.epoch == 2
    assert same_weights(outcome.params, replay(job, 2))

    now = TrainingJob(small_params, sentences * 4, vocab, source="s", epochs=50, lr=0.05, throttle=0.0)

    def report_now(view):
        if view.epoch == 1 and view.batch == 1:  # in the middle of epoch 2
            now.request_stop()
            assert now.request_stop() == "now"

    outcome = now.run(report_now)
    assert outcome.view.epoch == 1 and "rolled back" in outcome.view.message
    assert same_weights(outcome.params, replay(now, 1))  # epoch 2's first mini-batch is gone


def test_stop_before_any_epoch_keeps_the_model(small_file, small_params, vocab):
    job = TrainingJob(small_params, load_sentences(small_file), vocab, source="s", epochs=3, lr=0.05)
    job.stop_now()
    outcome = job.run(lambda view: None)
    assert outcome.params is None and outcome.view.epoch == 0 and "unchanged" in outcome.view.message


def test_job_refuses_unlabeled_sentences(small_params, vocab, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("# format: plain\nthe cat sat\n")
    with pytest.raises(UserError, match="no labeled sentence"):
        TrainingJob(small_params, load_sentences(path), vocab, source="plain.txt")


def test_a_trained_model_without_adam_state_is_fine_tuned_at_a_tenth_of_its_rate(params, samples, vocab):
    """Adam restarting from zero moments at the bundled model's own rate undoes part of its
    training first (mean sentence loss 0.0017 → 0.19 → 0.28); at a tenth it only falls."""
    rate = params.meta["train"]["lr"]
    lr, why = default_lr(params, has_optimizer_state=False)
    assert lr == pytest.approx(rate / 10) and "fine-tuning" in why
    assert default_lr(params, has_optimizer_state=True)[0] == rate
    assert default_lr(initial_params(4, 10_000), has_optimizer_state=False)[0] == 0.01  # untrained: as trained
    view = (
        TrainingJob(params, samples, vocab, source="train.txt", epochs=2, lr=lr, throttle=1e9).run(lambda v: None).view
    )
    assert view.loss_before is not None and view.losses[0] < view.loss_before and view.losses[1] < view.losses[0]


def test_training_panel_text():
    view = TrainingView(
        status="running",
        source="train.txt",
        sentences=365,
        epochs=20,
        lr=0.01,
        epoch=6,
        batch=23,
        batches=46,
        running_loss=0.0123,
        losses=(0.2, 0.1, 0.05, 0.02, 0.01, 0.005),
        loss_before=0.0017,
        heldout="heldout.txt",
        f1_before=0.958,
        f1s=(0.96,) * 6,
    )
    assert line_text(panel.title(view, 100)) == (
        "── training on train.txt (365 sentences, lr 0.01) ─ Escape stops after this epoch ──────────────────"
    )
    assert panel.counter(view) == "epoch  7/20 "
    assert line_text(panel.status(view)) == "  batch 23/46  loss so far 0.01230"
    assert line_text(panel.losses(view)) == "  0.00170 before → 0.00500 (mean sentence loss Σ_t L<t> on the file)"
    assert line_text(panel.f1(view)) == "  0.958 before → 0.960 on heldout.txt (a word is a name when ŷ > 0.5)"
    done = TrainingView(status="done", source="f", sentences=3, epochs=2, lr=0.01, epoch=2, losses=(1.0, 0.5))
    assert panel.counter(done) == "epoch 2/2 "
    assert line_text(panel.status(done)) == "  done: 2 epochs"
    assert line_text(panel.hint(done)) == "s saves · u undoes · Escape hides this"
    assert line_text(panel.f1(done)) == "no held-out file is known for these sentences"


# ------------------------------------------------------------------------------- the app


async def key_handled(app, key: str, changed, timeout: float = 30.0) -> None:
    """Send `key` as the terminal would, without `pilot.press`'s wait for an idle CPU (which
    never comes while a thread trains: each press would wait its 2 s maximum), and wait
    until `changed()` holds (how fast is measured in bench/, not here)."""
    app.simulate_key(key)
    await wait_until(changed, f"{key} to be handled", timeout)


async def wait_for_training(app, pilot, timeout: float = 60.0) -> None:
    await wait_until(lambda: app.debugger.loaded.training is None, "the training to end", timeout)
    await pilot.pause()


@run_async
async def test_training_in_the_app_lowers_the_loss_and_undo_restores_it(make_app, small_file, small_params, vocab):
    sentences = load_sentences(small_file)
    app = make_app(sentences=sentences, source=str(small_file), params_=small_params)
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right", "t")
        assert app.screen.id == "train-dialog"
        app.screen.query_one("#train-epochs").value = "6"
        app.screen.query_one("#train-lr").value = "0.05"
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        trained = debugger.loaded.params
        assert trained is not small_params and trained.meta["epochs"] == 6
        assert mean_loss(trained, vocab, sentences) < mean_loss(small_params, vocab, sentences)
        # the screen shows the new model at the same sentence and t
        assert debugger.view.trace.params is trained and debugger.view.t == 2
        assert debugger.query_one("#training").view.status == "done"
        await pilot.press("u")
        assert debugger.loaded.params is small_params and same_weights(debugger.loaded.params, small_params)
        assert debugger.view.trace.params is small_params and debugger.view.t == 2
        assert debugger.check_action("undo_training", ()) is None  # nothing left to undo


@run_async
async def test_escape_during_training_leaves_a_completed_epoch(make_app, small_file, small_params):
    app = make_app(sentences=load_sentences(small_file) * 4, source="small", params_=small_params)
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        debugger.start_training(400, 0.05, throttle=0.0)
        job = debugger.loaded.training
        await wait_until(lambda: job.view.epoch >= 1, "an epoch to complete")
        await key_handled(app, "escape", lambda: job.stopping)
        await wait_for_training(app, pilot)
        done = debugger.query_one("#training").view
        assert done.status == "stopped" and 1 <= done.epoch < 400
        assert debugger.loaded.params.meta["epochs"] == done.epoch  # the model of that epoch
        # Escape twice: at once, the unfinished epoch rolled back
        debugger.start_training(400, 0.05, throttle=0.0)
        job = debugger.loaded.training
        before = job.params
        await key_handled(app, "escape", lambda: job.stopping)
        app.simulate_key("escape")  # it may come after the end: then it hides the panel
        await wait_for_training(app, pilot)
        epochs = job.view.epoch
        assert (
            debugger.loaded.params is before
            if epochs == 0
            else debugger.loaded.params.meta["epochs"] == before.meta["epochs"] + epochs
        )


@run_async
async def test_keys_are_handled_while_training_runs(make_app, params):
    """At the seed's size (n_a = 100, V = 10,000, 365 sentences): a key moves t at once,
    while the worker thread is still training."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        debugger.start_training(30, 0.01)
        job = debugger.loaded.training
        worker = next(w for w in app.workers if w.group == "training")
        await wait_until(lambda: job.view.batch or job.view.epoch, "the thread to be training")
        keys = [
            ("right", lambda: debugger.view.t == 1),
            ("right", lambda: debugger.view.t == 2),
            ("right", lambda: debugger.view.t == 3),
            ("b", lambda: debugger.view.backward),
            ("left", lambda: debugger.view.t == debugger.view.T - 1),
        ]
        for key, moved in keys:
            await key_handled(app, key, moved)
            # handled while the thread trains: the worker is still running its first epochs
            # (how soon is bench/bench_tui_train.py's frame interval, not a test's clock)
            assert worker.is_running and debugger.loaded.training is job and job.view.epoch < 30, key
        await key_handled(app, "escape", lambda: job.stopping)
        app.simulate_key("escape")
        await wait_for_training(app, pilot)
        assert debugger.view.backward  # the recomputed sentence keeps the mode


@run_async
async def test_save_the_model(make_app, small_file, small_params, tmp_path):
    app = make_app(sentences=load_sentences(small_file), source="small", params_=small_params)
    async with app.run_test(size=(120, 40)) as pilot:
        app.debugger.start_training(2, 0.05)
        await wait_for_training(app, pilot)
        await pilot.press("s")
        field = app.screen.query_one("Input")
        field.value = str(tmp_path / "model.txt")
        await pilot.press("enter")
        assert app.screen.is_modal and "expected .npz or .safetensors" in str(
            app.screen.query_one("#prompt-error").render()
        )
        field.value = str(tmp_path / "missing-dir" / "model.npz")
        await pilot.press("enter")
        assert app.screen.is_modal and "missing-dir" in str(app.screen.query_one("#prompt-error").render())
        field.value = str(tmp_path / "model.npz")
        await pilot.press("enter")
        assert app.screen is app.debugger
        saved = load_model(tmp_path / "model.npz")
        assert same_weights(saved, app.debugger.loaded.params) and saved.meta["epochs"] == 2
        assert np.load(tmp_path / "model.npz")["opt.step"] == 2  # Adam's state, for --resume


@run_async
async def test_nothing_to_train_on(make_app):
    app = make_app(text="the cat sat on the mat")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        assert app.screen is app.debugger and app.debugger.loaded.training is None


def test_train_dialog_parses_its_fields():
    from rnnviz.tui.screens.train import TrainSettings, parse_settings

    assert parse_settings(" 20 ", "0.01") == TrainSettings(20, 0.01)
    assert "whole number" in parse_settings("x", "0.01")
    assert "between 1" in parse_settings("0", "0.01")
    assert "learning rate" in parse_settings("3", "-1")
    assert parse_settings("3", "50") == TrainSettings(3, 50.0)  # the engine's limits: any positive rate


def test_unlabeled_held_out_sentences_are_not_scored(small_file, small_params, vocab, tmp_path):
    """`rnnviz --heldout PATH` with unlabeled sentences: they are left out of the F1 (and
    the panel says so); a file with none labeled gives no F1 rather than a crash."""
    from rnnviz.pipeline import sentence_from_text

    mixed = [load_sentences(small_file)[1], sentence_from_text("the golden snitch flew away")]
    assert mixed[1].labels is None
    job = TrainingJob(
        small_params,
        load_sentences(small_file),
        vocab,
        source="small",
        epochs=1,
        lr=0.05,
        heldout=mixed,
        heldout_name="mixed.txt",
    )
    view = job.run(lambda v: None).view
    assert len(job.heldout) == 1 and view.heldout == "mixed.txt" and len(view.f1s) == 1
    assert "1 unlabeled sentence of mixed.txt not scored" in view.heldout_note
    plain = tmp_path / "plain.txt"
    plain.write_text("# format: plain\nthe cat sat\nthe dog ran\n")
    job = TrainingJob(
        small_params,
        load_sentences(small_file),
        vocab,
        source="small",
        epochs=1,
        lr=0.05,
        heldout=load_sentences(plain),
        heldout_name="plain.txt",
    )
    outcome = job.run(lambda v: None)
    assert outcome.view.heldout is None and outcome.view.f1s == () and outcome.view.f1_before is None
    assert "plain.txt has no labeled sentence" in outcome.view.heldout_note
    assert "heldout" not in outcome.params.meta
    assert "plain.txt has no labeled sentence" in line_text(panel.f1(outcome.view))


@run_async
async def test_app_trains_with_an_unlabeled_held_out_file(make_app, small_file, small_params, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("# format: plain\nthe cat sat\n")
    app = make_app(
        sentences=load_sentences(small_file),
        source="small",
        params_=small_params,
        heldout=load_sentences(plain),
        heldout_name=str(plain),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        assert app.screen.id == "train-dialog"
        assert "No F1: " in str(app.screen.query_one("#prompt-hint").render())
        app.screen.query_one("#train-epochs").value = "1"
        await pilot.press("enter")
        await wait_for_training(app, pilot)
        assert app.debugger.query_one("#training").view.status == "done", app.debugger.query_one(
            "#training"
        ).view.message
        assert "no labeled sentence" in app.debugger.query_one("#training").view.heldout_note
