"""Fixtures shared by every test package: a fresh workspace in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm


@pytest.fixture
def workspace(tmp_path: Path) -> jm.Workspace:
    """An initialised, empty workspace on real DuckDB and SQLite files."""
    ws = jm.init_workspace(tmp_path / "ws")
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _no_workspace_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's JOURNEYMAP_* variables."""
    import os

    for key in list(os.environ):
        if key.startswith("JOURNEYMAP_"):
            monkeypatch.delenv(key)
