"""Verb group ``journeys``: list journeys and show one with its touches."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import (
    console,
    local_record,
    local_times,
    print_json,
    print_record,
    print_table,
)

app = typer.Typer(help="Person and account journeys.", no_args_is_help=True)

LIST_COLUMNS = [
    "journey_id",
    "first_touch_at",
    "last_touch_at",
    "touches",
    "channels",
    "days",
    "converted",
    "value",
    "current_stage",
]


@app.command("list")
def list_(
    ctx: typer.Context,
    level: Annotated[str, typer.Option(help="account or person.")] = "account",
    converted: Annotated[
        bool | None,
        typer.Option("--converted/--not-converted", help="Only (non-)converted journeys."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Journeys, most touches first."""
    with open_workspace(ctx) as ws:
        result = ws.journeys(level=level, converted=converted, limit=None if as_json else limit)
    if as_json:
        print_json(result.table)
        return
    table = result.table
    cols = [c for c in LIST_COLUMNS if c in table.column_names]
    tz = ws.settings.timezone
    print_table(
        local_times(table.select(cols), tz), f"{level} journeys (times in {tz})", limit=limit
    )


@app.command("show")
def show(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="person_id, account_id, email, user id or anonymous id.")
    ],
    limit: Annotated[int, typer.Option(help="Touches to show.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """One journey: its figures and its touches in time order."""
    with open_workspace(ctx) as ws:
        detail = ws.journey(key)
    if as_json:
        print_json(detail)
        return
    tz = ws.settings.timezone
    print_record(local_record(detail.journey, tz), detail.journey.get("journey_id", key))
    if detail.account_journey:
        print_record(
            local_record(detail.account_journey, tz), detail.account_journey.get("journey_id", "")
        )
    cols = [
        c
        for c in ["ts", "stage", "channel", "source", "touchpoint", "value", "text"]
        if c in detail.touches.table.column_names
    ]
    print_table(local_times(detail.touches.table.select(cols), tz), "touches", limit=limit)
    console.print(f"[dim]{len(detail.touches):,} touches; times in {tz}[/]")
