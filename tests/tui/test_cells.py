"""The LSTM's and the GRU's panels, without an app: the numbers on screen against the cells'
equations written out here in NumPy from the model's tensors (PyTorch's gate order), not
against the trace the panels draw from."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import Params
from rnnviz.engine.params import init_params
from rnnviz.engine.spec import ModelSpec
from rnnviz.pipeline import load_params
from rnnviz.tui.draw.numbers import fmt, fmt_sig, fmt_small, grad_preview, vector_preview
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import (
    cell_history,
    equations,
    gru,
    gru_equations,
    header,
    hidden,
    history,
    loss,
    lstm,
    lstm_equations,
    onehot,
    unrolled,
)
from rnnviz.tui.session import Session


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class LSTMReference:
    """nn.LSTM's equations (gates i, f, g, o) and their BPTT for a sigmoid head and the sum
    of the words' cross-entropies."""

    def __init__(self, params, index, labels):
        Wax, Waa, ba, Wya, by = (np.asarray(params[k], dtype=np.float64) for k in ("Wax", "Waa", "ba", "Wya", "by"))
        n = Waa.shape[1]
        a, c = np.zeros(n), np.zeros(n)
        rows = {k: [] for k in ("i", "f", "g", "o", "c", "a", "c_prev", "a_prev", "logit")}
        for i in index:
            pre = Wax[:, i] + Waa @ a + ba[:, 0]
            gi, gf, gg, go = (
                sigmoid(pre[:n]),
                sigmoid(pre[n : 2 * n]),
                np.tanh(pre[2 * n : 3 * n]),
                sigmoid(pre[3 * n :]),
            )
            rows["c_prev"].append(c)
            rows["a_prev"].append(a)
            c = gf * c + gi * gg
            a = go * np.tanh(c)
            for k, v in (("i", gi), ("f", gf), ("g", gg), ("o", go), ("c", c), ("a", a)):
                rows[k].append(v)
            rows["logit"].append(float((Wya @ a + by[:, 0])[0]))
        self.__dict__.update({k: np.array(v) for k, v in rows.items()})
        self.y_hat = sigmoid(self.logit)
        T = len(index)
        self.da, self.dc, self.dc_prev, self.da_prev = (np.zeros((T, n)) for _ in range(4))
        self.dG = np.zeros((T, 4 * n))
        da_next, dc_next = np.zeros(n), np.zeros(n)
        for t in reversed(range(T)):
            self.da[t] = Wya[0] * (self.y_hat[t] - labels[t]) + da_next
            tc = np.tanh(self.c[t])
            self.dc[t] = dc_next + self.da[t] * self.o[t] * (1 - tc**2)
            i, f, g, o = self.i[t], self.f[t], self.g[t], self.o[t]
            self.dG[t] = np.concatenate(
                [
                    self.dc[t] * g * i * (1 - i),
                    self.dc[t] * self.c_prev[t] * f * (1 - f),
                    self.dc[t] * i * (1 - g**2),
                    self.da[t] * tc * o * (1 - o),
                ]
            )
            da_next = self.da_prev[t] = Waa.T @ self.dG[t]
            dc_next = self.dc_prev[t] = self.dc[t] * f


