"""Snapshot tests: one picture per state, at the full (120 x 40) and compact (80 x 24) sizes.

Review a changed snapshot as a picture before accepting it with --snapshot-update.
"""

from __future__ import annotations

import pytest

from .conftest import UNKNOWN_SENTENCE

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_start(snap_compare, make_app, size):
    """t = 0 on the seed's sentence: only a<0> = 0, every panel says what comes next."""
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_hermione(snap_compare, make_app, size):
    """t = 4 on the seed's sentence: x<4> = 'hermione'."""
    assert snap_compare(make_app(), press=["right"] * 4, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_end_of_sentence(snap_compare, make_app, size):
    assert snap_compare(make_app(), press=["end"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_relu_after_switching(snap_compare, make_app, size):
    """The palette's "switch to ReLU", then t = 4."""

    async def switch(pilot):
        pilot.app.debugger.action_toggle_activation()
        await pilot.pause()

    assert snap_compare(make_app(), run_before=switch, press=["right"] * 4, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_unknown_word(snap_compare, make_app, size):
    """'snitch' is not among the 10,000 words: it is fed as <UNK> and shown beside it."""
    assert snap_compare(make_app(text=UNKNOWN_SENTENCE), press=["right"] * 6, terminal_size=size)


def test_terminal_too_small(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(60, 20))
