"""Text in, token indices and labels out: tokenizer, vocabulary, sentence file formats.

Pure Python and NumPy: never imports textual or rich.
"""

from rnnviz.text.formats import (
    Sentence,
    detect_format,
    load_sentences,
    parse_markup,
    parse_plain,
)
from rnnviz.text.samples import (
    default_sentences,
    heldout_sentences,
    heldout_unseen_sentences,
    known_labels,
    sample_sentences_dir,
)
from rnnviz.text.tokens import tokenize
from rnnviz.text.vocab import UNK, Vocabulary

__all__ = [
    "UNK",
    "Sentence",
    "Vocabulary",
    "default_sentences",
    "detect_format",
    "heldout_sentences",
    "heldout_unseen_sentences",
    "known_labels",
    "load_sentences",
    "parse_markup",
    "parse_plain",
    "sample_sentences_dir",
    "tokenize",
]
