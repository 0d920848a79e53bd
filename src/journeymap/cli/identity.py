"""Verbs ``identities`` (why records were merged) and ``forget`` (erase a person)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from journeymap.cli.common import JsonOption, open_workspace
from journeymap.cli.output import console, print_json, print_record, print_table

KeyArgument = Annotated[
    str, typer.Argument(help="person_id, email, user id or anonymous id of the person.")
]


def identities(ctx: typer.Context, key: KeyArgument, as_json: JsonOption = False) -> None:
    """Show a person's identifiers and the events that linked them."""
    with open_workspace(ctx) as ws:
        result = ws.identities(key)
    if as_json:
        print_json(result)
        return
    console.print(f"[bold]person {result.person_id}[/] (asked for: {escape(key)})")
    print_table(result.identifiers.table, "identifiers", limit=None)
    print_table(result.links.table, "links: identifiers seen together on one event", limit=None)
    if len(result.not_merged):
        print_table(result.not_merged.table, "not used to merge (over-merge guard)", limit=None)
    if result.account_id:
        where = "CRM account" if result.account_in_crm else "corporate email domain"
        console.print(
            f"account [bold]{escape(result.account_id)}[/] {escape(result.account_name or '')} "
            f"({escape(result.account_domain or '—')}): matched by {result.account_match} ({where})"
        )
    else:
        console.print("no company account (no CRM account id and no corporate email domain)")


def forget(
    ctx: typer.Context,
    key: KeyArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Erase a person from every table (events, rejected rows, identities, journeys …)."""
    if not yes and not as_json:
        typer.confirm(f"Erase every record of '{key}' from the workspace?", abort=True)
    with open_workspace(ctx) as ws:
        result = ws.forget(key)
    if as_json:
        print_json(result)
        return
    console.print(
        f"Erased person [bold]{result.person_id}[/] ({escape(', '.join(result.identifiers))})"
    )
    print_record(result.removed, "rows removed per table")
    console.print(
        "Done: the workspace tables no longer hold this person. "
        "Input files kept elsewhere are not touched."
    )
