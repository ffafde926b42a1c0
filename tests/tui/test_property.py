"""Property test: any batches of the debugger's keys (typed faster than the app draws, as a
paste or a held key would), with terminal resizes between 40 x 12 and 160 x 50 between the
batches, never raise and keep the view consistent: 0 <= t <= T_x, the sentence number within
the list, the trace that of the sentence shown and of the session's model, backward mode only
on a labeled sentence with t >= 1."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from rnnviz.text import tokenize

# Every key of the bindings except q, t and s (training runs in a thread, saving writes a file:
# tests/tui/test_training.py covers them), plus the keys of the dialogs and the palette.
KEYS = {
    "right": None,
    "l": "l",
    "left": None,
    "h": "h",
    "home": None,
    "end": None,
    "space": " ",
    "plus": "+",
    "minus": "-",
    "n": "n",
    "p": "p",
    "e": "e",
    "question_mark": "?",
    "f1": None,
    "ctrl+p": None,
    "escape": None,
    "enter": "\r",
    "x": "x",
    "b": "b",
    "r": "r",
    "u": "u",
    "down": None,
    "tab": "\t",
}
BATCH = st.lists(st.sampled_from(sorted(KEYS)), min_size=1, max_size=30)
RESIZE = st.none() | st.tuples(st.integers(40, 160), st.integers(12, 50))
ACTIONS = st.lists(st.tuples(BATCH, RESIZE), min_size=3, max_size=8)


def check(app) -> None:
    debugger = app.debugger
    view, session = debugger.view, debugger.loaded
    assert 0 <= view.t <= view.T
    assert 0 <= view.number < view.count == len(session.sentences)
    assert session.sentences[view.number] == view.sentence
    assert view.trace.tokens == view.sentence.tokens == tuple(tokenize(view.sentence.text))
    assert view.trace.params is session.params
    assert (view.t == 0) == (view.step is None)
    if view.backward:  # backpropagation needs labels and runs t = T_x … 1
        assert view.labeled and view.t >= 1 and view.back.t == view.t


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same search on every run (CI)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
def test_random_keys_and_resizes_keep_the_invariants(make_app, tmp_path, monkeypatch, actions):
    monkeypatch.chdir(tmp_path)  # a palette command could save a model: never into the repository

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            for keys, size in actions:
                for key in keys:  # the whole batch before the app has drawn any of it
                    app.post_message(events.Key(key, KEYS[key]))
                await pilot.pause(0)  # every message handled (no wait for an idle CPU)
                if not app.is_running:  # the palette's Quit; a crash is raised on leaving
                    break
                if size is not None:
                    await pilot.resize_terminal(*size)
                check(app)
            app.debugger.stop_training_now()
            await pilot.pause()  # no key left in the queue when the harness closes the app

    asyncio.run(run())
