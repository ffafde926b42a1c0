"""Backward mode: the numbers the app holds and shows are the engine's BPTT (back_steps,
checked against the course's rnn_backward here too), the keys move t = T_x … 1 right to
left, and b is disabled, with the reason, on an unlabeled sentence."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import rnn_backward, rnn_forward
from rnnviz.engine.passes import back_steps
from rnnviz.pipeline import trace_sentence
from rnnviz.tui.render import fmt_int, fmt_sig, line_text
from rnnviz.tui.state import ViewState, back_steps_of, da_norms, grad_scale
from rnnviz.tui.widgets.equations import EquationsPanel
from rnnviz.tui.widgets.header import HeaderLine
from rnnviz.tui.widgets.hidden import HiddenPanel
from rnnviz.tui.widgets.history import HistoryPanel
from rnnviz.tui.widgets.loss import LossPanel
from rnnviz.tui.widgets.onehot import OneHotPanel
from rnnviz.tui.widgets.output import OutputPanel
from rnnviz.tui.widgets.stacked import StackedPanel
from rnnviz.tui.widgets.unrolled import UnrolledPanel

from .conftest import run_async, wait_until


@pytest.fixture(scope="module")
def seed_trace(params, vocab, samples):
    return trace_sentence(params, vocab, samples[0])


@pytest.fixture(scope="module")
def back_state(seed_trace, samples):
    state = ViewState(trace=seed_trace, sentence=samples[0], number=0, count=len(samples), source="train.txt")
    return state.with_mode("backward")


@pytest.fixture(scope="module")
def course(params, seed_trace):
    """The course's dense rnn_forward / rnn_backward on the seed's sentence (V = 10,000)."""
    T = seed_trace.T
    x = np.zeros((params.n_x, 1, T))
    x[seed_trace.indices, 0, np.arange(T)] = 1.0
    _, y_pred, caches = rnn_forward(x, np.zeros((params.n_a, 1)), params.as_dict())
    labels = np.array(seed_trace.labels, dtype=float)
    da_up = (params.Wya.T @ (y_pred[:, 0, :] - labels))[:, None, :]  # Wya^T (ŷ - y), every step
    return rnn_backward(da_up, caches)


def text(panel, state, width=120, height=8):
    return "\n".join(line_text(line) for line in panel.lines(state, width, height))


# ----------------------------------------------------------------------------- the state


def test_backward_state_starts_at_the_last_word_and_stays_in_range(back_state, seed_trace):
    assert back_state.t == seed_trace.T and back_state.backward and back_state.first == 1
    assert back_state.at(0).t == 1 and back_state.at(99).t == seed_trace.T
    assert back_state.at(4).with_mode("forward").t == 4  # back to forward keeps t
    assert back_state.back is back_steps_of(seed_trace)[-1]
    assert back_steps_of(seed_trace) is back_steps_of(seed_trace)  # computed once per trace


def test_unlabeled_sentence_cannot_go_backward(params, vocab):
    from rnnviz.pipeline import sentence_from_text

    sentence = sentence_from_text("the golden snitch")
    state = ViewState(trace=trace_sentence(params, vocab, sentence), sentence=sentence, number=0, count=1, source="x")
    with pytest.raises(ValueError, match="labeled"):
        state.with_mode("backward")


def test_course_reference_agrees_with_the_memo(back_state, course, seed_trace):
    backs = back_state.backs
    np.testing.assert_allclose(backs[0].da_prev, course["da0"][:, 0], rtol=1e-10, atol=1e-15)
    dWaa = sum(np.outer(b.dz, seed_trace.steps[b.t - 1].a_prev) for b in backs)
    np.testing.assert_allclose(dWaa, course["dWaa"], rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(sum(b.dz for b in backs), course["dba"][:, 0], rtol=1e-10, atol=1e-15)


# ------------------------------------------------------------------------ what is shown


def test_panels_show_the_backward_step_numbers(back_state):
    state = back_state.at(4)
    b = state.back
    assert (b.t, b.token, b.y) == (4, "hermione", 1)
    assert "◀ backward" in text(HeaderLine(), state, height=1)
    out = text(OutputPanel(), state, width=44, height=4)
    assert f"dL<4>/dŷ<4> = −1/ŷ<4> = {fmt_sig(b.dL_dy_hat, 5, sign=True)}" in out
    assert f"dL<4>/dz_y<4> = ŷ<4> − y<4> = {fmt_sig(b.dlogit, 3, sign=True)}" in out
    parts = text(OneHotPanel(), state, height=3)
    assert "da<4> = Wya^T (ŷ<4> − y<4>) + Waa^T dz<5>" in parts
    assert "from ŷ" in parts and "from 5" in parts
    assert f"‖·‖ {fmt_sig(b.da_from_y_norm, 2)}" in parts and f"‖·‖ {fmt_sig(b.da_from_next_norm, 2)}" in parts
    summed = text(StackedPanel(), state, height=3)
    assert f"‖·‖ {fmt_sig(b.da_norm, 2)}" in summed and "g' = 1 − a<4>²" in summed
    assert f"‖·‖ {fmt_sig(b.da_prev_norm, 2)}" in text(HiddenPanel(), state, height=4)
    dz = text(HiddenPanel(), state, height=4)
    assert "dz<4> = da<4> ⊙ g'(z<4>), and da<3> = Waa^T dz<4> flows left" in dz
    assert f"dWax[:, {fmt_int(b.index)}] += dz<4> (the column of 'hermione')" in dz
    assert f"‖·‖ {fmt_sig(b.dWaa_norm, 2)}" in dz
    bars = text(LossPanel(), state, width=44, height=4)
    assert f"‖da<4>‖ = {fmt_sig(b.da_norm, 3)}" in bars
    eq = text(EquationsPanel(), state, width=76, height=8)
    assert f"= {fmt_sig(b.dlogit, 3, sign=True)}" in eq
    assert "dz<4> = da<4> ⊙ g'(z<4>)" in eq and "da<3> = Waa^T dz<4>" in eq
    assert "dWaa += dz<4> a<3>^T" in eq and "dba += dz<4>" in eq


def test_last_and_first_steps_say_where_the_pass_begins_and_ends(back_state):
    last = back_state  # t = T_x
    parts = text(OneHotPanel(), last, height=3)
    assert "da<9> = Wya^T (ŷ<9> − y<9>) + 0" in parts and "nothing arrives from the right" in parts
    first = back_state.at(1)
    eq = text(EquationsPanel(), first, width=120, height=8)
    assert "da<0> = Waa^T dz<1>" in eq and "→ a<0>, fixed: the end" in eq and "= 0 as a<0> = 0" in eq


def test_unrolled_network_points_right_to_left(back_state):
    shown = text(UnrolledPanel(), back_state.at(1), height=6).splitlines()
    assert "backpropagation through time" in shown[0]
    assert shown[3].startswith("da<0>  ◀─[RNN]─da<1>◀─[RNN]─da<2>")  # head as wide as "…da<8> "
    assert shown[2].split()[0] == "↓"  # the error comes down from ŷ − y into each cell
    errors = shown[1].split()[3:]
    assert errors[0] == fmt_sig(back_state.backs[0].dlogit, 2, sign=True)


def test_da_history_and_bars_cover_the_words_reached(back_state, seed_trace):
    state = back_state.at(5)
    rows = text(HistoryPanel(), state, height=10).splitlines()
    assert rows[0].startswith("── history of da<t>, right to left")
    norms = da_norms(seed_trace)
    assert rows[4].rstrip().endswith("·")  # word 4 not reached yet
    assert rows[5].startswith("▶ 5 granger") and fmt_sig(norms[4], 2) in rows[5]
    assert fmt_sig(norms[8], 2) in rows[9]
    assert grad_scale(seed_trace) == max(
        float(np.abs(v).max())
        for b in back_steps(seed_trace)
        for v in (b.da_from_y, b.da_from_next, b.da, b.dz, b.da_prev)
    )


# ----------------------------------------------------------------------------- the app


@run_async
async def test_backward_stepping_values_equal_the_engine(make_app, params, vocab, samples, course):
    app = make_app()
    expected = back_steps(trace_sentence(params, vocab, samples[0]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right")
        await pilot.press("b")
        T = app.state.T
        assert app.state.backward and app.state.t == T
        seen = []
        for t in range(T, 0, -1):
            back, ref = app.state.back, expected[t - 1]
            assert back.t == t == app.state.t
            for name in ("da_from_y", "da_from_next", "da", "g_prime", "dz", "da_prev"):
                np.testing.assert_array_equal(getattr(back, name), getattr(ref, name))
            assert (back.dlogit, back.dL_dy_hat, back.dWaa_norm) == (ref.dlogit, ref.dL_dy_hat, ref.dWaa_norm)
            seen.append(back)
            await pilot.press("left")  # ← is the next step of backpropagation
        assert app.state.t == 1  # and not beyond
        np.testing.assert_allclose(seen[-1].da_prev, course["da0"][:, 0], rtol=1e-10, atol=1e-15)
        dWax = np.zeros_like(course["dWax"])
        for back in seen:
            dWax[:, back.index] += back.dz  # this step's column of dWax
        np.testing.assert_allclose(dWax, course["dWax"], rtol=1e-10, atol=1e-15)


@run_async
async def test_keys_in_backward_mode(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right", "right", "b")
        T = app.state.T
        assert app.check_action("step", (1,)) is None and app.check_action("go_end", ()) is None
        await pilot.press("home")
        assert app.state.t == 1 and app.check_action("step", (-1,)) is None
        await pilot.press("left", "h")  # disabled at t = 1
        assert app.state.t == 1
        await pilot.press("right", "l")
        assert app.state.t == 3
        await pilot.press("end")
        assert app.state.t == T
        bar = {item[4]: item for item in app.query_one("KeyBar").items()}
        assert bar["step_back"][2] == "BPTT" and bar["step_forward"][2] == "Back"
        assert bar["backward"][2] == "Forward" and bar["go_start"][2] == "t=1"
        await pilot.press("left", "left", "b")  # back to forward at the same t
        assert not app.state.backward and app.state.t == T - 2
        await pilot.press("b", "n")  # the next sentence, labeled: still backward, from its T_x
        assert app.state.backward and app.state.number == 1 and app.state.t == app.state.T


@run_async
async def test_play_runs_backpropagation_to_the_first_word(make_app):
    app = make_app(text="[Harry] met [Ron]")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b", "plus", "plus", "plus", "plus", "space")
        assert app.state.playing
        await wait_until(lambda: not app.state.playing, "play to stop at the first word")
        assert app.state.backward and app.state.t == 1 and not app.state.playing


@run_async
async def test_b_is_disabled_on_an_unlabeled_sentence_and_says_why(make_app):
    app = make_app(text="the cat sat on the mat")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.check_action("backward", ()) is None
        item = next(i for i in app.query_one("KeyBar").items() if i[4] == "backward")
        assert item[3] is False and "unlabeled" in item[5]  # dimmed, and the tooltip says why
        await pilot.press("b")
        assert not app.state.backward


@run_async
async def test_switching_the_activation_keeps_backward_mode(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b", "left", "left")
        app.action_toggle_activation()
        await pilot.pause()
        state = app.state
        assert state.backward and state.t == state.T - 2 and state.params.activation == "relu"
        assert set(np.unique(state.back.g_prime)) <= {0.0, 1.0}  # ReLU's 0/1 mask
