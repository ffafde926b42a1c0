"""The character vocabulary and plain-text files of a character language model."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.errors import UserError
from rnnviz.text.chars import END, NO_INDEX, CharVocabulary, load_lines


def test_the_characters_of_the_lines_after_the_end_token():
    vocab = CharVocabulary.from_lines(["ba b", "ab!"], "f.txt")
    assert vocab.words == ("\n", " ", "!", "a", "b")
    assert vocab.end_index == 0 and len(vocab) == 5
    assert " " in vocab and "c" not in vocab
    assert vocab.unk_index is None


def test_encode_ends_with_the_end_token_and_decode_inverts_it():
    vocab = CharVocabulary.from_lines(["ba b"], "f.txt")
    np.testing.assert_array_equal(vocab.encode("ab a"), [2, 3, 1, 2, 0])
    assert vocab.decode(vocab.encode("ab a")) == "ab a\n"
    indices, unknown = vocab.lookup("axb")
    assert list(indices) == [2, NO_INDEX, 3] and unknown == (False, True, False)


def test_an_unknown_character_is_named_with_its_column():
    vocab = CharVocabulary.from_lines(["abc"], "the characters of f.txt")
    with pytest.raises(UserError) as err:
        vocab.encode("abd", "g.txt:4")
    assert str(err.value) == (
        "g.txt:4: the character 'd' (column 3) is not in the characters of f.txt (3 characters and the end token)"
    )


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (["a", "\n"], "starts with the end token"),
        (["\n", "ab"], "token 1 is 'ab', not one character"),
        (["\n", "a", "a"], "the character 'a' is listed twice"),
        ([], "starts with the end token"),
    ],
)
def test_a_stored_list_that_is_not_a_character_vocabulary(tokens, message):
    with pytest.raises(UserError, match=message):
        CharVocabulary.from_tokens(tokens, "m.npz")


def test_the_stored_list_round_trips():
    vocab = CharVocabulary.from_lines(["Hi there"], "f")
    again = CharVocabulary.from_tokens(list(vocab.words), "m")
    assert again.words == vocab.words and again.sha256 == vocab.sha256


def test_shown_characters():
    assert [CharVocabulary.shown(c) for c in (END, " ", "\t", "a", "\x07")] == ["⏎", "␣", "⇥", "a", "U+0007"]


def test_plain_lines_keep_every_character_and_skip_blank_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("# not a comment\n\n  two spaces first\r\nlast", encoding="utf-8")
    lines = load_lines(path)
    assert [(line.text, line.line) for line in lines] == [
        ("# not a comment", 1),
        ("  two spaces first", 3),
        ("last", 4),
    ]
    assert lines[1].where == f"{path}:3"
    (tmp_path / "blank.txt").write_text("\n \n", encoding="utf-8")
    with pytest.raises(UserError, match="no line of text"):
        load_lines(tmp_path / "blank.txt")
