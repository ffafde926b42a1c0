"""The pure render functions, with real values and no terminal."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.tui import render
from rnnviz.tui.render import (
    BAD,
    CURRENT,
    GOOD,
    MARK,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    cell_style,
    heatmap_line,
    levels,
    line_text,
    line_width,
    onehot_column,
    onehot_line,
    onehot_ruler,
    sentence_lines,
    stacked_line,
    stacked_split,
    step_bars,
    unrolled_lines,
    window,
)


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
    assert bg(cell_style(render.LEVELS)) == POSITIVE
    assert bg(cell_style(-render.LEVELS)) == NEGATIVE


def test_levels_are_symmetric_and_monotonic():
    values = np.linspace(-6, 6, 241)
    lv = levels(values)
    assert (np.diff(lv) >= 0).all()
    np.testing.assert_array_equal(lv, -levels(-values))
    assert lv.min() == -render.LEVELS and lv.max() == render.LEVELS
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


# -- the sentence and the unrolled network ------------------------------------------------

TOKENS = ("harry", "potter", "and", "hermione", "granger", "invented", "a", "new", "spell")
LABELS = (1, 1, 0, 1, 1, 0, 0, 0, 0)


def test_sentence_rows_highlight_the_current_word_and_colour_predictions():
    y_hat = [0.9, 0.2, 0.1, 0.8]
    rows, spans = sentence_lines(TOKENS, [False] * 9, LABELS, y_hat, 4, 120)
    words, ys, preds = (line_text(r) for r in rows)
    current = [segment.text.strip() for segment in rows[0] if segment.style == CURRENT]
    assert current == ["hermione"]
    assert ys.split()[1:] == [str(y) for y in LABELS]
    assert preds.split()[1:5] == ["0.90", "0.20", "0.10", "0.80"]
    styles = {segment.text.strip(): segment.style for segment in rows[2] if segment.text.strip()}
    assert styles["0.90"] == GOOD and styles["0.20"] == BAD and styles["0.10"] == GOOD
    assert [t for *_, t in spans] == list(range(1, 10))
    x0, x1, _ = spans[3]
    assert words[x0:x1].strip() == "hermione"


def test_sentence_shows_unk_beside_the_word():
    rows, _ = sentence_lines(("the", "snitch"), [False, True], None, [], 0, 80)
    assert "<UNK>(snitch)" in line_text(rows[0])
    assert line_text(rows[1]).split()[1:] == ["-", "-"]


def test_long_sentence_scrolls_to_keep_the_current_word():
    tokens = tuple(f"w{i}" for i in range(1, 61))
    rows, spans = sentence_lines(tokens, [False] * 60, None, [0.5] * 60, 50, 80)
    assert 50 in [t for *_, t in spans]
    assert line_text(rows[0]).rstrip().endswith("›") and "‹" in line_text(rows[0])
    lines = unrolled_lines(tokens, [False] * 60, [0.5] * 60, 50, 80)
    assert "[RNN]─a<50>" in line_text(lines[2])
    assert all(line_width(line) <= 80 for line in lines)


def test_window_keeps_focus_visible():
    widths = [7] * 30
    for focus in (0, 10, 29):
        start, stop = window(widths, focus, 50, gap=2)
        assert start <= focus < stop
        assert sum(widths[start:stop]) + 2 * (stop - start - 1) <= 50


def test_unrolled_network_at_t0_and_t4():
    at0 = [line_text(line) for line in unrolled_lines(TOKENS, [False] * 9, [], 0, 120)]
    assert at0[2].startswith("a<0>=0") and at0[2].count("[RNN]") == 9
    assert at0[0].count("?") == 9
    y_hat = [0.9, 0.2, 0.1, 0.8]
    lines = unrolled_lines(TOKENS, [False] * 9, y_hat, 4, 120)
    assert [line_text(lines[0]).split()[i] for i in range(1, 5)] == ["0.90", "0.20", "0.10", "0.80"]
    boxes = [segment for segment in lines[2] if "[RNN]" in segment.text and segment.style == CURRENT]
    assert len(boxes) == 1
    assert "hermione" in "".join(segment.text for segment in lines[4] if segment.style == CURRENT)


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


LONG = tuple(f"w{i}" for i in range(1, 5004))  # a 5,003-word sentence


@pytest.mark.parametrize("backward", [False, True])
@pytest.mark.parametrize("t", [5, 100, 4996])
def test_unrolled_columns_stay_aligned_on_a_long_sentence(t, backward):
    """Once the picture scrolls, the `…a<k>` label left of the chain has the same width as
    at t = 5: every ↑ (and ↓, and the word, and ŷ) sits under the first N of its [RNN]."""
    values = [0.5] * len(LONG)
    lines = unrolled_lines(LONG, [False] * len(LONG), values, t, 120, backward=backward)
    assert all(line_width(line) <= 120 for line in lines)
    rows = [line_text(line) for line in lines]
    chain = rows[2]
    boxes = [i for i in range(len(chain)) if chain.startswith("[RNN]", i)]
    assert len(boxes) >= 5
    for row in (rows[1], rows[3]):
        arrows = [i for i, char in enumerate(row) if char in "↑↓"]
        assert arrows == [box + 2 for box in boxes]
    # the block of step t holds its label in the chain row and its word in the x row
    assert f"[RNN]─{'da' if backward else 'a'}<{t}>" in chain
    assert f"w{t}" in rows[4]


def test_unrolled_head_is_as_wide_at_every_t_of_a_long_sentence():
    values = [0.5] * len(LONG)
    firsts = {
        line_text(unrolled_lines(LONG, [False] * len(LONG), values, t, 120)[2]).index("[RNN]")
        for t in (1, 5, 100, 4996, 5003)
    }
    assert len(firsts) == 1


def test_step_bars_show_a_window_around_t_on_a_long_sentence():
    values = [float(i % 7 + 1) for i in range(len(LONG))]
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
