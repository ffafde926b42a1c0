"""What counts as a diverged epoch (rnnviz.engine.diverge)."""

from __future__ import annotations

import numpy as np

from rnnviz.engine.diverge import MAX_WEIGHT, MAX_WORD_LOSS, Bounds, divergence, largest_weight
from rnnviz.engine.params import init_params


def test_a_sane_model_and_loss_have_not_diverged():
    p = init_params(4, 10, seed=0)
    assert divergence(p, 0.69) is None
    assert divergence(p, MAX_WORD_LOSS) is None  # the bound itself is allowed


def test_a_huge_or_non_finite_loss_a_word_has_diverged():
    p = init_params(4, 10, seed=0)
    assert divergence(p, 101.0) == "the training loss reached 101 a word (the bound is 100)"
    assert divergence(p, float("inf")) == "the training loss reached inf a word (the bound is 100)"
    assert divergence(p, float("nan")) == "the training loss reached nan a word (the bound is 100)"


def test_a_weight_beyond_the_bound_has_diverged():
    p = init_params(4, 10, seed=0)
    Wax = np.array(p.Wax)
    Wax[2, 7] = -7.5e300  # what Adam at lr 1e300 leaves after one step
    big = p.replace(Wax=Wax)
    assert largest_weight(big) == ("Wax", 7.5e300)
    assert divergence(big, 0.5) == "a weight of Wax reached 7.5e+300 (the bound is 1e+06)"
    Wax[2, 7] = MAX_WEIGHT
    assert divergence(p.replace(Wax=Wax), 0.5) is None


def test_a_resumed_model_is_judged_from_where_it_starts():
    p = init_params(4, 10, seed=0)
    assert Bounds.starting_from(p, 0.7) == Bounds(MAX_WEIGHT, MAX_WORD_LOSS)
    by = np.full_like(p.by, 3e5)
    start = p.replace(by=by)
    bounds = Bounds.starting_from(start, 40.0)
    assert bounds == Bounds(3e6, 400.0)
    assert divergence(start, 150.0, bounds) is None
    assert divergence(start, 401.0, bounds) == "the training loss reached 401 a word (the bound is 400)"