class GRUReference:
    """nn.GRU's equations (gates r, z, n; b_hn inside r ⊙ (…)) and their BPTT."""

    def __init__(self, params, index, labels):
        Wax, Waa, ba, bhn, Wya, by = (
            np.asarray(params[k], dtype=np.float64) for k in ("Wax", "Waa", "ba", "bhn", "Wya", "by")
        )
        n = Waa.shape[1]
        a = np.zeros(n)
        rows = {k: [] for k in ("r", "z", "n", "a", "a_prev", "hn", "logit")}
        for i in index:
            x, h = Wax[:, i] + ba[:, 0], Waa @ a
            r, z = sigmoid(x[:n] + h[:n]), sigmoid(x[n : 2 * n] + h[n : 2 * n])
            hn = h[2 * n :] + bhn[:, 0]
            cand = np.tanh(x[2 * n :] + r * hn)
            rows["a_prev"].append(a)
            a = (1 - z) * cand + z * a
            for k, v in (("r", r), ("z", z), ("n", cand), ("a", a), ("hn", hn)):
                rows[k].append(v)
            rows["logit"].append(float((Wya @ a + by[:, 0])[0]))
        self.__dict__.update({k: np.array(v) for k, v in rows.items()})
        self.u = 1 - self.z  # the course's Γu
        self.y_hat = sigmoid(self.logit)
        T = len(index)
        self.da, self.dn, self.du, self.dr, self.da_prev = (np.zeros((T, n)) for _ in range(5))
        da_next = np.zeros(n)
        for t in reversed(range(T)):
            self.da[t] = Wya[0] * (self.y_hat[t] - labels[t]) + da_next
            u, cand, r = self.u[t], self.n[t], self.r[t]
            self.dn[t] = self.da[t] * u * (1 - cand**2)
            self.du[t] = self.da[t] * (cand - self.a_prev[t]) * u * (1 - u)  # at u's pre-activation
            self.dr[t] = self.dn[t] * self.hn[t] * r * (1 - r)
            dh = np.concatenate([self.dr[t], -self.du[t], r * self.dn[t]])
            da_next = self.da_prev[t] = Waa.T @ dh + self.z[t] * self.da[t]


def norm(v):
    return float(np.linalg.norm(v))


def text(panel, view, width=120, height=8):
    return "\n".join(line_text(line) for line in panel.PANEL.lines(view, width, height))


@pytest.fixture(scope="module")
def lstm_view(vocab, samples):
    return Session(samples, load_params("lstm-tagger", vocab), vocab, "train.txt").view(0)


@pytest.fixture(scope="module")
def gru_params():
    """A GRU from seeded random weights, its biases (b_hn too) made non-zero."""
    base = init_params(spec=ModelSpec(cell="gru"), seed=3)
    rng = np.random.default_rng(4)
    tensors = dict(base.tensors)
    tensors["ba"] = rng.normal(0, 0.5, tensors["ba"].shape)
    tensors["bhn"] = rng.normal(0, 0.5, tensors["bhn"].shape)
    return Params(tensors, spec=base.spec, meta=base.meta)


@pytest.fixture(scope="module")
def gru_view(gru_params, vocab, samples):
    return Session(samples, gru_params, vocab, "train.txt").view(0)


def reference(kind, view, vocab):
    index = [vocab.index(token) for token in view.trace.tokens]
    return kind(view.params, index, view.trace.labels)


def test_each_cell_shows_its_own_panels(lstm_view, gru_view, params, vocab, samples):
    vanilla = Session(samples, params, vocab, "train.txt").view(0).trace
    for panel in (lstm, lstm_equations, cell_history):
        assert panel.PANEL.shows(lstm_view.trace) and not panel.PANEL.shows(gru_view.trace)
        assert not panel.PANEL.shows(vanilla)
    for panel in (gru, gru_equations):
        assert panel.PANEL.shows(gru_view.trace) and not panel.PANEL.shows(lstm_view.trace)
        assert not panel.PANEL.shows(vanilla)
    for panel in (hidden, equations):
        assert not panel.PANEL.shows(lstm_view.trace) and not panel.PANEL.shows(gru_view.trace)
    assert "cell = LSTM" in text(header, lstm_view.at(4), height=1)
    assert "cell = GRU" in text(header, gru_view.at(4), height=1)
    assert "g = tanh" not in text(header, lstm_view.at(4), height=1)


