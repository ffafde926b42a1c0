"""From what the user names to a Trace: the model, the vocabulary and the sentences.

The CLI and the TUI both go through here, so `rnnviz trace` and the debugger always show the
same numbers for the same input. No UI imports.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .engine import Params, Trace, build_trace, init_params
from .engine.modelio import check_vocab, load_npz
from .errors import UserError
from .text import Sentence, Vocabulary, known_labels, parse_markup, tokenize

DEFAULT_HIDDEN = 100  # the seed's n_a
DEFAULT_SEED = 0


def bundled_model_path() -> Path | None:
    """The trained default model shipped as package data, if there is one."""
    path = resources.files("rnnviz") / "data" / "default_model.npz"
    return Path(str(path)) if path.is_file() else None


def load_vocab(path: str | Path | None) -> Vocabulary:
    return Vocabulary.default() if path is None else Vocabulary.load(path)


def load_params(model: str | Path | None, vocab: Vocabulary) -> Params:
    """The model named by --model, or the bundled default; its n_x must match the vocabulary."""
    if model is None:
        bundled = bundled_model_path()
        if bundled is None:
            return init_params(DEFAULT_HIDDEN, len(vocab), seed=DEFAULT_SEED)
        params = load_npz(bundled)
        model = "the bundled default model"
    else:
        params = load_npz(model)
    check_vocab(params, len(vocab), model, vocab.source)
    return params


def describe_model(params: Params) -> str:
    """One phrase for headers: trained or not, and on what."""
    meta = params.meta
    if not meta.get("trained"):
        return f"untrained (seeded random init, seed {meta.get('init_seed', '?')})"
    on = meta.get("trained_on")
    return f"trained on {on}" if on else "trained"


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


def trace_sentence(params: Params, vocab: Vocabulary, sentence: Sentence) -> Trace:
    """The forward pass of one sentence; unknown words are fed as <UNK> and marked."""
    indices, unknown = vocab.lookup(sentence.tokens)
    return build_trace(params, sentence.tokens, indices, sentence.labels, unknown)
