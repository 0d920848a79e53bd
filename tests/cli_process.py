"""Running the CLI as a user does: a real process, its exit code, stdout and stderr.

Importable from every test folder (``tests/`` is on ``sys.path`` through its conftest).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

JM = [sys.executable, "-m", "journeymap.cli"]


def run(*args: str, cwd: Path | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "250"}  # wide enough that table cells are not wrapped
    proc = subprocess.run([*JM, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=env)
    if ok:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc
