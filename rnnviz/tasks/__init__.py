"""The training tasks of `rnnviz train --task`, by name. A new task is a module here and one
line in TASKS."""

from __future__ import annotations

from .base import Data, Task, Vocabs
from .classifier import ClassifierTask
from .seq2seq import Seq2SeqTask
from .tagger import TaggerTask

TASKS: dict[str, Task] = {"tagger": TaggerTask(), "classifier": ClassifierTask(), "seq2seq": Seq2SeqTask()}

__all__ = ["TASKS", "Data", "Task", "Vocabs"]
