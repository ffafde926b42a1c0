"""The sequence shapes rnnviz runs, by ModelSpec.shape name. A new shape is a module here
and one line in SHAPES."""

from __future__ import annotations

from ..spec import UnsupportedModel
from .base import Dims, Example, Shape
from .classifier import Classifier
from .lm import LanguageModel
from .seq2seq import Seq2Seq
from .tagger import Tagger

SHAPES: dict[str, Shape] = {
    "tagger": Tagger(),
    "lm": LanguageModel(),
    "classifier": Classifier(),
    "seq2seq": Seq2Seq(),
}


def get_shape(name: str) -> Shape:
    """The shape named `name`; UnsupportedModel for a shape of the family not built yet."""
    try:
        return SHAPES[name]
    except KeyError:
        raise UnsupportedModel(f"the {name} shape is not supported yet") from None


__all__ = ["SHAPES", "Dims", "Example", "Shape", "get_shape"]
