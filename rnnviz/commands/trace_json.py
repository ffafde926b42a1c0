"""`rnnviz trace --format json`: the document, streamed one sentence at a time.

    {"model": {"n_a", "n_x", "n_y", "activation" (the vanilla cell) or "cell"}, "sentences": [one record a sentence]}

A sentence's record is its shape's (rnnviz/tasks/: a tagger's `{"tokens", "labels", "loss",
"unknown", "steps": [{"t", "token", "index", "unknown", "y", "y_hat", "logit", "loss",
"cum_loss", and the cell's quantities: "z", "a" for the vanilla cell, "f", "i", "g", "o", "c", "a"
for the LSTM, "r", "u", "n", "a" for the GRU}]}`, a language model's `{"text", "loss", "bpc", "steps"}`).

Each sentence is traced, encoded with `json.dumps` and written before the next is traced, so
memory does not grow with the file. The pieces joined are, byte for byte,
`json.dumps(document, ensure_ascii=False, indent=indent)` (a test checks it).

Nearly all the time (about 90% at n_a = 100) goes into printing floats: z<t> and a<t> are
2 n_a numbers a word, each written as its shortest round-trip repr by `json.dumps`'s C
encoder. `--no-vectors` leaves them out. (Worker processes were tried: shipping the encoded
text back to the parent cost more than they saved on two cores.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..engine import Params


def model_json(params: Params) -> dict[str, Any]:
    """n_a, n_x, n_y and the vanilla cell's g; another cell's name instead of g."""
    out: dict[str, Any] = {"n_a": params.n_a, "n_x": params.n_x, "n_y": params.n_y}
    if params.spec.cell == "rnn":
        out["activation"] = params.activation
    else:
        out["cell"] = params.spec.cell
    return out


def _dumps(value: Any, indent: int | None, depth: int) -> str:
    """`value` as it appears `depth` levels deep in the indented document."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # its inner lines move right (a JSON string never holds a raw newline)
    return text if indent is None else text.replace("\n", "\n" + " " * (indent * depth))


def encode_sentence(record: dict[str, Any], indent: int | None = None) -> str:
    return _dumps(record, indent, 2)


def document_chunks(params: Params, sentences: Iterable[str], indent: int | None = None) -> Iterator[str]:
    """The document around the already encoded `sentences`, in pieces."""
    if indent is None:
        first, between, close = "[", ", ", "]}\n"
        yield '{"model": ' + _dumps(model_json(params), indent, 1) + ', "sentences": '
    else:
        pad = " " * indent
        first, between, close = "[\n" + pad * 2, ",\n" + pad * 2, "\n" + pad + "]\n}\n"
        yield "{\n" + pad + '"model": ' + _dumps(model_json(params), indent, 1) + ",\n" + pad + '"sentences": '
    opened = False
    for text in sentences:
        yield (between if opened else first) + text
        opened = True
    yield close if opened else "[]}\n"


def write_json(params: Params, records: Iterable[dict[str, Any]], out: TextIO, indent: int | None = None) -> None:
    """The document of the sentences' `records` (made one at a time when a generator) onto `out`."""
    encoded = (encode_sentence(record, indent) for record in records)
    for chunk in document_chunks(params, encoded, indent):
        out.write(chunk)
