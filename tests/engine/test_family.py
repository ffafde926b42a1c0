"""The family described once: model descriptions, deep and bidirectional stacks against an
independent NumPy re-implementation, gradients of every tensor against finite differences,
the packed model form, and clear errors for members not built yet."""

from __future__ import annotations

import json

import numpy as np
import pytest
from safetensors.numpy import save_file

from rnnviz.engine import ModelSpec, Params, build_trace, init_params
from rnnviz.engine.gradcheck import gradient_check, random_problem
from rnnviz.engine.modelio import load_model, save_model
from rnnviz.errors import UserError


def reference_stack(W, spec, indices, n_x):
    """A plain re-implementation of a deep (bi)directional vanilla RNN tagger, written from
    the equations: layer 1 reads one-hot x<t>, layer l reads [a→; a←] of layer l-1."""
    g = np.tanh if spec.activation == "tanh" else (lambda z: np.maximum(z, 0))
    X = np.eye(n_x)[indices]  # (T, n_x) dense one-hot rows
    T = len(indices)
    for layer in range(spec.layers):
        outs = []
        for d in range(spec.directions):
            p = ("" if layer == 0 else f"layer{layer + 1}.") + ("reverse." if d else "")
            Waa, Wax, ba = W[p + "Waa"], W[p + "Wax"], W[p + "ba"][:, 0]
            a = np.zeros(Waa.shape[0])
            H = np.zeros((T, Waa.shape[0]))
            order = range(T - 1, -1, -1) if d else range(T)
            for t in order:
                a = g(Waa @ a + Wax @ X[t] + ba)
                H[t] = a
            outs.append(H)
        X = np.concatenate(outs, axis=1)
    return X @ W["Wya"].T + W["by"][:, 0]