def test_the_unrolled_network_names_the_cell(lstm_view, gru_view, vocab, samples):
    """The seed's figure draws a box per step; for a gated cell it says which cell, as the
    header does, forward and backward, one box per word of the sentence (9 at this width)."""
    T = lstm_view.T
    for view, box in ((lstm_view, "[LSTM]"), (gru_view, "[GRU]")):
        for mode in ("forward", "backward"):
            rows = text(unrolled, view.at(3).with_mode(mode), width=200, height=6).splitlines()
            chain = next(row for row in rows if box in row)
            assert chain.count(box) == T and "[RNN]" not in "".join(rows)
            arrow = "─▶" if mode == "forward" else "◀─"
            p = "a" if mode == "forward" else "da"
            assert f"{arrow}{box}─{p}<1>" in chain and f"{arrow}{box}─{p}<{T}>" in chain


def test_lstm_gates_and_equations_are_the_equations(lstm_view, vocab):
    ref = reference(LSTMReference, lstm_view, vocab)
    view = lstm_view.at(4)
    gates = text(lstm, view, height=7)
    for symbol, values in (("Γf", ref.f), ("Γu", ref.i), ("Γo", ref.o)):
        assert f"{symbol}<4>" in gates and f"mean {fmt(values[3].mean(), 2)}" in gates
    for symbol, values in (("c̃", ref.g), ("c", ref.c), ("a", ref.a)):
        lo, hi = fmt(values[3].min(), 1, sign=True), fmt(values[3].max(), 1, sign=True)
        assert f"{symbol}<4>" in gates and f"[{lo}, {hi}]" in gates
    shown = text(lstm_equations, view, width=76)
    assert "PyTorch's i, f, g, o = the course's Γu, Γf, c̃, Γo" in shown
    assert f"Γf<4> = σ(Wax_f x<4> + Waa_f a<3> + ba_f) = {vector_preview(ref.f[3])}" in shown
    assert f"Γu<4> = σ(Wax_i x<4> + Waa_i a<3> + ba_i) = {vector_preview(ref.i[3])}" in shown
    assert f"c̃<4> = tanh(Wax_g x<4> + Waa_g a<3> + ba_g) = {vector_preview(ref.g[3])}" in shown
    assert f"Γo<4> = σ(Wax_o x<4> + Waa_o a<3> + ba_o) = {vector_preview(ref.o[3])}" in shown
    assert "c<4> = Γf<4> ⊙ c<3> + Γu<4> ⊙ c̃<4>" in shown and f"‖c<4>‖ = {fmt(norm(ref.c[3]), 2)}" in shown
    assert f"a<4> = Γo<4> ⊙ tanh(c<4>) = {vector_preview(ref.a[3])}" in shown
    assert f"σ({fmt(ref.logit[3], 3, sign=True)}) = {fmt_small(ref.y_hat[3])}" in shown


def test_lstm_backward_is_bptt_through_the_cell(lstm_view, vocab):
    ref = reference(LSTMReference, lstm_view, vocab)
    back = lstm_view.with_mode("backward")
    n = lstm_view.params.n_a
    for t in (9, 4, 1):
        view = back.at(t)
        rows = text(lstm, view, height=7)
        for symbol, values in (
            ("da", ref.da),
            ("dc", ref.dc),
            ("dΓu", ref.dG[:, :n]),
            ("dΓf", ref.dG[:, n : 2 * n]),
            ("dc̃", ref.dG[:, 2 * n : 3 * n]),
            ("dΓo", ref.dG[:, 3 * n :]),
        ):
            row = next(line for line in rows.splitlines() if line.startswith(f"{symbol}<{t}>"))
            assert row.endswith(f"‖·‖ {fmt_sig(norm(values[t - 1]), 2)}")
        shown = text(lstm_equations, view, width=76)
        assert f"‖·‖ {fmt_sig(norm(ref.dc[t - 1]), 2)}" in shown
        assert f"dc<{t - 1}> = dc<{t}> ⊙ Γf<{t}> = {grad_preview(ref.dc_prev[t - 1], 1)}" in shown
        assert f"‖·‖ {fmt_sig(norm(ref.dc_prev[t - 1]), 2)}" in shown
        assert f"‖·‖ {fmt_sig(norm(ref.da_prev[t - 1]), 2)}" in shown
    assert "dc<9> = 0 + da<9> ⊙ Γo<9> ⊙ (1 − tanh² c<9>)" in text(lstm_equations, back.at(9), width=76)
    assert "→ c<0>, fixed: the end" in text(lstm_equations, back.at(1), width=76)
    # the part of da<4> from the right goes through Waa from the four gates of step 5
    parts = text(onehot, back.at(4), height=3)
    assert "da<4> = Wya^T (ŷ<4> − y<4>) + Waa^T [dΓu; dΓf; dc̃; dΓo]<5>" in parts
    assert parts.splitlines()[2].startswith("from 5")
    assert parts.splitlines()[2].endswith(fmt_sig(norm(ref.da_prev[4]), 2))  # what step 5 sends to a<4>


