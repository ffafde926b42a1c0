"""Atomic writes (rnnviz.files): stale temporary files, kept modes, and the real reason a
write fails."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile

import pytest

from rnnviz.errors import UserError
from rnnviz.files import atomic_write, check_writable


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_killed_save_leaves_a_temporary_file_that_the_next_save_removes(tmp_path):
    # what a save killed between mkstemp and os.replace leaves, by pid (ours) and old-style (no pid)
    killed = tmp_path / f".m.npz.{dead_pid()}.k7x_q2ab.tmp"
    old_style = tmp_path / ".m.npz.ab12cd34.tmp"
    live = tmp_path / f".m.npz.{os.getppid()}.zz99yy88.tmp"  # a running process: not ours to remove
    other = tmp_path / ".other.npz.1.abcdefgh.tmp"  # another file's
    for path in (killed, old_style, live, other):
        path.write_bytes(b"partial")
    atomic_write(tmp_path / "m.npz", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["m.npz", live.name, other.name])
    assert (tmp_path / "m.npz").read_bytes() == b"new"


def test_a_name_with_glob_characters_removes_only_its_own_temporaries(tmp_path):
    mine = tmp_path / f".[m]*.npz.{dead_pid()}.abcdefgh.tmp"
    theirs = tmp_path / f".m.npz.{dead_pid()}.abcdefgh.tmp"
    mine.write_bytes(b"x")
    theirs.write_bytes(b"x")
    atomic_write(tmp_path / "[m]*.npz", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["[m]*.npz", theirs.name])


def test_replacing_a_read_only_file_keeps_its_mode(tmp_path):
    path = tmp_path / "m.npz"
    path.write_bytes(b"old")
    path.chmod(0o444)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o7777 == 0o444


def test_replacing_any_file_keeps_its_mode_and_a_new_file_follows_the_umask(tmp_path):
    path = tmp_path / "m.npz"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.stat().st_mode & 0o7777 == 0o640
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "fresh.npz", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "fresh.npz").stat().st_mode & 0o7777 == 0o640


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "is on a read-only file system"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied in"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "No such file or directory"),
    ],
)
@pytest.mark.parametrize("write", [atomic_write, check_writable])
def test_an_unwritable_directory_says_why_and_not_that_it_does_not_exist(tmp_path, monkeypatch, error, reason, write):
    """As root a chmod'ed directory stays writable: provoke the errors at mkstemp. The
    directory exists, so it is never "does not exist" (ENOENT from /proc, for one)."""

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    path = tmp_path / "m.npz"
    args = (path, b"x") if write is atomic_write else (path,)
    with pytest.raises(UserError) as info:
        write(*args)
    message = str(info.value)
    assert message.startswith(f"{path}: cannot write: ")
    assert reason in message
    assert "does not exist" not in message
    assert not path.exists()


def test_a_missing_directory_says_so(tmp_path):
    path = tmp_path / "no" / "such" / "m.npz"
    with pytest.raises(UserError) as info:
        atomic_write(path, b"x")
    assert str(info.value) == f"{path}: cannot write: directory {path.parent} does not exist"


def test_check_writable_leaves_nothing_behind(tmp_path):
    check_writable(tmp_path / "m.npz")
    assert list(tmp_path.iterdir()) == []
