"""Give the terminal back as it was found when rnnviz is told to stop.

`timeout 5 rnnviz` sends SIGTERM; closing the terminal window sends SIGHUP. Python's default
for both is to die on the spot, leaving the terminal in the alternate screen with mouse
reporting on and the cursor hidden. `SignalExit` (around `app.run()`) turns either signal
into a clean `app.exit()`: Textual's driver then leaves the alternate screen, turns the mouse
off and shows the cursor, as on `q`.

- The handler runs in the main thread, which is the app's: it asks the app's event loop to
  call `app.exit` (`call_soon_threadsafe` wakes the loop even when it is idle).
- If the app has not exited `GRACE` seconds later, or a second signal comes, or there is no
  running loop (before the app started, after it ended), the restore sequences are written
  straight to the terminal and the process ends at once.
- After a signal the process ends with 128 + the signal's number (143 for SIGTERM, 129 for
  SIGHUP), the shell's convention, without waiting for worker threads (a training epoch).

No NumPy and no Textual import here: rnnviz.cli installs it before the app is imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from functools import partial
from typing import Any, NoReturn

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
GRACE = 2.0  # seconds the app gets to exit on its own

# mouse reporting off (the four modes Textual turns on), bracketed paste off, the Kitty
# keyboard protocol off, leave the alternate screen, show the cursor, focus reports off
RESTORE = "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"


class SignalExit:
    """Context manager: SIGTERM and SIGHUP make `app` exit cleanly (see the module doc)."""

    def __init__(self, app: Any, signals: tuple[int, ...] = SIGNALS, grace: float = GRACE) -> None:
        self.app = app
        self.signals = signals
        self.grace = grace
        self.signum: int | None = None  # the first signal received
        self._old: dict[int, Any] = {}
        self._watchdog: threading.Timer | None = None

    def __enter__(self) -> SignalExit:
        if threading.current_thread() is threading.main_thread():
            for signum in self.signals:
                self._old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        for signum, old in self._old.items():
            signal.signal(signum, old)
        self._old.clear()

    def _handle(self, signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.signum is not None or loop is None:
            self.signum = self.signum or signum
            self.restore_and_exit()
        self.signum = signum
        loop.call_soon_threadsafe(partial(self.app.exit, return_code=128 + signum))
        self._watchdog = threading.Timer(self.grace, self.restore_and_exit)
        self._watchdog.daemon = True
        self._watchdog.start()

    @property
    def status(self) -> int:
        return 128 + (self.signum or 0)

    def restore_and_exit(self) -> NoReturn:
        """Write the restore sequences to the terminal and end the process now."""
        stream = sys.__stdout__
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if stream is not None and stream.isatty():
                os.write(stream.fileno(), RESTORE.encode())
        os._exit(self.status)

    def exit_if_signalled(self) -> None:
        """After `app.run()`: if a signal ended the app, end the process with 128 + its
        number, now (the terminal is restored; worker threads are not waited for)."""
        if self.signum is None:
            return
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        os._exit(self.status)
