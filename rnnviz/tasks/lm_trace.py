"""`rnnviz trace` for a character language model: plain text, one sequence a line; a text
on the command line is one sequence. README: "A character language model"."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..engine import Params, Trace
from ..engine.stack import ZERO_INPUT
from ..errors import UserError
from .traced import Traced, TraceTable

CSV_COLUMNS = (
    "t",
    "token",
    "index",
    "y",
    "target",
    "p_target",
    "loss",
    "cum_loss",
    "top1",
    "p_top1",
    "top2",
    "p_top2",
    "top3",
    "p_top3",
)
TABLE_COLUMNS = ("t", "x<t>", "y<t>", "ŷ[y]", "L<t>", "ΣL", "top 3 of ŷ<t>")


def bpc(trace: Trace) -> float:
    """Bits per character of a traced sequence: L / (T ln 2), the end token counted."""
    assert trace.loss is not None
    return trace.loss / trace.T / math.log(2)


def top_k(probs: Any, k: int = 3) -> list[int]:
    """The indices of the k largest probabilities, largest first (the lower index on a tie)."""
    order = sorted(range(len(probs)), key=lambda i: (-float(probs[i]), i))
    return order[:k]


def _csv_char(char: str) -> str:
    """A character in a CSV cell: itself, but the end token as ⏎ (a cell stays on its line)."""
    from ..text.chars import END, SHOWN

    return SHOWN[END] if char == END else char


class LmTraced(Traced):
    """`rnnviz trace` for a character language model: plain text, one sequence a line (a text
    on the command line is one sequence). Step t shows x<t> (nothing at t = 1, where x<1> = 0),
    the target y<t> (the next character, the end token last), ŷ<t>, L<t> and ΣL."""

    csv_columns = CSV_COLUMNS

    def items(self, texts: Sequence[str], path: Path | None) -> list[Any]:
        from ..text.chars import Line, load_lines

        lines = [Line(text, "the command line") for text in texts]
        for line in lines:
            if "\n" in line.text or "\r" in line.text:
                raise UserError("a sequence given on the command line is one line: it cannot hold a line break")
        return lines + (load_lines(path) if path is not None else [])

    def default(self, params: Params) -> list[Any]:
        """The first line of the model's sample file (`meta["samples"]`, under
        sample_sentences/: charlm's held-out lines)."""
        from ..text import sample_sentences_dir
        from ..text.chars import load_lines

        samples = params.meta.get("samples")
        path = sample_sentences_dir() / samples if isinstance(samples, str) else None
        if path is None or not path.is_file():
            raise UserError("give a sequence or --file PATH (see rnnviz trace --help): the model names no sample file")
        return load_lines(path)[:1]

    def trace(self, params: Params, vocab: Any, item: Any) -> Trace:
        from ..engine import build_trace
        from ..engine.shapes.lm import inputs_of

        sequence = vocab.encode(item.text, item.where)
        return build_trace(params, ("", *item.text), inputs_of(sequence), sequence.tolist())

    def record(self, trace: Trace, vocab: Any, vectors: bool = True) -> dict[str, Any]:
        steps = []
        for s in trace.steps:
            assert s.probs is not None and s.y is not None
            first = s.index == ZERO_INPUT
            step = {
                "t": s.t,
                "index": None if first else s.index,
                "token": None if first else s.token,
                "y": s.y,
                "target": vocab.words[s.y],
                "y_hat": s.probs.tolist(),
                "loss": s.loss,
                "cum_loss": s.cum_loss,
            }
            if vectors:
                step["a"] = s.a.tolist()
            steps.append(step)
        assert trace.loss is not None
        return {"text": "".join(trace.tokens), "loss": trace.loss, "bpc": bpc(trace), "steps": steps}

    def csv_rows(self, trace: Trace, vocab: Any) -> Iterable[list[Any]]:
        for s in trace.steps:
            assert s.probs is not None and s.y is not None
            first = s.index == ZERO_INPUT
            top = [item for i in top_k(s.probs) for item in (_csv_char(vocab.words[i]), repr(float(s.probs[i])))]
            yield [
                s.t,
                "" if first else s.token,
                "" if first else s.index,
                s.y,
                _csv_char(vocab.words[s.y]),
                repr(float(s.probs[s.y])),
                repr(s.loss),
                repr(s.cum_loss),
                *top,
            ]

    def table(self, trace: Trace, vocab: Any) -> TraceTable:
        shown = vocab.shown
        rows, marks = [], []
        for s in trace.steps:
            assert s.probs is not None and s.y is not None
            best = top_k(s.probs)
            marks.append(best[0] == s.y)
            rows.append(
                (
                    str(s.t),
                    "0" if s.index == ZERO_INPUT else shown(s.token),
                    shown(vocab.words[s.y]),
                    f"{s.probs[s.y]:.4f}",
                    f"{s.loss:.4f}",
                    f"{s.cum_loss:.4f}",
                    "  ".join(f"{shown(vocab.words[i])} {s.probs[i]:.3f}" for i in best),
                )
            )
        assert trace.loss is not None
        return TraceTable(
            title=f"T_x = {trace.T} ({trace.T - 1} characters and the end token)",
            columns=TABLE_COLUMNS,
            rows=rows,
            left=("x<t>", "y<t>", "top 3 of ŷ<t>"),
            widths={"t": 1, "ŷ[y]": 6, "L<t>": 6, "ΣL": 6},
            marked="ŷ[y]",
            marks=marks,
            notes=[
                f"loss L = Σ L<t> = {trace.loss:.6f} nats over {trace.T} characters (the end token counted): "
                f"{bpc(trace):.4f} bits per character"
            ],
        )