def test_dc_is_drawn_beside_da_backward(lstm_view, vocab):
    ref = reference(LSTMReference, lstm_view, vocab)
    view = lstm_view.with_mode("backward").at(4)
    bars = text(loss, view, width=44, height=4)
    assert "‖da<τ>‖ and ‖dc<τ>‖ of each word" in bars
    assert f"‖da<4>‖ {fmt_sig(norm(ref.da[3]), 2)} ‖dc<4>‖ {fmt_sig(norm(ref.dc[3]), 2)}" in bars
    top = max(np.linalg.norm(ref.da, axis=1).max(), np.linalg.norm(ref.dc, axis=1).max())
    assert f"(full bar {fmt_sig(top, 2)})" in bars and f"a full bar is {fmt_sig(top, 2)}" in text(loss, view, 60, 4)
    assert [line[:3] for line in bars.splitlines()[2:]] == ["da ", "dc "]
    # the two histories show the same words, row for row, with ‖da<τ>‖ and ‖dc<τ>‖
    left = text(history, view, width=64, height=9).splitlines()[1:]
    right = text(cell_history, view, width=56, height=9).splitlines()[1:]
    assert len(left) == len(right) == 8
    for row_a, row_c in zip(left, right):
        step = int(row_a[1:3])
        if step >= 4:
            assert fmt_sig(norm(ref.da[step - 1]), 2) in row_a
            assert row_c[2:].strip().startswith(fmt_sig(norm(ref.dc[step - 1]), 2))
        assert row_c.startswith("▶" if step == 4 else "│")


def test_c_history_rows_are_the_words_of_the_a_history(lstm_view):
    for t in (0, 3, 9):
        for height in (5, 10):
            for view in (lstm_view.at(t), lstm_view.with_mode("backward").at(max(t, 1))):
                left = text(history, view, width=64, height=height).splitlines()[1:]
                right = text(cell_history, view, width=56, height=height).splitlines()[1:]
                assert len(left) == len(right)
                marks = [row.startswith("▶") for row in left]
                assert [row.startswith("▶") for row in right] == marks


