"""Verbs ``init``, ``build`` and ``summary``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, print_json, print_record, progress_bar
from journeymap.workspace import init_workspace


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    timezone: Annotated[str, typer.Option(help="Display time zone.")] = "Asia/Seoul",
    locale: Annotated[str, typer.Option(help="ko or en.")] = "ko",
) -> None:
    """Create a workspace: journeymap.toml, events.duckdb, documents.sqlite, mappings/."""
    ws = init_workspace(directory, timezone=timezone, locale=locale)
    console.print(f"Created workspace [bold]{ws.path}[/]")
    for name in (
        "journeymap.toml",
        ws.settings.engine.duckdb_file,
        ws.settings.documents.sqlite_file,
        "mappings/",
    ):
        console.print(f"  {name}")
    ws.close()


def build(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Clean events, unify identities, and build touches and journeys."""
    with open_workspace(ctx) as ws, progress_bar(not as_json) as report:
        result = ws.build(progress=report)
    if as_json:
        print_json(result)
        return
    print_record(result.to_dict(), "build")


def summary(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Headline figures: touches, channels and days per won account journey."""
    with open_workspace(ctx) as ws:
        result = ws.summary()
    if as_json:
        print_json(result)
        return
    result.print(console) if hasattr(result, "print") else print_record(result.to_dict(), "summary")
