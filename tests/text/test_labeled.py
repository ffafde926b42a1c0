"""The two tab-separated formats: labeled sentences and input/output pairs."""

import dataclasses

import pytest

from rnnviz.errors import UserError
from rnnviz.text.labeled import LabeledLine, Pair, load_labeled_lines, load_pairs


def write(tmp_path, text, name="data.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def error_of(load, path):
    with pytest.raises(UserError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


# Labeled sentences


def test_labeled_good_file(tmp_path):
    path = write(
        tmp_path,
        "# a header\n"
        "#   and a second comment line\n"
        "\n"
        "1\tNot a single dull moment.\n"
        "   \n"
        "  # an indented comment\n"
        "0\tTwo hours felt like five.\r\n"
        "1\t  Spaces around the sentence go.  \n",
    )
    lines = load_labeled_lines(path)
    assert lines == [
        LabeledLine("Not a single dull moment.", 1, str(path), 4),
        LabeledLine("Two hours felt like five.", 0, str(path), 7),
        LabeledLine("Spaces around the sentence go.", 1, str(path), 8),
    ]


def test_labeled_line_is_frozen(tmp_path):
    line = load_labeled_lines(write(tmp_path, "1\tgood\n"))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.label = 0


def test_labeled_last_line_without_newline(tmp_path):
    lines = load_labeled_lines(write(tmp_path, "0\tfirst\n1\tsecond"))
    assert [(x.text, x.label, x.line) for x in lines] == [("first", 0, 1), ("second", 1, 2)]


def test_labeled_no_tab(tmp_path):
    path = write(tmp_path, "# header\n1 a space is not a tab\n")
    assert error_of(load_labeled_lines, path) == f"{path}:2: expected label<TAB>sentence, found no tab"


def test_labeled_two_tabs(tmp_path):
    path = write(tmp_path, "1\tfine\n0\tone\ttoo many\n")
    assert error_of(load_labeled_lines, path) == f"{path}:2: expected label<TAB>sentence, found 2 tabs"


def test_labeled_bad_label(tmp_path):
    path = write(tmp_path, "1\tfine\n\n2\tnot a label\n")
    assert error_of(load_labeled_lines, path) == f"{path}:3: label '2' is not 0 or 1"


def test_labeled_word_label(tmp_path):
    path = write(tmp_path, "positive\tlovely\n")
    assert error_of(load_labeled_lines, path) == f"{path}:1: label 'positive' is not 0 or 1"


def test_labeled_empty_label(tmp_path):
    path = write(tmp_path, "\tlovely\n")
    assert error_of(load_labeled_lines, path) == f"{path}:1: label '' is not 0 or 1"


def test_labeled_no_sentence(tmp_path):
    path = write(tmp_path, "1\tgood\n0\t ... \n")
    assert error_of(load_labeled_lines, path) == f"{path}:2: no word in the sentence after the label"


def test_labeled_only_comments(tmp_path):
    path = write(tmp_path, "# nothing here\n\n")
    assert error_of(load_labeled_lines, path) == f"{path}: no label<TAB>sentence line in this file"


def test_labeled_missing_file(tmp_path):
    path = tmp_path / "absent.txt"
    assert error_of(load_labeled_lines, path) == f"{path}: no such file"


def test_labeled_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"1\tfine\n0\tcaf\xe9\n")
    assert error_of(load_labeled_lines, path) == f"{path}:2: not UTF-8 text (byte 0xe9)"


# Input/output pairs


def test_pairs_good_file(tmp_path):
    path = write(
        tmp_path,
        "# number words to digits\n"
        "three thousand and forty two\t3042\n"
        "\n"
        "zero\t0\n"
        "  seven  \t7\r\n"
        "a sentence\t kept exactly \n",
    )
    assert load_pairs(path) == [
        Pair("three thousand and forty two", "3042", str(path), 2),
        Pair("zero", "0", str(path), 4),
        Pair("seven", "7", str(path), 5),
        Pair("a sentence", " kept exactly ", str(path), 6),
    ]


def test_pair_is_frozen(tmp_path):
    pair = load_pairs(write(tmp_path, "one\t1\n"))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.output = "2"


def test_pairs_no_tab(tmp_path):
    path = write(tmp_path, "one\t1\ntwo 2\n")
    assert error_of(load_pairs, path) == f"{path}:2: expected input<TAB>output, found no tab"


def test_pairs_two_tabs(tmp_path):
    path = write(tmp_path, "one\t1\t1\n")
    assert error_of(load_pairs, path) == f"{path}:1: expected input<TAB>output, found 2 tabs"


def test_pairs_empty_output(tmp_path):
    path = write(tmp_path, "# c\none\t1\ntwo\t\n")
    assert error_of(load_pairs, path) == f"{path}:3: empty output after the tab"


def test_pairs_no_input(tmp_path):
    path = write(tmp_path, "one\t1\n  \t2\n")
    assert error_of(load_pairs, path) == f"{path}:2: no word in the input before the tab"


def test_pairs_empty_file(tmp_path):
    path = write(tmp_path, "")
    assert error_of(load_pairs, path) == f"{path}: no input<TAB>output line in this file"


def test_pairs_directory(tmp_path):
    assert error_of(load_pairs, tmp_path) == f"{tmp_path}: is a directory, not a file"
