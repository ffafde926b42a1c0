"""Training: sparse BPTT gradients against the course's dense rnn_backward, lazy Adam and SGD
against dense reference steps, clipping, determinism, resume, cancel, divergence, scores, and
input dropout. The bundled models are tested in test_bundled.py."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import build_trace, init_params, rnn_backward, rnn_forward, sigmoid
from rnnviz.engine.optim import Columns, OptimizerState, adam_step, global_norm, scaled, sgd_step
from rnnviz.engine.params import NAMES, Params
from rnnviz.engine.train import (
    Example,
    NonFiniteLoss,
    TrainConfig,
    Trainer,
    evaluate,
    fit,
    initial_params,
)
from rnnviz.engine.train import batch_gradients as engine_batch_gradients

DENSE = ("Waa", "ba", "Wya", "by")


def batch_gradients(params, batch):
    return engine_batch_gradients(params.spec, params.tensors, batch)


def random_examples(n, n_x, seed, T=(2, 9)):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        t = int(rng.integers(*T))
        out.append(Example(rng.integers(0, n_x, t), rng.integers(0, 2, t), f"rand:{i}"))
    return out


def dense_reference_gradients(params: Params, batch):
    """Mean over the batch of the course's dense BPTT: x one-hot (n_x, 1, T), da<t> = Wya^T (ŷ<t> - y<t>)."""
    total = {name: np.zeros(getattr(params, name).shape) for name in NAMES}
    for ex in batch:
        x = np.zeros((params.n_x, 1, ex.T))
        x[ex.indices, 0, np.arange(ex.T)] = 1.0
        a, y_pred, caches = rnn_forward(x, np.zeros((params.n_a, 1)), params.as_dict())
        dlogit = y_pred[0, 0, :] - ex.labels  # (T,)
        da = (params.Wya.T * dlogit[None, :])[:, None, :]  # (n_a, 1, T)
        grads = rnn_backward(da, caches)
        total["Waa"] += grads["dWaa"]
        total["Wax"] += grads["dWax"]
        total["ba"] += grads["dba"]
        total["Wya"] += dlogit[None, :] @ a[:, 0, :].T
        total["by"] += dlogit.sum()
    return {name: g / len(batch) for name, g in total.items()}


# ---------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_sparse_batch_gradients_equal_the_dense_course_reference(activation):
    params = init_params(6, 30, seed=1, activation=activation)
    batch = random_examples(4, 30, seed=2)
    batch.append(Example(np.array([7, 7, 3, 7]), np.array([1, 0, 0, 1]), "repeats"))  # a word used 3 times
    _, grads = batch_gradients(params, batch)
    ref = dense_reference_gradients(params, batch)
    for name in DENSE:
        np.testing.assert_allclose(grads[name], ref[name], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grads["Wax"].dense(30), ref["Wax"], rtol=1e-12, atol=1e-14)
    used = np.unique(np.concatenate([ex.indices for ex in batch]))
    assert np.array_equal(grads["Wax"].columns, used)  # exactly the batch's words, sorted
    assert grads["Wax"].values.shape == (6, len(used))  # never (n_a, V)


def test_global_norm_and_clipping():
    params = init_params(5, 20, seed=0)
    _, grads = batch_gradients(params, random_examples(3, 20, seed=1))
    flat = np.concatenate([grads[n].ravel() for n in DENSE] + [grads["Wax"].dense(20).ravel()])
    assert global_norm(grads) == pytest.approx(np.linalg.norm(flat), rel=1e-13)
    clipped = scaled(grads, 0.5 / global_norm(grads))
    assert global_norm(clipped) == pytest.approx(0.5, rel=1e-13)
    assert isinstance(clipped["Wax"], Columns)


# ---------------------------------------------------------------------------- optimizers


def dense_adam(W, G, m, v, t, lr, b1=0.9, b2=0.999, eps=1e-8):
    """Textbook dense Adam on every entry (the reference for the lazy variant)."""
    for name in NAMES:
        m[name] = b1 * m[name] + (1.0 - b1) * G[name]
        v[name] = b2 * v[name] + (1.0 - b2) * G[name] * G[name]
        W[name] = W[name] - lr * (m[name] / (1.0 - b1**t)) / (np.sqrt(v[name] / (1.0 - b2**t)) + eps)


