"""Model files: .npz and .safetensors round trips, deterministic bytes, atomic writes, and
PyTorch nn.RNN + nn.Linear state dicts (written with safetensors' NumPy API, no torch)."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import save_file

from rnnviz.engine import build_trace, modelio
from rnnviz.engine.modelio import atomic_write, load_model, npz_bytes, read_model, save_model
from rnnviz.engine.params import NAMES, Params, init_params
from rnnviz.errors import UserError


def model(**meta) -> Params:
    p = init_params(6, 25, seed=2, activation="relu")
    return p.replace(
        meta={"trained": True, "trained_on": "x.txt, 3 epochs", "init_seed": 2, "nested": {"f1": 0.9}, **meta}
    )


def same_tensors(a: Params, b: Params) -> bool:
    return all(getattr(a, n).tobytes() == getattr(b, n).tobytes() for n in NAMES)


# ---------------------------------------------------------------------------- rnnviz files


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_round_trip(tmp_path, suffix):
    p = model()
    path = save_model(p, tmp_path / f"m{suffix}")
    q = load_model(path)
    assert same_tensors(p, q)
    assert q.activation == "relu"
    assert q.meta == {**p.meta, "source": str(path)}


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_optimizer_state_round_trips_and_is_not_a_model_tensor(tmp_path, suffix):
    extra = {"opt.step": np.array(7, dtype=np.int64), "opt.m.Waa": np.ones((6, 6))}
    path = save_model(model(), tmp_path / f"m{suffix}", extra)
    params, opt = read_model(path)
    assert set(opt) == {"opt.step", "opt.m.Waa"}
    assert int(opt["opt.step"]) == 7 and np.array_equal(opt["opt.m.Waa"], np.ones((6, 6)))
    assert same_tensors(params, model())


def test_npz_is_deterministic_compressed_and_plain_numpy(tmp_path):
    a = save_model(model(), tmp_path / "a.npz").read_bytes()
    b = save_model(model(), tmp_path / "b.npz").read_bytes()
    assert a == b  # no timestamps in the zip, sorted JSON
    with np.load(tmp_path / "a.npz", allow_pickle=False) as f:  # never needs pickle
        assert f.files == ["Waa", "Wax", "Wya", "ba", "by", "activation", "meta"]
        assert str(f["activation"]) == "relu"
        assert json.loads(str(f["meta"]))["nested"] == {"f1": 0.9}
        assert f["Wax"].dtype == np.float64
    zeros = {"Wax": np.zeros((100, 10_000))}
    assert len(npz_bytes(zeros)) < 100_000  # 8 MB of zeros compress


def test_meta_drops_the_load_time_source(tmp_path):
    path = save_model(model(source="/somewhere/else.npz"), tmp_path / "m.npz")
    with np.load(path) as f:
        assert "source" not in json.loads(str(f["meta"]))


def test_safetensors_header_holds_the_metadata(tmp_path):
    path = save_model(model(), tmp_path / "m.safetensors")
    with safe_open(str(path), framework="np") as f:
        meta = f.metadata()
        assert sorted(f.keys()) == sorted(NAMES)
        assert f.get_tensor("Wax").dtype == np.float64
    assert meta["format"] == "rnnviz" and meta["activation"] == "relu"
    assert json.loads(meta["meta"])["trained_on"] == "x.txt, 3 epochs"


def test_activation_must_agree_with_an_rnnviz_file(tmp_path):
    path = save_model(model(), tmp_path / "m.npz")
    assert load_model(path, "relu").activation == "relu"
    with pytest.raises(UserError, match="activation is relu, not tanh"):
        load_model(path, "tanh")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("m.txt", b"", "unknown model file type '.txt'"),
        ("m.safetensors", b"garbage", "not a valid .safetensors file"),
        ("m.safetensors", struct.pack("<Q", 1000) + b"{}", "header longer than the file"),
        ("m.safetensors", struct.pack("<Q", 2) + b"[]", "not a JSON object"),
        ("m.npz", b"PK\x03\x04 a broken zip", "not a valid .npz model file"),
        (
            "m.safetensors",
            struct.pack("<Q", 60) + b'{"Waa":{"dtype":"F64","shape":[1,1],"data_offsets":["a",8]}}' + bytes(8),
            "tensor 'Waa' lies outside the file",
        ),
    ],
)
def test_bad_files_are_one_line_user_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message) as info:
        load_model(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("content", [b"Harry met Ron\n", b"", b"\x80\x04K\x01."])  # text, empty, a pickle
def test_a_file_named_npz_that_is_not_a_zip_says_so(tmp_path, content):
    """NumPy takes any non-zip file for a pickle and advises allow_pickle=True: wrong here,
    and risky to follow."""
    path = tmp_path / "words.npz"
    path.write_bytes(content)
    with pytest.raises(UserError) as info:
        load_model(path)
    assert str(info.value) == f"{path}: not a zip/npz file (an .npz model file is a zip archive of .npy arrays)"


@pytest.mark.parametrize("meta", ["[1, 2]", "3", '"text"'])
def test_meta_must_be_a_json_object(tmp_path, meta):
    p = model()
    path = tmp_path / "m.npz"
    np.savez(path, **{name: getattr(p, name) for name in NAMES}, meta=np.array(meta))
    with pytest.raises(UserError, match="key 'meta' must be a JSON object"):
        load_model(path)


def test_missing_files(tmp_path):
    for suffix in (".npz", ".safetensors"):
        with pytest.raises(UserError, match="no such model file"):
            load_model(tmp_path / f"none{suffix}")


def test_safetensors_with_missing_or_non_finite_tensors(tmp_path):
    p = model()
    tensors = {n: np.array(getattr(p, n)) for n in NAMES}
    save_file({k: v for k, v in tensors.items() if k != "by"}, str(tmp_path / "a.safetensors"))
    with pytest.raises(UserError, match="missing tensor by"):
        load_model(tmp_path / "a.safetensors")
    tensors["Waa"][0, 0] = np.nan
    save_file(tensors, str(tmp_path / "b.safetensors"))
    with pytest.raises(UserError, match="'Waa' has 1 non-finite value"):
        load_model(tmp_path / "b.safetensors")


# ---------------------------------------------------------------------------- atomic writes


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = save_model(model(), tmp_path / "m.npz")
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(UserError, match="cannot write: No space left on device"):
        save_model(init_params(3, 25), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]  # no temp file left


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = save_model(model(), tmp_path / "m.safetensors")
    before = path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(init_params(3, 25), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.safetensors"]


def test_write_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        atomic_write(tmp_path / "no" / "such" / "m.npz", b"x")
    (tmp_path / "d.npz").mkdir()
    with pytest.raises(UserError, match="is a directory"):
        atomic_write(tmp_path / "d.npz", b"x")


def test_written_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = save_model(model(), tmp_path / "m.npz")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------------------- PyTorch


def logits(params, indices):
    """The debugger's logits for a sentence of these vocabulary indices."""
    return build_trace(params, ["w"] * len(indices), indices).logits


