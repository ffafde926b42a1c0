"""A generated sequence with its draws explained (what the debugger steps through in generate
mode), the readouts of a softmax head, and the breakpoint on the target's probability. Checked
against `sample` (the loop `rnnviz sample` runs) and a few lines of NumPy written here."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine.breakpoints import Condition, run_until
from rnnviz.engine.generation import generate
from rnnviz.engine.readouts import ranking, targets
from rnnviz.engine.sampling import distribution, draw, draw_explained, pick, pick_explained, sample

from .test_lm import lm_trace, random_lm


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def test_an_explained_draw_is_the_draw_and_says_where_u_fell():
    probs = np.array([0.1, 0.35, 0.05, 0.5])
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    for _ in range(200):
        explained = draw_explained(probs, a)
        assert explained.index == draw(probs, b)
        assert explained.u is not None and explained.low <= explained.u < explained.high
        assert explained.high - explained.low == pytest.approx(probs[explained.index], abs=1e-15)
        assert explained.p == probs[explained.index]


@pytest.mark.parametrize("temperature", [0.0, 0.5, 1.0, 2.0])
def test_an_explained_pick_picks_as_pick_does(temperature):
    logits = np.array([1.0, 3.0, -2.0, 0.5, 2.9])
    a, b = np.random.default_rng(8), np.random.default_rng(8)
    for _ in range(100):
        explained = pick_explained(logits, temperature, a)
        assert explained.index == pick(logits, temperature, b)
        assert explained.temperature == temperature
    np.testing.assert_allclose(explained.probs, distribution(logits, temperature))
    if temperature == 0:
        assert explained.u is None and explained.index == 1 and (explained.low, explained.high) == (0.0, 1.0)


@pytest.mark.parametrize("temperature", [0.0, 0.7, 1.0, 1.5])
@pytest.mark.parametrize("prefix", [(), (3, 1)])
def test_a_generated_sequence_is_the_sample_with_every_draw_kept(temperature, prefix):
    """The tokens are those `sample` draws with the same seed (the end token added when it
    was drawn); each draw's distribution is softmax(logits / T) of the trace of the tokens,
    computed here; the prefix has no draws."""
    params = random_lm(V=6, seed=5)
    for seed in range(6):
        got = generate(params, 0, seed=seed, temperature=temperature, max_len=40, prefix=prefix)
        drawn = sample(params, np.random.default_rng(seed), 0, temperature=temperature, max_len=40, prefix=prefix)
        assert list(got.tokens) == drawn + ([0] if got.ended else [])
        assert got.prefix == len(prefix) and got.tokens[: len(prefix)] == prefix
        assert len(got.draws) == got.T - len(prefix) and (got.ended or len(got.draws) == 40)
        trace = lm_trace(params, list(got.tokens))
        for t in range(1, got.T + 1):
            d = got.draw_at(t)
            if t <= len(prefix):
                assert d is None
                continue
            assert d is not None and d.index == got.tokens[t - 1]
            logits = trace.logits[t - 1]
            if temperature:
                np.testing.assert_allclose(d.probs, softmax(logits / temperature), rtol=1e-9)
            else:
                assert d.index == int(np.argmax(logits))


def test_a_generated_sequence_stops_at_max_len_without_the_end_token():
    params = random_lm(V=4, seed=1)
    never_end = params.replace(by=np.array([[-50.0], [0.0], [0.0], [0.0]]), Wya=np.zeros((4, 5)))
    got = generate(never_end, 0, seed=2, max_len=7)
    assert (got.T, got.ended, 0 in got.tokens) == (7, False, False)
    with pytest.raises(ValueError, match="max_len"):
        generate(never_end, 0, seed=2, max_len=0)


def test_the_readouts_of_a_softmax_head():
    params = random_lm(V=7, seed=2)
    sequence = [3, 1, 4, 1, 5, 6, 2, 0]
    trace = lm_trace(params, sequence)
    got = targets(trace)
    for t, y in enumerate(sequence):
        z = trace.logits[t]
        p = softmax(z)
        assert got.p[t] == pytest.approx(p[y], rel=1e-12)
        assert got.rank[t] == 1 + int(np.sum(p > p[y]))
        assert got.log_partition[t] == pytest.approx(np.log(np.sum(np.exp(z))), rel=1e-12)
        assert got.log_partition[t] - z[y] == pytest.approx(trace.losses[t], rel=1e-10)
        assert got.error_norm[t] == pytest.approx(np.sqrt(np.sum(p**2) - 2 * p[y] + 1), rel=1e-10)
    assert targets(trace) is got  # once per trace
    assert ranking(np.array([0.2, 0.5, 0.2, 0.1])) == (1, 0, 2, 3)  # the lower index first on a tie


def test_the_readouts_of_a_binary_head():
    from rnnviz.pipeline import load_params, load_vocab, trace_sentence
    from rnnviz.text import default_sentences

    vocab = load_vocab(None)
    samples = default_sentences()
    trace = trace_sentence(load_params(None, vocab), vocab, samples[0])
    got = targets(trace)
    for t, (y, step) in enumerate(zip(samples[0].labels, trace.steps)):
        p = step.y_hat if y else 1 - step.y_hat
        assert got.p[t] == pytest.approx(p, rel=1e-12)
        assert got.rank[t] == (1 if p >= 0.5 else 2)
        assert got.log_partition[t] - (step.logit if y else 0.0) == pytest.approx(step.loss, rel=1e-9, abs=1e-12)


def test_run_until_the_target_is_unlikely():
    params = random_lm(V=7, seed=2)
    sequence = [3, 1, 4, 1, 5, 6, 2, 0]
    trace = lm_trace(params, sequence)
    p = [softmax(trace.logits[t])[y] for t, y in enumerate(sequence)]
    threshold = float(np.median(p))
    below = [t + 1 for t, value in enumerate(p) if value < threshold]
    hit = run_until(trace, Condition("target", threshold), 0)
    assert hit is not None and hit.t == below[0] and hit.value == pytest.approx(p[below[0] - 1])
    assert hit.index == sequence[below[0] - 1] and hit.rank == targets(trace).rank[below[0] - 1]
    assert run_until(trace, Condition("target", threshold), len(sequence) + 1, step=-1).t == below[-1]
    assert run_until(trace, Condition("target", min(p) / 2), 0) is None
    for bad in (0.0, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="probability"):
            Condition("target", bad)
    assert Condition("target", 1.0).needs_labels
