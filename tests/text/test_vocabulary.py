"""Vocabulary: file format, errors, lookup, the bundled 10,000 words."""

import hashlib

import numpy as np
import pytest

from rnnviz.errors import UserError
from rnnviz.text import UNK, Vocabulary, tokenize


def write(tmp_path, text, name="vocab.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_load_indices_are_line_numbers(tmp_path):
    path = write(tmp_path, "the\n<UNK>\nharry\npotter\n")
    v = Vocabulary.load(path)
    assert len(v) == 4
    assert v.words == ("the", "<UNK>", "harry", "potter")
    assert v.unk_index == 1
    assert v.index("harry") == 2
    assert v.index("hermione") == 1
    assert "potter" in v and "hermione" not in v
    assert v.source == str(path)
    assert v.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_lookup_returns_int64_indices_and_unknown_flags(tmp_path):
    v = Vocabulary.load(write(tmp_path, "<UNK>\nharry\npotter\n"))
    indices, unknown = v.lookup(["harry", "granger", "potter"])
    assert indices.dtype == np.int64
    assert indices.tolist() == [1, 0, 2]
    assert unknown == (False, True, False)
    empty, none = v.lookup([])
    assert empty.tolist() == [] and empty.dtype == np.int64 and none == ()


def test_crlf_bom_spaces_and_trailing_blank_lines_are_accepted(tmp_path):
    v = Vocabulary.load(write(tmp_path, "\ufeff<UNK>\r\n harry \r\npotter\n\n\n"))
    assert v.words == ("<UNK>", "harry", "potter")


def test_is_immutable(tmp_path):
    v = Vocabulary.from_words([UNK, "a"])
    with pytest.raises(AttributeError):
        v.words = ("x",)
    with pytest.raises(TypeError):
        v._index["b"] = 5


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("<UNK>\nharry\npotter\nharry\n", 4, "duplicate token 'harry' (first on line 2)"),
        ("<UNK>\nharry\n\npotter\n", 3, "empty line"),
        ("<UNK>\nharry potter\n", 2, "whitespace"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(UserError) as info:
        Vocabulary.load(path)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert words in str(info.value)


def test_non_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = write(tmp_path, b"<UNK>\nharry\ncaf\xe9\n")
    with pytest.raises(UserError, match=r"vocab\.txt:3: not UTF-8 text \(byte 0xe9\)"):
        Vocabulary.load(path)


def test_missing_unk(tmp_path):
    path = write(tmp_path, "harry\npotter\n")
    with pytest.raises(UserError, match=r"vocab\.txt: vocabulary has no <UNK> line"):
        Vocabulary.load(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match=r"nope\.txt: no such file"):
        Vocabulary.load(tmp_path / "nope.txt")
    with pytest.raises(UserError, match="is a directory"):
        Vocabulary.load(tmp_path)


def test_from_words_checks_like_a_file():
    assert Vocabulary.from_words([UNK, "a", "b"]).index("b") == 2
    with pytest.raises(UserError, match=r"<words>:3: duplicate"):
        Vocabulary.from_words([UNK, "a", "a"])


def test_default_vocabulary():
    v = Vocabulary.default()
    assert v is Vocabulary.default()  # cached
    assert len(v) == 10_000
    assert v.words[0] == UNK and v.unk_index == 0
    assert v.words[1:4] == ("the", "to", "and")
    assert len(set(v.words)) == 10_000
    assert v.source.endswith("vocab.txt")
    assert len(v.sha256) == 64


def test_default_words_are_clean_tokens():
    v = Vocabulary.default()
    assert [w for w in v.words[1:] if tokenize(w) != [w]] == []


def test_seed_sentence_has_no_unknown_word():
    tokens = tokenize("Harry Potter and Hermione Granger invented a new spell.")
    indices, unknown = Vocabulary.default().lookup(tokens)
    assert len(indices) == 9
    assert unknown == (False,) * 9
    assert 0 not in indices.tolist()


def test_default_works_from_another_directory(run_python):
    code = "from rnnviz.text import Vocabulary; print(len(Vocabulary.default()))"
    assert run_python(code) == "10000"