def setup_step(seed=0, n_x=40):
    params = init_params(5, n_x, seed=seed)
    _, grads = batch_gradients(params, random_examples(3, n_x, seed=seed + 1))
    dense = {n: grads[n] for n in DENSE} | {"Wax": grads["Wax"].dense(n_x)}
    return params, grads, dense


def test_first_lazy_adam_step_equals_dense_adam_everywhere():
    params, grads, G = setup_step()
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    state = OptimizerState.fresh("adam", {n: a.shape for n, a in W.items()})
    adam_step(W, grads, state, lr=0.01)
    Wd = {n: np.array(getattr(params, n)) for n in NAMES}
    m = {n: np.zeros_like(a) for n, a in Wd.items()}
    v = {n: np.zeros_like(a) for n, a in Wd.items()}
    dense_adam(Wd, G, m, v, 1, 0.01)
    for n in NAMES:  # bit for bit: m = v = 0 on untouched columns gives a zero update
        assert np.array_equal(W[n], Wd[n]), n
        assert np.array_equal(state.m[n], m[n]) and np.array_equal(state.v[n], v[n]), n


def test_lazy_adam_touches_only_the_batchs_columns():
    """With non-zero moments everywhere: the touched columns of Wax (and all of Waa, ba,
    Wya, by) get exactly dense Adam's update; every other column of Wax, m and v keeps its
    bits. Dense Adam would move those columns on momentum alone: that is the difference
    this variant promises."""
    params, grads, G = setup_step(seed=3)
    rng = np.random.default_rng(9)
    shapes = {n: getattr(params, n).shape for n in NAMES}
    m0 = {n: rng.normal(0, 0.1, s) for n, s in shapes.items()}
    v0 = {n: rng.uniform(0.01, 0.1, s) for n, s in shapes.items()}
    t0 = 7
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    state = OptimizerState("adam", t0, {n: a.copy() for n, a in m0.items()}, {n: a.copy() for n, a in v0.items()})
    adam_step(W, grads, state, lr=0.01)
    assert state.step == t0 + 1
    Wd = {n: np.array(getattr(params, n)) for n in NAMES}
    md = {n: a.copy() for n, a in m0.items()}
    vd = {n: a.copy() for n, a in v0.items()}
    dense_adam(Wd, G, md, vd, t0 + 1, 0.01)
    for n in DENSE:
        assert np.array_equal(W[n], Wd[n]), n
    touched = grads["Wax"].columns
    untouched = np.setdiff1d(np.arange(params.n_x), touched)
    assert len(untouched) > 0
    assert np.array_equal(W["Wax"][:, touched], Wd["Wax"][:, touched])
    assert np.array_equal(state.m["Wax"][:, touched], md["Wax"][:, touched])
    assert np.array_equal(state.v["Wax"][:, touched], vd["Wax"][:, touched])
    assert np.array_equal(W["Wax"][:, untouched], params.Wax[:, untouched])
    assert np.array_equal(state.m["Wax"][:, untouched], m0["Wax"][:, untouched])
    assert np.array_equal(state.v["Wax"][:, untouched], v0["Wax"][:, untouched])
    assert not np.array_equal(Wd["Wax"][:, untouched], params.Wax[:, untouched])  # dense Adam differs there


def test_sparse_sgd_equals_dense_sgd_everywhere():
    params, grads, G = setup_step(seed=5)
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    sgd_step(W, grads, OptimizerState.fresh("sgd", {}), lr=0.1)
    for n in NAMES:
        assert np.array_equal(W[n], getattr(params, n) - 0.1 * G[n]), n


# ---------------------------------------------------------------------------- the loop


TINY_NX = 50


