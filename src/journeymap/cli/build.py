"""Verbs ``init``, ``build`` and ``summary``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, fmt, print_json, print_record, progress_bar
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
    print_summary(result)


def print_summary(result) -> None:
    """Headline counts, then won account journeys next to the industry figure."""
    from rich.table import Table

    print_record(
        {
            "events": result.events,
            "persons": result.persons,
            "accounts": result.accounts,
            "person journeys": result.person_journeys,
            "account journeys": result.account_journeys,
            "won accounts": result.converted_accounts,
            "account conversion rate": None
            if result.conversion_rate is None
            else f"{result.conversion_rate:.1%}",
        },
        "journeymap summary",
    )
    table = Table(title="won account journeys, first touch to deal won", header_style="bold cyan")
    for col in ("", "mean", "median", "industry figure"):
        table.add_column(col, justify="right" if col else "left")
    rows = [
        ("touches", result.won_touches_mean, result.won_touches_median, result.benchmark_touches),
        (
            "channels",
            result.won_channels_mean,
            result.won_channels_median,
            result.benchmark_channels,
        ),
        ("days", result.won_days_mean, result.won_days_median, result.benchmark_days),
    ]
    for name, mean, median, bench in rows:
        table.add_row(name, fmt(mean), fmt(median), fmt(bench))
    console.print(table)
