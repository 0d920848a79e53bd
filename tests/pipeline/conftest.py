"""Fixtures: a real DuckDB workspace file loaded with small literal event tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from journeymap.config import Settings, load_settings
from journeymap.engine import Engine, connect
from journeymap.schema import Tables

from .literal import account_rows, event_rows

MakeWorkspace = Callable[..., tuple[Engine, Settings]]


@pytest.fixture
def make_ws(tmp_path: Path) -> Iterator[MakeWorkspace]:
    """``make_ws(events, accounts=[], **settings)`` -> (engine, settings) on a DuckDB file."""
    opened: list[Engine] = []

    def make(events: list[dict[str, Any]], accounts: list[dict[str, Any]] | None = None,
             **overrides: Any) -> tuple[Engine, Settings]:
        folder = tmp_path / f"ws{len(opened)}"
        folder.mkdir()
        settings = load_settings(folder, **overrides)
        engine = connect(settings, folder)
        engine.replace(Tables.events, event_rows(events))
        engine.replace(Tables.accounts_raw, account_rows(accounts or []))
        opened.append(engine)
        return engine, settings

    yield make
    for engine in opened:
        engine.close()