def torch_rnn_forward(state, rnn, head, one_hot_indices, activation, n_x, embedding=None):
    """NumPy re-implementation of nn.RNN (batch_first, one sequence) + nn.Linear:
    h_t = g(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), out_t = h_t W^T + b, in float64."""
    g = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0.0))
    f = lambda k: state[k].astype(np.float64)  # noqa: E731
    x = np.eye(n_x)[one_hot_indices]  # (T, n_x) one-hot rows
    if embedding is not None:
        x = f(embedding)[one_hot_indices]  # nn.Embedding(x)
    h = np.zeros(f(rnn + "weight_hh_l0").shape[0])
    out = []
    for x_t in x:
        z = x_t @ f(rnn + "weight_ih_l0").T + h @ f(rnn + "weight_hh_l0").T
        if rnn + "bias_ih_l0" in state:
            z = z + f(rnn + "bias_ih_l0") + f(rnn + "bias_hh_l0")
        h = g(z)
        y = h @ f(head + "weight").T + (f(head + "bias") if head + "bias" in state else 0.0)
        out.append(y)
    return np.array(out)


def torch_state(rnn="rnn.", head="fc.", H=7, n_x=30, n_y=1, seed=0, bias=True, dtype=np.float32):
    rng = np.random.default_rng(seed)
    k = 1 / np.sqrt(H)  # nn.RNN's U(-1/sqrt(H), 1/sqrt(H))
    s = {
        rnn + "weight_ih_l0": rng.uniform(-k, k, (H, n_x)),
        rnn + "weight_hh_l0": rng.uniform(-k, k, (H, H)),
        head + "weight": rng.uniform(-1, 1, (n_y, H)),
        head + "bias": rng.uniform(-1, 1, (n_y,)),
    }
    if bias:
        s[rnn + "bias_ih_l0"] = rng.uniform(-k, k, (H,))
        s[rnn + "bias_hh_l0"] = rng.uniform(-k, k, (H,))
    return {key: v.astype(dtype) for key, v in s.items()}


