"""A short sentence in a tall history panel (the wide layout, a big screen): each word's row is
drawn up to three times, its label on the first, so the panel has no empty half. The rows
are the same words in the history of a<t> and in the LSTM's history of c<t> beside it."""

from __future__ import annotations

import pytest

from rnnviz.pipeline import load_params
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import cell_history, histories, history
from rnnviz.tui.panels.history import rows_per_word
from rnnviz.tui.session import Session


def rows(panel, view, width, height):
    return [line_text(line) for line in panel.PANEL.lines(view, width, height)]


@pytest.mark.parametrize(("T", "height", "k"), [(9, 28, 3), (9, 19, 2), (9, 9, 1), (9, 8, 1), (30, 28, 1), (2, 40, 3)])
def test_rows_per_word(T, height, k):
    assert rows_per_word(T, height) == k


def test_each_word_takes_three_rows_in_a_tall_history(params, vocab, samples):
    session = Session(samples, params, vocab, "x")
    view = session.view(0, 4)  # the seed's sentence: 9 words
    shown = rows(history, view, 160, 29)[1:]  # under the title: 28 rows, 3 a word
    assert len(shown) == 27
    labels = [row[:12].strip() for row in shown]
    assert labels[0::3] == [
        "1 harry",
        "2 potter",
        "3 and",
        "▶ 4 hermione",
        "5 granger",
        "6 invented",
        "7 a",
        "8 new",
        "9 spell",
    ]
    assert all(label == "" for i, label in enumerate(labels) if i % 3)
    assert shown[1][12:] == shown[0][12:] == shown[2][12:]  # the same heatmap under its label
    assert shown[12][12:].strip() == "·" and shown[13].strip() == shown[14].strip() == ""  # word 5: not yet
    back = rows(history, session.view(0, 4, mode="backward"), 160, 29)[1:]
    assert [row[:12].strip() for row in back][0::3][3] == "▶ 4 hermione" and back[9][19:] == back[10][
        19:
    ]  # after the norm


def test_the_cell_state_rows_stay_beside_their_words(vocab, samples):
    lstm = Session(samples, load_params("lstm-tagger", vocab), vocab, "x").view(0, 4)
    a_rows = rows(history, lstm, 100, 29)[1:]
    c_rows = rows(cell_history, lstm, 60, 29)[1:]
    assert len(a_rows) == len(c_rows) == 27
    assert [row.startswith("▶") for row in c_rows] == [row.startswith("▶") for row in a_rows]
    assert c_rows[9].startswith("▶") and c_rows[10][2:] == c_rows[9][2:]  # word 4, twice more under it


def test_a_deep_networks_history_too(bi_params, vocab, samples):
    view = Session(samples, bi_params, vocab, "x").view(0, 2, layer=1)
    shown = rows(histories, view, 160, 28)[1:]
    assert len(shown) == 27 and [row[:12].strip() for row in shown][0::3][:2] == ["1 harry", "▶ 2 potter"]
    assert shown[4][12:] == shown[3][12:]  # potter's row again, both directions
