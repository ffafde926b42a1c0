"""When a training run has diverged.

The trainer already stops on a NaN or infinite loss, gradient or weight (`NonFiniteLoss`,
rolled back to the last completed epoch). A run can also blow up while staying finite:
`--lr 1e300` puts weights of 1e300 into the model after its first mini-batch, and the losses
that follow are huge but finite. So an epoch has *diverged* when, after it,

- its training loss per word is above `MAX_WORD_LOSS` = 100 nats: on average the right
  label got a probability below e^-100 (a coin flip costs 0.69 a word, an untrained tagger
  about that; `--lr 100` on the bundled data costs about 1,100 a word in its first epoch), or
- a weight is beyond `MAX_WEIGHT` = 1e6 in magnitude. That is far beyond any weight a working
  tagger reaches (the bundled model's largest is about 6; Adam moves a weight by at most about
  lr a step) and far below where float64 overflows in the forward pass.

A run that starts from a model above these (a `--resume` of someone else's model) is judged
by ten times where it started instead (`Bounds.starting_from`). Pure NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .params import Params

MAX_WEIGHT = 1e6
MAX_WORD_LOSS = 100.0


def largest_weight(params: Params) -> tuple[str, float]:
    """The tensor holding the largest |weight|, and that magnitude."""
    sizes = {name: float(np.max(np.abs(arr), initial=0.0)) for name, arr in params.tensors.items()}
    name = max(sizes, key=lambda n: sizes[n])
    return name, sizes[name]


@dataclass(frozen=True)
class Bounds:
    weight: float = MAX_WEIGHT
    word_loss: float = MAX_WORD_LOSS

    @classmethod
    def starting_from(cls, params: Params, word_loss: float = 0.0) -> Bounds:
        """The bounds of a run that starts from `params`, whose loss per word is `word_loss`."""
        return cls(max(MAX_WEIGHT, 10 * largest_weight(params)[1]), max(MAX_WORD_LOSS, 10 * word_loss))


def divergence(params: Params, word_loss: float, bounds: Bounds = Bounds()) -> str | None:
    """Why the epoch that gave `params` with a training loss of `word_loss` a word has
    diverged, as a phrase, or None."""
    if not math.isfinite(word_loss) or word_loss > bounds.word_loss:
        return f"the training loss reached {word_loss:.3g} a word (the bound is {bounds.word_loss:.3g})"
    name, size = largest_weight(params)
    if not math.isfinite(size) or size > bounds.weight:
        return f"a weight of {name} reached {size:.3g} (the bound is {bounds.weight:.3g})"
    return None