@pytest.mark.parametrize(
    "rnn, head", [("rnn.", "fc."), ("encoder.rnn.", "head."), ("", "out."), ("model.0.", "model.1.")]
)
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_pytorch_state_dict_maps_exactly(tmp_path, rnn, head, activation):
    state = torch_state(rnn, head)
    path = tmp_path / "torch.safetensors"
    save_file(state, str(path), metadata={"format": "pt"})
    params = load_model(path, activation)
    assert (params.n_a, params.n_x, params.n_y, params.activation) == (7, 30, 1, activation)
    assert np.array_equal(params.Wax, state[rnn + "weight_ih_l0"].astype(np.float64))
    assert np.array_equal(params.Waa, state[rnn + "weight_hh_l0"].astype(np.float64))
    assert np.array_equal(
        params.ba[:, 0], state[rnn + "bias_ih_l0"].astype(np.float64) + state[rnn + "bias_hh_l0"].astype(np.float64)
    )
    indices = np.array([3, 17, 3, 29, 0, 11])
    ours = logits(params, indices)
    theirs = torch_rnn_forward(state, rnn, head, indices, activation, 30)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-13)
    assert params.meta["format"] == "pytorch" and params.meta["trained"] is True
    assert params.meta["pytorch_keys"]["Wax"] == rnn + "weight_ih_l0"


def test_pytorch_without_biases_and_with_several_outputs(tmp_path):
    state = torch_state(bias=False, n_y=3, dtype=np.float64)
    save_file(state, str(tmp_path / "t.safetensors"))
    params = load_model(tmp_path / "t.safetensors")
    assert not params.ba.any() and params.n_y == 3
    indices = np.array([1, 2, 3])
    np.testing.assert_allclose(
        logits(params, indices),
        torch_rnn_forward(state, "rnn.", "fc.", indices, "tanh", 30),
        rtol=1e-12,
    )


def test_pytorch_embedding_is_folded_into_wax(tmp_path):
    rng = np.random.default_rng(4)
    state = torch_state(n_x=5, H=6)  # W_ih (6, 5): the RNN's input size is the embedding size 5
    state["embed.weight"] = rng.normal(size=(40, 5)).astype(np.float32)  # nn.Embedding(40, 5)
    save_file(state, str(tmp_path / "t.safetensors"))
    params = load_model(tmp_path / "t.safetensors")
    assert params.n_x == 40
    indices = np.array([39, 0, 7, 7, 12])
    np.testing.assert_allclose(
        logits(params, indices),
        torch_rnn_forward(state, "rnn.", "fc.", indices, "tanh", 40, embedding="embed.weight"),
        rtol=1e-12,
        atol=1e-13,
    )


def test_pytorch_bf16_weights_are_widened(tmp_path):
    """NumPy has no bfloat16; the loader reads its bits (the top half of a float32)."""
    state = torch_state(H=3, n_x=4)
    header, blobs, offset = {}, [], 0
    for key, value in state.items():
        bits = (value.astype(np.float32).view(np.uint32) >> 16).astype("<u2").tobytes()  # truncate to bf16
        header[key] = {"dtype": "BF16", "shape": list(value.shape), "data_offsets": [offset, offset + len(bits)]}
        blobs.append(bits)
        offset += len(bits)
    raw = json.dumps(header).encode()
    (tmp_path / "bf16.safetensors").write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))
    params = load_model(tmp_path / "bf16.safetensors")
    expected = (state["rnn.weight_hh_l0"].view(np.uint32) & 0xFFFF0000).view(np.float32).astype(np.float64)
    assert np.array_equal(params.Waa, expected)


