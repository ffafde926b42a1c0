"""Sampling from a language model: the one-to-many network, each output fed back as the next
input (Karpathy's char-rnn, the course's `sample`).

    a<0> = 0, x<1> = 0
    ŷ<t> = softmax(logits<t> / T)            T is the temperature
    w<t> ~ ŷ<t>                              drawn (T = 0: the argmax, greedy)
    x<t+1> = one-hot(w<t>)                   fed back, until the end token or K tokens

A temperature below 1 sharpens the distribution toward its most likely tokens, above 1 flattens
it toward uniform; T = 0 is its limit, the argmax (the first one on a tie). A draw takes one
uniform number u from the generator and returns the first index whose cumulative probability
exceeds u (inverse transform sampling), so a seeded generator gives the same tokens every time.

A prefix w<1> … w<k> is fed first (x<2> … x<k+1>); the first drawn token is then w<k+1>,
drawn from ŷ<k+1>. Any cell and any number of layers run here, one step at a time (`Stepper`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cells import get_cell
from .params import Params
from .stack import ZERO_INPUT, key


def temperature_problem(temperature: float) -> str | None:
    """What makes `temperature` unusable (None when it is a number >= 0)."""
    if not (math.isfinite(temperature) and temperature >= 0):
        return f"the temperature must be a number >= 0 (0: greedy), not {temperature:g}"
    return None


def distribution(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """ŷ at temperature T: softmax(logits / T), shifted for stability; at T = 0 the one-hot
    of the argmax (the first one on a tie)."""
    problem = temperature_problem(temperature)
    if problem:
        raise ValueError(problem)
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        out = np.zeros(len(logits))
        out[int(np.argmax(logits))] = 1.0
        return out
    z = logits / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


@dataclass(frozen=True, eq=False)
class Draw:
    """One token drawn, and why: the first token whose cumulative probability exceeds the
    uniform number u, so u fell in [low, high) and high - low = probs[index].

    At T = 0 no number is drawn (u is None): the token is the argmax, probs its one-hot."""

    index: int
    temperature: float
    probs: np.ndarray  # (n_y,) the distribution drawn from: softmax(logits / T)
    u: float | None
    low: float  # the cumulative probability of the tokens before `index`
    high: float  # … and with it

    @property
    def p(self) -> float:
        """The drawn token's probability at the temperature."""
        return float(self.probs[self.index])


def draw_explained(probs: np.ndarray, rng: np.random.Generator, temperature: float = 1.0) -> Draw:
    """One index drawn from `probs` with one uniform number of `rng` (inverse transform),
    with the number and the interval it fell in."""
    cumulative = np.cumsum(probs)
    u = rng.random() * cumulative[-1]
    index = min(int(np.searchsorted(cumulative, u, side="right")), len(probs) - 1)
    low = float(cumulative[index - 1]) if index else 0.0
    return Draw(index, temperature, probs, float(u), low, float(cumulative[index]))


def draw(probs: np.ndarray, rng: np.random.Generator) -> int:
    """One index drawn from `probs` with one uniform number of `rng` (inverse transform)."""
    return draw_explained(probs, rng).index


def pick_explained(logits: np.ndarray, temperature: float, rng: np.random.Generator) -> Draw:
    """The next token and why: the argmax at T = 0 (no number drawn), else a draw from ŷ at T."""
    probs = distribution(logits, temperature)
    if temperature == 0:
        index = int(np.argmax(probs))
        return Draw(index, 0.0, probs, None, 0.0, 1.0)
    return draw_explained(probs, rng, temperature)


def pick(logits: np.ndarray, temperature: float, rng: np.random.Generator) -> int:
    """The next token: the argmax at T = 0 (no number drawn), else a draw from ŷ at T."""
    if temperature == 0:
        return int(np.argmax(logits))
    return draw(distribution(logits, temperature), rng)


class Stepper:
    """A left-to-right network run one input at a time from a<0> = 0 (every layer's states
    carried): `feed(index)` returns the logits of the next token. Index ZERO_INPUT feeds
    x = 0 (the first step of a language model)."""

    def __init__(self, params: Params) -> None:
        spec = params.spec
        if spec.bidirectional:
            raise ValueError("a bidirectional network cannot be run one token at a time")
        self.cell = cell = get_cell(spec.cell)
        self.activation = spec.activation
        names = cell.shapes(1, 1)
        self.layers = [{name: params[key(name, layer)] for name in names} for layer in range(spec.layers)]
        self.W_in = [w[cell.input_weight] for w in self.layers]
        self.Wya, self.by = params["Wya"], params["by"][:, 0]
        self.n_a = params.n_a
        self.reset()

    def reset(self) -> None:
        """Back to a<0> = 0 (and every other state 0) in every layer."""
        self.states = [self.cell.zero_state(self.n_a) for _ in self.layers]

    def feed(self, index: int) -> np.ndarray:
        """Feed x = one-hot(index) (or 0): the logits Wya a<t> + by of the step."""
        x: np.ndarray | None = None
        for layer, w in enumerate(self.layers):
            W_in = self.W_in[layer]
            if x is not None:
                xw = W_in @ x
            elif index == ZERO_INPUT:
                xw = np.zeros(W_in.shape[0])
            else:
                xw = W_in[:, index]
            out = self.cell.forward(w, xw[None, :], self.states[layer], self.activation)
            self.states[layer] = state = {name: out[name][0] for name in self.cell.states}
            x = state["a"]
        assert x is not None
        return self.Wya @ x + self.by


def sample(
    params: Params,
    rng: np.random.Generator,
    end: int,
    *,
    temperature: float = 1.0,
    max_len: int = 100,
    prefix: Sequence[int] = (),
    stepper: Stepper | None = None,
) -> list[int]:
    """One sequence: the prefix, then tokens drawn one at a time and fed back, until the end
    token `end` is drawn (not included) or `max_len` tokens have been drawn after the prefix."""
    problem = temperature_problem(temperature)
    if problem:
        raise ValueError(problem)
    if max_len < 0:
        raise ValueError(f"the maximum length must be >= 0, not {max_len}")
    stepper = stepper or Stepper(params)
    stepper.reset()
    out = list(prefix)
    logits = stepper.feed(ZERO_INPUT)
    for index in prefix:
        logits = stepper.feed(index)
    for _ in range(max_len):
        index = pick(logits, temperature, rng)
        if index == end:
            break
        out.append(index)
        logits = stepper.feed(index)
    return out
