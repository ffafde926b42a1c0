"""Fixtures for the TUI tests: the bundled vocabulary and default model, loaded once, and a
factory for apps in a deterministic configuration (no animation, no cursor blink)."""

from __future__ import annotations

import pytest

from rnnviz.pipeline import load_params, load_vocab, sentence_from_text
from rnnviz.text import default_sentences

UNKNOWN_SENTENCE = "Hagrid showed Harry the golden snitch before quidditch practice."


@pytest.fixture(scope="session")
def vocab():
    return load_vocab(None)


@pytest.fixture(scope="session")
def params(vocab):
    return load_params(None, vocab)


@pytest.fixture(scope="session")
def samples():
    return default_sentences()


@pytest.fixture
def make_app(vocab, params, samples):
    """`make_app()` opens sample_sentences/train.txt (the seed's sentence first) as `rnnviz`
    does; `make_app(text="…")` opens one typed sentence, as `rnnviz "…"` does."""
    from rnnviz.tui.app import RnnvizApp

    def make(text: str | None = None, sentences=None, source: str | None = None, params_=None):
        if text is not None:
            sentences, source = [sentence_from_text(text)], "command line"
        elif sentences is None:
            sentences, source = samples, "sample_sentences/train.txt"
        app = RnnvizApp(sentences=sentences, params=params_ or params, vocab=vocab, source=source or "test")
        app.animation_level = "none"
        return app

    return make


def run_async(test):
    """Run an `async def` test with asyncio.run (the project has no pytest async plugin);
    pytest still sees the test's fixtures through functools.wraps."""
    import asyncio
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


async def wait_until(condition, what: str, timeout: float = 30.0) -> None:
    """Poll `condition()` until it holds, letting the app run in between. The timeout is
    only there so a broken test fails instead of hanging: no test depends on how fast."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)