def tiny_data():
    """Names are words 1-5, other words 10-40; a name follows word 6 ('met') or starts."""
    rng = np.random.default_rng(0)
    out = []
    for i in range(24):
        T = int(rng.integers(3, 8))
        idx = rng.integers(10, 40, T)
        lab = np.zeros(T)
        k = int(rng.integers(0, T - 1))
        idx[k] = int(rng.integers(1, 6))
        lab[k] = 1
        out.append(Example(idx, lab, f"tiny:{i + 1}"))
    return out


def test_loss_decreases_and_the_tiny_set_is_learned():
    data = tiny_data()
    params = initial_params(8, TINY_NX, seed=0)
    before = evaluate(params, data)
    trained, history = fit(params, data, TrainConfig(epochs=30, lr=0.05, batch_size=4))
    after = evaluate(trained, data)
    assert len(history) == 30 and [h.epoch for h in history] == list(range(1, 31))
    assert history[-1].loss < 0.05 * history[0].loss
    assert after.loss < 0.05 * before.loss
    assert after.f1 == 1.0 and after.accuracy == 1.0
    assert trained.meta["init_seed"] == 0


def test_initial_params_have_a_zero_wax_and_the_init_params_rest():
    p = initial_params(6, 30, seed=4)
    ref = init_params(6, 30, seed=4)
    assert not p.Wax.any()
    for n in ("Waa", "Wya", "ba", "by"):
        assert np.array_equal(getattr(p, n), getattr(ref, n))


def test_a_relu_network_learns_from_the_trainers_start():
    """From Wax = 0 and ba = 0 every z<t> of a ReLU network is 0, where its slope is 0: only by
    would ever move. Its biases start at 0.1, and every tensor learns (the tiny set too)."""
    data = tiny_data()
    start = initial_params(8, TINY_NX, seed=0, activation="relu")
    assert not start.Wax.any() and np.all(start.ba == 0.1) and start.meta["init"] == "trainer (Wax = 0, ba = 0.1: ReLU)"
    assert np.array_equal(start.Waa, init_params(8, TINY_NX, seed=0).Waa)
    _, grads = batch_gradients(start, data[:4])
    assert all(np.abs(grads[n]).sum() > 0 for n in ("Waa", "ba", "Wya", "by")) and np.abs(grads["Wax"].values).sum() > 0
    trained, history = fit(start, data, TrainConfig(epochs=30, lr=0.05, batch_size=4))
    for n in ("Waa", "Wax", "ba", "Wya"):
        assert not np.array_equal(getattr(trained, n), getattr(start, n)), n
    assert history[-1].loss < 0.2 * history[0].loss and evaluate(trained, data).f1 == 1.0
    assert not initial_params(8, TINY_NX, seed=0).ba.any()  # tanh starts at 0, as before


def test_untouched_columns_never_move():
    data = tiny_data()  # words 0, 6-9 and 40-49 never occur
    trained, _ = fit(initial_params(8, TINY_NX, seed=0), data, TrainConfig(epochs=3))
    used = np.unique(np.concatenate([e.indices for e in data]))
    unused = np.setdiff1d(np.arange(TINY_NX), used)
    assert not trained.Wax[:, unused].any()
    assert np.all(np.abs(trained.Wax[:, used]).sum(axis=0) > 0)


def arrays_equal(a: Params, b: Params) -> bool:
    return all(getattr(a, n).tobytes() == getattr(b, n).tobytes() for n in NAMES)


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_same_seed_same_bits_other_seed_other_model(optimizer):
    data = tiny_data()
    cfg = TrainConfig(epochs=4, lr=0.05, batch_size=5, optimizer=optimizer, seed=11)
    a, _ = fit(initial_params(8, TINY_NX, seed=1), data, cfg)
    b, _ = fit(initial_params(8, TINY_NX, seed=1), data, cfg)
    c, _ = fit(initial_params(8, TINY_NX, seed=1), data, TrainConfig(**{**cfg.as_dict(), "seed": 12}))
    assert arrays_equal(a, b)
    assert not arrays_equal(a, c)


def test_the_shuffle_depends_on_seed_and_epoch_only():
    t = Trainer(initial_params(4, TINY_NX), tiny_data(), TrainConfig(seed=3))
    assert np.array_equal(t.order(2), np.random.default_rng([3, 2]).permutation(24))
    assert not np.array_equal(t.order(1), t.order(2))
    assert sorted(t.order(5)) == list(range(24))


