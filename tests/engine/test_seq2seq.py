"""The encoder-decoder `seq2seq` shape against an independent NumPy re-implementation:
the hand-off, teacher forcing, greedy decoding to the end token, its tensor names, and the
gradient check of every tensor, through the hand-off into the encoder."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, back_steps, build_trace, init_params
from rnnviz.engine.gradcheck import gradient_check, random_problem
from rnnviz.engine.shapes import get_shape
from rnnviz.engine.shapes.base import Example


def g_of(spec):
    return np.tanh if spec.activation == "tanh" else (lambda z: np.maximum(z, 0))


def reference_encoder(W, spec, indices, n_x):
    """Every layer and direction of the encoder over dense one-hot rows; the final state of
    each (layer, direction): a→<T_x>, a←<1>."""
    g = g_of(spec)
    X = np.eye(n_x)[indices]
    T = len(indices)
    finals = []
    for layer in range(spec.layers):
        outs, last = [], []
        for d in range(spec.directions):
            p = "encoder." + ("" if layer == 0 else f"layer{layer + 1}.") + ("reverse." if d else "")
            Waa, Wax, ba = W[p + "Waa"], W[p + "Wax"], W[p + "ba"][:, 0]
            a = np.zeros(Waa.shape[0])
            H = np.zeros((T, Waa.shape[0]))
            for t in range(T - 1, -1, -1) if d else range(T):
                a = g(Waa @ a + Wax @ X[t] + ba)
                H[t] = a
            outs.append(H)
            last.append(a)
        finals.append(np.concatenate(last))  # [a→<T_x>; a←<1>] of this layer
        X = np.concatenate(outs, axis=1)
    return finals


def reference_decoder_step(W, spec, states, y_prev, n_y):
    """One decoder step from `states` (per layer), fed the one-hot of y_prev (None: x = 0)."""
    g = g_of(spec)
    x = np.zeros(n_y) if y_prev is None else np.eye(n_y)[y_prev]
    new = []
    for layer, a in enumerate(states):
        p = "decoder." + ("" if layer == 0 else f"layer{layer + 1}.")
        a = g(W[p + "Waa"] @ a + W[p + "Wax"] @ x + W[p + "ba"][:, 0])
        new.append(a)
        x = a
    logits = W["decoder.Wya"] @ x + W["decoder.by"][:, 0]
    return new, logits


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def reference(W, spec, indices, n_x, n_y, targets=None, cap=None):
    """Teacher-forced logits and loss when `targets` are given; else greedy decoding until
    index 0 (the end token) or `cap` steps: (logits per step, loss, emitted indices)."""
    states = reference_encoder(W, spec, indices, n_x)
    y_prev, logits, emitted, loss = None, [], [], 0.0
    for t in range(len(targets) if targets is not None else cap):
        states, logit = reference_decoder_step(W, spec, states, y_prev, n_y)
        logits.append(logit)
        choice = int(np.argmax(logit))
        emitted.append(choice)
        if targets is not None:
            loss -= np.log(softmax(logit)[targets[t]])
            y_prev = targets[t]
        else:
            if choice == 0:
                break
            y_prev = choice
    return np.array(logits), loss, emitted


SPECS = [
    ModelSpec(shape="seq2seq", head="softmax"),
    ModelSpec(shape="seq2seq", head="softmax", activation="relu"),
    ModelSpec(shape="seq2seq", head="softmax", bidirectional=True),
    ModelSpec(shape="seq2seq", head="softmax", layers=2),
    ModelSpec(shape="seq2seq", head="softmax", layers=2, bidirectional=True),
]


def test_tensor_names_are_the_issue_s():
    params = init_params(4, 9, 5, seed=0, spec=SPECS[0])
    assert set(params.names) == {
        "encoder.Waa", "encoder.Wax", "encoder.ba",
        "decoder.Waa", "decoder.Wax", "decoder.ba", "decoder.Wya", "decoder.by",
    }  # fmt: skip
    assert params["encoder.Wax"].shape == (4, 9) and params["decoder.Wax"].shape == (4, 5)
    assert params["decoder.Wya"].shape == (5, 4)


def test_a_bidirectional_encoder_hands_both_chains_to_a_decoder_twice_as_wide():
    params = init_params(3, 9, 5, seed=0, spec=SPECS[4])
    assert params["encoder.reverse.Waa"].shape == (3, 3)
    assert params["encoder.layer2.Wax"].shape == (3, 6)
    assert params["decoder.Waa"].shape == (6, 6) and params["decoder.Wax"].shape == (6, 5)
    assert params["decoder.layer2.Wax"].shape == (6, 6)
    assert "decoder.reverse.Waa" not in params.names
    trace = build_trace(params, ["w"] * 4, [1, 2, 3, 4], labels=[2, 0])
    for layer in range(2):
        handed = np.concatenate([trace.q("a", layer, 0)[-1], trace.q("a", layer, 1)[0]])
        np.testing.assert_array_equal(trace.decoder.a_at(0, layer), handed)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_teacher_forced_trace_equals_the_reference(spec):
    params = init_params(4, 9, 5, seed=11, spec=spec)
    indices, targets = np.array([3, 0, 8, 8, 2]), [4, 1, 1, 3, 0]
    trace = build_trace(params, ["w"] * 5, indices, labels=targets)
    logits, loss, _ = reference(params.tensors, spec, indices, 9, 5, targets=targets)
    np.testing.assert_allclose(trace.logits, logits, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(trace.decoder.logits, logits, rtol=1e-12, atol=1e-14)
    assert trace.loss == pytest.approx(loss, rel=1e-12)
    dec = trace.decoder
    assert [s.index for s in dec.steps] == [-1, 4, 1, 1, 3]  # x<1> = 0, then y<t-1>
    assert [s.y for s in dec.steps] == targets
    assert dec.steps[-1].cum_loss == pytest.approx(loss, rel=1e-12)
    assert all(s.probs is None and s.loss is None for s in trace.steps)  # the encoder has no output
    assert trace.T == 5 and dec.T == 5 and dec.n_x == 5 and dec.steps[0].x_dense().sum() == 0


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_greedy_decoding_equals_the_reference(spec):
    for seed in range(6):
        params = init_params(4, 9, 5, seed=seed, spec=spec)
        indices = np.array([1, 7, 2])
        trace = build_trace(params, ["w"] * 3, indices)
        logits, _, emitted = reference(params.tensors, spec, indices, 9, 5, cap=2 * 3 + 10)
        np.testing.assert_allclose(trace.logits, logits, rtol=1e-12, atol=1e-14)
        assert [int(np.argmax(p)) for p in trace.probs] == emitted
        assert trace.decoded == tuple(emitted[:-1] if emitted[-1] == 0 else emitted)
        assert [s.index for s in trace.decoder.steps] == [-1, *emitted[:-1]]  # fed its own argmax
        assert trace.loss is None and trace.labels is None


def test_greedy_decoding_stops_at_the_end_token_or_the_cap():
    spec = SPECS[0]
    params = init_params(3, 6, 4, seed=0, spec=spec)
    always_end = params.replace(**{"decoder.by": np.array([[50.0], [0], [0], [0]])})
    trace = build_trace(always_end, ["w"] * 2, [1, 2])
    assert trace.decoded == () and trace.decoder.T == 1
    never_end = params.replace(**{"decoder.by": np.array([[-50.0], [50], [0], [0]])})
    trace = build_trace(never_end, ["w"] * 2, [1, 2])
    assert trace.decoded == (1,) * 14 and trace.decoder.T == 14  # 2 T_x + 10


def test_a_labeled_trace_is_teacher_forced_and_still_decodes_greedily():
    params = init_params(3, 6, 4, seed=0, spec=SPECS[0])
    never_end = params.replace(**{"decoder.by": np.array([[-50.0], [50], [0], [0]])})
    trace = build_trace(never_end, ["w"] * 2, [1, 2], labels=[2, 3, 0])
    assert trace.decoder.T == 3 and [s.index for s in trace.decoder.steps] == [-1, 2, 3]
    assert trace.decoded == (1,) * 14


def test_targets_must_end_with_the_end_token_once():
    params = init_params(3, 6, 4, seed=0, spec=SPECS[0])
    for bad in ([1, 2], [0, 1, 0], []):
        with pytest.raises(ValueError, match="end with the end token"):
            build_trace(params, ["w"], [1], labels=bad)
    problem = get_shape("seq2seq").example_problem(Example(np.array([1]), np.array([1.0, 0.0]), "p.txt:4"))
    assert problem is not None and problem.startswith("p.txt:4: an encoder-decoder's targets are output indices")


def test_output_tokens_are_named_by_the_carried_vocabulary():
    params = init_params(3, 6, 4, seed=0, spec=SPECS[0])
    named = params.replace(meta={"vocab": {"x": list("abcdef"), "y": ["<END>", "1", "2", "3"]}})
    trace = build_trace(named, ["w"] * 2, [1, 2], labels=[2, 3, 0])
    assert trace.decoder.tokens == ("", "2", "3")
    assert build_trace(params, ["w"] * 2, [1, 2], labels=[2, 3, 0]).decoder.tokens == ("", "2", "3")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_every_tensor_passes_the_gradient_check_through_the_hand_off(spec):
    params, indices, _ = random_problem(n_a=3, n_x=7, T=5, n_y=4, seed=3, spec=spec)
    labels = np.array([2, 3, 1, 3, 0])
    result = gradient_check(params, indices, labels)
    assert set(result.errors) == set(params.names)
    assert result.max_error < 1e-6, str(result)
    back = build_trace(params, ["w"] * 5, indices, labels=labels).backward
    assert np.linalg.norm(back.dense("encoder.Waa")) > 1e-3  # a real gradient crossed the hand-off


def test_the_encoder_gets_its_gradient_only_through_the_hand_off():
    spec = SPECS[0]
    params, indices, _ = random_problem(n_a=3, n_x=7, T=4, n_y=4, seed=1, spec=spec)
    trace = build_trace(params, ["w"] * 4, indices, labels=[1, 2, 0])
    back = trace.backward
    np.testing.assert_array_equal(back.g("da_out"), np.zeros((4, 3)))
    np.testing.assert_allclose(back.g("da_next")[-1], back.decoder.dstate0[(0, 0)]["a"], rtol=1e-15)
    dec = back.decoder
    np.testing.assert_allclose(dec.dstate0[(0, 0)]["a"], params["decoder.Waa"].T @ dec.g("dz")[0], rtol=1e-12)
    assert trace.decoder.backward is back.decoder
    assert [s.y_hat for s in back_steps(trace.decoder)] == [float(s.probs[s.y]) for s in trace.decoder.steps]


def test_a_broken_hand_off_gradient_is_caught(monkeypatch):
    from rnnviz.engine.shapes import seq2seq

    spec = SPECS[2]
    params, indices, _ = random_problem(n_a=3, n_x=7, T=5, n_y=4, seed=3, spec=spec)
    monkeypatch.setattr(seq2seq, "hand_off_backward", lambda cell, spec, dec: None)
    result = gradient_check(params, indices, np.array([2, 3, 0]))
    assert result.errors["encoder.Waa"] > 0.5 and result.errors["decoder.Waa"] < 1e-6


def test_evaluation_exact_match_and_token_accuracy():
    spec = SPECS[0]
    params = init_params(4, 9, 5, seed=1, spec=spec)
    shape = get_shape("seq2seq")
    inputs = [np.array([1, 2]), np.array([3, 4, 5])]
    traces = [build_trace(params, ["w"] * len(x), x) for x in inputs]
    assert [int(np.argmax(tr.probs[-1])) for tr in traces] == [0, 0]  # both decodings end
    decoded = [tr.decoded for tr in traces]
    right = Example(inputs[0], np.array([*decoded[0], 0]))
    wrong = Example(inputs[1], np.array([*decoded[1], 1, 0]))
    ev = shape.evaluate(spec, params.tensors, [right, wrong])
    assert (ev.exact, ev.exact_match, ev.sentences) == (1, 0.5, 2)
    hits = 0
    for ex in (right, wrong):
        trace = build_trace(params, ["w"] * ex.T, ex.indices, labels=ex.labels.tolist())
        hits += sum(int(np.argmax(s.probs)) == s.y for s in trace.decoder.steps)
    assert ev.tokens == len(right.labels) + len(wrong.labels)
    assert ev.token_accuracy == hits / ev.tokens
