"""The GRU and LSTM cells: against a NumPy re-implementation of PyTorch's documented equations
(state dicts in, any depth and direction), the LSTM against the course's functions, small
examples worked by hand, every tensor's gradient against finite differences, and the
PyTorch state dict out."""

from __future__ import annotations

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from rnnviz.engine import ModelSpec, build_trace, init_params, lstm_backward, lstm_forward, sigmoid
from rnnviz.engine.cells import get_cell
from rnnviz.engine.gradcheck import gradient_check, random_problem
from rnnviz.engine.modelio import load_model
from rnnviz.engine.pytorch import state_dict, state_dict_bytes
from rnnviz.engine.stack import Columns

# ---------------------------------------------------------------------------- PyTorch's equations


def sig(x):
    return 1 / (1 + np.exp(-x))


def torch_lstm_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    """nn.LSTM's documented step: i, f, g, o = chunks of W_ih x + b_ih + W_hh h + b_hh."""
    i, f, g, o = np.split(w_ih @ x + b_ih + w_hh @ h + b_hh, 4)
    i, f, g, o = sig(i), sig(f), np.tanh(g), sig(o)
    c = f * c + i * g
    return o * np.tanh(c), c


def torch_gru_step(x, h, c, w_ih, w_hh, b_ih, b_hh):
    """nn.GRU's documented step (r, z, n chunks; b_hn inside r * (…))."""
    x_r, x_z, x_n = np.split(w_ih @ x + b_ih, 3)
    h_r, h_z, h_n = np.split(w_hh @ h + b_hh, 3)
    r, z = sig(x_r + h_r), sig(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h, c


def torch_forward(state, cell, layers, directions, indices, n_x):
    """nn.LSTM / nn.GRU (batch_first, one sequence) + nn.Linear, in float64 from the state
    dict: layer k reads the concatenated outputs of layer k-1."""
    step = torch_lstm_step if cell == "lstm" else torch_gru_step
    f = lambda k: state[k].astype(np.float64)  # noqa: E731
    X = np.eye(n_x)[indices]
    for k in range(layers):
        outs = []
        for d in range(directions):
            s = f"_l{k}" + ("_reverse" if d else "")
            H = f("rnn.weight_hh" + s).shape[1]
            h, c = np.zeros(H), np.zeros(H)
            out = np.zeros((len(X), H))
            for t in reversed(range(len(X))) if d else range(len(X)):
                h, c = step(X[t], h, c, *(f(f"rnn.{p}{s}") for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")))
                out[t] = h
            outs.append(out)
        X = np.concatenate(outs, axis=1)
    return X @ f("fc.weight").T + f("fc.bias")


def torch_state(cell, layers, directions, H=4, n_x=11, n_y=1, seed=0):
    gates = 4 if cell == "lstm" else 3
    rng = np.random.default_rng(seed)
    state = {}
    for k in range(layers):
        width = n_x if k == 0 else directions * H
        for d in range(directions):
            s = f"_l{k}" + ("_reverse" if d else "")
            state["rnn.weight_ih" + s] = rng.uniform(-1, 1, (gates * H, width))
            state["rnn.weight_hh" + s] = rng.uniform(-1, 1, (gates * H, H))
            state["rnn.bias_ih" + s] = rng.uniform(-1, 1, gates * H)
            state["rnn.bias_hh" + s] = rng.uniform(-1, 1, gates * H)
    state["fc.weight"] = rng.uniform(-1, 1, (n_y, directions * H))
    state["fc.bias"] = rng.uniform(-1, 1, n_y)
    return {k: v.astype(np.float32) for k, v in state.items()}


CASES = [(cell, layers, directions) for cell in ("gru", "lstm") for layers in (1, 2, 3) for directions in (1, 2)]


@pytest.mark.parametrize("cell, layers, directions", CASES)
def test_pytorch_state_dicts_load_and_give_pytorchs_outputs(tmp_path, cell, layers, directions):
    n_y = 1 if layers != 2 else 3
    state = torch_state(cell, layers, directions, n_y=n_y, seed=layers * 10 + directions)
    save_file(state, str(tmp_path / "t.safetensors"), metadata={"format": "pt"})
    params = load_model(tmp_path / "t.safetensors")
    assert params.spec == ModelSpec(
        cell=cell, layers=layers, bidirectional=directions == 2, head="sigmoid" if n_y == 1 else "softmax"
    )
    assert (params.n_a, params.n_x, params.n_y) == (4, 11, n_y)
    assert params.meta["trained_on"].startswith(f"unknown data (PyTorch nn.{cell.upper()} weights")
    indices = np.array([0, 10, 4, 4, 7, 1, 9, 3])
    ours = build_trace(params, ["w"] * 8, indices).logits
    theirs = torch_forward(state, cell, layers, directions, indices, 11)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    assert np.abs(theirs).max() > 0.1  # a real signal, not zeros


def test_the_gru_keeps_b_hn_inside_the_reset_gate(tmp_path):
    """A GRU that added b_hn to b_in (outside r * (…)) would differ here: only b_hn is set."""
    state = torch_state("gru", 1, 1, seed=3)
    state["rnn.bias_ih_l0"][:] = 0
    state["rnn.bias_hh_l0"][:] = 0
    state["rnn.bias_hh_l0"][8:] = 2.0  # b_hn
    save_file(state, str(tmp_path / "t.safetensors"))
    params = load_model(tmp_path / "t.safetensors")
    np.testing.assert_array_equal(params["ba"], np.zeros((12, 1)))
    np.testing.assert_array_equal(params["bhn"], np.full((4, 1), 2.0))
    indices = np.array([1, 2, 3])
    np.testing.assert_allclose(
        build_trace(params, ["w"] * 3, indices).logits, torch_forward(state, "gru", 1, 1, indices, 11), rtol=1e-9
    )
    moved = {**state, "rnn.bias_ih_l0": state["rnn.bias_hh_l0"].copy(), "rnn.bias_hh_l0": np.zeros(12, np.float32)}
    assert not np.allclose(
        torch_forward(moved, "gru", 1, 1, indices, 11), torch_forward(state, "gru", 1, 1, indices, 11)
    )


# ---------------------------------------------------------------------------- worked by hand


def test_lstm_cell_worked_by_hand():
    """The course's hand-worked cell (tests/engine/test_course_lstm.py) in PyTorch's layout:
    rows i, f, g, o; Wax the x column, Waa the a column. Γf = 1/2, Γu = 3/4, c̃ = 3/5, Γo = 4/5,
    c<t> = 1/2 (2 ln 3 - 0.9) + 3/4 · 3/5 = ln 3, a<t> = 4/5 · tanh(ln 3) = 16/25."""
    ln2, ln3 = np.log(2), np.log(3)
    W = {
        "Wax": np.array([[ln3], [0.0], [ln2], [2 * ln2]]),
        "Waa": np.array([[2.0], [1.0], [-1.0], [0.5]]),
        "ba": np.zeros((4, 1)),
    }
    cell = get_cell("lstm")
    out = cell.forward(W, W["Wax"][:, [0]].T, {"a": np.zeros(1), "c": np.array([2 * ln3 - 0.9])}, "tanh")
    expected = {"i": 0.75, "f": 0.5, "g": 0.6, "o": 0.8, "c": ln3, "a": 0.64}
    for name, value in expected.items():
        assert out[name][0, 0] == pytest.approx(value, rel=1e-15), name
    back = cell.backward(W, out, np.ones((1, 1)), "tanh")
    # the course's numbers: dit 0.0324, dft 0.144 ln 3 - 0.0648, dcct 0.13824, dot 0.128
    np.testing.assert_allclose(back.dxw[0], [0.0324, 0.144 * ln3 - 0.0648, 0.13824, 0.128], rtol=1e-13)
    assert back.steps["dc"][0, 0] == pytest.approx(0.288, rel=1e-14)
    assert back.dstate0["c"][0] == pytest.approx(0.144, rel=1e-14)
    assert back.dstate0["a"][0] == pytest.approx(0.144 * ln3 - 0.07424, rel=1e-13)


def test_gru_cell_worked_by_hand():
    """n_a = 1, a<t-1> = 1, x<t> the one word. r = σ(0) = 1/2, z = σ(ln 3) = 3/4 (Γu = 1/4),
    W_hn a<t-1> + b_hn = ln 2 + ln 2, n = tanh(0 + 1/2 · 2 ln 2) = tanh(ln 2) = 3/5,
    a<t> = (1 - 3/4) · 3/5 + 3/4 · 1 = 0.15 + 0.75 = 0.9."""
    ln2, ln3 = np.log(2), np.log(3)
    W = {
        "Wax": np.array([[0.0], [ln3], [0.0]]),
        "Waa": np.array([[0.0], [0.0], [ln2]]),
        "ba": np.zeros((3, 1)),
        "bhn": np.array([[ln2]]),
    }
    out = get_cell("gru").forward(W, W["Wax"][:, [0]].T, {"a": np.ones(1)}, "tanh")
    expected = {"r": 0.5, "u": 0.25, "n": 0.6, "a": 0.9}
    for name, value in expected.items():
        assert out[name][0, 0] == pytest.approx(value, rel=1e-15), name
    assert "z" not in out  # the vanilla cell's pre-activation; a GRU panel reads u = 1 - z


# ---------------------------------------------------------------------------- the course's LSTM


def course_parameters(W, n_a):
    """The course's Wf = [Waa_f | Wax_f], bf = ba_f, … from PyTorch's rows (i, f, g, o)."""
    rows = {"i": 0, "f": 1, "c": 2, "o": 3}
    p = {}
    for gate, k in rows.items():
        block = slice(k * n_a, (k + 1) * n_a)
        p[f"W{gate}"] = np.hstack([W["Waa"][block], W["Wax"][block]])
        p[f"b{gate}"] = W["ba"][block]
    p["Wy"], p["by"] = W["Wya"], W["by"]
    return p


def test_the_lstm_cell_equals_the_course_functions_forward_and_backward():
    params, indices, labels = random_problem(n_a=3, n_x=7, T=6, seed=4, spec=ModelSpec(cell="lstm"))
    n_a, n_x, T = 3, 7, 6
    trace = build_trace(params, ["w"] * T, indices, labels)
    x = np.zeros((n_x, 1, T))
    x[indices, 0, np.arange(T)] = 1.0
    course = course_parameters(params.tensors, n_a)
    a, _y, c, caches = lstm_forward(x, np.zeros((n_a, 1)), course)
    np.testing.assert_allclose(trace.q("a"), a[:, 0, :].T, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(trace.q("c"), c[:, 0, :].T, rtol=1e-13, atol=1e-15)
    for name, k in (("f", 4), ("i", 5), ("g", 6), ("o", 7)):  # the cache's ft, it, cct, ot
        np.testing.assert_allclose(trace.q(name), np.array([cache[k][:, 0] for cache in caches[0]]), rtol=1e-13)
    # backward: the upstream da<t> = Wyaᵀ (ŷ<t> - y<t>), computed here
    dlogit = sigmoid(a[:, 0, :].T @ params["Wya"].T + params["by"][:, 0])[:, 0] - labels
    grads = lstm_backward((params["Wya"].T * dlogit[None, :])[:, None, :], caches)
    back = trace.backward
    dWax, dWaa, dba = back.dense("Wax"), back.grads["Waa"], back.grads["ba"]
    for gate, k in (("i", 0), ("f", 1), ("c", 2), ("o", 3)):
        block = slice(k * n_a, (k + 1) * n_a)
        np.testing.assert_allclose(dWaa[block], grads[f"dW{gate}"][:, :n_a], rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(dWax[block], grads[f"dW{gate}"][:, n_a:], rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(dba[block], grads[f"db{gate}"], rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(back.dstate0[(0, 0)]["a"], grads["da0"][:, 0], rtol=1e-11, atol=1e-14)


# ---------------------------------------------------------------------------- gradients


SPECS = [
    ModelSpec(cell=cell, layers=layers, bidirectional=bi)
    for cell in ("gru", "lstm")
    for layers in (1, 2)
    for bi in (False, True)
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_every_tensor_passes_the_gradient_check(spec):
    params, indices, labels = random_problem(n_a=3, n_x=7, T=5, seed=2, spec=spec)
    result = gradient_check(params, indices, labels)
    per_cell = 4 if spec.cell == "gru" else 3  # Wax, Waa, ba (+ the GRU's bhn)
    assert set(result.errors) == set(params.names)
    assert len(params.names) == per_cell * spec.layers * spec.directions + 2
    assert result.max_error < 1e-6, str(result)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_softmax_head_gradients(cell):
    spec = ModelSpec(cell=cell, layers=2, bidirectional=True, head="softmax")
    params, indices, labels = random_problem(n_a=3, n_x=6, T=4, n_y=3, seed=3, spec=spec)
    assert gradient_check(params, indices, labels).max_error < 1e-6


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_the_one_hot_input_weight_gradient_is_sparse_in_the_vocabulary(cell):
    spec = ModelSpec(cell=cell, layers=2)
    params = init_params(5, 1000, seed=1, spec=spec)
    indices = np.array([17, 400, 17, 999])
    back = build_trace(params, ["w"] * 4, indices, [1, 0, 0, 1]).backward
    g = back.grads["Wax"]
    assert isinstance(g, Columns)
    assert g.columns.tolist() == [17, 400, 999] and g.values.shape == (get_cell(cell).gates * 5, 3)
    assert isinstance(back.grads["layer2.Wax"], np.ndarray)  # layer 2 reads dense a<t>


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_named_quantities_and_gradients(cell):
    spec = ModelSpec(cell=cell, bidirectional=True)
    params = init_params(4, 20, seed=0, spec=spec)
    trace = build_trace(params, ["w"] * 5, [1, 2, 3, 4, 5], [0, 1, 0, 1, 0])
    c = get_cell(cell)
    assert trace.quantities == c.quantities
    for name in (*c.quantities, *(f"{s}_prev" for s in c.states)):
        for d in (0, 1):
            assert trace.q(name, 0, d).shape == (5, 4), name
    assert not trace.has("z")  # a vanilla panel (z, a) must not draw these cells
    back = trace.backward
    for name in c.grad_quantities:
        assert back.g(name, 0, 1).shape == (5, 4), name
    np.testing.assert_array_equal(back.g("da"), back.g("da_out") + back.g("da_next"))
    if cell == "lstm":
        assert set(c.quantities) == {"f", "i", "g", "o", "c", "a"}
        f = trace.q("f")
        np.testing.assert_allclose(back.g("dc_next")[:-1], back.g("dc")[1:] * f[1:], rtol=1e-15)
        np.testing.assert_allclose(trace.q("c"), f * trace.q("c_prev") + trace.q("i") * trace.q("g"), rtol=1e-14)
        np.testing.assert_allclose(trace.q("a"), trace.q("o") * np.tanh(trace.q("c")), rtol=1e-14)
    else:
        assert set(c.quantities) == {"r", "u", "n", "a"}
        u = trace.q("u")
        np.testing.assert_allclose(trace.q("a"), u * trace.q("n") + (1 - u) * trace.q("a_prev"), rtol=1e-13)


# ---------------------------------------------------------------------------- PyTorch out


TORCH_SHAPES = {"rnn": 1, "gru": 3, "lstm": 4}


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("layers, bidirectional", [(1, False), (2, True)])
def test_the_pytorch_state_dict_has_pytorchs_keys_and_shapes_and_loads_back(tmp_path, cell, layers, bidirectional):
    spec = ModelSpec(
        cell=cell, layers=layers, bidirectional=bidirectional, activation="relu" if cell == "rnn" else "tanh"
    )
    H, V = 3, 13
    params, indices, _ = random_problem(n_a=H, n_x=V, T=6, seed=5, spec=spec)
    state = state_dict(params)
    D, k = 2 if bidirectional else 1, TORCH_SHAPES[cell]
    expected = {}
    for layer in range(layers):
        for d in range(D):
            s = f"_l{layer}" + ("_reverse" if d else "")
            width = V if layer == 0 else D * H
            expected.update(
                {
                    f"rnn.weight_ih{s}": (k * H, width),
                    f"rnn.weight_hh{s}": (k * H, H),
                    f"rnn.bias_ih{s}": (k * H,),
                    f"rnn.bias_hh{s}": (k * H,),
                }
            )
    expected.update({"head.weight": (1, D * H), "head.bias": (1,)})
    assert {key: v.shape for key, v in state.items()} == expected
    assert list(state) == list(expected)  # PyTorch's order: layer by layer, forward then reverse
    # ba -> bias_ih, bias_hh = 0, but the GRU's b_hn
    hh = state["rnn.bias_hh_l0"]
    if cell == "gru":
        assert not hh[: 2 * H].any() and np.array_equal(hh[2 * H :], params["bhn"][:, 0])
    else:
        assert not hh.any()
    np.testing.assert_array_equal(state["rnn.bias_ih_l0"], params["ba"][:, 0])
    path = tmp_path / "out.safetensors"
    path.write_bytes(state_dict_bytes(params))
    assert load_file(str(path)).keys() == state.keys()
    back = load_model(path)
    assert back.spec == spec  # the nn.RNN's nonlinearity travels in the metadata
    for name in params.names:
        np.testing.assert_array_equal(back[name], params[name])
    ours = build_trace(params, ["w"] * 6, indices).logits
    np.testing.assert_array_equal(build_trace(back, ["w"] * 6, indices).logits, ours)
    if cell != "rnn":  # the file read by PyTorch's equations gives the same ŷ
        np.testing.assert_allclose(
            torch_forward(
                {**state, "fc.weight": state["head.weight"], "fc.bias": state["head.bias"]}, cell, layers, D, indices, V
            ),
            ours,
            rtol=1e-12,
        )


def test_the_activation_of_a_pytorch_file_is_checked(tmp_path):
    from rnnviz.errors import UserError

    save_file(torch_state("lstm", 1, 1), str(tmp_path / "lstm.safetensors"))
    with pytest.raises(UserError, match=r"holds nn\.LSTM weights; the activation relu is nn\.RNN.s only"):
        load_model(tmp_path / "lstm.safetensors", "relu")
    relu = init_params(3, 9, seed=0, spec=ModelSpec(activation="relu"))
    (tmp_path / "relu.safetensors").write_bytes(state_dict_bytes(relu))
    assert load_model(tmp_path / "relu.safetensors").activation == "relu"
    with pytest.raises(UserError, match="the file says nonlinearity relu, not tanh"):
        load_model(tmp_path / "relu.safetensors", "tanh")
    with pytest.raises(ValueError, match="the activation g is the rnn cell's"):
        ModelSpec(cell="gru", activation="relu")
