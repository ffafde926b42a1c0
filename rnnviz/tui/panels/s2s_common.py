"""What the encoder-decoder's panels share: the output tokens, the token each decoder step
emits (the engine's `ranked` readout), and how the decoder is fed.

One t runs through both networks: the whole view's t is 1 … T_x on the encoder and T_x + 1 …
T_x + T_y on the decoder (`view.side` is the network t is on, with its own t)."""

from __future__ import annotations

from ..view import ViewState, per_trace

END = "<END>"


def outputs(view: ViewState) -> tuple[str, ...]:
    """The output vocabulary, <END> first (the model's meta["vocab"]["y"])."""

    def make(trace) -> tuple[str, ...]:
        from rnnviz.engine.shapes.seq2seq import output_names

        names = output_names(trace.params)
        return names if names is not None else tuple(str(i) for i in range(trace.params.n_y))

    return per_trace(view.trace, "outputs", make)


def whole(view: ViewState):
    """The encoder-decoder's trace (the encoder's, with `.decoder`), from either kind of view."""
    return view.whole if view.whole is not None else view.trace


def decoder(view: ViewState):
    """The decoder's trace."""
    dec = whole(view).decoder
    assert dec is not None, "an encoder-decoder's view"
    return dec


def emitted(view: ViewState) -> tuple[int, ...]:
    """The token each decoder step emits: the argmax of ŷ<t> (the engine's readout)."""
    return per_trace(decoder(view), "emitted", lambda tr: tuple(int(i) for i in tr.ranked[:, 0]))


def token(view: ViewState, index: int) -> str:
    """An output token as the panels write it: `'3'`, `<END>`."""
    name = outputs(view)[index]
    return name if name == END else f"'{name}'"


def forced(view: ViewState) -> bool:
    """Whether the decoder is teacher-forced (a labeled pair: x<t+1> = y<t>), else greedy."""
    return whole(view).labels is not None


def fed_from(view: ViewState, t: int) -> str:
    """Where the decoder's x<t> comes from, in words."""
    if t == 1:
        return "x<1> = 0, nothing comes before the first output"
    if forced(view):
        return f"x<{t}> = y<{t - 1}>, the target (teacher forcing)"
    return f"x<{t}> = ŷ<{t - 1}>'s token, fed back (greedy decoding)"


def decoder_t(view: ViewState) -> int:
    """The decoder's t of a whole view (0 while t is on the encoder)."""
    return max(0, view.t - whole(view).T)
