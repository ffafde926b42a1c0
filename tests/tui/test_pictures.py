"""The pictures of the sentence and of the unrolled network (tui/panels/sentence.py,
unrolled.py), from plain values, with no terminal."""

from __future__ import annotations

import pytest

from rnnviz.tui.draw.colours import BAD, CURRENT, GOOD
from rnnviz.tui.draw.text import line_text, line_width
from rnnviz.tui.panels.sentence import sentence_lines
from rnnviz.tui.panels.unrolled import unrolled_lines

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
