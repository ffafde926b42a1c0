"""The per-step readouts a trace gives its viewers, on arrays worked by hand."""

from __future__ import annotations

import numpy as np

from rnnviz.engine.trace import summarize


def test_summary_reads_each_step_row_by_row():
    values = np.array([[0.25, 0.75, 1.0, 0.0], [-2.0, 0.995, 0.5, 0.5]])
    summary = summarize(values)
    assert summary.min == (0.0, -2.0) and summary.max == (1.0, 0.995)
    assert np.allclose(summary.mean, (0.5, -0.00125), rtol=1e-12)  # (0.25 + 0.75 + 1) / 4; (-2 + 0.995 + 1) / 4
    assert np.allclose(summary.norm, (np.sqrt(0.0625 + 0.5625 + 1.0), np.sqrt(4.0 + 0.995**2 + 0.5)), rtol=1e-12)
    assert summary.saturated == (1, 2) and summary.zeros == (1, 0)


def test_summary_of_no_units_is_zero():
    summary = summarize(np.zeros((3, 0)))
    assert summary.mean == (0.0, 0.0, 0.0) and summary.saturated == (0, 0, 0)
