"""Reading and writing a file the user named: every failure is a one-line `UserError`
naming it.

Writes are atomic (`atomic_write`): the bytes go to a hidden temporary file
`.NAME.<pid>.<random>.tmp` in the same directory, which then replaces NAME (`os.replace`), so
readers see the old file or the new one, never a part. The new file keeps the mode of the
file it replaces (a read-only model stays read-only); a new file gets 0o666 less the umask.
A save that was killed leaves its temporary file behind: the next save of NAME removes the
ones whose process is gone (or that carry no process id).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
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


# ---------------------------------------------------------------------------- writing


def write_error(path: Path, error: OSError) -> UserError:
    """The one line for a failed write of `path`: the real reason, and "directory ... does
    not exist" only when it does not."""
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        reason = f"permission denied in {path.parent}"
    elif code == errno.EROFS:
        reason = f"{path.parent} is on a read-only file system"
    elif code == errno.ENOENT and not path.parent.is_dir():
        reason = f"directory {path.parent} does not exist"
    elif code == errno.ENOTDIR:
        reason = f"{path.parent} is not a directory"
    else:
        reason = error.strerror or str(error)
    return UserError(f"{path}: cannot write: {reason}")


def _temporary(path: Path) -> tuple[int, str]:
    if path.is_dir():
        raise UserError(f"{path}: is a directory; give a file name to write to")
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise write_error(path, error) from None


def check_writable(path: str | Path) -> None:
    """Fail now, not after an hour of training, when `path` could not be written: creates
    and removes a temporary file beside it."""
    path = Path(path)
    fd, tmp = _temporary(path)
    os.close(fd)
    os.unlink(tmp)


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` atomically (see the module docstring)."""
    path = Path(path)
    remove_stale_temporaries(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of earlier saves of `path` that were killed: those whose
    writing process is gone, and those with no process id in their name. Returns them."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"(?:(\d+)\.)?[A-Za-z0-9_]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or (match.group(1) is not None and _running(int(match.group(1)))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path.parent / name)
            removed.append(path.parent / name)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # a save in another thread of this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
