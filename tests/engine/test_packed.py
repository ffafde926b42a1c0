"""The packed form's float32 option: half the bytes, and the loaded model is exactly the
float32 rounding of the saved one."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, build_trace, init_params
from rnnviz.engine.modelio import load_model, save_model
from rnnviz.engine.packed import round_float32
from rnnviz.errors import UserError


def model():
    p = init_params(6, 500, seed=3, spec=ModelSpec(cell="lstm"))
    Wax = np.zeros((24, 500))
    Wax[:, [4, 90, 91]] = np.random.default_rng(0).normal(size=(24, 3))
    return p.replace(Wax=Wax)


def test_float32_packed_loads_the_rounded_model_exactly(tmp_path):
    p = model()
    path = save_model(p, tmp_path / "m.npz", packed=True, float32=True)
    q, rounded = load_model(path), round_float32(p)
    for name in p.names:
        assert q[name].dtype == np.float64
        assert np.array_equal(q[name], rounded[name]), name
        assert np.array_equal(q[name], p[name].astype(np.float32).astype(np.float64))
    for name in ("Wax", "Waa", "Wya"):  # random weights are rounded, not kept (the biases are 0 and 1)
        assert 0 < np.abs(q[name] - p[name]).max() <= 2**-24 * np.abs(p[name]).max()
    with np.load(path) as f:
        assert f["Wax.values"].dtype == np.float32 and f["Waa"].dtype == np.float32
        assert f["Wax.columns"].tolist() == [4, 90, 91]
    wide = save_model(p, tmp_path / "w.npz", packed=True)
    with np.load(path) as narrow, np.load(wide) as full:
        floats = [k for k in full.files if full[k].dtype.kind == "f"]
        assert sorted(floats) == sorted(k for k in narrow.files if narrow[k].dtype.kind == "f")
        assert 2 * sum(narrow[k].nbytes for k in floats) == sum(full[k].nbytes for k in floats)
    with zipfile.ZipFile(path) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
    indices = [4, 90, 91, 7]
    a, b = build_trace(p, ["w"] * 4, indices).probs, build_trace(q, ["w"] * 4, indices).probs
    assert not np.array_equal(a, b) and np.allclose(a, b, rtol=1e-6)


def test_float32_is_an_option_of_the_packed_npz(tmp_path):
    with pytest.raises(UserError, match="float32 storage is an option of the packed form"):
        save_model(model(), tmp_path / "m.npz", float32=True)
    with pytest.raises(UserError, match=r"a packed model is an \.npz file"):
        save_model(model(), tmp_path / "m.safetensors", packed=True, float32=True)