def test_resume_continues_bit_for_bit():
    data = tiny_data()
    cfg = TrainConfig(epochs=5, lr=0.05, batch_size=4)
    straight, _ = fit(initial_params(8, TINY_NX), data, cfg)
    first = Trainer(initial_params(8, TINY_NX), data, cfg)
    for _ in range(2):
        first.run_epoch()
    second = Trainer(first.params, data, cfg, state=first.optimizer_state, epochs_done=2)
    while second.epochs_done < 5:
        second.run_epoch()
    assert arrays_equal(second.params, straight)


def test_cancel_rolls_back_to_the_last_completed_epoch():
    data = tiny_data()
    cfg = TrainConfig(epochs=3, lr=0.05, batch_size=4)
    trainer = Trainer(initial_params(8, TINY_NX), data, cfg)
    trainer.run_epoch()
    after_one = trainer.params
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3  # three batches of epoch 2 run, then stop

    assert trainer.run_epoch(cancel=cancel) is None
    assert trainer.epochs_done == 1
    assert trainer.params is after_one
    # the live weights were rolled back too: finishing now equals never having been cancelled
    trainer.run_epoch()
    trainer.run_epoch()
    straight, _ = fit(initial_params(8, TINY_NX), data, cfg)
    assert arrays_equal(trainer.params, straight)


def test_progress_is_reported_after_every_batch():
    seen = []
    trainer = Trainer(initial_params(4, TINY_NX), tiny_data(), TrainConfig(batch_size=5))
    stats = trainer.run_epoch(progress=lambda done, total, loss: seen.append((done, total, loss)))
    assert [s[:2] for s in seen] == [(i, 5) for i in range(1, 6)]
    assert seen[-1][2] == pytest.approx(stats.loss)
    assert stats.batches == 5


def test_non_finite_loss_names_epoch_and_sentence_and_keeps_the_last_good_model(monkeypatch):
    """A NaN loss at the 2nd batch of epoch 2: the error names epoch 2 and the sentence;
    the trainer keeps epoch 1's model."""
    import rnnviz.engine.train as train_module

    data = tiny_data()
    trainer = Trainer(initial_params(8, TINY_NX), data, TrainConfig(epochs=3, batch_size=4))
    trainer.run_epoch()
    good = trainer.params
    real = train_module.batch_gradients
    calls = []

    def poisoned(spec, W, batch):
        losses, grads = real(spec, W, batch)
        calls.append(1)
        if len(calls) == 2:
            losses[1] = np.nan
        return losses, grads

    monkeypatch.setattr(train_module, "batch_gradients", poisoned)
    with pytest.raises(NonFiniteLoss) as info:
        trainer.run_epoch()
    second_batch = [data[i] for i in trainer.order(2)[4:8]]
    assert (info.value.epoch, info.value.where) == (2, second_batch[1].where)
    assert str(info.value) == f"non-finite loss in epoch 2 at sentence {second_batch[1].where}"
    assert trainer.params is good and trainer.epochs_done == 1


@pytest.mark.parametrize("lr", [1e308])
def test_a_huge_learning_rate_is_stopped_before_a_weight_turns_infinite(lr):
    data = tiny_data()
    trainer = Trainer(
        initial_params(8, TINY_NX), data, TrainConfig(epochs=50, lr=lr, optimizer="sgd", clip=None, batch_size=4)
    )
    with pytest.raises(NonFiniteLoss) as info:
        while trainer.epochs_done < 50:
            trainer.run_epoch()
    assert info.value.where.startswith("tiny:")
    assert all(np.all(np.isfinite(getattr(trainer.params, n))) for n in NAMES)


def test_an_infinite_weight_gives_a_non_finite_loss_at_the_first_sentence():
    params = initial_params(4, TINY_NX).replace(by=np.array([[np.inf]]))
    data = tiny_data()
    trainer = Trainer(params, data, TrainConfig(batch_size=1))
    with pytest.raises(NonFiniteLoss, match="loss in epoch 1 at sentence") as info:
        trainer.run_epoch()
    assert info.value.where == data[trainer.order(1)[0]].where


