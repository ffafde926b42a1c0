"""The gradient check: BPTT gradients of the sentence loss against centered finite
differences, for all five tensors, relative error < 1e-6 in float64."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import build_trace, gradcheck
from rnnviz.engine.gradcheck import gradient_check, random_problem, relative_error
from rnnviz.engine.params import NAMES, init_params


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("seed", range(4))
def test_all_five_tensors_agree_with_finite_differences(activation, seed):
    result = gradient_check(seed=seed, activation=activation)
    assert set(result.errors) == set(NAMES)
    for name, error in result.errors.items():
        assert error < 1e-6, f"{name}: {error:.2e}"
    # every entry was checked, and the problem is not degenerate (non-zero gradients)
    assert result.checked == {"Waa": 25, "Wax": 40, "Wya": 5, "ba": 5, "by": 1}
    assert result.passed()


def test_relu_problems_stay_away_from_the_kinks():
    for seed in range(4):
        params, indices, _ = random_problem(seed=seed, activation="relu")
        z = build_trace(params, ["w"] * len(indices), indices).q("z")
        assert np.min(np.abs(z)) > 1e-2  # a 1e-5 step never crosses z = 0
        assert np.any(z < 0) and np.any(z > 0)  # both sides of the kink are exercised


def test_softmax_outputs_check_too():
    params, indices, labels = random_problem(n_a=4, n_x=6, T=5, n_y=3, seed=1)
    assert gradient_check(params, indices, labels).max_error < 1e-6


def test_a_wrong_gradient_is_caught(monkeypatch):
    """The check is sensitive: a dWaa off by 0.1% fails it, and only for Waa."""
    real = gradcheck.analytical_gradients

    def off(params, indices, labels):
        grads = real(params, indices, labels)
        grads["Waa"] = grads["Waa"] * 1.001
        return grads

    monkeypatch.setattr(gradcheck, "analytical_gradients", off)
    result = gradient_check(seed=0)
    assert result.errors["Waa"] > 1e-4
    assert all(result.errors[n] < 1e-6 for n in NAMES if n != "Waa")
    assert not result.passed()


def test_sampled_entries_on_a_model_of_the_seeds_size():
    """A user's model: n_a = 100, V = 10,000; 12 entries a tensor, Wax's from the sentence's columns."""
    params = init_params(100, 10_000, seed=3)
    indices = np.array([1942, 5989, 3, 9886, 9879, 5414, 5, 65, 3844])
    labels = np.array([1, 1, 0, 1, 1, 0, 0, 0, 0])
    result = gradient_check(params, indices, labels, max_entries=12)
    assert result.checked == {"Waa": 12, "Wax": 12, "Wya": 12, "ba": 12, "by": 1}
    assert result.max_error < 1e-6, str(result)


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == 1.0
    assert relative_error(np.array([3.0]), np.array([1.0])) == pytest.approx(0.5)


def test_params_without_a_sentence_is_an_error():
    with pytest.raises(ValueError, match="indices and labels"):
        gradient_check(init_params(3, 5))
