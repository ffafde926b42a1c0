import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_python(tmp_path):
    """Run `python -c code` in a fresh interpreter, cwd elsewhere; return its stdout."""

    def run(code: str, pythonpath: Path = ROOT) -> str:
        env = {**os.environ, "PYTHONPATH": str(pythonpath)}
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    return run
