"""`rnnviz trace` for the classifier: `label<TAB>sentence` files (--file), a sentence on the
command line unlabeled. The network reads every word; ŷ, y and the one loss belong to the
sentence, not to a step. README: "The classifier"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import Params, Trace
from ..errors import UserError
from .traced import Traced, TraceTable, number_widths, unknown_note, word_cell

CSV_COLUMNS = ("t", "token", "index", "unknown", "y", "y_hat", "logit", "loss", "a_min", "a_max", "saturated")
TABLE_COLUMNS = ("t", "word", "index", "min a", "max a", "|a|>.99", "ŷ", "y", "L")


@dataclass(frozen=True)
class Review:
    """One input: its tokens and label (None when unlabeled)."""

    tokens: tuple[str, ...]
    label: int | None
    where: str


def review(text: str, label: int | None, where: str) -> Review:
    from ..text import tokenize

    tokens = tuple(tokenize(text))
    if not tokens:
        raise UserError(f"{where}: {text!r} has no word to read")
    return Review(tokens, label, where)


def quantities(trace: Trace, s: Any) -> dict[str, list[float]]:
    """The cell's per-step vectors of the first layer, left to right (z and a for the rnn cell)."""
    return {name: s.q(name).tolist() for name in trace.quantities}


class ClassifierTraced(Traced):
    csv_columns = CSV_COLUMNS

    def items(self, texts: Sequence[str], path: Path | None) -> list[Any]:
        from ..text.labeled import load_labeled_lines
        from .debugger_inputs import REVIEW_LABEL  # "1: …" / "0: …" labels a typed review, as in the app

        items = []
        for text in texts:
            found = REVIEW_LABEL.match(text)
            label = None if found is None else int(found.group(1))
            items.append(review(text if found is None else text[found.end() :], label, "the sentence"))
        if path is not None:
            items += [review(line.text, line.label, f"{path}:{line.line}") for line in load_labeled_lines(path)]
        return items

    def default(self, params: Params) -> list[Any]:
        """The first sentence of the model's sample file (`meta["samples"]`), else of
        sample_sentences/classifier/heldout.txt."""
        return self.first_sample(params, "classifier/heldout.txt")

    def trace(self, params: Params, vocab: Any, item: Any) -> Trace:
        from ..engine import build_trace

        indices, unknown = vocab.lookup(item.tokens)
        labels = None if item.label is None else [item.label]
        return build_trace(params, item.tokens, indices, labels, unknown)

    @staticmethod
    def output(trace: Trace) -> Any:
        last = trace.steps[-1]
        assert last.probs is not None and last.logits is not None
        return last

    def record(self, trace: Trace, vocab: Any, vectors: bool = True) -> dict[str, Any]:
        last = self.output(trace)
        assert last.probs is not None and last.logits is not None
        steps = []
        for s in trace.steps:
            step: dict[str, Any] = {"t": s.t, "token": s.token, "index": s.index, "unknown": s.unknown}
            if vectors:
                step.update(quantities(trace, s))
            steps.append(step)
        binary = len(last.probs) == 1
        return {
            "tokens": list(trace.tokens),
            "y_hat": float(last.probs[0]) if binary else last.probs.tolist(),
            "logit": float(last.logits[0]) if binary else last.logits.tolist(),
            "y": last.y,
            "loss": trace.loss,
            "unknown": list(trace.unknown_tokens),
            "steps": steps,
        }

    def csv_rows(self, trace: Trace, vocab: Any) -> Iterable[list[Any]]:
        """A row a word; the sentence's y, ŷ, logit and loss on its last row only."""
        for s in trace.steps:
            out = s.probs is not None and s.logits is not None
            yield [
                s.t,
                s.token,
                s.index,
                int(s.unknown),
                "" if s.y is None else s.y,
                " ".join(map(repr, s.probs.tolist())) if out and s.probs is not None else "",
                " ".join(map(repr, s.logits.tolist())) if out and s.logits is not None else "",
                "" if s.loss is None else repr(s.loss),
                repr(float(s.a.min())),
                repr(float(s.a.max())),
                s.saturated,
            ]

    def table(self, trace: Trace, vocab: Any) -> TraceTable:
        last = self.output(trace)
        assert last.probs is not None
        y_hat = float(last.probs[0]) if len(last.probs) == 1 else float(last.probs.max())
        rows, marks = [], []
        for s in trace.steps:
            final = s.t == trace.T
            rows.append(
                (
                    str(s.t),
                    word_cell(s),
                    f"{s.index:,}",
                    f"{s.a.min():+.4f}",
                    f"{s.a.max():+.4f}",
                    str(s.saturated),
                    f"{y_hat:.4f}" if final else "",
                    ("–" if s.y is None else str(s.y)) if final else "",
                    ("–" if s.loss is None else f"{s.loss:.4f}") if final else "",
                )
            )
            marks.append(None if not final or s.y is None else (y_hat > 0.5) == bool(s.y))
        spec = trace.spec
        reads = "[a→<T_x>; a←<1>]" if spec.bidirectional else "a<T_x>"
        verdict = "positive" if y_hat > 0.5 else "negative"
        notes = [f"ŷ = σ(Wya {reads} + by) = {y_hat:.6f}: {verdict}, read after the last word"]
        notes.append(
            f"loss L = BCE(ŷ, y = {last.y}) = {trace.loss:.6f}, the only loss (none before T_x)"
            if trace.loss is not None
            else "unlabeled sentence: no y, so no loss"
        )
        notes += unknown_note(trace)
        widths = number_widths(TABLE_COLUMNS)
        return TraceTable(
            title=f"T_x = {trace.T}, one output after the last word",
            columns=TABLE_COLUMNS,
            rows=rows,
            left=("word",),
            widths=widths,
            marked="ŷ",
            marks=marks,
            notes=notes,
        )
