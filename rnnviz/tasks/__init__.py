"""The training tasks of `rnnviz train --task`, by name. A new task is a module here and one
line in TASKS."""

from __future__ import annotations

from .base import Data, Task, Vocabs
from .classifier import ClassifierTask
from .classifier_trace import ClassifierTraced
from .lm import LmTask
from .lm_trace import LmTraced
from .seq2seq import Seq2SeqTask
from .seq2seq_trace import Seq2SeqTraced
from .tagger import TaggerTask
from .tagger_trace import TaggerTraced
from .traced import Traced, TraceTable

TASKS: dict[str, Task] = {
    "tagger": TaggerTask(),
    "lm": LmTask(),
    "classifier": ClassifierTask(),
    "seq2seq": Seq2SeqTask(),
}

# How `rnnviz trace` reads and prints each shape's inputs, by ModelSpec.shape.
TRACED: dict[str, Traced] = {
    "tagger": TaggerTraced(),
    "lm": LmTraced(),
    "classifier": ClassifierTraced(),
    "seq2seq": Seq2SeqTraced(),
}

__all__ = ["TASKS", "TRACED", "Data", "Task", "TraceTable", "Traced", "Vocabs"]