def test_clipping_caps_every_step():
    data = tiny_data()
    trainer = Trainer(initial_params(8, TINY_NX), data, TrainConfig(lr=0.05, clip=1e-3, batch_size=4))
    stats = trainer.run_epoch()
    assert stats.clipped == stats.batches  # every gradient was longer than 1e-3
    assert stats.max_grad_norm > 1e-3


@pytest.mark.parametrize(
    "change, message",
    [
        ({"epochs": 0}, "epochs"),
        ({"lr": -0.1}, "learning rate"),
        ({"lr": float("nan")}, "learning rate"),
        ({"batch_size": 0}, "batch size"),
        ({"optimizer": "rmsprop"}, "optimizer"),
        ({"clip": -1.0}, "clipping"),
        ({"unseen_dropout": 1.0}, "the unseen dropout must be a probability in"),
        ({"word_dropout": 0.6, "unseen_dropout": 0.5}, "must add up to less than 1"),
    ],
)
def test_bad_settings_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        Trainer(initial_params(4, TINY_NX), tiny_data(), TrainConfig(**change))


def test_evaluate_counts_by_hand():
    """n_a = 1, Waa = 0, Wya = 1, by = 0: ŷ<t> = σ(tanh(Wax[w])), a name iff Wax[w] > 0."""
    wax = np.array([[-1.0, 2.0, 0.5, -0.3]])
    params = Params(Waa=np.zeros((1, 1)), Wax=wax, Wya=np.ones((1, 1)), ba=np.zeros((1, 1)), by=np.zeros((1, 1)))
    data = [
        Example(np.array([1, 0, 2]), np.array([1, 0, 0]), "a"),  # tp, tn, fp
        Example(np.array([3, 1]), np.array([1, 1]), "b"),  # fn, tp
    ]
    ev = evaluate(params, data)
    assert (ev.tp, ev.fp, ev.fn) == (2, 1, 1)
    assert ev.words == 5 and ev.sentences == 2
    assert ev.accuracy == pytest.approx(3 / 5)
    assert ev.precision == pytest.approx(2 / 3) and ev.recall == pytest.approx(2 / 3)
    assert ev.f1 == pytest.approx(2 / 3)
    logit = np.tanh(wax[0])
    bce = lambda l, y: np.log1p(np.exp(-l)) if y else np.log1p(np.exp(l))  # noqa: E731
    expected = [bce(logit[1], 1) + bce(logit[0], 0) + bce(logit[2], 0), bce(logit[3], 1) + bce(logit[1], 1)]
    assert ev.loss == pytest.approx(np.mean(expected), rel=1e-12)
    assert ev.word_loss == pytest.approx(np.sum(expected) / 5, rel=1e-12)


def test_no_prediction_gives_zero_precision_not_a_crash():
    params = Params(
        Waa=np.zeros((1, 1)), Wax=-np.ones((1, 3)), Wya=np.ones((1, 1)), ba=np.zeros((1, 1)), by=np.zeros((1, 1))
    )
    ev = evaluate(params, [Example(np.array([0, 1]), np.array([1, 0]))])
    assert (ev.precision, ev.recall, ev.f1) == (0.0, 0.0, 0.0)


def test_example_checks_its_shape():
    with pytest.raises(ValueError):
        Example(np.array([], dtype=int), np.array([]))
    with pytest.raises(ValueError, match="one label per word"):  # the tagger's rule
        Trainer(initial_params(4, TINY_NX), [Example(np.array([1, 2]), np.array([1.0]), "x:1")], TrainConfig())


# ---------------------------------------------------------------------------- word dropout


