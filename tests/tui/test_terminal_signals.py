"""SIGTERM and SIGHUP (`timeout 5 rnnviz`, a closed terminal window) give the terminal back:
`rnnviz` runs on a real pseudo-terminal, draws its debugger, gets the signal, and the last
bytes it writes leave the alternate screen, turn mouse reporting off and show the cursor."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = b"sample 1 of"  # the header of the loaded debugger, not of the loading frame


class Pty:
    """`python -m rnnviz` on its own pseudo-terminal (120 x 40), as a terminal runs it."""

    def __init__(self) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none")
        for name in ("TEXTUAL", "TEXTUAL_DRIVER"):
            env.pop(name, None)

        def controlling_tty() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rnnviz"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            preexec_fn=controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.output = b""

    def read_until(self, done, timeout: float) -> bool:
        """Read until `done(output)` or the child closes the terminal; False at the deadline."""
        deadline = time.monotonic() + timeout
        while not done(self.output):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the child has gone and the terminal is closed
                return True
            if not data:
                return True
            self.output += data
        return True

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_restores_the_terminal(signum, status):
    pty = Pty()
    try:
        assert pty.read_until(lambda out: MARKER in out, timeout=60), pty.output[-2000:]
        drawn = len(pty.output)
        assert b"\x1b[?1049h" in pty.output and b"\x1b[?1000h" in pty.output and b"\x1b[?25l" in pty.output
        pty.proc.send_signal(signum)
        pty.read_until(lambda out: False, timeout=15)  # everything it writes, until it closes the terminal
        assert pty.proc.wait(timeout=15) == status  # a deadline, not a timing: it ends, by itself
    finally:
        pty.close()
    out = pty.output
    tail = out[out.rindex(b"\x1b[?1049l") :]
    assert out.rindex(b"\x1b[?1049l") > max(drawn - 1, out.rindex(b"\x1b[?1049h"))  # left the alternate screen last
    assert tail.startswith(b"\x1b[?1049l\x1b[?25h")  # and showed the cursor
    for mode in (b"1000", b"1003", b"1006"):  # mouse reporting: off after it was last turned on
        assert out.rindex(b"\x1b[?" + mode + b"l") > out.rindex(b"\x1b[?" + mode + b"h"), mode
    assert b"\x1b[?25l" not in tail and b"\x1b[?1049h" not in tail  # nothing hides or re-enters after
    assert b"Traceback" not in out


HUNG = """
import asyncio, os, signal, sys
from rnnviz.tui.terminal import SignalExit

class Hung:  # an app whose exit never comes
    def exit(self, return_code=0):
        print("asked to exit", return_code, flush=True)

async def main():
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(30)

with SignalExit(Hung(), grace=0.3):
    if sys.argv[1] == "loop":
        asyncio.run(main())
    else:
        os.kill(os.getpid(), signal.SIGTERM)
        import time; time.sleep(30)
print("not reached", flush=True)
"""


@pytest.mark.parametrize("where", ["loop", "no loop"])
def test_without_a_clean_exit_the_restore_sequences_are_written_directly(where):
    """An app that does not exit within the grace time (or no running app at all): the
    process writes the restore sequences itself and ends with 143."""
    from rnnviz.tui.terminal import RESTORE

    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-c", HUNG, where], stdout=slave, stderr=slave, cwd=ROOT)
        os.close(slave)
        out = b""
        while True:
            ready, _, _ = select.select([master], [], [], 15)
            if not ready:
                break
            try:
                data = os.read(master, 1 << 16)
            except OSError:
                break
            if not data:
                break
            out += data
        assert proc.wait(timeout=15) == 143
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    expected = (b"asked to exit 143\r\n" if where == "loop" else b"") + RESTORE.encode()
    assert out == expected
