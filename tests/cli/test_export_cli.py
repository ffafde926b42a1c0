"""`rnnviz export`: conversions between .npz, .safetensors and PyTorch state dicts, and its
bad inputs (one line, exit 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from rnnviz.engine.modelio import load_model, read_model, save_model
from rnnviz.engine.params import NAMES, init_params

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "rnnviz" / "data" / "models" / "tagger.npz"


def same(a, b) -> bool:
    return all(getattr(a, n).tobytes() == getattr(b, n).tobytes() for n in NAMES) and a.activation == b.activation


def without_source(meta):
    return {k: v for k, v in meta.items() if k != "source"}


@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
def test_export_the_bundled_default(cli, tmp_path, fmt):
    out = tmp_path / f"default.{fmt}"
    code, stdout, err = cli.run("export", "--format", fmt, "--out", out)
    assert code == 0, err
    described = "rnn (tanh), 1 layer, left to right, tagger, sigmoid head"
    assert f"wrote {out} ({fmt}, n_a = 100, n_x = 10000, n_y = 1, {described})" in stdout
    exported, shipped = load_model(out), load_model(BUNDLED)
    assert same(exported, shipped)
    assert without_source(exported.meta) == without_source(shipped.meta)


def test_round_trip_npz_safetensors_npz(cli, tmp_path):
    original = init_params(5, 30, seed=1, activation="relu").replace(
        meta={"trained": True, "trained_on": "x", "init_seed": 1}
    )
    a = save_model(original, tmp_path / "a.npz", {"opt.step": np.array(3)})
    b, c = tmp_path / "b.safetensors", tmp_path / "c.npz"
    assert cli.run("export", "--model", a, "--out", b)[0] == 0  # format from the extension
    assert cli.run("export", "--model", b, "--format", "npz", "--out", c)[0] == 0
    back, opt = read_model(c)
    assert same(back, original) and opt == {}  # the optimizer state is not exported
    assert without_source(back.meta) == original.meta
    # npz -> npz rewrites the same bytes as a direct save
    assert c.read_bytes() == save_model(original, tmp_path / "d.npz").read_bytes()


def test_pytorch_state_dict_to_npz(cli, tmp_path):
    rng = np.random.default_rng(0)
    H, V = 6, 10_000
    state = {
        "encoder.rnn.weight_ih_l0": rng.normal(size=(H, V)).astype(np.float32),
        "encoder.rnn.weight_hh_l0": rng.normal(size=(H, H)).astype(np.float32),
        "encoder.rnn.bias_ih_l0": rng.normal(size=H).astype(np.float32),
        "encoder.rnn.bias_hh_l0": rng.normal(size=H).astype(np.float32),
        "head.weight": rng.normal(size=(1, H)).astype(np.float32),
        "head.bias": rng.normal(size=1).astype(np.float32),
    }
    torch_file = tmp_path / "torch.safetensors"
    save_file(state, str(torch_file), metadata={"format": "pt"})
    out = tmp_path / "m.npz"
    assert cli.run("export", "--model", torch_file, "--activation", "relu", "--out", out)[0] == 0
    params = load_model(out)
    assert params.activation == "relu" and params.meta["format"] == "pytorch"
    assert np.array_equal(params.Wax, state["encoder.rnn.weight_ih_l0"].astype(np.float64))
    assert np.array_equal(
        params.ba[:, 0],
        state["encoder.rnn.bias_ih_l0"].astype(np.float64) + state["encoder.rnn.bias_hh_l0"].astype(np.float64),
    )
    # and the exported model is what `rnnviz trace` uses
    code, stdout, _ = cli.run("trace", "Harry Potter laughed.", "--model", out, "--format", "json")
    assert code == 0 and '"activation": "relu"' in stdout


def test_bad_exports(cli, tmp_path):
    model = save_model(init_params(3, 10_000), tmp_path / "m.npz")
    cli.error(
        "export", "--model", model, "--out", tmp_path / "x.bin", contains=("give --format npz|safetensors|pytorch",)
    )
    cli.error(
        "export",
        "--model",
        model,
        "--format",
        "npz",
        "--out",
        tmp_path / "x.safetensors",
        contains=("must end in .npz",),
    )
    cli.error(
        "export",
        "--model",
        tmp_path / "none.npz",
        "--out",
        tmp_path / "y.npz",
        contains=("none.npz", "no such model file"),
    )
    cli.error("export", "--model", model, "--out", model, contains=("is the model being read",))
    cli.error(
        "export",
        "--activation",
        "relu",
        "--out",
        tmp_path / "z.npz",
        contains=("--activation applies to a PyTorch --model only",),
    )
    cli.error(
        "export",
        "--model",
        model,
        "--activation",
        "relu",
        "--out",
        tmp_path / "z.npz",
        contains=("activation is tanh, not relu",),
    )
    cli.error("export", "--format", "onnx", "--out", tmp_path / "z.onnx", contains=("invalid choice: 'onnx'",))
    cli.error("export", contains=("--out",))
    cli.error("export", "--model", model, "--out", tmp_path / "no" / "dir" / "z.npz", contains=("does not exist",))


def test_export_says_which_cell_it_wrote(cli, tmp_path):
    """An LSTM classifier is not reported as a tanh network (the activation belongs to the
    vanilla cell)."""
    from rnnviz.engine import ModelSpec

    spec = ModelSpec(cell="lstm", shape="classifier")
    model = save_model(init_params(3, 40, seed=2, spec=spec), tmp_path / "c.npz")
    out = tmp_path / "copy.npz"
    stdout = cli.ok("export", "--model", model, "--out", out)
    assert (
        stdout.strip()
        == f"wrote {out} (npz, n_a = 3, n_x = 40, n_y = 1, lstm, 1 layer, left to right, classifier, sigmoid head)"
    )


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_export_pytorch_writes_pytorchs_keys_and_reads_back_the_same_model(cli, tmp_path, cell):
    from rnnviz.engine import ModelSpec, build_trace

    spec = ModelSpec(cell=cell, layers=2, bidirectional=True)
    model = save_model(init_params(4, 10_000, seed=3, spec=spec), tmp_path / "m.npz")
    out = tmp_path / "torch.safetensors"
    stdout = cli.ok("export", "--model", model, "--format", "pytorch", "--out", out)
    module = {"rnn": "nn.RNN", "gru": "nn.GRU", "lstm": "nn.LSTM"}[cell]
    assert (
        f"wrote {out} (PyTorch state dict: rnn = {module}(10000, 4, num_layers=2, bidirectional=True, "
        "batch_first=True), head = nn.Linear(8, 1))" in stdout
    )
    from safetensors import safe_open

    with safe_open(str(out), framework="numpy") as f:
        keys = list(f.keys())
        assert f.metadata()["format"] == "pt"
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    assert sorted(keys) == sorted(
        [
            f"rnn.{p}_l{k}{r}"
            for k in (0, 1)
            for r in ("", "_reverse")
            for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        ]
        + ["head.weight", "head.bias"]
    )
    with safe_open(str(out), framework="numpy") as f:
        assert f.get_tensor("rnn.weight_ih_l1_reverse").shape == (gates * 4, 8)
        assert f.get_tensor("rnn.bias_hh_l0").shape == (gates * 4,)
    original, back = load_model(model), load_model(out)
    assert back.spec == original.spec
    indices = [1942, 7, 7, 9_999, 0]
    np.testing.assert_array_equal(
        build_trace(back, ["w"] * 5, indices).probs, build_trace(original, ["w"] * 5, indices).probs
    )


def test_export_pytorch_needs_a_safetensors_name(cli, tmp_path):
    cli.error(
        "export",
        "--format",
        "pytorch",
        "--out",
        tmp_path / "x.npz",
        contains=("must end in .safetensors for --format pytorch",),
    )
    cli.error("export", "--out", tmp_path / "x.pt", contains=("give --format npz|safetensors|pytorch",))


def test_a_deep_bidirectional_model_round_trips_through_export(cli, tmp_path):
    """The bundled bitagger (2 layers, both directions) to .safetensors and back: every tensor
    and the network's description unchanged."""
    from rnnviz import bundled

    st, back = tmp_path / "bi.safetensors", tmp_path / "bi.npz"
    assert "wrote" in cli.ok("export", "--model", "bitagger", "--out", st)
    assert "wrote" in cli.ok("export", "--model", st, "--out", back)
    original, exported = load_model(bundled.path_of("bitagger")), load_model(back)
    assert exported.spec == original.spec and exported.spec.layers == 2 and exported.spec.bidirectional
    assert exported.names == original.names and "layer2.reverse.Waa" in exported.names
    assert all(exported[n].tobytes() == original[n].tobytes() for n in original.names)
    assert without_source(exported.meta) == without_source(original.meta)