SPECS = [
    ModelSpec(layers=2),
    ModelSpec(bidirectional=True),
    ModelSpec(layers=3, bidirectional=True, activation="relu"),
    ModelSpec(layers=2, bidirectional=True, head="softmax"),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_deep_and_bidirectional_forward_equals_the_reference(spec):
    n_y = 3 if spec.head == "softmax" else 1
    params = init_params(4, 9, n_y, seed=5, spec=spec)
    indices = np.array([3, 0, 8, 8, 2, 5])
    trace = build_trace(params, ["w"] * 6, indices)
    np.testing.assert_allclose(trace.logits, reference_stack(params.tensors, spec, indices, 9), rtol=1e-12, atol=1e-13)
    assert trace.net.top.shape == (6, spec.directions * 4)
    # the reverse chain's a_prev at t is its state at t + 1 (the step to the right): 0 at T_x
    if spec.bidirectional:
        np.testing.assert_array_equal(trace.q("a_prev", 0, 1)[-1], np.zeros(4))
        np.testing.assert_array_equal(trace.q("a_prev", 0, 1)[:-1], trace.q("a", 0, 1)[1:])


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_every_tensor_of_a_deep_bidirectional_network_passes_the_gradient_check(spec):
    n_y = 3 if spec.head == "softmax" else 1
    params, indices, labels = random_problem(n_a=3, n_x=7, T=5, n_y=n_y, seed=2, spec=spec)
    result = gradient_check(params, indices, labels)
    assert set(result.errors) == set(params.names)
    assert len(params.names) == 3 * spec.layers * spec.directions + 2
    assert result.max_error < 1e-6, str(result)


def test_a_wrong_reverse_gradient_is_caught(monkeypatch):
    """The check sees a mistake in one direction's tensor only."""
    from rnnviz.engine import gradcheck

    spec = ModelSpec(bidirectional=True)
    params, indices, labels = random_problem(n_a=3, n_x=7, T=5, seed=1, spec=spec)
    real = gradcheck.analytical_gradients

    def off(p, i, y):
        grads = real(p, i, y)
        grads["reverse.Waa"] = grads["reverse.Waa"] * 1.001
        return grads

    monkeypatch.setattr(gradcheck, "analytical_gradients", off)
    result = gradient_check(params, indices, labels)
    assert result.errors["reverse.Waa"] > 1e-4
    assert all(e < 1e-6 for n, e in result.errors.items() if n != "reverse.Waa")


def test_spec_round_trips_through_meta_and_defaults_to_the_seed():
    spec = ModelSpec(layers=2, bidirectional=True, activation="relu")
    assert ModelSpec.from_meta({"model": json.loads(json.dumps(spec.as_meta()))}, "relu", 1) == spec
    assert ModelSpec.from_meta({}, "tanh", 1) == ModelSpec()
    assert ModelSpec.from_meta({}, "tanh", 5).head == "softmax"
    with pytest.raises(ValueError, match="layers must be a whole number"):
        ModelSpec.from_meta({"model": {"layers": 0}}, "tanh", 1)
    with pytest.raises(ValueError, match="unknown field 'depth'"):
        ModelSpec.from_meta({"model": {"depth": 2}}, "tanh", 1)
    with pytest.raises(ValueError, match="cell must be one of rnn, gru, lstm"):
        ModelSpec(cell="transformer")


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_a_deep_bidirectional_model_file_round_trips(tmp_path, suffix):
    spec = ModelSpec(layers=2, bidirectional=True)
    p = init_params(3, 11, seed=1, spec=spec).replace(meta={"trained": False})
    q = load_model(save_model(p, tmp_path / f"m{suffix}"))
    assert q.spec == spec and q.names == p.names
    assert all(np.array_equal(p[n], q[n]) for n in p.names)
    assert "layer2.reverse.Wax" in q.names and q["layer2.Wax"].shape == (3, 6)


def test_packed_form_is_exact_uncompressed_and_small(tmp_path):
    import zipfile

    p = init_params(5, 400, seed=0)
    sparse = np.zeros((5, 400))
    sparse[:, [3, 77, 399]] = np.random.default_rng(0).normal(size=(5, 3))
    p = p.replace(Wax=sparse)
    path = save_model(p, tmp_path / "m.npz", packed=True)
    q = load_model(path)
    assert all(np.array_equal(p[n], q[n]) for n in p.names)
    with zipfile.ZipFile(path) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        assert "Wax.columns.npy" in zf.namelist() and "Wax.npy" not in zf.namelist()
        assert "Waa.npy" in zf.namelist()  # dense tensors stay whole
    with np.load(path) as f:
        assert f["Wax.columns"].tolist() == [3, 77, 399] and int(f["Wax.width"]) == 400


def test_the_bundled_model_is_packed_and_loads_the_seeds_network():
    from rnnviz.pipeline import bundled_model_path

    p = load_model(bundled_model_path())
    assert p.spec == ModelSpec() and (p.n_a, p.n_x, p.n_y) == (100, 10_000, 1)
    with np.load(bundled_model_path()) as f:
        assert "Wax.columns" in f.files


def test_a_file_whose_tensors_do_not_fit_its_shape_names_the_missing_one(tmp_path):
    p = init_params(3, 5, seed=0)
    meta = {"model": {**ModelSpec().as_meta(), "shape": "seq2seq", "head": "softmax"}}
    np.savez(tmp_path / "m.npz", **{n: p[n] for n in p.names}, meta=np.array(json.dumps(meta)))
    with pytest.raises(
        UserError, match=r"missing tensor encoder\.Wax \(a rnn \(tanh\), 1 layer, left to right, seq2seq"
    ) as info:
        load_model(tmp_path / "m.npz")
    assert str(tmp_path / "m.npz") in str(info.value)


def test_tensors_that_do_not_fit_the_description_are_named():
    p = init_params(3, 5, seed=0)
    with pytest.raises(ValueError, match=r"missing tensor reverse\.Wax"):
        Params(p.tensors, spec=ModelSpec(bidirectional=True))
    with pytest.raises(ValueError, match=r"Wya has shape \(1, 3\), expected \(1, 6\)"):
        Params(
            {**p.tensors, **{f"reverse.{n}": p[n] for n in ("Waa", "Wax", "ba")}}, spec=ModelSpec(bidirectional=True)
        )
    with pytest.raises(ValueError, match="unexpected tensor Wzz"):
        Params({**p.tensors, "Wzz": np.zeros((1, 1))})


def torch_rnn(state, layers, directions, indices, n_x, activation):
    """nn.RNN (batch_first, one sequence) + nn.Linear in NumPy, from PyTorch's documented
    equations: h_t = g(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh), layer k reads the
    concatenated outputs of layer k-1."""
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0))
    f = lambda k: state[k].astype(np.float64)  # noqa: E731
    X = np.eye(n_x)[indices]
    for k in range(layers):
        outs = []
        for d in range(directions):
            s = f"_l{k}" + ("_reverse" if d else "")
            h = np.zeros(f("rnn.weight_hh" + s).shape[0])
            H = np.zeros((len(X), len(h)))
            for t in reversed(range(len(X))) if d else range(len(X)):
                h = g(
                    X[t] @ f("rnn.weight_ih" + s).T
                    + f("rnn.bias_ih" + s)
                    + h @ f("rnn.weight_hh" + s).T
                    + f("rnn.bias_hh" + s)
                )
                H[t] = h
            outs.append(H)
        X = np.concatenate(outs, axis=1)
    return X @ f("fc.weight").T + f("fc.bias")


@pytest.mark.parametrize("layers, directions", [(2, 1), (1, 2), (3, 2)])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_pytorch_deep_bidirectional_rnn_loads_exactly(tmp_path, layers, directions, activation):
    rng = np.random.default_rng(layers * 10 + directions)
    H, n_x = 5, 12
    state = {}
    for k in range(layers):
        width = n_x if k == 0 else directions * H
        for d in range(directions):
            s = f"_l{k}" + ("_reverse" if d else "")
            state["rnn.weight_ih" + s] = rng.uniform(-0.5, 0.5, (H, width)).astype(np.float32)
            state["rnn.weight_hh" + s] = rng.uniform(-0.5, 0.5, (H, H)).astype(np.float32)
            state["rnn.bias_ih" + s] = rng.uniform(-0.5, 0.5, H).astype(np.float32)
            state["rnn.bias_hh" + s] = rng.uniform(-0.5, 0.5, H).astype(np.float32)
    state["fc.weight"] = rng.uniform(-1, 1, (2, directions * H)).astype(np.float32)
    state["fc.bias"] = rng.uniform(-1, 1, 2).astype(np.float32)
    save_file(state, str(tmp_path / "t.safetensors"))
    params = load_model(tmp_path / "t.safetensors", activation)
    assert params.spec == ModelSpec(layers=layers, bidirectional=directions == 2, activation=activation, head="softmax")
    indices = np.array([0, 11, 4, 4, 7, 1, 9])
    ours = build_trace(params, ["w"] * 7, indices).logits
    np.testing.assert_allclose(
        ours, torch_rnn(state, layers, directions, indices, n_x, activation), rtol=1e-9, atol=1e-12
    )
