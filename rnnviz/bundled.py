"""The models shipped with rnnviz, by name: rnnviz/data/models/NAME.npz.

A bundled model is a file there, nothing else: `rnnviz models` lists what the folder holds,
and `--model NAME` opens one. Each file says in its meta what it was trained on, its
held-out scores, and `samples`, the sentence file (under sample_sentences/) the debugger
opens it on. scripts/build_model.py rebuilds them. No NumPy here: the debugger resolves a
name before its first frame.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import UserError

DEFAULT = "tagger"
SUFFIX = ".npz"


def models_dir() -> Path:
    return Path(str(resources.files("rnnviz") / "data" / "models"))


def names() -> list[str]:
    """The bundled models' names, the default first."""
    found = sorted(p.stem for p in models_dir().glob(f"*{SUFFIX}"))
    return sorted(found, key=lambda name: name != DEFAULT)


def path_of(name: str) -> Path:
    return models_dir() / f"{name}{SUFFIX}"


def resolve(model: str | Path | None) -> Path:
    """The file `--model` names: a path when one exists there (a path always wins), else
    a bundled model's name; None is the default model. A name that is neither is a
    UserError listing the bundled names."""
    if model is None:
        return path_of(DEFAULT)
    path = Path(model)
    if path.exists() or path.suffix or len(path.parts) > 1:
        return path
    if str(model) in names():
        return path_of(str(model))
    raise UserError(f"{model}: no such model file, and no bundled model of that name (bundled: {', '.join(names())})")


def describe(model: str | Path | None) -> str:
    """How messages name the model: its bundled name, or its path."""
    path = resolve(model)
    return f"the bundled model {path.stem!r}" if path.parent == models_dir() else str(path)
