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
def bi_params(vocab):
    """The bundled bitagger: 2 layers, bidirectional."""
    return load_params("bitagger", vocab)


@pytest.fixture(scope="session")
def samples():
    return default_sentences()


@pytest.fixture
def make_app(vocab, params, samples):
    """`make_app()` opens sample_sentences/train.txt (the seed's sentence first) as `rnnviz`
    does; `make_app(text="…")` opens one typed sentence, as `rnnviz "…"` does."""
    from rnnviz.tui.app import RnnvizApp
    from rnnviz.tui.session import Session

    def make(text: str | None = None, sentences=None, source: str | None = None, params_=None, **options):
        if text is not None:
            sentences, source = [sentence_from_text(text)], "command line"
        elif sentences is None:
            sentences, source = samples, "sample_sentences/train.txt"
        app = RnnvizApp(Session(sentences, params_ or params, vocab, source or "test", **options))
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


class Reference:
    """The seed's network on one sentence, written out in a few lines of NumPy here, so the
    TUI's numbers are checked against something it does not call: z<t>, a<t>, ŷ<t>, L<t> and
    ΣL forward; da<t> (its two parts), g', dz<t> and da<t-1> backward (tanh or ReLU)."""

    def __init__(self, params, vocab, tokens, labels=None):
        import numpy as np

        Waa, Wax, Wya, ba, by = (np.asarray(params[k], dtype=np.float64) for k in ("Waa", "Wax", "Wya", "ba", "by"))
        relu = params.activation == "relu"
        self.index = [vocab.index(token) for token in tokens]
        a = np.zeros(Waa.shape[0])
        self.a_prev, self.z, self.a, self.logit = [], [], [], []
        for i in self.index:
            self.a_prev.append(a)
            z = Waa @ a + Wax[:, i] + ba[:, 0]
            a = np.maximum(z, 0.0) if relu else np.tanh(z)
            self.z.append(z)
            self.a.append(a)
            self.logit.append(float((Wya @ a + by[:, 0])[0]))
        self.y_hat = [1.0 / (1.0 + np.exp(-logit)) for logit in self.logit]
        if labels is None:
            return
        self.loss = [-(y * np.log(p) + (1 - y) * np.log(1 - p)) for y, p in zip(labels, self.y_hat)]
        self.cum_loss = list(np.cumsum(self.loss))
        T = len(tokens)
        self.da_out = [Wya[0] * (p - y) for p, y in zip(self.y_hat, labels)]
        self.da_next, self.da, self.g_prime, self.dz = [None] * T, [None] * T, [None] * T, [None] * T
        arriving = np.zeros(Waa.shape[0])
        for t in reversed(range(T)):
            self.da_next[t] = arriving
            self.da[t] = self.da_out[t] + arriving
            self.g_prime[t] = (self.a[t] > 0).astype(float) if relu else 1 - self.a[t] ** 2
            self.dz[t] = self.da[t] * self.g_prime[t]
            arriving = Waa.T @ self.dz[t]
        self.da_prev = [Waa.T @ dz for dz in self.dz]
