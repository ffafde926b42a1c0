"""What the debugger reads for the classifier and the encoder-decoder: inputs whose targets
are not one label per word. A classifier's review has one label (1 positive, 0 negative); a
number in words has its digits as the decoder's targets (the output indices, <END> last).

Files are the tasks' (`label<TAB>sentence`, `input<TAB>output`); a model opens on its sample
file (`meta["samples"]`). Typed text (the `e` dialog, or the command line) takes its label
in the line itself, since a dialog's input has no tab:

    1: The staff were lovely.            a labeled review (0: negative); without it, unlabeled
    three thousand and forty two = 3042  a number and its digits; without "= …", unlabeled

An unlabeled review has no loss (no backward mode); an unlabeled number is decoded greedily,
a labeled one is teacher-forced (the decoder is fed the target's digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..text import Sentence, tokenize
from .seq2seq import Outputs, output_vocab

SHAPES = ("classifier", "seq2seq")
REVIEW_LABEL = re.compile(r"^\s*([01])\s*[:\t]\s*")  # "1: …", "0: …", or a pasted "1<TAB>…"
NUMBER_TARGET = re.compile(r"^(.*?)\s*(?:=|\t)\s*(\S.*?)\s*$")  # "words = digits", or "words<TAB>digits"
SENTIMENT = {1: "positive", 0: "negative"}


@dataclass(frozen=True)
class Targeted(Sentence):
    """An input whose targets are the shape's, not one label per word: `labels` is (y,) for a
    classifier, y<1 … T_y> (output indices, <END> last) for an encoder-decoder, None when
    unlabeled. `target` is how the targets read: "1", "3042"."""

    target: str | None = None

    def __post_init__(self) -> None:  # no label per word: the shape checks its targets
        return None


def review(text: str, label: int | None, source: str | None = None, line: int | None = None) -> Targeted:
    tokens = tuple(tokenize(text))
    if not tokens:
        raise UserError(f"{text!r} has no word to read")
    labels = None if label is None else (label,)
    return Targeted(tokens, labels, text, source, line, None if label is None else str(label))


def number(outputs: Outputs, text: str, target: str | None, source: str | None = None, line: int | None = None):
    """An input in words and, when given, the output it should give (its characters must be
    in the model's output vocabulary)."""
    tokens = tuple(tokenize(text))
    if not tokens:
        raise UserError(f"{text!r} has no word to read")
    labels = None
    if target is not None:
        found = outputs.targets(target)
        if found is None:
            chars = ", ".join(repr(c) for c in outputs.missing(target))
            raise UserError(
                f"the output {target!r}: {chars} is not one of the model's outputs ({outputs_list(outputs)})"
            )
        labels = tuple(found)
    return Targeted(tokens, labels, text, source, line, target)


def outputs_list(outputs: Outputs) -> str:
    return " ".join(word for word in outputs.words[1:])


def typed_review(text: str) -> Targeted:
    """A review typed by the user: `1: …` or `0: …` labels it, else it is unlabeled."""
    found = REVIEW_LABEL.match(text)
    if found is None:
        return review(text.strip(), None)
    return review(text[found.end() :].strip(), int(found.group(1)))


def typed_number(params: Any, text: str) -> Targeted:
    """A number in words typed by the user: `… = 3042` gives its digits (teacher forcing),
    else it is unlabeled (greedy decoding)."""
    outputs = outputs_of(params)
    found = NUMBER_TARGET.match(text)
    if found is None:
        return number(outputs, text.strip(), None)
    return number(outputs, found.group(1).strip(), found.group(2))


def typed(params: Any, text: str) -> Targeted:
    """Text typed for a classifier or an encoder-decoder (the `e` dialog, the command line)."""
    return typed_number(params, text) if params.spec.shape == "seq2seq" else typed_review(text)


def as_typed(sentence: Sentence, shape: str) -> str:
    """How the `e` dialog shows an input, so that Enter gives it back: `1: …`, `… = 3042`."""
    target = getattr(sentence, "target", None)
    if target is None:
        return sentence.text
    return f"{sentence.text} = {target}" if shape == "seq2seq" else f"{target}: {sentence.text}"


def outputs_of(params: Any) -> Outputs:
    found = output_vocab(params)
    if found is None:
        raise UserError(f"{params.meta.get('source', 'the model')}: carries no output vocabulary (meta 'vocab' 'y')")
    return found


def read_file(params: Any, path: str | Path, source: str | None = None) -> list[Targeted]:
    """The inputs of a task file: `label<TAB>sentence` for a classifier, `input<TAB>output`
    for an encoder-decoder (UserError naming the line for what cannot be read)."""
    from ..text.labeled import load_labeled_lines, load_pairs

    name = source or str(path)
    if params.spec.shape == "seq2seq":
        outputs = outputs_of(params)
        out = []
        for pair in load_pairs(path):
            try:
                out.append(number(outputs, pair.input, pair.output, name, pair.line))
            except UserError as error:
                raise UserError(f"{path}:{pair.line}: {error}") from None
        return out
    return [review(line.text, line.label, name, line.line) for line in load_labeled_lines(path)]


def shaped_inputs(
    params: Any, path: str | Path | None = None, text: str | None = None
) -> tuple[list[Targeted], str] | None:
    """What the debugger opens for a classifier or an encoder-decoder, and its name: the text
    given on the command line, the inputs of --file, or the model's sample file; None for
    another shape."""
    from ..text import sample_sentences_dir

    if params.spec.shape not in SHAPES:
        return None
    if text is not None:
        return [typed(params, text)], "command line"
    if path is not None:
        return read_file(params, path), str(path)
    samples = params.meta.get("samples")
    default = "classifier/heldout.txt" if params.spec.shape == "classifier" else "seq2seq/heldout.txt"
    name = samples if isinstance(samples, str) else default
    source = f"sample_sentences/{name}"
    return read_file(params, sample_sentences_dir() / name, source), source


def samples_for(params: Any, vocab: Any) -> tuple[list[Sentence], str]:
    """A bundled model's sample inputs (`meta["samples"]`) in the form of its shape, and where
    they come from: a language model's lines, a classifier's reviews, an encoder-decoder's
    numbers, a tagger's sentences (UserError when the model names none that can be read)."""
    from ..pipeline import lm_lines
    from ..text import load_sentences, sample_sentences_dir
    from ..text.chars import CharVocabulary

    if params.spec.shape == "lm" and isinstance(vocab, CharVocabulary):
        return lm_lines(params, vocab, None, None)
    shaped = shaped_inputs(params)
    if shaped is not None:
        return list(shaped[0]), shaped[1]
    samples = params.meta.get("samples")
    if not isinstance(samples, str) or not (sample_sentences_dir() / samples).is_file():
        raise UserError("the model names no sample file (meta 'samples')")
    return load_sentences(sample_sentences_dir() / samples), f"sample_sentences/{samples}"
