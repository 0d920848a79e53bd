"""Fixtures shared by every test package: a fresh workspace in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[jm.Workspace]:
    """The generated demo (B2B and shop), ingested and built once per test session."""
    from journeymap.demo import generate

    root = tmp_path_factory.mktemp("analytics-demo")
    generate(root / "data", events=20_000, seed=5)
    ws = jm.init_workspace(root / "ws")
    ws.ingest_plan(root / "data" / "sources.toml")
    ws.build()
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_touches(demo_ws: jm.Workspace):
    """The demo's touches as a pandas frame, for the reference implementations."""
    return demo_ws.engine.to_arrow(demo_ws.engine.table("touches")).to_pandas()
