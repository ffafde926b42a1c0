"""`rnnviz trace` for the tagger: sentences in bracket markup or CoNLL (a sentence typed on
the command line takes its labels from sample_sentences/ when it is one of them), words not
in the vocabulary fed as <UNK> and named. README: `rnnviz trace`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..engine import Params, Trace
from .traced import Traced, TraceTable, number_widths, unknown_note, word_cell

CSV_COLUMNS = (
    "t",
    "token",
    "index",
    "unknown",
    "y",
    "y_hat",
    "logit",
    "loss",
    "cum_loss",
    "a_min",
    "a_max",
    "saturated",
)
TABLE_COLUMNS = ("t", "word", "index", "y", "ŷ", "L<t>", "ΣL", "min a", "max a", "|a|>.99")


def scalar_or_list(values) -> float | list[float]:
    return float(values[0]) if len(values) == 1 else [float(v) for v in values]


class TaggerTraced(Traced):
    csv_columns = CSV_COLUMNS

    def items(self, texts: Sequence[str], path: Path | None) -> list[Any]:
        from ..pipeline import sentence_from_text
        from ..text import load_sentences

        sentences = [sentence_from_text(text) for text in texts]
        return sentences + (load_sentences(path) if path is not None else [])

    def default(self, params: Params) -> list[Any]:
        """The first sample sentence, the seed's."""
        from ..text import default_sentences

        return default_sentences()[:1]

    def trace(self, params: Params, vocab: Any, item: Any) -> Trace:
        from ..pipeline import trace_sentence

        return trace_sentence(params, vocab, item)

    def record(self, trace: Trace, vocab: Any, vectors: bool = True) -> dict[str, Any]:
        steps = []
        # the cell's quantities: z, a (vanilla); f, i, g, o, c, a (LSTM); r, u, n, a (GRU), as
        # lists once per sentence (one tolist() a quantity, not one a step)
        rows = {name: trace.q(name).tolist() for name in trace.quantities} if vectors else {}
        for s in trace.steps:
            assert s.probs is not None and s.logits is not None
            step = {
                "t": s.t,
                "token": s.token,
                "index": s.index,
                "unknown": s.unknown,
                "y": s.y,
                "y_hat": scalar_or_list(s.probs),
                "logit": scalar_or_list(s.logits),
                "loss": s.loss,
                "cum_loss": s.cum_loss,
            }
            for name, values in rows.items():
                step[name] = values[s.t - 1]
            steps.append(step)
        return {
            "tokens": list(trace.tokens),
            "labels": None if trace.labels is None else list(trace.labels),
            "loss": trace.loss,
            "unknown": list(trace.unknown_tokens),
            "steps": steps,
        }

    def csv_rows(self, trace: Trace, vocab: Any) -> Iterable[list[Any]]:
        for s in trace.steps:
            assert s.probs is not None and s.logits is not None
            yield [
                s.t,
                s.token,
                s.index,
                int(s.unknown),
                "" if s.y is None else s.y,
                repr(float(s.probs[0])) if len(s.probs) == 1 else " ".join(map(repr, s.probs.tolist())),
                repr(float(s.logits[0])) if len(s.logits) == 1 else " ".join(map(repr, s.logits.tolist())),
                "" if s.loss is None else repr(s.loss),
                "" if s.cum_loss is None else repr(s.cum_loss),
                repr(float(s.a.min())),
                repr(float(s.a.max())),
                s.saturated,
            ]

    def table(self, trace: Trace, vocab: Any) -> TraceTable:
        binary = trace.params.n_y == 1
        columns = tuple(c if c != "ŷ" or binary else "ŷ[y]" for c in TABLE_COLUMNS)
        rows, marks = [], []
        for s in trace.steps:
            assert s.probs is not None
            if binary:
                y_hat = s.y_hat
            else:
                y_hat = float(s.probs[s.y]) if s.y is not None else float(s.probs.max())
            marks.append(None if s.y is None else (y_hat > 0.5) == bool(s.y))
            rows.append(
                (
                    str(s.t),
                    word_cell(s),
                    f"{s.index:,}",
                    "–" if s.y is None else str(s.y),
                    f"{y_hat:.4f}",
                    "–" if s.loss is None else f"{s.loss:.4f}",
                    "–" if s.cum_loss is None else f"{s.cum_loss:.4f}",
                    f"{s.a.min():+.4f}",
                    f"{s.a.max():+.4f}",
                    str(s.saturated),
                )
            )
        notes = [
            f"sentence loss L = Σ L<t> = {trace.loss:.6f}"
            if trace.loss is not None
            else "unlabeled sentence: no y<t>, so no loss"
        ]
        notes += unknown_note(trace)
        widths = number_widths(columns)
        return TraceTable(
            title=f"T_x = {trace.T}",
            columns=columns,
            rows=rows,
            left=("word",),
            widths=widths,
            marked=columns[4],
            marks=marks,
            notes=notes,
        )
