"""Property test: any 300 keys of the bindings, with terminal resizes between 40 x 12 and
160 x 50 mixed in, never raise and keep the state consistent (0 <= t <= T_x, the sentence
number within the list, the trace that of the sentence shown, backward mode only on a
labeled sentence with t >= 1)."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnviz.text import tokenize

# Every key of BINDINGS except q, t and s (training would run in a thread, saving would write
# a file: tests/tui/test_training.py covers them), plus the keys of the dialogs and the palette.
KEYS = [
    "right",
    "l",
    "left",
    "h",
    "home",
    "end",
    "space",
    "plus",
    "minus",
    "n",
    "p",
    "e",
    "question_mark",
    "f1",
    "ctrl+p",
    "escape",
    "enter",
    "x",
    "b",
    "r",
    "u",
    "down",
    "tab",
]
RESIZE = st.tuples(st.integers(40, 160), st.integers(12, 50))
ACTIONS = st.lists(st.one_of(st.sampled_from(KEYS), RESIZE), min_size=300, max_size=300)


def check(app) -> None:
    state = app.state
    assert 0 <= state.t <= state.T
    assert 0 <= state.number < state.count == len(app.sentences)
    assert app.sentences[state.number] == state.sentence
    assert state.trace.tokens == state.sentence.tokens == tuple(tokenize(state.sentence.text))
    assert (state.t == 0) == (state.step is None)
    if state.backward:  # backpropagation needs labels and runs t = T_x … 1
        assert state.labeled and state.t >= 1 and state.back.t == state.t


@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
def test_random_keys_and_resizes_keep_the_invariants(make_app, actions):
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            for action in actions:
                if isinstance(action, tuple):
                    await pilot.resize_terminal(*action)
                else:
                    await pilot.press(action)
                assert app.is_running, f"the app stopped after {action!r}"
                check(app)

    asyncio.run(run())