def test_gru_gates_and_equations_are_the_equations(gru_view, vocab):
    ref = reference(GRUReference, gru_view, vocab)
    view = gru_view.at(4)
    gates = text(gru, view, height=6)
    assert f"mean {fmt(ref.r[3].mean(), 2)}" in gates and f"mean {fmt(ref.u[3].mean(), 2)}" in gates
    for label, values in (("c̃<4>", ref.n[3]), ("a<3>", ref.a_prev[3]), ("a<4>", ref.a[3])):
        row = next(line for line in gates.splitlines() if line.startswith(label))
        assert row.endswith(f"[{fmt(values.min(), 1, sign=True)}, {fmt(values.max(), 1, sign=True)}]")
    shown = text(gru_equations, view, width=76)
    assert f"Γr<4> = σ(Wax_r x<4> + Waa_r a<3> + ba_r) = {vector_preview(ref.r[3])}" in shown
    assert f"Γu<4> = 1 − σ(Wax_z x<4> + Waa_z a<3> + ba_z) = {vector_preview(ref.u[3])}" in shown
    assert "c̃<4> = tanh(Wax_n x<4> + ba_n + Γr<4> ⊙ (Waa_n a<3> + bhn))" in shown
    assert vector_preview(ref.n[3], 1) in shown
    assert f"a<4> = Γu<4> ⊙ c̃<4> + (1 − Γu<4>) ⊙ a<3> = {vector_preview(ref.a[3], 2)}" in shown
    assert f"‖a<4>‖ = {fmt(norm(ref.a[3]), 2)}" in shown
    # how the course's GRU differs, in one line
    assert "course: Γu = 1 − z; Γr goes before the matmul: Wc [Γr ⊙ a<t-1>; x<t>]" in shown


def test_gru_backward_is_bptt_through_the_cell(gru_view, vocab):
    ref = reference(GRUReference, gru_view, vocab)
    back = gru_view.with_mode("backward")
    for t in (9, 5, 1):
        view = back.at(t)
        rows = text(gru, view, height=6).splitlines()[1:]
        expected = [ref.da[t - 1], ref.dn[t - 1], ref.du[t - 1], ref.dr[t - 1], ref.da_prev[t - 1]]
        labels = [f"da<{t}>", f"dc̃<{t}>", f"dΓu<{t}>", f"dΓr<{t}>", f"da<{t - 1}>"]
        for row, label, values in zip(rows, labels, expected):
            assert row.startswith(label) and row.endswith(f"‖·‖ {fmt_sig(norm(values), 2)}")
        shown = text(gru_equations, view, width=76)
        assert f"da<{t - 1}> = Waa^T [dΓr; −dΓu; Γr ⊙ dc̃]<{t}> + (1 − Γu<{t}>) ⊙ da<{t}>" in shown
    parts = text(onehot, back.at(4), height=3)
    assert "+ Waa^T [dΓr; −dΓu; Γr ⊙ dc̃]<5> + (1 − Γu<5>) ⊙ da<5>" in parts
    assert parts.splitlines()[2].endswith(fmt_sig(norm(ref.da_prev[4]), 2))
    assert "‖da<τ>‖ of each word" in text(loss, back.at(4), width=44, height=4)  # no cell state: no dc


def test_t0_says_what_the_first_step_computes(lstm_view, gru_view):
    shown = text(lstm, lstm_view, height=7)
    assert "Γf<1>  not computed yet: press → to compute step 1" in shown
    assert "c<0> = a<0> = 0: the state before the first word" in shown
    assert "a<0> = 0, c<0> = 0" in text(lstm_equations, lstm_view, width=76)
    assert "a<0> = 0: the state before the first word" in text(gru, gru_view, height=6)
    # the compact layout has no title at t = 0 either: the rows do not move at the first step
    assert len(lstm.PANEL.lines(lstm_view, 80, 6)) == 4 and len(lstm.PANEL.lines(lstm_view.at(1), 80, 6)) == 6


def test_a_softmax_head_is_written_as_one(vocab, samples):
    params = init_params(spec=ModelSpec(cell="lstm", head="softmax"), n_y=3, seed=2)
    view = Session(samples, params, vocab, "train.txt").view(0).at(4)
    index = [vocab.index(token) for token in view.trace.tokens]
    ref = LSTMReference(params, index, view.trace.labels)
    logits = np.asarray(params["Wya"]) @ ref.a[3] + np.asarray(params["by"])[:, 0]
    loss = -np.log(np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum())[view.trace.labels[3]]
    shown = text(lstm_equations, view, width=76)
    assert f"ŷ<4> = softmax(Wya a<4> + by), 3 classes,  L<4> = {fmt_small(loss)}" in shown
