"""Sampling: the softmax at a temperature, the draw, and the one-to-many loop that feeds each
drawn token back as the next input."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine.sampling import Stepper, distribution, draw, pick, sample, temperature_problem
from rnnviz.engine.shapes.lm import example_of

from .test_lm import lm_trace, random_lm

LOGITS = np.array([1.0, 3.0, -2.0, 0.5, 2.9])


def chi_square(counts: np.ndarray, probs: np.ndarray) -> float:
    expected = counts.sum() * probs
    return float(np.sum((counts - expected) ** 2 / expected))


def test_temperature_zero_is_the_argmax():
    np.testing.assert_array_equal(distribution(LOGITS, 0.0), [0, 1, 0, 0, 0])
    rng = np.random.default_rng(0)
    assert {pick(LOGITS, 0.0, rng) for _ in range(50)} == {1}
    assert pick(np.array([2.0, 5.0, 5.0]), 0.0, rng) == 1  # the first on a tie


def test_temperature_scales_the_logits():
    for T in (0.5, 1.0, 2.0):
        e = np.exp(LOGITS / T)
        np.testing.assert_allclose(distribution(LOGITS, T), e / e.sum(), rtol=1e-14)
    assert distribution(LOGITS, 0.05)[1] > 0.85 > distribution(LOGITS, 1.0)[1]  # sharper as T falls
    np.testing.assert_allclose(distribution(LOGITS, 1e6), 0.2, atol=1e-5)  # uniform as T grows
    np.testing.assert_allclose(distribution(np.array([1000.0, 0.0, -1000.0]), 0.01), [1, 0, 0])  # no overflow


@pytest.mark.parametrize("bad", [-0.5, float("nan"), float("inf")])
def test_bad_temperatures_are_refused(bad):
    assert "temperature must be a number >= 0" in temperature_problem(bad)
    with pytest.raises(ValueError, match="temperature"):
        distribution(LOGITS, bad)


def test_many_draws_follow_the_distribution():
    """20,000 draws at T = 1 against ŷ: Pearson's chi-square with 4 degrees of freedom stays
    under 18.47 (its 99.9th percentile); the same draws against a wrong ŷ do not."""
    probs = distribution(LOGITS, 1.0)
    rng = np.random.default_rng(11)
    draws = [draw(probs, rng) for _ in range(20_000)]
    counts = np.bincount(draws, minlength=5)
    assert chi_square(counts, probs) < 18.47
    assert chi_square(counts, distribution(LOGITS, 1.2)) > 18.47


def test_a_fixed_seed_reproduces_the_draws():
    probs = distribution(LOGITS, 1.0)

    def draws(seed):
        rng = np.random.default_rng(seed)
        return [draw(probs, rng) for _ in range(200)]

    assert draws(5) == draws(5)
    assert draws(5) != draws(6)


def test_a_draw_is_the_inverse_of_the_cumulative_distribution():
    class Fixed:
        def __init__(self, u):
            self.u = u

        def random(self):
            return self.u

    probs = np.array([0.2, 0.5, 0.3])
    assert [draw(probs, Fixed(u)) for u in (0.0, 0.19, 0.2, 0.69, 0.7, 0.999999)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize("layers", [1, 2])
def test_the_stepper_gives_the_traces_logits(layers):
    """Fed one token at a time, the network computes what the whole-sequence pass computes."""
    params = random_lm(layers=layers, seed=layers)
    sequence = [3, 1, 4, 1, 5, 0]
    trace = lm_trace(params, sequence)
    stepper = Stepper(params)
    logits = [stepper.feed(i) for i in example_of(sequence).indices]
    np.testing.assert_allclose(logits, trace.logits, rtol=1e-12, atol=1e-14)
    stepper.reset()
    np.testing.assert_allclose(stepper.feed(-1), trace.logits[0], rtol=1e-12)


def test_sampling_feeds_each_draw_back():
    """A greedy sample is its own argmax path: tracing it gives, at every step, the argmax
    equal to the next character (and the end token after the last)."""
    params = random_lm(V=7, seed=3)
    out = sample(params, np.random.default_rng(0), end=0, temperature=0.0, max_len=50)
    assert 0 not in out
    if len(out) < 50:
        trace = lm_trace(params, [*out, 0])
        assert list(np.argmax(trace.logits, axis=1)) == [*out, 0]


def test_a_sample_stops_at_the_end_token_or_after_k_characters():
    params = random_lm(V=4, seed=1)
    always_end = params.replace(by=np.array([[50.0], [0.0], [0.0], [0.0]]), Wya=np.zeros((4, 5)))
    assert sample(always_end, np.random.default_rng(0), end=0) == []
    never_end = params.replace(by=np.array([[-50.0], [0.0], [0.0], [0.0]]), Wya=np.zeros((4, 5)))
    drawn = sample(never_end, np.random.default_rng(0), end=0, max_len=7)
    assert len(drawn) == 7 and 0 not in drawn
    assert len(sample(never_end, np.random.default_rng(0), end=0, max_len=7, prefix=[1, 2])) == 9


def test_the_prefix_is_fed_first_and_kept():
    params = random_lm(V=7, seed=4)
    out = sample(params, np.random.default_rng(2), end=0, temperature=0.0, max_len=20, prefix=[3, 3])
    assert out[:2] == [3, 3]
    trace = lm_trace(params, [3, 3, 0])
    assert out[2] == int(np.argmax(trace.logits[2]))  # the first drawn token comes from ŷ<3>
    seeded = [sample(params, np.random.default_rng(9), end=0, prefix=[2]) for _ in range(2)]
    assert seeded[0] == seeded[1]


def test_bad_lengths_are_refused():
    with pytest.raises(ValueError, match="maximum length"):
        sample(random_lm(), np.random.default_rng(0), end=0, max_len=-1)
