"""The encoder-decoder in the debugger, without an app: one t through the encoder and then
the decoder, the panels' lines for real views, their numbers checked against the network
written out in NumPy in the test (shape_reference.Seq2SeqReference)."""

from __future__ import annotations

import pytest

from rnnviz.pipeline import load_model_and_vocab
from rnnviz.tasks.debugger_inputs import shaped_inputs, typed_number
from rnnviz.tui.draw.numbers import fmt_sig, fmt_small
from rnnviz.tui.draw.text import line_text
from rnnviz.tui.panels import (
    header,
    hidden,
    history,
    s2s_history,
    s2s_loss,
    s2s_onehot,
    s2s_output,
    s2s_sentence,
    s2s_unrolled,
)
from rnnviz.tui.screens.keys import can_act, why_not
from rnnviz.tui.session import Session

from .shape_reference import Seq2SeqReference

NAMES = ("<END>", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")


def text(panel, view, width=120, height=4) -> list[str]:
    return [line_text(line) for line in panel.PANEL.lines(view, width, height)]


@pytest.fixture(scope="module")
def model():
    return load_model_and_vocab("seq2seq", None)


@pytest.fixture(scope="module")
def labeled(model):
    """'three thousand and forty two = 3042': teacher-forced, with its reference."""
    params, vocab = model
    s = typed_number(params, "three thousand and forty two = 3042")
    return Session([s], params, vocab, "test"), Seq2SeqReference(params, vocab, s.tokens, list(s.labels))


def test_one_t_runs_through_the_encoder_then_the_decoder(labeled):
    ses, ref = labeled
    view = ses.view(0)
    assert (view.T, view.trace.T, view.trace.decoder.T) == (10, 5, 5) and ref.emitted == [4, 1, 5, 3, 0]
    for t in range(11):
        side = view.at(t).side
        assert side.t == (t if t <= 5 else t - 5) and side.trace is (view.trace if t <= 5 else view.trace.decoder)
        assert side.T == 5 and side.decoding == (t > 5)  # T_x = T_y = 5
    assert line_text(header.PANEL.lines(view.at(5), 120, 1)[0]).startswith(
        " rnnviz │ x^(1) sample 1 of 1 │ encoder │ t = 5 of T_x = 5 │ n_a = 192, n_x = V = 32"
    )
    assert line_text(header.PANEL.lines(view.at(6), 120, 1)[0]).startswith(
        " rnnviz │ x^(1) sample 1 of 1 │ decoder │ t = 1 of T_y = 5 │ n_a = 192, n_x = V = 11"
    )
    back = ses.view(0, mode="backward")
    assert (back.t, back.side.t, back.side.decoding) == (10, 5, True)
    assert back.at(5).side.decoding is False and back.at(1).side.t == 1
    assert "t = T_x + T_y = 10, the decoder's last step" in why_not(
        "step_forward", view.at(10), training=False, can_undo=False
    )
    assert can_act("run_until", (), view, training=False, can_undo=False) is None  # shown, dimmed, and says why
    assert "an encoder-decoder's two are stepped" in why_not("run_until", view, training=False, can_undo=False)
    assert can_act("undo_training", (), view, training=False, can_undo=False) is False


def test_the_decoder_writes_one_token_a_step(labeled):
    ses, ref = labeled
    for d in range(1, 6):
        view = ses.view(0, 5 + d)
        out = text(s2s_output, view)
        best = ref.emitted[d - 1]
        token = NAMES[best] if best == 0 else f"'{NAMES[best]}'"
        assert out[1].startswith(f"ŷ<{d}>: {token} {fmt_small(ref.probs[d - 1][best])} ")
        y = [4, 1, 5, 3, 0][d - 1]
        assert out[2].startswith(f"y<{d}> = {token} ✓   L<{d}> = {fmt_small(ref.loss[d - 1])}")
        written = "".join(NAMES[i] for i in ref.emitted[:d] if i)
        assert out[3].startswith(f'output "{written}"') and y == best
        assert text(s2s_loss, view)[1].startswith("ΣL = ") and text(s2s_loss, view)[1].endswith(
            fmt_small(ref.cum_loss[d - 1])
        )
        words = text(s2s_sentence, view)
        assert words[2].split()[1 : 1 + d] == [NAMES[i] for i in ref.emitted[:d]]
        assert set("".join(words[2].split()[1 + d : 6])) <= {"·"}
    end = text(s2s_output, ses.view(0, 10))[3]
    assert end.startswith('output "3042" · greedy, fed its own: "3042"')


def test_on_the_encoder_no_output_and_where_it_will_come(labeled):
    ses, _ = labeled
    view = ses.view(0, 3)
    out = text(s2s_output, view)
    assert out[1].startswith("no output at encoder step 3") and out[2].startswith("ŷ<1> comes after the hand-off")
    assert out[3].startswith("decoder's step 1 (3 more →)")  # t = 4, 5 on the encoder, then the decoder's t = 1
    assert text(s2s_output, ses.view(0, 5))[3].startswith("decoder's step 1 (→ to go on)")
    compact = text(s2s_output, view, height=1)[0]
    assert compact.startswith("ŷ<t>: none on the encoder; ŷ<1> at the decoder's step 1 (3 more →)")
    assert text(s2s_loss, view)[1].startswith("ΣL = 0: no loss on the encoder; L<1> comes at the decoder's step 1")
    assert "the decoder writes after the encoder has read" in text(s2s_sentence, view)[2]


def test_x_of_the_decoder_is_fed_back(labeled):
    ses, _ = labeled
    first = text(s2s_onehot, ses.view(0, 6), height=3)
    assert first[0].startswith("── x<1>, the decoder's input ─ x<1> = 0: all 11 entries 0")
    assert first[1].split() == ["x<1>", *["0"] * 11] and first[2].split() == list(NAMES)
    third = text(s2s_onehot, ses.view(0, 8), height=3)
    assert "'0' → index 1 of 11: x<3> = y<2>, the target (teacher forcing)" in third[0]
    assert third[1].split() == ["x<3>", "0", "1", *["0"] * 9]
    encoder = text(s2s_onehot, ses.view(0, 2), height=3)
    assert "'thousand' → index" in encoder[0] and "of 32" in encoder[0]


def test_the_unrolled_encoder_decoder(labeled):
    ses, ref = labeled
    rows = text(s2s_unrolled, ses.view(0, 7), width=160, height=6)
    assert rows[3].count("[ENC]") >= 3 and rows[3].count("[DEC]") == 5 and "════▶[DEC]─a<1>" in rows[3]
    assert "hand-off" in rows[2] and rows[2].count("╮") == 4 and rows[4].count("╰") == 4
    assert rows[1].split()[1:] == ["'3'", "'0'", "?", "?", "?"]
    assert rows[5].split()[-5:] == ["zeros", "'3'", "'0'", "'4'", "'2'"]  # x<1> = 0, the zero vector
    at_hand_off = text(s2s_unrolled, ses.view(0, 10), width=80, height=6)  # scrolled to the hand-off
    assert at_hand_off[3].startswith("…a<5>   ═▶[DEC]─a<1> ")  # the encoder's a<T_x> is handed over
    past = text(s2s_unrolled, ses.view(0, 10), width=60, height=6)  # past it: the decoder's own states
    assert past[3].startswith("…a<2>   ─▶[DEC]─a<3> ") and "[ENC]" not in past[3]  # it said …a<7>
    back = text(s2s_unrolled, ses.view(0, 6, mode="backward"), width=160, height=6)
    assert back[1].split()[1:] == [fmt_sig(e, 2, sign=True) for e in ref.error]
    assert back[3].rstrip().endswith("◀─0") and "◀═[DEC]─da<1>" in back[3]


def test_backward_runs_from_the_decoder_through_the_hand_off_into_the_encoder(labeled):
    ses, ref = labeled
    for t in (10, 6, 5, 1):
        view = ses.view(0, t, mode="backward")
        local, side = (t - 5, "decoder") if t > 5 else (t, "encoder")
        bars = text(s2s_loss, view)
        assert bars[1].startswith(f"‖da<{local}>‖ = {fmt_sig(ref.da_norm[t - 1], 3)}  on the {side}")
        bottom = bars[3][bars[3].index("┤") + 1 :]
        assert [bottom[4 * k : 4 * k + 3].strip() != "" for k in range(10)] == [g >= t for g in range(1, 11)]
    at_hand_off = text(s2s_onehot, ses.view(0, 5, mode="backward"), height=3)
    assert at_hand_off[0].startswith("── da<5> = 0 + the decoder's da<0>")
    assert at_hand_off[1].startswith("from ŷ   0: the encoder has no output") and at_hand_off[2].startswith("from dec")
    assert at_hand_off[2].rstrip().endswith(fmt_sig(ref.da_norm[4], 2))  # all of da<T_x> came through the hand-off
    out = text(s2s_output, ses.view(0, 8, mode="backward"))
    last = text(s2s_output, ses.view(0, 10, mode="backward"), width=43)  # its width at 120 x 40
    assert last[1] == f"ŷ<5>[y] = {fmt_small(ref.probs[4][0])} y<5> = <END> L<5> = {fmt_small(ref.loss[4])}"
    assert f"ŷ<3> − onehot(y<3>) at y: {fmt_sig(ref.error[2], 3, sign=True)}" in out[2]
    assert "no output error on the encoder" in text(s2s_output, ses.view(0, 2, mode="backward"))[1]


def test_the_cell_panels_draw_the_network_t_is_on(labeled, model):
    """hidden draws the decoder's own steps once t is past the encoder; the history both."""
    ses, ref = labeled
    decoder = ses.view(0, 7)
    z = text(hidden, decoder)
    assert z[1].startswith("z<2>") and z[2].startswith("a<2>")
    assert hidden.PANEL.lines(decoder, 120, 4) == hidden.PANEL.lines(decoder.side, 120, 4)
    assert not history.PANEL.shows(decoder.trace) and s2s_history.PANEL.shows(decoder.trace)
    rows = text(s2s_history, decoder, height=14)
    labels = [row[:12].split() for row in rows[1:13]]
    assert labels[:5] == [["1", "three"], ["2", "thousand"], ["3", "and"], ["4", "forty"], ["5", "two"]]
    assert rows[6].startswith("── hand-off: the decoder's a<0> = the encoder's a<5>")
    assert labels[6:9] == [
        ["1", "zeros"],
        ["▶", "2", "3"],
        ["3", "0"],
    ]  # the zero vector, the digit 0 and rows[9].rstrip().endswith("·")
    back = text(s2s_history, ses.view(0, 5, mode="backward"), height=14)
    assert back[5].split()[:3] == ["▶", "5", "two"] and back[5].split()[3] == fmt_sig(ref.da_norm[4], 2)
    assert back[4].rstrip().endswith("·") and back[11].split()[2] == fmt_sig(ref.da_norm[9], 2)


def test_an_unlabeled_number_is_decoded_greedily(model):
    params, vocab = model
    s = typed_number(params, "seven hundred and five")
    ref = Seq2SeqReference(params, vocab, s.tokens)
    ses = Session([s], params, vocab, "test")
    view = ses.view(0)
    assert len(s.tokens) + len(ref.emitted) == view.T and not view.labeled
    end = view.at(view.T)
    assert text(s2s_output, end)[3].startswith('output "705"') and ref.emitted == [8, 1, 6, 0]
    assert "none: unlabeled; the decoder is fed its own output" in text(s2s_sentence, end)[3]
    assert "x<3> = ŷ<2>'s token, fed back (greedy decoding)" in text(s2s_onehot, view.at(len(s.tokens) + 3))[0]


def test_the_sample_file(model):
    params, _ = model
    sentences, source = shaped_inputs(params)
    assert source == "sample_sentences/seq2seq/heldout.txt" and len(sentences) == 2000
    assert sentences[0].text == "ten thousand two hundred and eighteen" and sentences[0].target == "10218"
    assert sentences[0].labels == (2, 1, 3, 2, 9, 0)
