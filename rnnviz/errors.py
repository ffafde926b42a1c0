"""The one exception type for a user's mistake.

Anything the user typed, named or gave us that we cannot use raises `UserError` with a
one-line message that names the file, line or key. The CLI prints it and exits with status 2;
it never shows a traceback. This module imports nothing from the UI.
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input: printed as one line, exit status 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def where(path: object, line: int | None = None) -> str:
    """`file` or `file:line`, the prefix every located message starts with."""
    return f"{path}:{line}" if line is not None else f"{path}"
