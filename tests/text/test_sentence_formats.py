"""Markup and CoNLL sentence files: parsing, format detection, located errors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnnviz.errors import UserError
from rnnviz.text import Sentence, detect_format, load_sentences, parse_markup, parse_plain
from rnnviz.text.tokens import tokenize

SEED_TOKENS = ("harry", "potter", "and", "hermione", "granger", "invented", "a", "new", "spell")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def load_error(path):
    with pytest.raises(UserError) as info:
        load_sentences(path)
    return str(info.value)


# --- markup ------------------------------------------------------------------------------


def test_seed_sentence_markup():
    s = parse_markup("[Harry Potter] and [Hermione Granger] invented a new spell.")
    assert s.tokens == SEED_TOKENS
    assert s.labels == (1, 1, 0, 1, 1, 0, 0, 0, 0)
    assert len(s.tokens) == 9  # T_x
    assert s.text == "Harry Potter and Hermione Granger invented a new spell."
    assert s.labeled


@pytest.mark.parametrize(
    ("line", "tokens", "labels"),
    [
        ("[Amara Okafor] opened the window.", "amara okafor opened the window", [1, 1, 0, 0, 0]),
        ("Yesterday [Li Wei] left.", "yesterday li wei left", [0, 1, 1, 0]),
        ("We had lunch with [Sofia].", "we had lunch with sofia", [0, 0, 0, 0, 1]),
        ("The library was quiet.", "the library was quiet", [0, 0, 0, 0]),
        ("[Hermione].", "hermione", [1]),
        ("[Ron], [Harry]!", "ron harry", [1, 1]),
        ("[Harry]'s wand", "harry's wand", [1, 0]),
        ("[Liam O'Connor] ran.", "liam o'connor ran", [1, 1, 0]),
        ("Professor [McGonagall] smiled.", "professor mcgonagall smiled", [0, 1, 0]),
    ],
)
def test_markup_labels(line, tokens, labels):
    s = parse_markup(line)
    assert s.tokens == tuple(tokens.split())
    assert s.labels == tuple(labels)
    assert tokenize(s.text) == list(s.tokens)


def test_plain_sentence_is_unlabeled():
    s = parse_plain("Harry Potter and Hermione Granger invented a new spell.")
    assert s.tokens == SEED_TOKENS
    assert s.labels is None and not s.labeled


def test_sentence_checks_label_count():
    with pytest.raises(ValueError):
        Sentence(("a", "b"), (1,), "a b")


def test_markup_file_comments_blank_lines_and_plain_mode(tmp_path):
    path = write(
        tmp_path,
        "s.txt",
        "# a header\n"
        "[Harry Potter] and [Hermione Granger] invented a new spell.\n"
        "\n"
        "No names here.\n"
        "# format: plain\n"
        "Ron Weasley laughed.\n"
        "#Format : Markup\n"
        "[Ron] laughed.\n",
    )
    sentences = load_sentences(path)
    assert [s.tokens for s in sentences] == [
        SEED_TOKENS,
        ("no", "names", "here"),
        ("ron", "weasley", "laughed"),
        ("ron", "laughed"),
    ]
    assert [s.labels for s in sentences] == [
        (1, 1, 0, 1, 1, 0, 0, 0, 0),
        (0, 0, 0),
        None,
        (1, 0),
    ]
    assert [s.line for s in sentences] == [2, 4, 6, 8]
    assert {s.source for s in sentences} == {str(path)}


# --- CoNLL -------------------------------------------------------------------------------

CONLL = """\
-DOCSTART- -X- -X- O

Harry NNP B-NP B-PER
Potter NNP I-NP I-PER
visited VBD B-VP O
London NNP B-NP B-LOC
. . O O

Jean-Luc NNP B-NP B-PER
said VBD B-VP O
" " O O
hello UH B-INTJ O
"""


def test_conll(tmp_path):
    sentences = load_sentences(write(tmp_path, "d.conll", CONLL))
    assert [s.tokens for s in sentences] == [
        ("harry", "potter", "visited", "london"),
        ("jean", "luc", "said", "hello"),
    ]
    assert [s.labels for s in sentences] == [(1, 1, 0, 0), (1, 1, 0, 0)]
    assert [s.line for s in sentences] == [3, 9]
    assert sentences[0].text == "Harry Potter visited London ."
    assert tokenize(sentences[1].text) == list(sentences[1].tokens)


def test_conll_tag_variants_two_columns_tabs_crlf(tmp_path):
    text = "Ron\tS-PER\r\nmet\tO\r\nLuna\tPER\r\nin\tO\r\nParis\tE-LOC\r\n"
    [s] = load_sentences(write(tmp_path, "d.bio", text))
    assert s.tokens == ("ron", "met", "luna", "in", "paris")
    assert s.labels == (1, 0, 1, 0, 0)


def test_conll_punctuation_only_sentence_is_skipped(tmp_path):
    sentences = load_sentences(write(tmp_path, "d.conll", ". O\n\nHi O\n"))
    assert [s.tokens for s in sentences] == [("hi",)]


# --- format detection --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.conll", "a.conll03", "a.BIO", "a.tsv"])
def test_a_conll_extension_wins(name):
    assert detect_format(name, "[Harry] ran.\n") == "conll"


@pytest.mark.parametrize("name", ["train.txt", "a.md", "a.data"])
def test_conll_content_in_a_txt_file_is_conll(name):
    """CoNLL-2003's own files are named train.txt: the content decides."""
    content = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n"
    assert detect_format(name, content) == "conll"
    assert detect_format(name, "Harry NNP B-PER\nran VBD O\n") == "conll"


