"""Snapshots of backward mode at t = T_x and t = 1 on the seed's sentence (default model),
training in progress (a frozen progress state: no thread, no clock), and breakpoint hits.
Review a changed snapshot as a picture before accepting it."""

from __future__ import annotations

import pytest

from rnnviz.engine.breakpoints import Condition
from rnnviz.tui.training import TrainingJob, TrainingView

FULL = (120, 40)
COMPACT = (80, 24)


def test_backward_at_the_last_word(snap_compare, make_app):
    """b on the seed's sentence: backpropagation starts at t = T_x = 9 ('spell')."""
    assert snap_compare(make_app(), press=["b"], terminal_size=FULL)


def test_backward_at_the_first_word(snap_compare, make_app):
    """← eight times: t = 1 ('harry'), da<0> reaches a<0>; ‖da‖ for every word."""
    assert snap_compare(make_app(), press=["b", *["left"] * 8], terminal_size=FULL)


def test_backward_compact(snap_compare, make_app):
    """t = 4 ('hermione') in the compact layout."""
    assert snap_compare(make_app(), press=["b", *["left"] * 5], terminal_size=COMPACT)


FROZEN = TrainingView(
    status="running",
    source="sample_sentences/train.txt",
    sentences=365,
    epochs=20,
    lr=0.01,
    epoch=6,
    batch=23,
    batches=46,
    running_loss=0.000412,
    loss_before=0.0016976,
    losses=(0.194, 0.2835, 0.0172, 0.0031, 0.0010, 0.0007),
    heldout="sample_sentences/heldout.txt",
    f1_before=0.958,
    f1s=(0.951, 0.962, 0.972, 0.979, 0.972, 0.972),
)


@pytest.mark.parametrize("size", [pytest.param(FULL, id="120x40"), pytest.param(COMPACT, id="80x24")])
def test_training_in_progress(snap_compare, make_app, vocab, size):
    """Epoch 7 of 20, mini-batch 23 of 46: a frozen progress state of a real (never run)
    job, so the picture does not depend on a thread or a clock."""

    async def freeze(pilot):
        debugger = pilot.app.debugger
        session = debugger.session
        session.training = TrainingJob(session.params, session.sentences, vocab, source="sample_sentences/train.txt")
        debugger.show_training(FROZEN)
        debugger.refresh_bindings()
        await pilot.pause()

    assert snap_compare(make_app(), run_before=freeze, press=["right", "right"], terminal_size=size)


def test_breakpoint_hit(snap_compare, make_app):
    """From t = 1, "run until ŷ<t> crosses 0.5" stops at t = 3 ('and', no name)."""

    async def run(pilot):
        await pilot.press("right")
        pilot.app.debugger.run_until(Condition("cross"))
        await pilot.pause()

    assert snap_compare(make_app(), run_before=run, terminal_size=FULL)


def test_breakpoint_in_backward_mode(snap_compare, make_app):
    """Backward from t = T_x, "run until ‖da<t>‖ < 0.001" stops at t = 8."""

    async def run(pilot):
        await pilot.press("b")
        pilot.app.debugger.run_until(Condition("grad", 0.001))
        await pilot.pause()

    assert snap_compare(make_app(), run_before=run, terminal_size=FULL)
