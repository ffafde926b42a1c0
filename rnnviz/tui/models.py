"""The models the debugger can open, without Textual: a model's name for the header, whether
the debugger can show it, and the bundled models the palette offers (rnnviz.bundled)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rnnviz.engine import Params


@dataclass(frozen=True)
class Bundled:
    """A bundled model as the palette offers it."""

    name: str
    about: str  # `2 layers, bidirectional, rnn (tanh), n_a 100: held-out F1 0.976`
    refusal: str | None  # why the debugger cannot show it yet (None: it can)


def model_name(params: Params) -> str:
    """How the header names a model: a bundled model's name, else its file's name ("" when
    it has no file, e.g. made in a test)."""
    from rnnviz import bundled

    source = params.meta.get("source")
    if not isinstance(source, str):
        return ""
    path = Path(source)
    return path.stem if path.parent == bundled.models_dir() else path.name


def refusal_of(spec: dict[str, Any], name: str) -> str | None:
    """Why the debugger cannot show a model of this description (meta["model"]), None when
    it can: taggers with one output unit (ŷ<t> = σ(…), a name or not), language models, and
    classifiers (one ŷ = σ(…)) and encoder-decoders of one layer, left to right."""
    shape, head = spec.get("shape", "tagger"), spec.get("head", "sigmoid")
    if (shape == "tagger" and head == "sigmoid") or shape == "lm":
        return None
    what = {"lm": "a language model", "classifier": "a classifier", "seq2seq": "an encoder-decoder"}.get(shape, shape)
    one_chain = spec.get("layers", 1) == 1 and not spec.get("bidirectional", False)
    if (shape == "classifier" and head == "sigmoid") or shape == "seq2seq":
        if one_chain:
            return None
        return (
            f"{name} is {what} of {spec.get('layers', 1)} layers"
            f"{', bidirectional' if spec.get('bidirectional') else ''}: the debugger shows one layer, left to "
            f"right, for this shape for now; `rnnviz trace --model {name}` prints its numbers"
        )
    if shape == "tagger":
        what = f"a tagger with a {head} head"
    return (
        f"{name} is {what}: the debugger shows taggers with one output unit (ŷ<t> = σ(…)) for now; "
        f"`rnnviz trace --model {name}` prints its numbers"
    )


def refusal(params: Params, name: str) -> str | None:
    return refusal_of(params.spec.as_meta(), name)


@functools.cache
def describe_bundled(name: str) -> Bundled:
    """A bundled model's description, from its file's meta (its weights are not loaded)."""
    from rnnviz import bundled
    from rnnviz.commands.models import read_meta

    meta = read_meta(bundled.path_of(name))
    spec = meta.get("model") or {}
    layers = spec.get("layers", 1)
    parts = [
        f"{layers} layer{'s' if layers > 1 else ''}",
        "bidirectional" if spec.get("bidirectional") else "left to right",
        f"rnn ({meta.get('activation', 'tanh')})" if spec.get("cell", "rnn") == "rnn" else spec["cell"],
        spec.get("shape", "tagger"),
    ]
    heldout = meta.get("heldout")
    figures = {"f1": "held-out F1 {:.3f}", "bpc": "held-out {:.2f} bits/char", "accuracy": "held-out accuracy {:.3f}"}
    figures["exact_match"] = "held-out exact match {:.3f}"
    for key, text in figures.items():  # the first figure the model's task records
        if isinstance(heldout, dict) and isinstance(heldout.get(key), float):
            parts.append(text.format(heldout[key]))
            break
    return Bundled(name, ", ".join(parts), refusal_of(spec, name))


def bundled_models() -> list[Bundled]:
    """Every bundled model, the default first."""
    from rnnviz import bundled

    return [describe_bundled(name) for name in bundled.names()]


def samples_of(params: Params) -> str | None:
    """The sentence file (under sample_sentences/) a bundled model opens on, if it says."""
    samples = params.meta.get("samples")
    return samples if isinstance(samples, str) else None
