"""The model description: which member of the RNN family a model file holds.

    cell           rnn (the seed's, with g = tanh or ReLU), gru, lstm
    layers         L ≥ 1 stacked recurrent layers; layer l reads layer l-1's a<t>
    bidirectional  a→<t> from the left and a←<t> from the right, each with its own weights
    head           sigmoid (one unit per output, binary) or softmax (n_y classes)
    shape          tagger      ŷ<t> at every word (many-to-many, T_x = T_y)
                   classifier  one ŷ after the last word (many-to-one)
                   lm          ŷ<t> predicts token t+1 (one-to-many when sampling)
                   seq2seq     an encoder reads x, a decoder writes y (T_x ≠ T_y)

It is stored as JSON in the model file's `meta["model"]` and read back on load; a file without
it (every file rnnviz wrote before the family existed) is the seed's network: rnn, one layer,
one direction, a tagger, with the file's activation. A description names a member; whether
rnnviz can run it is for the registries of cells and shapes to say (`engine.family`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

CELLS = ("rnn", "gru", "lstm")
ACTIVATIONS = ("tanh", "relu")  # g of the vanilla cell; GRU and LSTM use σ and tanh
HEADS = ("sigmoid", "softmax")
SHAPES = ("tagger", "classifier", "lm", "seq2seq")

# |a| above this counts as saturated (tanh'(z) = 1 - a² < 0.02 there: little gradient passes).
SATURATION = 0.99
# g'(z) below this blocks the gradient at a unit (ReLU's 0; tanh's 1 - a² for |a| > 0.99).
BLOCKED_BELOW = 1.0 - SATURATION**2


class UnsupportedModel(ValueError):
    """A valid description of a network rnnviz cannot run yet."""


@dataclass(frozen=True)
class ModelSpec:
    """One member of the family. The default is the seed's network."""

    cell: str = "rnn"
    activation: str = "tanh"
    layers: int = 1
    bidirectional: bool = False
    head: str = "sigmoid"
    shape: str = "tagger"

    def __post_init__(self) -> None:
        problem = self.problem()
        if problem:
            raise ValueError(problem)

    def problem(self) -> str | None:
        """What makes this description invalid (None when it is valid)."""
        for key, allowed in (("cell", CELLS), ("activation", ACTIVATIONS), ("head", HEADS), ("shape", SHAPES)):
            value = getattr(self, key)
            if value not in allowed:
                return f"{key} must be one of {', '.join(allowed)}, not {value!r}"
        if self.cell != "rnn" and self.activation != "tanh":
            return f"the activation g is the rnn cell's (a {self.cell} uses σ and tanh), not {self.activation!r}"
        if type(self.layers) is not int or self.layers < 1:
            return f"layers must be a whole number ≥ 1, not {self.layers!r}"
        if type(self.bidirectional) is not bool:
            return f"bidirectional must be true or false, not {self.bidirectional!r}"
        if self.shape == "lm" and self.bidirectional:
            return "a language model reads left to right: it cannot be bidirectional (a←<t> would see the token it predicts)"
        if self.shape == "lm" and self.head != "softmax":
            return "a language model needs a softmax head (a distribution over its tokens)"
        return None

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    def as_meta(self) -> dict[str, Any]:
        return asdict(self)

    def replace(self, **changes: Any) -> ModelSpec:
        return replace(self, **changes)

    def describe(self) -> str:
        """`rnn (tanh), 1 layer, left to right, tagger, sigmoid head`."""
        cell = f"rnn ({self.activation})" if self.cell == "rnn" else self.cell
        layers = f"{self.layers} layer{'s' if self.layers > 1 else ''}"
        way = "bidirectional" if self.bidirectional else "left to right"
        return f"{cell}, {layers}, {way}, {self.shape}, {self.head} head"

    @classmethod
    def from_meta(cls, meta: dict[str, Any], activation: str, n_y: int) -> ModelSpec:
        """The description recorded in `meta["model"]`, or the seed's network for a file
        without one (its head follows n_y). Raises ValueError naming the bad key."""
        recorded = meta.get("model")
        if recorded is None:
            return cls(activation=activation, head="sigmoid" if n_y == 1 else "softmax")
        if not isinstance(recorded, dict):
            raise ValueError(f"meta key 'model' must be a JSON object, not {type(recorded).__name__}")
        unknown = sorted(set(recorded) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"meta key 'model' has unknown field {unknown[0]!r}")
        fields = {"activation": activation, **recorded}
        if fields["activation"] != activation:
            raise ValueError(f"meta 'model' says activation {fields['activation']!r} but the file's is {activation!r}")
        try:
            return cls(**fields)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"meta key 'model': {exc}") from None


SEED_SPEC = ModelSpec()
