"""One generated sequence, every draw recorded: what a debugger steps through when a language
model writes (the seed's one-to-many network).

`generate` runs the loop of `sampling.sample` (a<0> = 0, x<1> = 0; each drawn token fed back
as the next input; a prefix fed first) with a generator seeded by `seed`, and keeps, for every
drawn token, the distribution it was drawn from and the uniform number that chose it
(`sampling.Draw`). The same (model, prefix, seed, temperature, max_len) give the same tokens as
`rnnviz sample --n 1` with those options.

The sequence is then traced like any other (`shapes.lm.inputs_of` gives its inputs): x<1> = 0, x<t+1> = w<t>, and the
target y<t> = w<t>, the token drawn at step t, so L<t> = -log ŷ<t>[w<t>] is how surprising
the model finds its own draw (at T = 1, whatever the temperature of the draw).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .params import Params
from .sampling import Draw, Stepper, pick_explained, temperature_problem
from .stack import ZERO_INPUT


@dataclass(frozen=True, eq=False)
class Generated:
    """w<1 … T>: the prefix (given), then the drawn tokens, the end token last when drawn."""

    tokens: tuple[int, ...]
    prefix: int  # how many of `tokens` were given, not drawn
    draws: tuple[Draw, ...]  # draws[i] drew tokens[prefix + i], at step prefix + i + 1
    seed: int
    temperature: float
    ended: bool  # the end token was drawn (else the sample stopped after max_len draws)

    @property
    def T(self) -> int:
        return len(self.tokens)

    def draw_at(self, t: int) -> Draw | None:
        """The draw of w<t> (t = 1 … T), None for a token of the prefix."""
        return self.draws[t - 1 - self.prefix] if t > self.prefix else None


def generate(
    params: Params,
    end: int,
    *,
    seed: int,
    temperature: float = 1.0,
    max_len: int = 200,
    prefix: Sequence[int] = (),
) -> Generated:
    """The prefix, then tokens drawn one at a time (each fed back) until the end token is
    drawn or `max_len` tokens have been drawn; at least one token in all."""
    problem = temperature_problem(temperature)
    if problem:
        raise ValueError(problem)
    if max_len < 1 and not prefix:
        raise ValueError("a generated sequence needs a prefix or max_len >= 1")
    rng = np.random.default_rng(seed)
    stepper = Stepper(params)
    tokens = [int(i) for i in prefix]
    logits = stepper.feed(ZERO_INPUT)
    for index in tokens:
        logits = stepper.feed(index)
    draws: list[Draw] = []
    ended = False
    while len(draws) < max_len:
        chosen = pick_explained(logits, temperature, rng)
        draws.append(chosen)
        tokens.append(chosen.index)
        if chosen.index == end:
            ended = True
            break
        logits = stepper.feed(chosen.index)
    return Generated(tuple(tokens), len(prefix), tuple(draws), seed, temperature, ended)
