"""Fixtures: a real workspace whose analytics tables hold a literal story."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import journeymap as jm

from .story import Story, write_story

MakeStory = Callable[..., jm.Workspace]


@pytest.fixture
def story_ws(tmp_path: Path) -> Iterator[MakeStory]:
    """``story_ws(story, accounts=None, firmographics=None)`` -> an open workspace."""
    opened: list[jm.Workspace] = []

    def make(story: Story, accounts: dict[str, str] | None = None,
             firmographics: dict[str, dict[str, str]] | None = None, **settings: Any
             ) -> jm.Workspace:
        ws = jm.init_workspace(tmp_path / f"ws{len(opened)}", **settings)
        write_story(ws.engine, ws.settings, story, accounts, firmographics)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture(scope="module")
def scratch_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[jm.Workspace]:
    """One workspace per test module whose tables property-based examples rewrite."""
    ws = jm.init_workspace(tmp_path_factory.mktemp("scratch") / "ws")
    yield ws
    ws.close()
