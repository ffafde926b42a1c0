"""A network small enough to work by hand: n_a = 2, n_x = 3, n_y = 1, tanh.

    Waa = [[0.5, -0.25],      Wax = [[1, 0, -1 ],     ba = [[0  ],    Wya = [[1, -1]]   by = [[0]]
           [0.25, 0.5 ]]             [0, 2, 0.5]]           [0.5]]

Sentence: word indices [0, 2] (x<1> = [1,0,0], x<2> = [0,0,1]), labels y = [1, 0], a<0> = 0.

t = 1:  z<1> = Waa·0 + Wax[:,0] + ba = [1, 0] + [0, 0.5] = [1, 0.5]
        a<1> = tanh([1, 0.5]) = [0.7615941559557649, 0.46211715726000974]
        l<1> = Wya a<1> + by = 0.7615941559557649 - 0.46211715726000974 = 0.2994769986957551
        ŷ<1> = σ(0.2994769986957551) = 1 / (1 + e^-0.29947...) = 0.5743146598208012
        L<1> = -1·log ŷ<1> - 0 = -log 0.5743146598208012 = 0.5545778450215187
t = 2:  Waa a<1> = [0.5·0.76159… - 0.25·0.46211…, 0.25·0.76159… + 0.5·0.46211…]
                 = [0.26526778866288, 0.42145711761894]
        z<2> = that + Wax[:,2] + ba = [0.26526… - 1, 0.42145… + 0.5 + 0.5]
             = [-0.73473221133712, 1.421457117618946]
        a<2> = tanh(z<2>) = [-0.6259519345359048, 0.88990250547826]
        l<2> = -0.6259519345359048 - 0.88990250547826 = -1.5158544400141647
        ŷ<2> = σ(-1.51585…) = 0.1800727855669652
        L<2> = -0 - (1 - 0)·log(1 - 0.1800727855669652) = 0.1985397055500394
ΣL = 0.5545778450215187 + 0.1985397055500394 = 0.7531175505715582
"""

import numpy as np
import pytest

from rnnviz.engine import Params, build_trace

PARAMS = Params(
    Waa=[[0.5, -0.25], [0.25, 0.5]],
    Wax=[[1.0, 0.0, -1.0], [0.0, 2.0, 0.5]],
    Wya=[[1.0, -1.0]],
    ba=[[0.0], [0.5]],
    by=[[0.0]],
)


@pytest.fixture(scope="module")
def trace():
    return build_trace(PARAMS, ["w0", "w2"], [0, 2], [1, 0])


def test_step_one(trace):
    s = trace.steps[0]
    assert s.t == 1 and s.index == 0 and s.stacked_one == 2
    np.testing.assert_allclose(s.a_prev, [0.0, 0.0], atol=0)
    np.testing.assert_allclose(s.z, [1.0, 0.5], rtol=1e-15)
    np.testing.assert_allclose(s.a, [0.7615941559557649, 0.46211715726000974], rtol=1e-15)
    assert s.logit == pytest.approx(0.2994769986957551, rel=1e-14)
    assert s.y_hat == pytest.approx(0.5743146598208012, rel=1e-14)
    assert s.loss == pytest.approx(0.5545778450215187, rel=1e-14)
    assert s.cum_loss == pytest.approx(0.5545778450215187, rel=1e-14)
    # ‖a<1>‖ = sqrt(0.7615941559557649² + 0.46211715726000974²) = sqrt(0.5800256583859739
    #        + 0.21355226703407257) = sqrt(0.7935779254200465) = 0.890829908242896
    assert s.a_norm == pytest.approx(0.890829908242896, rel=1e-14)
    assert s.zeros == 0


def test_step_two(trace):
    s = trace.steps[1]
    assert s.t == 2 and s.index == 2 and s.stacked_one == 4
    np.testing.assert_allclose(s.a_prev, trace.steps[0].a, rtol=0)
    np.testing.assert_allclose(s.z, [-0.73473221133712, 1.421457117618946], rtol=1e-13)
    np.testing.assert_allclose(s.a, [-0.6259519345359048, 0.88990250547826], rtol=1e-13)
    assert s.logit == pytest.approx(-1.5158544400141647, rel=1e-13)
    assert s.y_hat == pytest.approx(0.1800727855669652, rel=1e-13)
    assert s.loss == pytest.approx(0.1985397055500394, rel=1e-13)
    assert s.cum_loss == pytest.approx(0.7531175505715582, rel=1e-13)
    assert trace.loss == pytest.approx(0.7531175505715582, rel=1e-13)


def test_stacked_column_is_a_prev_over_one_hot(trace):
    s = trace.steps[1]
    np.testing.assert_array_equal(s.stacked_dense(), [*s.a_prev, 0.0, 0.0, 1.0])
    np.testing.assert_allclose(PARAMS.Wa @ s.stacked_dense() + PARAMS.ba[:, 0], s.z, rtol=1e-15)
    assert PARAMS.Wa.shape == (2, 5)
