"""The drawing primitives (tui/draw/), with real values and no terminal; the number
formatters against literal strings."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.tui.draw.bars import step_bars
from rnnviz.tui.draw.colours import LEVELS, MARK, NEGATIVE, NEUTRAL, POSITIVE, cell_style
from rnnviz.tui.draw.heatmap import heatmap_line, levels
from rnnviz.tui.draw.numbers import fmt, fmt_int, fmt_prob, fmt_sig, fmt_small, grad_preview, vector_preview
from rnnviz.tui.draw.text import line_text, line_width, window
from rnnviz.tui.draw.vectors import onehot_column, onehot_line, onehot_ruler, stacked_line, stacked_split


def cells(line):
    """(character, style) per terminal cell."""
    return [(char, segment.style) for segment in line for char in segment.text]


def bg(style) -> tuple[int, int, int]:
    return style.bgcolor.get_truecolor()


# -- one-hot ---------------------------------------------------------------------------


def test_onehot_marks_index_4_of_10000_in_the_first_cell():
    line = onehot_line(4, 10_000, 60)
    assert line_width(line) == 60
    marked = [i for i, (char, style) in enumerate(cells(line)) if style == MARK]
    assert marked == [0]
    assert line_text(line).count("·") == 59


@pytest.mark.parametrize(
    ("index", "width", "column"),
    [(0, 60, 0), (4, 60, 0), (166, 60, 0), (167, 60, 1), (5_000, 100, 50), (9_886, 113, 111), (9_999, 60, 59)],
)
def test_onehot_column_is_proportional(index, width, column):
    assert onehot_column(index, 10_000, width) == column
    assert cells(onehot_line(index, 10_000, width))[column] == ("█", MARK)


def test_onehot_ruler_names_the_index_under_its_cell():
    ruler = line_text(onehot_ruler(4_711, 10_000, 100))
    assert len(ruler) == 100
    assert ruler.index("↑ 4,711") == onehot_column(4_711, 10_000, 100)
    assert ruler.startswith("0") and ruler.endswith("9,999")
    near_end = line_text(onehot_ruler(9_990, 10_000, 60))
    assert near_end.endswith("9,990 ↑") and len(near_end) == 60


# -- colours ---------------------------------------------------------------------------


def test_zero_is_the_neutral_centre_and_signs_take_their_colours():
    assert levels(np.array([0.0, 1e-9, -1e-9])).tolist() == [0, 0, 0]
    assert bg(cell_style(0)) == NEUTRAL
    red, _green, blue = bg(cell_style(int(levels(np.array([0.7]))[0])))
    assert red > blue and red > NEUTRAL[0]
    red, _green, blue = bg(cell_style(int(levels(np.array([-0.7]))[0])))
    assert blue > red and blue > NEUTRAL[2]
    assert bg(cell_style(LEVELS)) == POSITIVE
    assert bg(cell_style(-LEVELS)) == NEGATIVE


def test_levels_are_symmetric_and_monotonic():
    values = np.linspace(-6, 6, 241)
    lv = levels(values)
    assert (np.diff(lv) >= 0).all()
    np.testing.assert_array_equal(lv, -levels(-values))
    assert lv.min() == -LEVELS and lv.max() == LEVELS
    # tanh saturation (|a| > 0.99) has its own level below the |z| ones
    assert levels(np.array([0.98]))[0] < levels(np.array([0.995]))[0] < levels(np.array([2.5]))[0]


def test_heatmap_one_cell_per_unit_when_it_fits():
    values = np.array([-1.0, 0.0, 0.5, 3.0])
    line = heatmap_line(values, 4)
    assert [bg(style) for _, style in cells(line)] == [bg(cell_style(int(l))) for l in levels(values)]
    a = np.linspace(-1, 1, 100)
    assert line_width(heatmap_line(a, 100)) == 100
    assert line_width(heatmap_line(a, 120)) == 100  # no stretching for 1.2 cells
    assert line_width(heatmap_line(np.ones(8), 40)) == 24  # short vectors: 3 cells a unit


def test_heatmap_two_units_a_cell_when_narrow():
    values = np.array([-1.0, 1.0, 0.0, 0.5])
    line = heatmap_line(values, 3)
    assert line_text(line) == "▌▌"
    (_, first), (_, second) = cells(line)
    lv = levels(values)
    assert first.color.get_truecolor() == bg(cell_style(int(lv[0])))  # left half: unit 0
    assert bg(first) == bg(cell_style(int(lv[1])))  # right half: unit 1
    assert second.color.get_truecolor() == bg(cell_style(int(lv[2])))


def test_stacked_strip_has_a_part_boundary_and_x_part():
    a_prev = np.linspace(-1, 1, 100)
    line = stacked_line(a_prev, 9_886, 10_000, 118)
    text = line_text(line)
    a_cells, x_cells = stacked_split(100, 118)
    assert line_width(line) == 118 == a_cells + x_cells + 3
    assert text[0] == "[" and text[-1] == "]" and text[1 + a_cells] == "┃"
    x_part = cells(line)[2 + a_cells : -1]
    assert [i for i, (_, style) in enumerate(x_part) if style == MARK] == [onehot_column(9_886, 10_000, x_cells)]
    empty = line_text(stacked_line(a_prev, None, 10_000, 118))
    assert "█" not in empty and empty[1 + a_cells] == "┃"


def test_window_keeps_focus_visible():
    widths = [7] * 30
    for focus in (0, 10, 29):
        start, stop = window(widths, focus, 50, gap=2)
        assert start <= focus < stop
        assert sum(widths[start:stop]) + 2 * (stop - start - 1) <= 50


def test_changed_span_covers_only_the_cells_that_differ():
    from rich.segment import Segment
    from textual.strip import Strip

    from rnnviz.tui.widgets.panel import changed_span

    row = [Segment("▶", MARK), Segment(" 3 and     "), *heatmap_line(np.linspace(-1, 1, 100), 100)]
    moved = [Segment(" ", MARK), Segment(" 3 and     "), *row[2:]]
    assert changed_span(Strip(row), Strip(row)) is None
    assert changed_span(Strip(row), Strip(moved)) == (0, 1)  # the marker, not the heatmap
    other = [*row[:2], *heatmap_line(np.linspace(1, -1, 100), 100)]
    x0, x1 = changed_span(Strip(row), Strip(other))
    assert x0 == 12 and x1 <= 112


LONG_T = 5003


def test_step_bars_show_a_window_around_t_on_a_long_sentence():
    values = [float(i % 7 + 1) for i in range(LONG_T)]
    for t in (1, 2500, 5003):
        rows = step_bars(values, t, 80, 3, MARK)
        assert all(line_width(row) <= 80 for row in rows)
        marked = [segment for row in rows for segment in row if segment.style == MARK]
        assert marked, f"bar {t} is off-screen"
    back = step_bars(values, 2500, 80, 3, MARK, backward=True)
    assert [segment for row in back for segment in row if segment.style == MARK]


def test_step_bars_forward_and_backward_fill_opposite_sides():
    values = [1.0] * 8
    forward = line_text(step_bars(values, 3, 40, 1, MARK)[0])
    backward = line_text(step_bars(values, 3, 40, 1, MARK, backward=True)[0])
    assert forward.split() == ["███"] * 3 and forward.startswith("███")  # L<1..3>, the rest to come
    assert backward.split() == ["███"] * 6 and backward.startswith(" " * 8)  # ‖da<3..8>‖


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "sign", "text"),
    [
        (0.0306, 3, False, "0.0306"),
        (-0.00418, 3, False, "-0.00418"),
        (3e-5, 3, False, "3.00e-5"),
        (-1.0, 3, False, "-1.00"),
        (0.0, 3, True, "+0"),
        (-0.0, 3, False, "0"),
        (123.4, 3, False, "123"),
        (999.4, 3, False, "999"),
        (999.6, 3, False, "1.00e3"),  # rounds up to four digits: scientific
        (9999.9, 3, False, "1.00e4"),
        (1234.5, 3, False, "1.23e3"),
        (12345.0, 3, True, "+1.23e4"),
        (0.00099996, 3, False, "0.00100"),  # rounds up into the fixed range
        (0.000412, 4, False, "4.120e-4"),
        (7.528, 2, True, "+7.5"),
        (-0.016, 2, False, "-0.016"),
        (99.96, 2, False, "1.0e2"),
        (-0.9990005, 5, True, "-0.99900"),
        (float("inf"), 3, False, "inf"),
        (float("-inf"), 3, True, "-inf"),
    ],
)
def test_fmt_sig_keeps_its_significant_digits(value, digits, sign, text):
    assert fmt_sig(value, digits, sign=sign) == text


@pytest.mark.parametrize(
    ("value", "digits", "sign", "text"),
    [
        (0.9989, 3, False, "0.999"),
        (7.5281, 3, True, "+7.528"),
        (-0.0001, 3, False, "0.000"),
        (-0.0001, 2, True, "+0.00"),
    ],
)
def test_fmt_has_fixed_decimals_and_never_minus_zero(value, digits, sign, text):
    assert fmt(value, digits, sign=sign) == text


def test_fmt_small_keeps_tiny_values_visible():
    assert fmt_small(0.0011) == "0.001"
    assert fmt_small(0.00013) == "1.3e-04"
    assert fmt_small(0.000584) == "5.8e-04"  # not "0.001", twice the loss it is
    assert fmt_small(-0.000584) == "-5.8e-04" and fmt_small(0.001) == "0.001"


def test_a_probability_in_a_log_keeps_the_digits_the_log_needs():
    """−log of what is shown is the loss shown: near 1, 1 − p is written out."""
    assert fmt_prob(0.7341) == "0.734" and fmt_prob(0.001) == "0.001"
    assert fmt_prob(7.27e-4) == "7.3e-04"
    assert fmt_prob(1 - 7.27e-4) == "(1 − 7.3e-04)"
    assert fmt_prob(1.0) == "1.000" and fmt_prob(0.0) == "0.000"
    assert fmt_small(0.0) == "0.000"
    assert fmt_small(0.9995) == "1.000"


def test_integers_and_previews():
    assert fmt_int(10_000) == "10,000"
    assert vector_preview(np.array([0.314, -1.2, 0.951, 5.0])) == "[+0.31, -1.20, +0.95, …]"
    assert vector_preview([0.5, -0.5], count=3) == "[+0.50, -0.50]"
    assert grad_preview(np.array([-0.00123, 0.0004, 1.0])) == "[-0.0012, +4.0e-4, …]"
    assert grad_preview(np.array([3e-7]), count=1) == "[+3.0e-7]"