def test_a_markup_line_ending_in_a_tag_word_stays_markup(tmp_path):
    [s] = load_sentences(write(tmp_path, "y.dat", "[Harry] said no to the ORG\n"))
    assert s.labels == (1, 0, 0, 0, 0, 0)
    sentences = load_sentences(write(tmp_path, "z.dat", "He joined ORG\nShe saw it.\nThey left.\n"))
    assert [len(s.tokens) for s in sentences] == [3, 3, 2]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("-DOCSTART- -X- O O\n\nHarry B-PER\n", "conll"),
        ("\nHarry NNP B-PER\nran VBD O\n", "conll"),
        ("Harry PER\n", "conll"),
        ("# comment line\nRon I-PER\n", "conll"),
        ("# comment line\n[Harry] and Ron.\n", "markup"),
        ("Harry ran away.\n", "markup"),
        ("Hermione.\n", "markup"),
        ("", "markup"),
    ],
)
def test_detect_by_content(content, expected):
    assert detect_format("sentences.data", content) == expected


def test_load_by_content_without_extension(tmp_path):
    [s] = load_sentences(write(tmp_path, "data", "Harry B-PER\nwon O\n"))
    assert s.tokens == ("harry", "won") and s.labels == (1, 0)
    [s] = load_sentences(write(tmp_path, "data2", "[Harry] won.\n"))
    assert s.tokens == ("harry", "won") and s.labels == (1, 0)


# --- errors: every message starts with file:line ------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("ok.\n[Harry Potter and Ron.\n", 2, "'[' at column 1 is never closed"),
        ("ok.\n\nHarry] ran.\n", 3, "']' at column 6 has no matching '['"),
        ("[Harry [Potter]] ran.\n", 1, "nested '[' at column 8"),
        ("# c\n[] ran.\n", 2, "empty brackets at column 1"),
        ("Hi [ . ] there.\n", 1, "empty brackets at column 4"),
        ("ok.\n... !\n", 2, "no word in this line"),
        ("# format: plain\nok.\n[Harry] ran.\n", 3, "'[' at column 1 in an unlabeled sentence"),
        ("# format: conll\n", 1, "unknown format 'conll'"),
    ],
)
def test_markup_errors(tmp_path, text, line, words):
    path = write(tmp_path, "s.txt", text)
    message = load_error(path)
    assert message.startswith(f"{path}:{line}: ")
    assert words in message


def test_conll_line_without_tag(tmp_path):
    path = write(tmp_path, "d.conll", "Harry B-PER\nPotter\n")
    assert load_error(path) == f"{path}:2: only one column ('Potter'); expected a token and a tag"


def test_non_utf8_names_the_line(tmp_path):
    path = write(tmp_path, "s.txt", b"[Harry] ran.\nHe said \xff\xfe.\n")
    assert load_error(path) == f"{path}:2: not UTF-8 text (byte 0xff)"
    path = write(tmp_path, "d.conll", b"a O\n\nb O\nc\xc3 O\n")
    assert load_error(path).startswith(f"{path}:4: not UTF-8")


def test_missing_and_unreadable_files(tmp_path):
    assert load_error(tmp_path / "gone.txt") == f"{tmp_path / 'gone.txt'}: no such file"
    assert load_error(tmp_path).startswith(f"{tmp_path}: is a directory")


@pytest.mark.parametrize(("name", "text"), [("e.txt", "# only a comment\n\n"), ("e.conll", "")])
def test_file_without_sentences(tmp_path, name, text):
    path = write(tmp_path, name, text)
    assert load_error(path) == f"{path}: no sentence in this file"


def test_parse_markup_without_a_file_says_where_it_can():
    with pytest.raises(UserError, match=r"^<text>: nested"):
        parse_markup("[a [b]]")
    with pytest.raises(UserError, match=r"^cli:7: no word"):
        parse_markup("?!", source="cli", line_no=7)
    with pytest.raises(UserError, match=r"^<text>: no word"):
        parse_plain("  ")


# --- property: markup round-trips ---------------------------------------------------------

words = st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8).filter(
    lambda w: len(tokenize(w)) == 1
)


def to_markup(tokens, labels, punctuation):
    parts, i = [], 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and labels[j] == labels[i]:
            j += 1
        run = " ".join(tokens[i:j])
        parts.append(f"[{run}]" if labels[i] else run)
        i = j
    return (" " + punctuation + " ").join(parts) + punctuation


@given(
    st.lists(st.tuples(words, st.integers(0, 1)), min_size=1, max_size=12),
    st.sampled_from(["", ",", " -", ";", " ..."]),
)
def test_markup_round_trip(pairs, punctuation):
    tokens = [tokenize(w)[0] for w, _ in pairs]
    labels = [label for _, label in pairs]
    s = parse_markup(to_markup(tokens, labels, punctuation))
    assert s.tokens == tuple(tokens)
    assert s.labels == tuple(labels)


@pytest.mark.parametrize(
    ("text", "line", "found", "expected", "first"),
    [
        # a row missing its chunk column inside a sentence: "B-NP" would have been its tag
        ("Harry NNP B-NP B-PER\nPotter NNP I-PER\nran VBD B-VP O\n", 2, 3, 4, 1),
        # a later sentence with fewer columns than the file's first row
        ("-DOCSTART- -X- O\n\nHarry NNP B-PER\nran VBD O\n\nRon B-PER\n", 6, 2, 3, 3),
        # one column too many
        ("Harry B-PER\nran NN O\n", 2, 3, 2, 1),
    ],
)
def test_conll_rows_must_have_the_same_columns(tmp_path, text, line, found, expected, first):
    path = write(tmp_path, "d.conll", text)
    assert load_error(path) == (
        f"{path}:{line}: {found} columns, but the file's rows have {expected} (from line {first}); "
        "every row needs the same columns, the tag last"
    )
