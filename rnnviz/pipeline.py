"""From what the user names to a Trace: the model, the vocabulary and the sentences.

The CLI and the TUI both go through here, so `rnnviz trace` and the debugger always show the
same numbers for the same input. No UI imports.
"""

from __future__ import annotations

from pathlib import Path

from . import bundled
from .engine import Params, Trace, build_trace
from .engine.modelio import check_vocab, load_model, vocab_mismatch
from .errors import UserError
from .text import Sentence, Vocabulary, known_labels, parse_markup, tokenize
from .text.chars import CharVocabulary
from .text.vocab import Lexicon


def bundled_model_path() -> Path:
    """The default model shipped as package data (scripts/build_model.py tagger)."""
    return bundled.path_of(bundled.DEFAULT)


def load_vocab(path: str | Path | None) -> Vocabulary:
    return Vocabulary.default() if path is None else Vocabulary.load(path)


def load_params(
    model: str | Path | None, vocab: Vocabulary, activation: str | None = None, params: Params | None = None
) -> Params:
    """The model named by --model (a file: .npz, .safetensors, PyTorch state dict; or the
    name of a bundled model), or the bundled default; its n_x must match the vocabulary.
    `activation` is nn.RNN's nonlinearity for a PyTorch file (for rnnviz's own files it must
    agree with the file)."""
    if params is None:
        params = load_model(bundled.resolve(model), activation)
    name = bundled.describe(model)
    check_vocab(params, len(vocab), name, vocab.source)
    if vocab_mismatch(params, vocab.sha256):
        raise UserError(
            f"{name}: was trained with another vocabulary than {vocab.source} (sha256 differs); "
            "a word's index would point at another word's column"
        )
    return params


def carried_vocab(params: Params, which: str = "x") -> Vocabulary | CharVocabulary | None:
    """The vocabulary a model carries in its meta (`meta["vocab"][which]`: a language model's
    characters, an encoder-decoder's words and output characters), or None. Its kind is
    `meta["vocab"]["kinds"][which]` ("characters": a CharVocabulary), words by default."""
    carried = params.meta.get("vocab")
    if not isinstance(carried, dict) or which not in carried:
        return None
    words = carried[which]
    model = params.meta.get("source", "the model")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise UserError(f"{model}: meta 'vocab' {which!r} must be a list of tokens")
    kinds = carried.get("kinds") or {}
    kind = kinds.get(which, "words") if isinstance(kinds, dict) else None
    if kind == CharVocabulary.kind:
        return CharVocabulary.from_tokens(words, source=f"the vocabulary of {model}")
    if kind != "words":
        raise UserError(f"{model}: meta 'vocab' 'kinds' {which!r} must be 'words' or 'characters', not {kind!r}")
    return Vocabulary.from_words(words, source=f"the vocabulary of {model}")


def load_model_and_vocab(
    model: str | Path | None, vocab_path: str | Path | None, activation: str | None = None
) -> tuple[Params, Vocabulary | CharVocabulary]:
    """The model named by --model and the vocabulary of its inputs: the one it carries, else
    --vocab, else the bundled 10,000 words (checked against the model)."""
    params = load_model(bundled.resolve(model), activation)
    carried = carried_vocab(params)
    if carried is None:
        vocab = load_vocab(vocab_path)
        return load_params(model, vocab, activation, params), vocab
    if vocab_path is not None:
        raise UserError(f"--vocab {vocab_path}: {bundled.describe(model)} carries its own vocabulary")
    check_vocab(params, len(carried), bundled.describe(model), carried.source)
    return params, carried


def describe_model(params: Params) -> str:
    """One phrase for headers: trained or not, and on what."""
    meta = params.meta
    if meta.get("trained"):
        return f"trained on {meta['trained_on']}" if meta.get("trained_on") else "trained"
    if "init_seed" in meta:
        return f"untrained (seeded random init, seed {meta['init_seed']})"
    return f"weights from {Path(meta.get('source', 'a file')).name}, training unknown"


def sentence_from_text(text: str) -> Sentence:
    """A sentence typed by the user. Bracket markup ("[Harry] met [Ron]") labels it; else
    its labels come from sample_sentences/ when it is one of them; else it is unlabeled."""
    if "[" in text or "]" in text:
        return parse_markup(text.strip(), source="the sentence")
    tokens = tuple(tokenize(text))
    if not tokens:
        what = "empty" if not text.strip() else "only punctuation"
        raise UserError(f"the sentence {text!r} is {what}: it has no word to step through")
    return Sentence(tokens=tokens, labels=known_labels(tokens), text=text)


def trace_sentence(params: Params, vocab: Lexicon, sentence: Sentence) -> Trace:
    """The forward pass of one sentence; unknown words are fed as <UNK> and marked. A
    language model reads the sentence's text, character by character (`trace_sequence`)."""
    if params.spec.shape == "lm" and isinstance(vocab, CharVocabulary):
        where = f"{sentence.source}:{sentence.line}" if sentence.line is not None else (sentence.source or "the text")
        return trace_sequence(params, vocab, vocab.encode(sentence.text, where).tolist())
    indices, unknown = vocab.lookup(sentence.tokens)
    return build_trace(params, sentence.tokens, indices, sentence.labels, unknown)


def trace_sequence(params: Params, vocab: CharVocabulary, sequence: list[int]) -> Trace:
    """A language model's pass over w<1 … T> (token indices, the end token last when it
    ends): x<1> = 0 (token ""), x<t+1> = w<t>, and the targets y<t> = w<t>."""
    from .engine.shapes.lm import inputs_of

    return build_trace(params, ("", *vocab.decode(sequence[:-1])), inputs_of(sequence), sequence)


def chars_of(vocab: Lexicon) -> CharVocabulary:
    """A language model's vocabulary as the character vocabulary it is."""
    if not isinstance(vocab, CharVocabulary):
        raise UserError(f"{vocab.source}: is not a character vocabulary")
    return vocab


def line_sentence(text: str, source: str | None = None, line: int | None = None) -> Sentence:
    """A line of text as the debugger holds it for a language model: its characters as the
    tokens, no labels of its own (the targets are the next characters)."""
    return Sentence(tokens=tuple(text), labels=None, text=text, source=source, line=line)


def lm_line_from_text(vocab: CharVocabulary, text: str) -> Sentence:
    """A line typed by the user for a language model: one line, every character known."""
    if not text:
        raise UserError("the line is empty: type at least one character")
    if "\n" in text or "\r" in text:
        raise UserError("a line cannot hold a line break")
    vocab.encode(text, "the line")
    return line_sentence(text)


def lm_lines(
    params: Params, vocab: CharVocabulary, path: str | Path | None, text: str | None
) -> tuple[list[Sentence], str]:
    """What the debugger opens for a language model, and its name: a line given on the
    command line, the lines of --file, or the model's sample file (`meta["samples"]`, under
    sample_sentences/: charlm's held-out lines). A character the model does not know is a
    UserError naming the line."""
    from .text import sample_sentences_dir
    from .text.chars import load_lines

    if text is not None:
        sentences, source = [lm_line_from_text(vocab, text)], "command line"
    else:
        if path is None:
            samples = params.meta.get("samples")
            if not isinstance(samples, str) or not (sample_sentences_dir() / samples).is_file():
                raise UserError("give a line or --file PATH: the model names no sample file (meta 'samples')")
            path, source = sample_sentences_dir() / samples, f"sample_sentences/{samples}"
        else:
            source = str(path)
        lines = load_lines(path)
        for line in lines:
            vocab.encode(line.text, line.where)
        sentences = [line_sentence(line.text, source, line.line) for line in lines]
    return sentences, source
