"""Snapshots of the wide layout (160 x 50 and more, as a browser window or a projector):
z<t> and a<t> across the whole width, the history beside ŷ and ΣL. Review a changed
snapshot as a picture before accepting it."""

from __future__ import annotations


def test_wide_forward(snap_compare, make_app):
    """200 x 60 at t = 4 ('hermione'): every unit 2 cells wide."""
    assert snap_compare(make_app(), press=["right"] * 4, terminal_size=(200, 60))


def test_wide_backward(snap_compare, make_app):
    """200 x 60, backward at t = 5 ('granger'): gradient rows 1.5 cells a unit."""
    assert snap_compare(make_app(), press=["b", *["left"] * 4], terminal_size=(200, 60))


def test_wide_at_its_smallest(snap_compare, make_app):
    """160 x 50 at t = 4: z<t> and a<t> 1.5 cells a unit, drawn to the half cell."""
    assert snap_compare(make_app(), press=["right"] * 4, terminal_size=(160, 50))
