"""What `rnnviz trace` asks of a shape: how its inputs are read and traced, and how one traced
sentence is printed (a JSON record, CSV rows, a table). The command itself knows no shape; it
asks `tasks.TRACED[params.spec.shape]`. Data only: the command draws the table.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import Params, Trace


@dataclass(frozen=True)
class TraceTable:
    """One traced sentence as a table of text: `rnnviz trace --format table` draws it."""

    title: str  # after "sentence i of n: "
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    left: tuple[str, ...] = ()  # columns justified left (text); the others right (numbers)
    widths: dict[str, int] = field(default_factory=dict)  # minimum widths (numbers keep theirs)
    marked: str | None = None  # the column coloured by `marks`
    marks: Sequence[bool | None] = ()  # per row: right (green), wrong (red), neither
    notes: list[str] = field(default_factory=list)  # lines printed under the table


def word_cell(step: Any) -> str:
    """A table's word: the token, or `<UNK> (token)` when it was fed as <UNK>."""
    return f"<UNK> ({step.token})" if step.unknown else step.token


def unknown_note(trace: Trace) -> list[str]:
    """The note under a table naming the words fed as <UNK> (none when there are none)."""
    if not trace.unknown_tokens:
        return []
    return [f"not in the vocabulary, fed as <UNK>: {', '.join(trace.unknown_tokens)}"]


def number_widths(columns: Sequence[str]) -> dict[str, int]:
    """Minimum widths that keep numbers whole on a narrow terminal (the word gives way first)."""
    return {c: len(c) if c in ("t", "y", "index", "|a|>.99") else 6 for c in columns if c != "word"}


class Traced(ABC):
    """One shape's side of `rnnviz trace`."""

    csv_columns: tuple[str, ...]  # after the first column, "sentence"

    @abstractmethod
    def items(self, texts: Sequence[str], path: Path | None) -> list[Any]:
        """What to trace: the texts given on the command line, then the inputs of `path`
        (UserError naming file and line for what cannot be read)."""

    @abstractmethod
    def default(self, params: Params) -> list[Any]:
        """What to trace when nothing is named: what the debugger opens on."""

    def first_sample(self, params: Params, fallback: str) -> list[Any]:
        """The first input of the model's sample file (`meta["samples"]`, under
        sample_sentences/), else of `fallback` there: a `default` for the task shapes."""
        from ..text import sample_sentences_dir

        samples = params.meta.get("samples")
        return self.items([], sample_sentences_dir() / (samples if isinstance(samples, str) else fallback))[:1]

    @abstractmethod
    def trace(self, params: Params, vocab: Any, item: Any) -> Trace:
        """The forward pass of one item."""

    @abstractmethod
    def record(self, trace: Trace, vocab: Any, vectors: bool = True) -> dict[str, Any]:
        """The sentence's JSON object (`vectors`: with the per-step vectors)."""

    @abstractmethod
    def csv_rows(self, trace: Trace, vocab: Any) -> Iterable[list[Any]]:
        """One row a step, in `csv_columns` order."""

    @abstractmethod
    def table(self, trace: Trace, vocab: Any) -> TraceTable:
        """The sentence as a table."""
