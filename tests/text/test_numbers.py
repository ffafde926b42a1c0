"""Numbers in words (the seq2seq input), checked against strings written by hand."""

import pytest

from rnnviz.text import tokenize
from rnnviz.text.numbers import all_words, number_words

WRITTEN = {
    0: "zero",
    7: "seven",
    10: "ten",
    11: "eleven",
    13: "thirteen",
    19: "nineteen",
    20: "twenty",
    21: "twenty one",
    40: "forty",
    78: "seventy eight",
    99: "ninety nine",
    100: "one hundred",
    101: "one hundred and one",
    110: "one hundred and ten",
    115: "one hundred and fifteen",
    500: "five hundred",
    999: "nine hundred and ninety nine",
    1000: "one thousand",
    1001: "one thousand and one",
    1010: "one thousand and ten",
    1100: "one thousand one hundred",
    1234: "one thousand two hundred and thirty four",
    2007: "two thousand and seven",
    3042: "three thousand and forty two",
    5600: "five thousand six hundred",
    10000: "ten thousand",
    10001: "ten thousand and one",
    12019: "twelve thousand and nineteen",
    40506: "forty thousand five hundred and six",
    80090: "eighty thousand and ninety",
    99999: "ninety nine thousand nine hundred and ninety nine",
    100000: "one hundred thousand",
    100001: "one hundred thousand and one",
    101000: "one hundred and one thousand",
    110011: "one hundred and ten thousand and eleven",
    123456: "one hundred and twenty three thousand four hundred and fifty six",
    300200: "three hundred thousand two hundred",
    607080: "six hundred and seven thousand and eighty",
    700005: "seven hundred thousand and five",
    909909: "nine hundred and nine thousand nine hundred and nine",
    999999: "nine hundred and ninety nine thousand nine hundred and ninety nine",
}


@pytest.mark.parametrize(("n", "words"), sorted(WRITTEN.items()))
def test_number_words(n, words):
    assert number_words(n) == words


def test_words_are_their_own_tokens():
    for n in (0, 42, 3042, 123456, 999999):
        words = number_words(n)
        assert tokenize(words) == words.split()


def test_all_words_lists_every_word_once():
    words = all_words()
    assert len(words) == len(set(words)) == 31
    used = {word for n in range(0, 1_000_000, 7) for word in number_words(n).split()}
    used |= {word for n in range(100) for word in number_words(n).split()}
    assert used == set(words)


@pytest.mark.parametrize("n", [-1, 1_000_000, 10**9])
def test_out_of_range(n):
    with pytest.raises(ValueError, match="between 0 and 999,999"):
        number_words(n)


@pytest.mark.parametrize("n", [3.0, "3", True])
def test_not_an_int(n):
    with pytest.raises(TypeError):
        number_words(n)