def test_word_dropout_feeds_unk_at_the_rate_asked_and_is_seeded():
    data = [Example(np.arange(1, 201) % (TINY_NX - 1) + 1, np.zeros(200), f"x:{i}") for i in range(20)]
    trainer = Trainer(initial_params(4, TINY_NX), data, TrainConfig(word_dropout=0.25, seed=3), unk_index=0)
    batch = trainer.dropped(data[:8], epoch=1, number=0)
    dropped = np.concatenate([ex.indices == 0 for ex in batch])
    assert 0.2 < dropped.mean() < 0.3  # 1,600 draws at p = 0.25
    again = trainer.dropped(data[:8], epoch=1, number=0)
    assert all(np.array_equal(a.indices, b.indices) for a, b in zip(batch, again))
    other = trainer.dropped(data[:8], epoch=2, number=0)
    assert not all(np.array_equal(a.indices, b.indices) for a, b in zip(batch, other))
    kept = np.concatenate([ex.indices for ex in batch])[~dropped]
    assert np.array_equal(kept, np.concatenate([ex.indices for ex in data[:8]])[~dropped])  # the rest unchanged


def test_word_dropout_trains_the_unk_column_and_needs_its_index():
    data = tiny_data()
    trained, _ = fit(initial_params(8, TINY_NX), data, TrainConfig(epochs=2))
    assert not trained.Wax[:, 0].any()  # no <UNK> in the data: its column stays 0
    trainer = Trainer(initial_params(8, TINY_NX), data, TrainConfig(epochs=2, word_dropout=0.3), unk_index=0)
    trainer.run_epoch()
    assert trainer.params.Wax[:, 0].any()
    with pytest.raises(ValueError, match="word dropout needs the index of <UNK>"):
        Trainer(initial_params(8, TINY_NX), data, TrainConfig(word_dropout=0.3))


def test_unseen_dropout_feeds_the_zero_input_apart_from_word_dropout():
    """One draw u per word: u < 0.2 gives <UNK> (0), 0.2 <= u < 0.5 gives x<t> = 0 (index -1);
    word dropout alone draws exactly as before."""
    data = [Example(np.arange(1, 201) % (TINY_NX - 1) + 1, np.zeros(200), f"x:{i}") for i in range(20)]
    config = TrainConfig(word_dropout=0.2, unseen_dropout=0.3, seed=3)
    both = Trainer(initial_params(4, TINY_NX), data, config, unk_index=0).dropped(data[:8], epoch=1, number=0)
    indices = np.concatenate([ex.indices for ex in both])
    assert 0.15 < np.mean(indices == 0) < 0.25 and 0.25 < np.mean(indices == -1) < 0.35  # 1,600 draws
    alone = TrainConfig(word_dropout=0.2, seed=3)
    unk_only = Trainer(initial_params(4, TINY_NX), data, alone, unk_index=0).dropped(data[:8], epoch=1, number=0)
    assert np.array_equal(np.concatenate([ex.indices for ex in unk_only]) == 0, indices == 0)
    zero_only = Trainer(initial_params(4, TINY_NX), data, TrainConfig(unseen_dropout=0.3, seed=3))
    assert not any((ex.indices == 0).any() for ex in zero_only.dropped(data[:8], epoch=1, number=0))  # no <UNK> needed


def test_unseen_dropout_trains_the_zero_input_without_touching_any_column():
    """x<t> = 0 adds no column to dWax: the columns the data never uses stay exactly 0, and
    the model learns a prediction for the zero input (word 6 is always followed by a name)."""
    data = [Example(np.array([10, 6, 3, 20]), np.array([0.0, 0, 1, 0]), f"m:{i}") for i in range(16)]
    data += [Example(np.array([11, 12, 21]), np.zeros(3), f"o:{i}") for i in range(16)]
    config = TrainConfig(epochs=30, lr=0.05, unseen_dropout=0.3, seed=1)
    trained, _ = fit(initial_params(8, TINY_NX), data, config)
    used = np.unique(np.concatenate([ex.indices for ex in data]))
    assert not np.delete(trained.Wax, used, axis=1).any()
    unseen = 45  # a word never in the data: its column is 0, so it is the zero input
    y_hat = sigmoid(build_trace(trained, ["w"] * 4, [10, 6, unseen, 20]).logits[:, 0])
    assert y_hat[2] > 0.5 and y_hat[[0, 1, 3]].max() < 0.5  # word 6 then an unseen word: a name
