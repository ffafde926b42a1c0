"""Reading a file the user named: every failure is a one-line `UserError` naming it."""

from __future__ import annotations

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
