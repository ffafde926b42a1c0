"""The language model shape: the course's conventions (a<0> = 0, x<1> = 0, x<t+1> = w<t>,
y<t> = w<t>, an end token last), the softmax cross-entropy from the logits, against an
independent NumPy computation and a hand-worked example; BPTT against finite differences;
bits per character; the bigram baseline by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, Params, build_trace, init_params
from rnnviz.engine.bigram import Bigram
from rnnviz.engine.gradcheck import gradient_check
from rnnviz.engine.shapes import Example, get_shape
from rnnviz.engine.shapes.lm import example_of, inputs_of
from rnnviz.engine.stack import ZERO_INPUT
from rnnviz.engine.train import TrainConfig, Trainer, evaluate, initial_params

LM = ModelSpec(head="softmax", shape="lm")


def random_lm(n_a=5, V=7, layers=1, activation="tanh", seed=0):
    """A small language model with every weight random (N(0, 1)-scaled), biases too."""
    spec = LM.replace(layers=layers, activation=activation)
    rng = np.random.default_rng(seed)
    p = init_params(n_a, V, V, spec=spec, seed=seed)
    return Params({n: rng.normal(0, 1 if n.endswith("Wax") else 0.7, a.shape) for n, a in p.tensors.items()}, spec=spec)


def reference(W, sequence, n_x, activation="tanh", layers=1):
    """The equations with dense vectors: x<1> = 0, x<t+1> = one-hot(w<t>); every layer
    a<t> = g(Waa a<t-1> + Wax x<t> + ba) from a<0> = 0; ŷ<t> = softmax(Wya a<t> + by);
    L<t> = -log ŷ<t>[w<t>]. Returns (ŷ (T, n_y), L (T,))."""
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0))
    T = len(sequence)
    X = np.zeros((T, n_x))
    for t in range(1, T):
        X[t, sequence[t - 1]] = 1.0
    for layer in range(layers):
        p = "" if layer == 0 else f"layer{layer + 1}."
        Waa, Wax, ba = W[p + "Waa"], W[p + "Wax"], W[p + "ba"][:, 0]
        a = np.zeros(Waa.shape[0])
        H = np.zeros((T, Waa.shape[0]))
        for t in range(T):
            a = H[t] = g(Waa @ a + Wax @ X[t] + ba)
        X = H
    logits = X @ W["Wya"].T + W["by"][:, 0]
    y_hat = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y_hat, -np.log(y_hat[np.arange(T), sequence])


def lm_trace(params, sequence):
    ex = example_of(sequence)
    return build_trace(params, [""] + [str(i) for i in sequence[:-1]], ex.indices, ex.labels.tolist())


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_forward_agrees_with_the_equations_written_densely(layers, activation):
    params = random_lm(layers=layers, activation=activation, seed=layers)
    sequence = [3, 1, 4, 1, 5, 6, 2, 0]
    trace = lm_trace(params, sequence)
    y_hat, losses = reference(params.tensors, sequence, params.n_x, activation, layers)
    np.testing.assert_allclose(trace.probs, y_hat, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(trace.losses, losses, rtol=1e-12)
    assert trace.loss == pytest.approx(losses.sum(), rel=1e-12)


def test_the_course_conventions_step_by_step():
    params = random_lm()
    sequence = [3, 1, 4, 0]
    trace = lm_trace(params, sequence)
    first = trace.steps[0]
    assert first.index == ZERO_INPUT and not first.x_dense().any()  # x<1> = 0
    np.testing.assert_array_equal(first.a_prev, np.zeros(params.n_a))  # a<0> = 0
    np.testing.assert_array_equal(first.a, np.tanh(params.ba[:, 0]))  # a<1> = g(ba)
    assert [s.index for s in trace.steps] == [ZERO_INPUT, 3, 1, 4]  # x<t+1> = w<t>
    assert [s.y for s in trace.steps] == sequence  # y<t> = w<t>, the end token last
    np.testing.assert_array_equal(trace.steps[1].x_dense(), np.eye(params.n_x)[3])


def test_a_hand_worked_sequence():
    """V = 3 (0 = the end token, 1 = 'a', 2 = 'b'), n_a = 1: Waa = 0.5, Wax = [0, 1, -1],
    ba = 0, Wya = [0, 1, -1]ᵀ, by = 0; the line "ab" is w = [a, b, END].

    t = 1: x = 0, z = 0, a = 0, logits [0, 0, 0], ŷ uniform, L = ln 3 = 1.0986123
    t = 2: x = a, z = 1, a = tanh 1 = 0.7615942, logits [0, .7615942, -.7615942],
           ŷ[b] = e^-.7615942 / (1 + e^.7615942 + e^-.7615942) = 0.4669 / 3.6086 = 0.1293910,
           L = 2.0449166
    t = 3: x = b, z = 0.5 · 0.7615942 - 1 = -0.6192029, a = tanh z = -0.5505728,
           logits [0, -.5505728, .5505728], ŷ[END] = 1 / 3.3108656 = 0.3020358, L = 1.1972097
    """
    params = Params(
        Waa=[[0.5]], Wax=[[0.0, 1.0, -1.0]], ba=[[0.0]], Wya=[[0.0], [1.0], [-1.0]], by=[[0.0]] * 3, spec=LM
    )
    trace = build_trace(params, ["", "a", "b"], [ZERO_INPUT, 1, 2], [1, 2, 0])
    np.testing.assert_allclose(trace.q("a")[:, 0], [0.0, 0.7615942, -0.5505728], atol=1e-7)
    np.testing.assert_allclose(trace.probs[0], [1 / 3] * 3, rtol=1e-15)
    assert trace.probs[1, 2] == pytest.approx(0.1293910, abs=1e-7)
    assert trace.probs[2, 0] == pytest.approx(0.3020358, abs=1e-7)
    np.testing.assert_allclose(trace.losses, [1.0986123, 2.0449166, 1.1972097], atol=1e-7)
    assert [s.cum_loss for s in trace.steps] == pytest.approx([1.0986123, 3.1435289, 4.3407386], abs=1e-7)


def test_the_loss_comes_from_the_logits_and_stays_finite():
    params = random_lm(V=3, n_a=2)
    params = params.replace(
        Wya=np.array([[0.0, 0.0], [800.0, 0.0], [-800.0, 0.0]]), ba=np.array([[50.0], [0.0]]), by=np.zeros((3, 1))
    )
    trace = lm_trace(params, [2, 0])  # a<t>[0] = 1: logits 0, 800, -800; the target 2 has ŷ = e^-1600
    assert trace.losses[0] == pytest.approx(1600.0, rel=1e-12)
    assert np.all(np.isfinite(trace.losses))


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_bptt_agrees_with_finite_differences_for_every_tensor(layers, activation):
    for seed in range(3):
        params = random_lm(layers=layers, activation=activation, seed=seed)
        ex = example_of([3, 1, 4, 1, 5, 6, 2, 0])
        check = gradient_check(params, ex.indices, ex.labels)
        assert set(check.errors) == set(params.names)
        if activation == "relu":
            assert check.kink_distance > 1e-3  # finite differences mean nothing across a kink
        assert check.passed(1e-6), check


def test_the_backward_trace_is_the_training_gradient_and_leaves_x1_out():
    params = random_lm()
    sequence = [3, 1, 4, 0]
    back = lm_trace(params, sequence).backward
    _, grads = get_shape("lm").loss_and_grads(params.spec, params.tensors, example_of(sequence))
    assert list(grads["Wax"].columns) == [1, 3, 4]  # x<1> = 0 adds to no column; the end token never an input
    np.testing.assert_allclose(back.dense("Wax"), grads["Wax"].dense(params.n_x), rtol=1e-12)
    np.testing.assert_allclose(back.dlogits[0], np.eye(7)[3] * -1 + back.trace.probs[0], rtol=1e-12)


def test_a_language_model_reads_left_to_right():
    with pytest.raises(ValueError, match="left to right: it cannot be bidirectional"):
        LM.replace(bidirectional=True)
    with pytest.raises(ValueError, match="softmax head"):
        ModelSpec(shape="lm", head="sigmoid")


def test_an_example_must_be_its_targets_shifted():
    lm = get_shape("lm")
    assert lm.example_problem(example_of([2, 1, 0])) is None
    assert np.array_equal(inputs_of([2, 1, 0]), [ZERO_INPUT, 2, 1])
    wrong = Example(np.array([ZERO_INPUT, 1, 1]), np.array([2, 1, 0]), "f:3")
    assert "shifted by one step" in lm.example_problem(wrong)
    unfed = Example(np.array([2, 2, 1]), np.array([2, 1, 0]), "f:4")
    assert "x<1> = 0" in lm.example_problem(unfed)
    with pytest.raises(ValueError, match="f:3"):
        Trainer(initial_params(4, 3, 3, spec=LM), [wrong])


def test_bits_per_character_counts_the_end_token():
    params = random_lm()
    sequences = [[3, 1, 0], [4, 4, 4, 2, 0]]
    examples = [example_of(s) for s in sequences]
    ev = evaluate(params, examples)
    nats = sum(reference(params.tensors, s, 7)[1].sum() for s in sequences)
    assert ev.chars == 8 and ev.sentences == 2
    assert ev.bpc == pytest.approx(nats / 8 / math.log(2), rel=1e-12)
    assert ev.loss == pytest.approx(nats / 2, rel=1e-12)


def test_training_learns_a_deterministic_language():
    """Lines "ab" and "ba" only: after the first character the rest is certain, so the
    best possible is 1 bit for the first character and 0 for the others, 1/3 bit a char."""
    examples = [example_of(s) for s in ([1, 2, 0], [2, 1, 0])] * 8
    trainer = Trainer(initial_params(8, 3, 3, spec=LM), examples, TrainConfig(lr=0.05, batch_size=4))
    before = trainer.evaluate(examples[:2]).bpc
    for _ in range(60):
        trainer.run_epoch()
    after = trainer.evaluate(examples[:2]).bpc
    assert before > 1.4  # log2 3 = 1.58 at the start (the output weights are small)
    assert 1 / 3 <= after < 0.36


def test_bigram_counts_and_bits_by_hand():
    """Lines "ab" and "b" (1 = a, 2 = b, 0 = end). Counts: start→a 1, start→b 1, a→b 1,
    b→end 2. Add-one over 3 tokens: P(a|start) = 2/5, P(b|a) = 2/4, P(end|b) = 3/5."""
    examples = [example_of([1, 2, 0]), example_of([2, 0])]
    bigram = Bigram.fit(examples, 3, 3)
    np.testing.assert_array_equal(bigram.counts, [[0, 1, 1], [0, 0, 0], [0, 0, 1], [2, 0, 0]])
    total, steps = bigram.bits([example_of([1, 2, 0])])
    assert steps == 3
    assert total == pytest.approx(-math.log2(2 / 5) - math.log2(2 / 4) - math.log2(3 / 5), rel=1e-12)
    probs = 2.0 ** bigram.log2_probs()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    assert Bigram.fit(examples, 3, 3, alpha=0.5).bpc(examples) < bigram.bpc(examples)  # less smoothing fits closer