@pytest.mark.parametrize(
    "change, message",
    [
        ("proj_size", r"'rnn.weight_hr_l0' belongs to an nn.LSTM with proj_size > 0, which rnnviz does not read"),
        ("two_gates", r"rnn.weight_hh_l0 \(14, 7\) fits no nn.RNN, nn.GRU or nn.LSTM \(rows must be 1, 3 or 4 x 7\)"),
        ("layers", r"rnn.weight_ih_l1 \(7, 30\) and rnn.weight_hh_l1 \(7, 7\) do not fit an nn.RNN"),
        ("bidirectional", "missing rnn.weight_hh_l0_reverse"),
        ("no_head", "expected one nn.Linear head"),
        ("two_heads", "expected one nn.Linear head"),
        ("extra", "unexpected tensors extra.weight"),
        ("no_hh", "has no matching rnn.weight_hh_l0"),
        ("bad_bias", r"'rnn.bias_ih_l0' has shape \(3,\), expected \(7,\)"),
        ("int", "dtype int32"),
    ],
)
def test_pytorch_files_rnnviz_cannot_read(tmp_path, change, message):
    H, n_x = 7, 30
    rng = np.random.default_rng(0)
    state = torch_state(H=H, n_x=n_x)
    if change == "proj_size":  # nn.LSTM(30, 7, proj_size=2): weight_hh is (4H, 2), weight_hr (2, H)
        state["rnn.weight_ih_l0"] = rng.normal(size=(4 * H, n_x)).astype(np.float32)
        state["rnn.weight_hh_l0"] = rng.normal(size=(4 * H, 2)).astype(np.float32)
        state["rnn.weight_hr_l0"] = rng.normal(size=(2, H)).astype(np.float32)
        state["rnn.bias_ih_l0"] = state["rnn.bias_hh_l0"] = np.zeros(4 * H, np.float32)
    elif change == "two_gates":
        state["rnn.weight_ih_l0"] = rng.normal(size=(2 * H, n_x)).astype(np.float32)
        state["rnn.weight_hh_l0"] = rng.normal(size=(2 * H, H)).astype(np.float32)
    elif change == "layers":  # layer 2 must read layer 1's H outputs, not n_x inputs
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            state[f"rnn.{key}_l1"] = state[f"rnn.{key}_l0"]
    elif change == "bidirectional":
        state["rnn.weight_ih_l0_reverse"] = state["rnn.weight_ih_l0"]
    elif change == "no_head":
        del state["fc.weight"], state["fc.bias"]
    elif change == "two_heads":
        state["fc2.weight"] = state["fc.weight"].copy()
        state["fc2.bias"] = state["fc.bias"].copy()
    elif change == "extra":
        state["extra.weight"] = np.ones((2, 2), np.float32)
    elif change == "no_hh":
        del state["rnn.weight_hh_l0"]
    elif change == "bad_bias":
        state["rnn.bias_ih_l0"] = np.zeros(3, np.float32)
    elif change == "int":
        state["rnn.weight_hh_l0"] = np.zeros((H, H), np.int32)
    path = tmp_path / "torch.safetensors"
    save_file(state, str(path))
    with pytest.raises(UserError, match=message) as info:
        load_model(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_pytorch_state_dict_in_an_npz_loads_too(tmp_path):
    state = torch_state()
    np.savez(tmp_path / "t.npz", **state)
    params = load_model(tmp_path / "t.npz")
    assert np.array_equal(params.Waa, state["rnn.weight_hh_l0"].astype(np.float64))


def test_an_object_array_is_never_unpickled(tmp_path):
    p = init_params(3, 5)
    np.savez(tmp_path / "evil.npz", **{n: getattr(p, n) for n in NAMES}, meta=np.array([{"x": 1}], dtype=object))
    with pytest.raises(UserError, match="refusing to unpickle"):
        load_model(tmp_path / "evil.npz")


def test_modelio_pickles_nothing():
    source = Path(modelio.__file__).read_text(encoding="utf-8")
    assert "import pickle" not in source and "allow_pickle=True" not in source
    assert source.count("allow_pickle=False") >= 2  # reading and writing
