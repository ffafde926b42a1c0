"""tokenize: lowercase word tokens, punctuation dropped."""

import string

from hypothesis import given
from hypothesis import strategies as st

from rnnviz.text import tokenize
from rnnviz.text.tokens import is_word, token_spans

SEED = "Harry Potter and Hermione Granger invented a new spell."


def test_seed_sentence():
    assert tokenize(SEED) == [
        "harry",
        "potter",
        "and",
        "hermione",
        "granger",
        "invented",
        "a",
        "new",
        "spell",
    ]


def test_apostrophes_inside_words_stay():
    assert tokenize("I don't know O'Brien's dog") == ["i", "don't", "know", "o'brien's", "dog"]
    assert tokenize("Don\u2019t") == ["don't"]  # typographic apostrophe written as '


def test_apostrophes_at_the_edges_are_punctuation():
    assert tokenize("'Twas the students' rock 'n' roll") == [
        "twas",
        "the",
        "students",
        "rock",
        "n",
        "roll",
    ]


def test_hyphens_separate():
    assert tokenize("my mother-in-law, Jean-Luc") == ["my", "mother", "in", "law", "jean", "luc"]


def test_numbers_are_tokens():
    assert tokenize("3 owls, 1,000 letters, 3.5 km in 1999.") == [
        "3",
        "owls",
        "1,000",
        "letters",
        "3.5",
        "km",
        "in",
        "1999",
    ]


def test_punctuation_only_gives_nothing():
    assert tokenize("... !? -- [] ()") == []
    assert tokenize("") == []
    assert not is_word(" .,; ")
    assert is_word("x")


def test_unicode_is_normalized_and_lowercased():
    assert tokenize("ＨＡＲＲＹ Grünewald CAFÉ") == ["harry", "grünewald", "café"]
    assert tokenize("Cafe\u0301") == ["café"]  # combining accent joins the word


def test_spans_point_into_the_text():
    text = "Hi, Ron Weasley!"
    assert [(t, text[s:e]) for t, s, e in token_spans(text)] == [
        ("hi", "Hi"),
        ("ron", "Ron"),
        ("weasley", "Weasley"),
    ]


@given(st.text())
def test_tokens_are_lowercase_words(text):
    for token in tokenize(text):
        assert token
        assert not any(c.isupper() for c in token)
        assert any(c.isalnum() for c in token)  # never pure punctuation
        assert not any(c.isspace() for c in token)
        assert tokenize(token) == [token]


@given(st.text(alphabet=string.printable))
def test_tokenize_is_idempotent_on_its_output(text):
    tokens = tokenize(text)
    assert tokenize(" ".join(tokens)) == tokens
