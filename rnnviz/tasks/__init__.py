"""The training tasks of `rnnviz train --task`, by name. A new task is a module here and one
line in TASKS."""

from __future__ import annotations

from .base import Data, Task, Vocabs
from .lm import LmTask
from .tagger import TaggerTask

TASKS: dict[str, Task] = {"tagger": TaggerTask(), "lm": LmTask()}

__all__ = ["TASKS", "Data", "Task", "Vocabs"]
