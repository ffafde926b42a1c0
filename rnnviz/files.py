"""Reading a file the user named: every failure is a one-line `UserError` naming it."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UserError, where


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The bytes of `path`; missing, a directory or unreadable is a `UserError` that calls
    it a `what` ("file", "model file", …)."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(f"{where(path)}: no such {what}") from None
    except IsADirectoryError:
        raise UserError(f"{where(path)}: is a directory, not a {what}") from None
    except OSError as error:
        raise UserError(f"{where(path)}: cannot read the {what}: {error.strerror or error}") from None


def check_readable(path: str | Path, what: str = "file") -> None:
    """Fail early, without reading it, when `path` is missing, a directory or unreadable."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{where(path)}: no such {what}")
    if path.is_dir():
        raise UserError(f"{where(path)}: is a directory, not a {what}")
    if not os.access(path, os.R_OK):
        raise UserError(f"{where(path)}: cannot read the {what}: permission denied")
