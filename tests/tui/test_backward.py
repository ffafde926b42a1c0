"""Backward mode: the numbers shown are BPTT as written out in the test (conftest.Reference)
and as the course's rnn_backward computes it; the keys move t = T_x … 1 right to left; b is
disabled, with the reason, on an unlabeled sentence."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import rnn_backward, rnn_forward
from rnnviz.pipeline import sentence_from_text
from rnnviz.tui.draw.numbers import fmt_int, fmt_sig
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import equations, header, hidden, history, loss, onehot, output, stacked, unrolled
from rnnviz.tui.session import Session

from .conftest import Reference, run_async, wait_until


@pytest.fixture(scope="module")
def back_view(params, vocab, samples):
    return Session(samples, params, vocab, "train.txt").view(0, mode="backward")


@pytest.fixture(scope="module")
def ref(params, vocab, samples):
    return Reference(params, vocab, samples[0].tokens, samples[0].labels)


@pytest.fixture(scope="module")
def course(params, vocab, samples, ref):
    """The course's dense rnn_forward / rnn_backward on the seed's sentence (V = 10,000)."""
    T = len(ref.index)
    x = np.zeros((params.n_x, 1, T))
    x[ref.index, 0, np.arange(T)] = 1.0
    _, y_pred, caches = rnn_forward(x, np.zeros((params.n_a, 1)), params.as_dict())
    labels = np.array(samples[0].labels, dtype=float)
    da_up = (params.Wya.T @ (y_pred[:, 0, :] - labels))[:, None, :]  # Wya^T (ŷ - y), every step
    return rnn_backward(da_up, caches)


def text(module, view, width=120, height=8):
    return "\n".join(line_text(line) for line in module.PANEL.lines(view, width, height))


def norm(v) -> float:
    return float(np.linalg.norm(v))


def test_backward_view_starts_at_the_last_word_and_stays_in_range(back_view):
    assert back_view.t == back_view.T == 9 and back_view.backward and back_view.first == 1
    assert back_view.at(0).t == 1 and back_view.at(99).t == 9
    assert back_view.at(4).with_mode("forward").t == 4  # back to forward keeps t


def test_unlabeled_sentence_cannot_go_backward(params, vocab):
    session = Session([sentence_from_text("the golden snitch")], params, vocab, "x")
    assert not session.view(0, mode="backward").backward  # the forward pass instead
    with pytest.raises(ValueError, match="labeled"):
        session.view(0).with_mode("backward")


def test_the_reference_agrees_with_the_course(ref, course):
    np.testing.assert_allclose(ref.da_prev[0], course["da0"][:, 0], rtol=1e-10, atol=1e-15)
    dWaa = sum(np.outer(dz, a_prev) for dz, a_prev in zip(ref.dz, ref.a_prev))
    np.testing.assert_allclose(dWaa, course["dWaa"], rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(sum(ref.dz), course["dba"][:, 0], rtol=1e-10, atol=1e-15)


def test_panels_show_the_backward_step(back_view, ref, vocab):
    view = back_view.at(4)
    i = 3
    assert "◀ backward" in text(header, view, height=1)
    shown = text(output, view, width=44, height=4)
    assert f"dL<4>/dŷ<4> = −1/ŷ<4> = {fmt_sig(-1 / ref.y_hat[i], 5, sign=True)}" in shown
    assert f"dL<4>/dz_y<4> = ŷ<4> − y<4> = {fmt_sig(ref.y_hat[i] - 1, 3, sign=True)}" in shown
    shown = text(onehot, view, height=3)
    assert "da<4> = Wya^T (ŷ<4> − y<4>) + Waa^T dz<5>" in shown
    assert "from ŷ" in shown and "from 5" in shown
    assert f"‖·‖ {fmt_sig(norm(ref.da_out[i]), 2)}" in shown and f"‖·‖ {fmt_sig(norm(ref.da_next[i]), 2)}" in shown
    shown = text(stacked, view, height=3)
    assert f"‖·‖ {fmt_sig(norm(ref.da[i]), 2)}" in shown and "g' = 1 − a<4>²" in shown
    blocked = int((ref.g_prime[i] < 1 - 0.99**2).sum())
    assert f"{blocked} of 100 units below 0.0199" in shown
    assert f" min {ref.g_prime[i].min():.2f}" in shown
    shown = text(hidden, view, height=4)
    assert "dz<4> = da<4> ⊙ g'(z<4>), and da<3> = Waa^T dz<4> flows left" in shown
    assert f"‖·‖ {fmt_sig(norm(ref.dz[i]), 2)}" in shown and f"‖·‖ {fmt_sig(norm(ref.da_prev[i]), 2)}" in shown
    index = fmt_int(vocab.index("hermione"))
    assert f"dWax[:, {index}] += dz<4> (the column of 'hermione')" in shown
    assert f"‖·‖ {fmt_sig(norm(ref.dz[i]) * norm(ref.a_prev[i]), 2)}" in shown  # ‖dz a^T‖ = ‖dz‖ ‖a‖
    assert f"‖da<4>‖ = {fmt_sig(norm(ref.da[i]), 3)}" in text(loss, view, width=44, height=4)
    shown = text(equations, view, width=76, height=8)
    assert f"= {fmt_sig(ref.y_hat[i] - 1, 3, sign=True)}" in shown
    assert "dz<4> = da<4> ⊙ g'(z<4>)" in shown and "da<3> = Waa^T dz<4>" in shown
    assert "dWaa += dz<4> a<3>^T" in shown and "dba += dz<4>" in shown


def test_last_and_first_steps_say_where_the_pass_begins_and_ends(back_view):
    shown = text(onehot, back_view, height=3)  # t = T_x
    assert "da<9> = Wya^T (ŷ<9> − y<9>) + 0" in shown and "nothing arrives from the right" in shown
    shown = text(equations, back_view.at(1), width=120, height=8)
    assert "da<0> = Waa^T dz<1>" in shown and "→ a<0>, fixed: the end" in shown and "= 0 as a<0> = 0" in shown


def test_unrolled_network_points_right_to_left(back_view, ref, samples):
    shown = text(unrolled, back_view.at(1), height=6).splitlines()
    assert "backpropagation through time" in shown[0]
    assert shown[3].startswith("da<0>  ◀─[RNN]─da<1>◀─[RNN]─da<2>")  # head as wide as "…da<8> "
    assert shown[2].split()[0] == "↓"  # the error comes down from ŷ − y into each cell
    errors = shown[1].split()[3:]  # the words in view
    assert len(errors) >= 8
    assert errors == [fmt_sig(p - y, 2, sign=True) for p, y in zip(ref.y_hat, samples[0].labels)][: len(errors)]


def test_da_history_and_bars_cover_the_words_reached(back_view, ref):
    rows = text(history, back_view.at(5), height=10).splitlines()
    assert rows[0].startswith("── history of da<t>, right to left")
    assert rows[4].rstrip().endswith("·")  # word 4 not reached yet
    assert rows[5].startswith("▶ 5 granger") and fmt_sig(norm(ref.da[4]), 2) in rows[5]
    assert fmt_sig(norm(ref.da[8]), 2) in rows[9]
    largest = max(float(np.abs(v).max()) for vs in (ref.da_out, ref.da_next, ref.da, ref.dz, ref.da_prev) for v in vs)
    assert f"−{fmt_sig(largest, 2)} " in text(hidden, back_view, height=4)  # the legend: the sentence's largest


# ----------------------------------------------------------------------------- the app


@run_async
async def test_backward_stepping_shows_bptt_from_t_x_to_1(make_app, ref, course):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right", "b")
        assert debugger.view.backward and debugger.view.t == 9
        dWax = np.zeros_like(course["dWax"])
        for t in range(9, 0, -1):
            view = debugger.view
            assert view.t == t
            for name in ("da_out", "da_next", "da", "g_prime", "dz", "da_prev"):
                np.testing.assert_allclose(view.g(name), getattr(ref, name)[t - 1], rtol=1e-10, atol=1e-15)
            dWax[:, ref.index[t - 1]] += view.g("dz")  # this step's column of dWax
            await pilot.press("left")  # ← is the next step of backpropagation
        assert debugger.view.t == 1  # and not beyond
        np.testing.assert_allclose(dWax, course["dWax"], rtol=1e-10, atol=1e-15)


@run_async
async def test_keys_in_backward_mode(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("right", "right", "right", "b")
        T = debugger.view.T
        assert debugger.check_action("step", (1,)) is None and debugger.check_action("go_end", ()) is None
        await pilot.press("home")
        assert debugger.view.t == 1 and debugger.check_action("step", (-1,)) is None
        await pilot.press("left", "h")  # disabled at t = 1
        assert debugger.view.t == 1
        await pilot.press("right", "l")
        assert debugger.view.t == 3
        await pilot.press("end")
        assert debugger.view.t == T
        bar = {item[4]: item for item in debugger.query_one("KeyBar").items()}
        assert bar["step_back"][2] == "BPTT" and bar["step_forward"][2] == "Back"
        assert bar["backward"][2] == "Forward" and bar["go_start"][2] == "t=1"
        await pilot.press("left", "left", "b")  # back to forward at the same t
        assert not debugger.view.backward and debugger.view.t == T - 2
        await pilot.press("b", "n")  # the next sentence, labeled: still backward, from its T_x
        assert debugger.view.backward and debugger.view.number == 1 and debugger.view.t == debugger.view.T


@run_async
async def test_play_runs_backpropagation_to_the_first_word(make_app):
    app = make_app(text="[Harry] met [Ron]")
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("b", "plus", "plus", "plus", "plus", "space")
        await wait_until(lambda: not debugger.view.playing, "play to stop at the first word")
        assert debugger.view.backward and debugger.view.t == 1


@run_async
async def test_b_is_disabled_on_an_unlabeled_sentence_and_says_why(make_app):
    app = make_app(text="the cat sat on the mat")
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        assert debugger.check_action("backward", ()) is None
        item = next(i for i in debugger.query_one("KeyBar").items() if i[4] == "backward")
        assert item[3] is False and "unlabeled" in item[5]  # dimmed, and the tooltip says why
        await pilot.press("b")
        assert not debugger.view.backward


@run_async
async def test_switching_the_activation_keeps_backward_mode(make_app, params, vocab, samples):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        debugger = app.debugger
        await pilot.press("b", "left", "left")
        debugger.action_toggle_activation()
        await pilot.pause()
        view = debugger.view
        assert view.backward and view.t == 7 and view.params.activation == "relu"
        relu = Reference(params.replace(activation="relu"), vocab, samples[0].tokens, samples[0].labels)
        np.testing.assert_allclose(view.g("dz"), relu.dz[6], rtol=1e-10, atol=1e-15)
        assert set(np.unique(view.g("g_prime"))) <= {0.0, 1.0}  # ReLU's 0/1 mask
