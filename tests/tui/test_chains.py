"""The panels of a deep bidirectional network (the bundled bitagger: 2 layers, both
directions), without an app: every number on screen against the network written out in the
test (tests/stack_reference.py), not against the trace the panels draw from."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, init_params
from rnnviz.tui.draw.colours import BOLD, CURRENT, FAINT
from rnnviz.tui.draw.numbers import fmt, fmt_int, fmt_sig, fmt_small, grad_preview, vector_preview
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import (
    chain_equations,
    chains,
    equations,
    header,
    hidden,
    histories,
    inputs,
    network,
    sums,
    unrolled,
)
from rnnviz.tui.panels.names import done
from rnnviz.tui.session import Session

from ..stack_reference import StackReference


@pytest.fixture(scope="module")
def bi(bi_params, vocab, samples):
    return Session(samples, bi_params, vocab, "sample_sentences/train.txt")


@pytest.fixture(scope="module")
def ref(bi_params, vocab, samples):
    return StackReference(bi_params, vocab, samples[0].tokens, samples[0].labels)


def view_of(session, t, layer=0, mode="forward"):
    return replace(session.view(0, t, mode=mode), layer=layer)


def text(panel, view, width=120, height=8):
    return "\n".join(line_text(line) for line in panel.lines(view, width, height))


def test_the_deep_bidirectional_panels_replace_the_seeds(bi):
    trace = bi.view(0).trace
    assert trace.layers == 2 and trace.directions == 2
    for panel in (network.PANEL, inputs.PANEL, chains.RIGHT, chains.LEFT, chain_equations.PANEL, sums.PANEL):
        assert panel.shows(trace) and not panel.while_loading
    for panel in (unrolled.PANEL, hidden.PANEL, equations.PANEL):
        assert not panel.shows(trace) and panel.while_loading
    assert network.height(trace, True) == 10 and network.height(trace, False) == 7
    assert inputs.height(trace, True) == 4 and inputs.height(trace, False) == 1


def test_the_seeds_network_keeps_its_panels(params, vocab, samples):
    trace = Session(samples, params, vocab, "x").view(0).trace
    assert unrolled.PANEL.shows(trace) and hidden.PANEL.shows(trace)
    assert not network.PANEL.shows(trace) and not chains.LEFT.shows(trace)


def test_which_cells_are_computed_at_step_t(bi, params, vocab, samples):
    """Bidirectional: only the last layer's → chain runs a word at a time; ← and every layer
    below are needed whole for ŷ<1>. One direction: every layer runs a word at a time."""
    trace = bi.view(0).trace
    assert [done(trace, 1, 0, tau, 3, False) for tau in (1, 3, 4)] == [True, True, False]
    assert [done(trace, 1, 1, tau, 3, False) for tau in (1, 4, 9)] == [True, True, True]
    assert [done(trace, 0, 0, tau, 3, False) for tau in (1, 4, 9)] == [True, True, True]
    assert not done(trace, 0, 1, 9, 0, False)  # t = 0: nothing yet
    assert [done(trace, 1, 0, tau, 4, True) for tau in (3, 4, 9)] == [False, True, True]
    assert done(trace, 1, 1, 1, 9, True) and done(trace, 0, 0, 1, 9, True)
    seed = Session(samples, params, vocab, "x").view(0).trace
    assert [done(seed, 0, 0, tau, 3, False) for tau in (3, 4)] == [True, False]
    deep = Session(samples, deep_params(), vocab, "x").view(0).trace  # 2 layers, one direction
    assert [done(deep, layer, 0, tau, 3, False) for layer in (0, 1) for tau in (3, 4)] == [True, False] * 2
    assert [done(deep, 0, 0, tau, 3, True) for tau in (2, 3)] == [False, True]


def deep_params():
    """A deep network of one direction (2 layers, left to right), seeded random weights."""
    return init_params(spec=ModelSpec(layers=2))


def test_a_deep_network_of_one_direction_has_one_chain_per_layer(vocab, samples):
    view = Session(samples, deep_params(), vocab, "x").view(0, 3)
    rows = [line_text(line) for line in network.PANEL.lines(view, 120, network.height(view.trace, True))]
    assert "ŷ<t> reads a<t> of layer 2; layer l reads layer l−1's a<t>" in rows[0]
    assert rows[3].startswith("layer 2 a 0 ─▶[RNN]") and rows[5].startswith("layer 1 a 0 ─▶[RNN]")
    assert not chains.LEFT.shows(view.trace) and chains.RIGHT.shows(view.trace)
    shown = text(chain_equations.PANEL, replace(view, layer=1), width=120)
    assert "a<3> = tanh(Waa a<2> + Wax x<3> + ba)" in shown and "x<3> = a<3> of layer 1" in shown
    assert "ŷ<3> = σ(Wya a<3> + by) =" in shown


def test_the_network_has_two_chains_per_layer_lit_at_t(bi, ref):
    view = view_of(bi, 2)
    lines = network.PANEL.lines(view, 120, 10)
    rows = [line_text(line) for line in lines]
    assert "ŷ<t> reads a→<t> and a←<t> of layer 2; a← starts at T_x, so ŷ<t> needs the whole sentence" in rows[0]
    assert rows[1].split()[1:4] == [fmt(ref.y_hat[0], 2), fmt(ref.y_hat[1], 2), "?"]
    chains_rows = [r for r in rows if "[RNN]" in r]
    assert len(chains_rows) == 4 and all(r.count("[RNN]") == 9 for r in chains_rows)
    assert rows[3].startswith("layer 2 a→ 0") and rows[4].strip().startswith("a←") and rows[4].endswith(" 0")
    assert rows[6].startswith("layer 1 a→")
    for line in (lines[3], lines[4], lines[6], lines[7]):  # every chain lit at t = 2
        assert [s.text for s in line if s.style == CURRENT] == ["[RNN]"]

    def boxes(line):
        return [s.style for s in line for _ in range(s.text.count("[RNN]"))]

    assert boxes(lines[3]) == [BOLD, CURRENT] + [FAINT] * 7  # layer 2 →: computed up to t
    assert boxes(lines[4]) == [BOLD, CURRENT] + [BOLD] * 7  # layer 2 ←: the whole sentence
    assert boxes(lines[7]) == [BOLD, CURRENT] + [BOLD] * 7  # layer 1: needed whole by layer 2's ←
    assert rows[-1].split()[1:3] == ["harry", "potter"]


def test_the_network_backward_flows_along_both_chains(bi, ref):
    rows = [line_text(line) for line in network.PANEL.lines(view_of(bi, 4, mode="backward"), 120, 10)]
    assert "da→ right to left, da← left to right, down the layers" in rows[0]
    # every error is used at once: da←<4> carries those of words 1 … 3, da→<4> those of 4 … 9
    assert rows[1].split()[3:12] == [fmt_sig(ref.dlogit[k], 2, sign=True) for k in range(9)]
    assert rows[3].startswith("layer 2 da→") and "[RNN]◀" in rows[3] and rows[3].endswith(" 0")
    assert rows[4].strip().startswith("da← 0 ─▶[RNN]")
    assert set(rows[2].split()) == {"↓"} and set(rows[5].split()) == {"↓"}


@pytest.mark.parametrize("layer", [0, 1])
def test_a_panel_per_direction_reads_its_chain(bi, ref, layer):
    view = view_of(bi, 4, layer)
    for panel, d, arrow in ((chains.RIGHT, 0, "→"), (chains.LEFT, 1, "←")):
        shown = text(panel, view, height=3)
        z, a = ref.z[layer][d][3], ref.a[layer][d][3]
        assert f"z{arrow} ∈ [{fmt(z.min(), 2, sign=True)}, {fmt(z.max(), 2, sign=True)}]" in shown
        assert f"a{arrow} ∈ [{fmt(a.min(), 2, sign=True)}, {fmt(a.max(), 2, sign=True)}]" in shown
        assert f"saturated {int((np.abs(a) > 0.99).sum())}/100" in shown
        assert f"z{arrow}<4>" in shown and f"a{arrow}<4>" in shown
    back = view_of(bi, 4, layer, "backward")
    for panel, d in ((chains.RIGHT, 0), (chains.LEFT, 1)):
        rows = text(panel, back, height=3).splitlines()
        assert rows[1].endswith(f"‖·‖ {fmt_sig(np.linalg.norm(ref.g('da', layer, d, 4)), 2)}")
        assert rows[2].endswith(f"‖·‖ {fmt_sig(np.linalg.norm(ref.g('dz', layer, d, 4)), 2)}")
        blocked = int((ref.g("g_prime", layer, d, 4) < 1 - 0.99**2).sum())
        assert f"g' blocks {blocked} of 100" in rows[0]
        on = 3 if d == 0 else 5  # da→ goes on to t−1, da← to t+1
        assert f"on to da{'→←'[d]}<{on}>: ‖·‖ {fmt_sig(np.linalg.norm(ref.g('da_prev', layer, d, 4)), 2)}" in rows[0]


def test_the_inputs_of_layer_1_are_one_hot_and_of_layer_2_the_layer_below(bi, vocab):
    shown = text(inputs.PANEL, view_of(bi, 2), height=4)
    index = vocab.index("potter")
    assert f"'potter' → index {fmt_int(index)} of 10,000" in shown and "read by both directions" in shown
    assert "[a→<1>; x<2>]" in shown and "[a←<3>; x<2>]" in shown and "× Wa→: 100 × 10,100" in shown
    shown = text(inputs.PANEL, view_of(bi, 2, layer=1), height=4)
    assert "x<2> of layer 2 = [a→<2>; a←<2>] of layer 1" in shown and "200 numbers, not one-hot" in shown
    assert "index" not in shown and "× Wa←: 100 × 300" in shown
    compact = text(inputs.PANEL, view_of(bi, 2, layer=1), width=80, height=1)
    assert compact.startswith("x<2> of layer 2 = [a→<2>; a←<2>] of layer 1")


def test_where_da_comes_from(bi, ref):
    rows = text(inputs.PANEL, view_of(bi, 4, 0, "backward"), height=4).splitlines()
    assert "above (Wax^T dz<4> of layer 3)" not in rows[0] and "Wax^T dz<4> of layer 2" in rows[0]
    norms = [fmt_sig(np.linalg.norm(ref.g("da_out", 0, d, 4)), 2) for d in (0, 1)]
    assert rows[1].endswith(f"‖→‖ {norms[0]}  ‖←‖ {norms[1]}")
    assert rows[2].startswith("da→<4> from 5") and rows[2].endswith(
        fmt_sig(np.linalg.norm(ref.g("da_next", 0, 0, 4)), 2)
    )
    assert rows[3].startswith("da←<4> from 3") and rows[3].endswith(
        fmt_sig(np.linalg.norm(ref.g("da_next", 0, 1, 4)), 2)
    )
    top = text(inputs.PANEL, view_of(bi, 9, 1, "backward"), height=4)
    assert "Wya^T (ŷ<9> − y<9>)" in top and "nothing comes from the right of the last word" in top


def test_the_equations_of_both_directions(bi, ref, bi_params):
    view = view_of(bi, 4)
    shown = text(chain_equations.PANEL, view, width=120)
    for d, (arrow, prev) in enumerate((("→", 3), ("←", 5))):
        a = ref.a[0][d][3]
        assert f"a{arrow}<4> = tanh(Waa{arrow} a{arrow}<{prev}> + Wax{arrow} x<4> + ba{arrow})" in shown
        assert f"{vector_preview(a, 2)}  ‖·‖ {fmt(float(np.linalg.norm(a)), 2)}" in shown
    assert "ŷ<4> = σ(Wya [a→<4>; a←<4>] + by) (layer 2's a)" in shown
    assert f"σ({fmt(ref.logit[3], 3, sign=True)}) = {fmt_small(ref.y_hat[3])}" in shown
    by = float(bi_params["by"][0, 0])
    parts = ref.parts[3]
    assert (
        f"σ({fmt(parts[0], 3, sign=True)} from a→<4> {fmt(parts[1], 3, sign=True)} from a←<4> {fmt(by, 3, sign=True)}"
        in shown
    )
    assert f"= {fmt_small(ref.loss[3])};  ΣL<1..4> = {fmt_small(ref.cum_loss[3])}" in shown
    assert "ŷ<4> = σ(Wya [a→<4>; a←<4>] + by) =" in text(chain_equations.PANEL, view_of(bi, 4, 1), width=120)
    assert "x<4> = [a→<4>; a←<4>] of layer 1" in text(chain_equations.PANEL, view_of(bi, 4, 1), width=120)


def test_the_backward_equations_of_both_directions(bi, ref):
    for layer in (0, 1):
        shown = text(chain_equations.PANEL, view_of(bi, 4, layer, "backward"), width=160)
        assert f"ŷ<4> − y<4> = {fmt_sig(ref.y_hat[3], 4)} − 1 = {fmt_sig(ref.dlogit[3], 3, sign=True)}" in shown
        for d, (arrow, nxt, prev) in enumerate((("→", 5, 3), ("←", 3, 5))):
            da = ref.g("da", layer, d, 4)
            assert (
                f"Waa{arrow}^T dz{arrow}<{nxt}> = {grad_preview(da, 1)} ‖·‖ {fmt_sig(np.linalg.norm(da), 2)}" in shown
            )
            assert f"dz{arrow}<4> = da{arrow}<4> ⊙ g' = {grad_preview(ref.g('dz', layer, d, 4), 1)}" in shown
            on = fmt_sig(np.linalg.norm(ref.g("da_prev", layer, d, 4)), 2)
            assert f"da{arrow}<{prev}> = Waa{arrow}^T dz{arrow}<4> ‖·‖ {on}" in shown
            share = np.outer(ref.g("dz", layer, d, 4), ref.a_prev[layer][d][3])
            assert f"dWaa{arrow} += dz{arrow}<4> a{arrow}<{prev}>^T ‖·‖ {fmt_sig(np.linalg.norm(share), 2)}" in shown
        above = "Wya→^T (ŷ<4> − y<4>)" if layer else "(Wax^[2]T dz^[2]<4>)→"  # layer 2's, the course's ^[l]
        assert f"da→<4> = {above} + Waa→^T dz→<5>" in shown
        in_place = text(chain_equations.PANEL, view_of(bi, 4, layer, "backward"), width=76)  # at 120 x 40
        norm = fmt_sig(np.linalg.norm(ref.g("da", layer, 0, 4)), 2)
        assert any(row.startswith("da→<4> = ") and row.endswith(f"‖·‖ {norm}") for row in in_place.splitlines())
    assert "dWax→[:, 9,886] and dWax←[:, 9,886] += dz<4>" in text(
        chain_equations.PANEL, view_of(bi, 4, 0, "backward"), width=160
    )


def test_the_gradient_bars_per_direction(bi, ref):
    for layer in (0, 1):
        rows = text(sums.PANEL, view_of(bi, 4, layer, "backward"), width=44, height=4).splitlines()
        norms = [fmt_sig(np.linalg.norm(ref.g("da", layer, d, 4)), 2) for d in (0, 1)]
        assert rows[1].startswith(f"‖da→<4>‖ {norms[0]}  ‖da←<4>‖ {norms[1]}")
        assert rows[2].startswith("→ ") and rows[3].startswith("← ")
    top = text(sums.PANEL, view_of(bi, 9, 1, "backward"), width=44, height=4).splitlines()
    assert top[2][2:].strip() != "" and len(top[2][2:].split()) == 1  # → at t = T_x: one bar so far
    assert len(top[3][2:].split()) == 9  # ←: every word's gradient


def test_the_history_of_both_directions(bi):
    rows = text(histories.PANEL, view_of(bi, 2, 1), height=6).splitlines()
    assert rows[0].startswith("── history of a→<τ> │ a←<τ>, layer 2 of 2")
    assert rows[3].split()[:3] == ["3", "and", "·"]  # a→<3> of layer 2: not yet
    assert rows[3].count("·") == 1 and rows[3].rstrip().endswith("▌")  # a←<3>: already computed
    assert rows[2].count("·") == 0  # both directions at t = 2


def test_the_header_names_the_model_and_the_layer(bi):
    shown = text(header.PANEL, view_of(bi, 2, 1), height=1)
    assert "layer 2 of 2" in shown and "bitagger, trained" in shown
    assert "L1/2" in text(header.PANEL, view_of(bi, 2), width=80, height=1)


def test_a_long_sentence_scrolls_and_every_line_fits(bi_params, vocab):
    from rnnviz.pipeline import sentence_from_text
    from rnnviz.tui.draw.text import line_width

    session = Session([sentence_from_text(" ".join(["[harry]", "met", "the", "snitch"] * 30))], bi_params, vocab, "x")
    for t, mode in ((50, "forward"), (1, "backward"), (120, "backward")):
        view = session.view(0, t, mode=mode)
        assert view.mode == mode
        rows = network.PANEL.lines(view, 80, 10)
        assert [s.text for s in rows[3] if s.style == CURRENT] == ["[RNN]"]  # step t stays in view
        for panel in (network.PANEL, inputs.PANEL, chains.RIGHT, chains.LEFT, histories.PANEL, chain_equations.PANEL):
            for width, height in ((120, 10), (80, 3)):
                assert all(line_width(line) <= width for line in panel.lines(view, width, height)), panel.name
        assert all(line_width(line) <= 44 for line in sums.PANEL.lines(view, 44, 4))
