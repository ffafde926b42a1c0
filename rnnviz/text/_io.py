"""Read a user's text file: every failure is a `UserError` naming the file (and line)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rnnviz.errors import UserError, where
from rnnviz.files import read_bytes


def decode(data: bytes, source: object) -> str:
    """`data` as UTF-8 text (a leading BOM dropped); bad bytes name their line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start]
        raise UserError(f"{where(source, line)}: not UTF-8 text (byte 0x{bad:02x})") from None
    return text.removeprefix("\ufeff")


def read_text(path: str | Path) -> str:
    """The file's UTF-8 text, or a `UserError` naming the file and the line of a bad byte."""
    return decode(read_bytes(path), path)


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its newline). Only "\\n" (and "\\r\\n") end a line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the text ended with a newline
    for number, line in enumerate(lines, 1):
        yield number, line.removesuffix("\r")
